"""The base classes of every record: identity (id, file, URL, kind), the fields every record ends
with (sources, date of the last check) and records known by an official name.

Used by :mod:`portal.model.records` (one class per kind derives from them) and by every module that
handles records of any kind.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from pydantic import Field, PrivateAttr

from portal.model.parts import Quelle
from portal.model.values import Datum, Strict, Text

if TYPE_CHECKING:
    from portal.model.kinds import Kind


class Eintrag(Strict):
    """Common fields and identity of every record; the id and file come from the file name."""

    kind: ClassVar[Kind]
    """The record's kind as declared in :mod:`portal.model.kinds` (set by the declaration)."""

    _id: str = PrivateAttr("")
    _source: str = PrivateAttr("")

    # The two properties read pydantic's store of private values directly: ``self._id`` takes
    # pydantic's ``__getattr__`` after a failed lookup, about 2.5 µs, and pages ask for ids often.
    @property
    def id(self) -> str:
        return self.__pydantic_private__["_id"]  # type: ignore[index]  # never None: Eintrag has private attributes

    @property
    def source(self) -> str:
        """Path of the YAML file, relative to the repository root (for edit links and errors)."""
        return self.__pydantic_private__["_source"]  # type: ignore[index]  # as in id

    @property
    def title(self) -> str:
        raise NotImplementedError

    @property
    def short_title(self) -> str:
        """The name used in links and lists: the acronym where one exists."""
        return self.title

    @property
    def url(self) -> str:
        """Site-relative URL of the record's page, e.g. ``netzwerke/autos-sw-bw/``."""
        return f"{self.kind.url_segment}/{self.id}/"

    # What pages show of a record where kinds differ; each kind overrides what it has.

    def summary(self) -> str:
        """One line for the page description (search engines, link previews); empty: none."""
        return ""

    def card_text(self) -> str:
        """The one line under the record's title on a card."""
        return ""

    def search_names(self) -> tuple[str, ...]:
        """The names a search for the record uses, weighed most in its search document: title,
        short name and region of what a supplier looks for."""
        names = (self.title, getattr(self, "kurzname", None), getattr(self, "region", None))
        return tuple(dict.fromkeys(name for name in names if name))

    def nationwide(self) -> bool:
        """Whether the record concerns every Land (matches every Land filter of the search)."""
        return bool(getattr(self, "bundesweit", False))


class Belegt(Strict):
    """Fields every record ends with: sources, date of the last check, notes on uncertainty."""

    hinweise: list[Text] = Field(
        default_factory=list,
        description="Nur für unsichere oder strittige Angaben, z. B. „Die Quellen nennen unterschiedliche "
        "Förderbeträge.“ Was unbekannt ist, bleibt einfach leer.",
    )
    quellen: list[Quelle] = Field(min_length=1, description="Öffentliche Quellen der Angaben (mindestens eine).")
    stand: Datum = Field(description="Datum, an dem die Angaben zuletzt geprüft wurden (JJJJ-MM-TT).")


def checked_on(record: Eintrag) -> date | None:
    """The day the record's data were last checked (``stand``); ``None`` for a kind without one."""
    stand = getattr(record, "stand", None)  # every kind of the portal is Belegt; a test-only kind may not be
    return stand if isinstance(stand, date) else None


class Benannt(Eintrag, Belegt):
    """Records known by an official name and, often, an acronym."""

    name: Text = Field(description="Vollständiger offizieller Name.")
    kurzname: Text | None = Field(
        None, description="Kurzname oder Abkürzung in offizieller Schreibweise, z. B. „TrAIBeR.NRW“ oder „IHK Erfurt“."
    )

    @property
    def title(self) -> str:
        return self.name

    @property
    def short_title(self) -> str:
        return self.kurzname or self.name
