"""What an answer of the catalogue or of a template helper depends on, declared beside the function.

Declared by :class:`portal.model.catalogue.Catalogue` (``FOOTPRINTS``, for its methods and attributes) and by
:class:`portal.pages.renderer.Renderer` (``footprints``, for the helpers templates call); read by the
preview's page cache (:mod:`portal.site.page_cache`). After a save, the page cache asks a page's
question again only when a changed record lies in the question's footprint; a question without a
declared footprint is always asked again.

The contract a declaration makes: the answer is a function of the records named in ``records``
(every field, or their absence), of the records that name one of ``referrers_of`` (which they are
and every field of them; a pair ``(id, class)`` there stands for the records of that class that
name the id, as in ``isinstance``), of the records of the classes in ``kinds`` (which they are and
every field of them; exactly these classes, as ``Catalogue.all`` gives them), and of what every
page depends on (build date, address, templates, ``site.yml``:
:func:`portal.site.page_cache.build_key`), and of nothing else. A footprint that is too
small makes the preview keep a page that a build from scratch renders differently; the page
cache's tests compare every declared footprint with the answers themselves.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Footprint:
    """The records an answer reads (``records``, by id), the records whose referrers it reads
    (``referrers_of``: an id, or ``(id, class)`` for its referrers of that class only) and the
    classes of records it reads all of (``kinds``): a changed record in ``records``, one that names
    one of ``referrers_of`` (before or after the change) or one of a class in ``kinds`` may change
    the answer."""

    records: Collection[str] = ()
    referrers_of: Collection[str | tuple[str, type]] = ()
    kinds: Collection[type] = ()
