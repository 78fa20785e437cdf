"""What the portal gives Material's templates once per build (overrides/main.html,
overrides/partials/language.html, overrides/partials/portal-head.html); called by the MkDocs glue
(:mod:`portal.site.plugin`) in ``on_env``."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from mkdocs.structure.pages import Page

from portal.exports.addresses import FEEDS, SOCIAL_IMAGE
from portal.site import csp
from portal.site.generated import GeneratedPage


def theme_globals(env, language: str, *, serving: bool) -> None:
    """Set the theme's globals for one build: the shared parts, the texts, the page policy, the feeds."""
    shared: dict[str, str] = {}
    env.globals.update(portal_shared=shared, portal_shared_key=shared_key,
                       portal_share=lambda key, html: shared.setdefault(key, html) if key else html,
                       portal_translation=translation(env, language),
                       portal_csp=csp.PREVIEW_POLICY if serving else csp.POLICY)
    env.globals.update(portal_feeds=FEEDS, portal_social_image=SOCIAL_IMAGE)  # partials/portal-head.html


def translation(env, language: str) -> Callable[[str], str]:
    """Material's text for ``key`` in ``language`` (English where it has none), as Material's
    ``partials/language.html`` finds it, looked up once per key (see overrides/partials/language.html)."""
    texts = env.get_template(f"partials/languages/{language}.html").module
    fallback = env.get_template("partials/languages/en.html").module
    return cache(lambda key: texts.t(key) or fallback.t(key) or key)


def shared_key(page: Page, part: str) -> str | None:
    """The key under which ``part`` of ``page`` is the same for other pages (see overrides/main.html).

    Record and Land pages (``netzwerke/<id>/``) are in no menu and no footer, so those parts do not
    mark them as current, and their links, relative to the page, are the same for every page in
    one folder. Every other page gets None: its parts are rendered for it alone.
    """
    if isinstance(page, GeneratedPage) and not page.source.listed and page.url.count("/") == 2:
        return f"{part}@{page.url.split('/')[0]}"
    return None
