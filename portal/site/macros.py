"""Macros for hand-written pages in ``docs/`` (mkdocs-macros, ``module_name: portal/site/macros``).

Only pages that opt in with ``render_macros: true`` in their front matter are rendered. Every
macro renders finished, escaped HTML from the validated catalogue of the current build (the build
session's, :mod:`portal.site.session`); editor data never becomes template source. What a macro returns to
mkdocs-macros is only a token: the HTML takes its place after Markdown (:mod:`portal.site.slots`), so no
title from the data is read as Markdown. Documented for editors in ``docs/mitmachen/bausteine.md``.
"""

from __future__ import annotations

from portal.pages.geo import land_map
from portal.pages.renderer import Renderer
from portal.pages.summaries import latest_count
from portal.site.session import session_of

_COUNTED = {"netzwerke": "Netzwerke", "hubs": "Hubs", "cluster": "Innovationscluster"}


class MacroError(ValueError):
    """A macro was called with an argument that does not exist; fails the build."""


def define_env(env) -> None:
    current = session_of(env.conf).build
    renderer = Renderer(current.catalogue, current.today)
    catalogue = current.catalogue

    def page_url() -> str:
        return env.page.url

    def fragment(template: str, *, block: bool = False, **context) -> str:
        """The macro's HTML, held in a slot until Markdown has run (see :mod:`portal.site.slots`)."""
        return current.slots.hold(renderer.render(template, page_url(), **context), block=block)

    @env.macro
    def karten(art: str, land: str | None = None, thema: str | None = None) -> str:
        """Card grid of all records of one kind, optionally only in a Land (DE-BW) or on a topic."""
        kind = catalogue.kinds.get(art)
        if kind is None:
            raise MacroError(f"karten: unbekannte Art '{art}'; erlaubt: {', '.join(sorted(catalogue.kinds.by_folder))}")
        records = catalogue.all(kind)
        if land is not None:
            records = [r for r in records if land in getattr(r, "laender", [getattr(r, "land", None)])]
        if thema is not None:
            verweis(thema)
            records = [r for r in records if thema in getattr(r, "themen", [])]
        return fragment("macro_karten.html.j2", block=True, records=records)

    @env.macro
    def naechste_termine(anzahl: int = 3) -> str:
        """The next events from the build date on; says so when none is recorded."""
        return fragment("macro_termine.html.j2", block=True, events=catalogue.upcoming(current.today)[:anzahl])

    @env.macro
    def wegweiser() -> str:
        """The Wegweiser's three questions and the map of the Länder, each leading to its answer."""
        return fragment("macro_wegweiser.html.j2", block=True, land_map=land_map(catalogue))

    @env.macro
    def anzahl(art: str) -> str:
        """How many records of a kind the portal holds, with the newest official count and its date."""
        if art not in _COUNTED:
            raise MacroError(f"anzahl: unbekannte Art '{art}'; erlaubt: {', '.join(_COUNTED)}")
        return fragment("macro_anzahl.html.j2", label=_COUNTED[art], recorded=len(getattr(catalogue, art)),
                        official=latest_count(catalogue, art), kind=art)

    @env.macro
    def verweis(id: str, text: str | None = None) -> str:
        """A link to the record with this id; an unknown id fails the build."""
        record = catalogue.by_id.get(id)
        if record is None:
            raise MacroError(f"verweis: es gibt keinen Eintrag mit der Id '{id}'")
        return fragment("macro_verweis.html.j2", record=record, text=text)
