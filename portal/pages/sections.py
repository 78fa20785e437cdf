"""Sections of a page that a rendering takes over from the page's last rendering while what they show
is the same.

Templates call ``section("template", name=value, ...)`` (:meth:`Renderer.render` provides it),
which calls the macro ``section`` of that template with those values; the Wegweiser's answer pages
(``hilfe/<land>/``) render each topic this way, the Land pages (``laender/<land>/``) each list.
Without an earlier rendering (``mkdocs build``) it just renders. Under ``mkdocs serve``
:mod:`portal.site.rendering` hands it the page's sections from the last build, found in that
build's body by :meth:`Sections.located`, and a section whose key is unchanged is taken over
instead of rendered. Why: at 10,000 records a Land's answer page has 600
topic sections (1.1 MB); a hub renamed changes two or three of them, but rendering all 16 pages
took about 1.1 s of processor time of every such rebuild, most of it the sections. The Land pages
list about 350 nationwide initiatives each (changed by the rename, made once per rendering process,
see :class:`Sections`) and 600 or so other records (taken over); with the Land's events found in one
pass for all Länder, rendering the 16 Land pages took 0.18 s of processor time instead of 0.36 s
(in one process).

The contract: the macro sees its arguments, the page's address (for relative links) and the
environment's globals and filters, and nothing else: not the catalogue and not the renderer's
helpers (``lookup``, ``in_land`` …), which would fail as undefined (its template is loaded as a
module whose context holds only ``page_url``, once per page). So its HTML is a function of the
template, the depth of the page's address and the arguments, whose records count with every field
(:mod:`portal.model.digest`); that is the key. Everything else a section could depend on (template
files, build date, address, ``site.yml``) makes the preview's page cache drop the last build
altogether (:func:`portal.site.page_cache.build_key`), and the sections with it.
"""

from __future__ import annotations

from collections.abc import Mapping

from jinja2 import Environment
from jinja2.runtime import Macro
from markupsafe import Markup

from portal.model.digest import digest

Located = tuple[tuple[bytes, int, int], ...]
"""Where a page's sections lie in its body: key, start and end (character offsets), in page order."""


class Sections:
    """The ``section`` helper of one page rendering; with ``versions`` (record id -> file version) it
    keys each section and takes over those of ``earlier`` (key -> HTML, the page's last rendering)
    and those another page of the same rendering run made (``made``, filled here).

    Why ``made``: a key is the section's HTML on every page at the same depth, and the 16 Land pages
    share their list of nationwide initiatives (at 10,000 records 350 cards, changed by every hub
    rename); a rendering process makes it once instead of for each of its Land pages."""

    def __init__(self, env: Environment, versions: Mapping[str, bytes] | None = None,
                 earlier: Mapping[bytes, str] | None = None, made: dict[bytes, str] | None = None) -> None:
        self._env = env
        self._versions = versions
        self._earlier = earlier or {}
        self._made = {} if made is None else made
        self._rendered: list[tuple[bytes, str]] = []
        self._module: tuple[str, str, Macro] | None = None  # the last page's template module: pages render in turn

    def render(self, page_url: str, template: str, **values: object) -> Markup:
        """The macro ``section`` of ``template`` with ``values``, on the page at ``page_url``."""
        if self._versions is None:
            return Markup(self._macro(page_url, template)(**values))
        key = digest((template, page_url.count("/"), values), self._versions)
        html = self._earlier.get(key) or self._made.get(key)
        if html is None:
            html = self._made[key] = str(self._macro(page_url, template)(**values))
        self._rendered.append((key, html))
        return Markup(html)

    def _macro(self, page_url: str, template: str) -> Macro:
        if self._module is None or self._module[:2] != (page_url, template):
            module = self._env.get_template(template).make_module({"page_url": page_url})
            self._module = (page_url, template, module.section)  # type: ignore[attr-defined]
        return self._module[2]

    def located(self, body: str) -> Located:
        """Where the sections rendered for this page lie in its finished ``body``."""
        found = []
        position = 0
        for key, html in self._rendered:
            start = body.find(html, position)
            if start < 0:  # not in the body as rendered (a template that filtered it): never taken over
                continue
            position = start + len(html)
            found.append((key, start, position))
        return tuple(found)


def sections_of(body: str, located: Located) -> dict[bytes, str]:
    """The sections of an earlier rendering, by key: ``located`` in that rendering's ``body``."""
    return {key: body[start:end] for key, start, end in located}
