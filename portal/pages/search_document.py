"""The document Pagefind indexes for one page: its content without lists of other records, its
own names weighed most, and the terms it means without using them.

Called by the site build (:mod:`portal.site.build` while rendering the generated pages,
:mod:`portal.site.mkdocs_hooks` for the hand-written ones); the index over the documents is built by
:mod:`portal.site.search_index`.

A page's document is named after the page, one file per page and no folder per page:
``netzwerke/teammit.html`` for ``netzwerke/teammit/index.html``. Creating a folder costs the file
system several times what a file costs: 10,000 documents in a folder each took 0.4 to 1.7 s more CPU
than 10,000 files side by side (measured here on the temporary folder's file system).
Pagefind therefore reports the address ``netzwerke/teammit.html``; the search page
(``overrides/assets/javascripts/portal-search.js``, ``pageAddress``) turns it back into
``netzwerke/teammit/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from portal.common.laender import LAENDER
from portal.common.paths import TEMPLATES
from portal.pages.vocabulary import Vocabulary

OMITTED_BLOCKS = ("portal-stand", "portal-cards", "portal-list", "portal-events", "portal-sources")
"""Classes of the blocks in a page's content that are left out of its search document: "Stand"
lines and the lists of other records and of sources. A search for a network then finds the
network's own page, not every page that links to it, and the index stays small: at 10,000 records
those lists are a fifth of all words, and Pagefind needs about 0.5 KB of memory per indexed word.
They are cut out before Pagefind sees the page (:func:`indexed_content`): the documents shrink by
about two fifths, and Pagefind, which would read them only to skip them, needs a tenth less time.
Blocks marked ``data-pagefind-ignore="all"`` (the Wegweiser's topics and forms, the list pages'
filters) are cut out too: Pagefind would skip them as well, and the page's added terms
(:meth:`portal.pages.vocabulary.Vocabulary.related_terms`) come only from what is indexed. A Land's
Wegweiser page had the synonyms and word parts of every topic's heading as terms, and at 10,000
records working them out took a third of the time its page cost to render."""
NAME_WEIGHT = 10
"""Pagefind's weight for a record's own names (title, short name) in its search document, the
highest it allows (a heading weighs 7, text 1): a search for "TraWeBa" finds the hub's page before
the pages of its partners that mention it. Organisations get no such line (pages.py,
_search_names), so for the same words a network, hub, topic or event ranks first."""
LAND_WEIGHT = 0.2
"""A page that concerns every Land names them all, weighed low: "Batterie Sachsen" finds the
battery topic and the national battery hub, after pages about Saxony itself."""
TERM_WEIGHT = 0.3
"""Pagefind's weight for the terms a page does not use itself but means (parts of its compounds,
synonyms of its words; portal.vocabulary): found, but after pages that use the searched word."""
_DOCUMENT = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                        keep_trailing_newline=True).get_template("search-document.html.j2")


@dataclass(frozen=True)
class IndexedPage:
    """What Pagefind indexes of one page: where the page is, its title and its content HTML."""

    path: str  # in the site, e.g. ``netzwerke/teammit/index.html``
    title: str  # plain text; becomes the heading when the content has none
    content: str
    names: tuple[str, ...] = ()  # the record's own names (see NAME_WEIGHT)
    nationwide: bool = False  # gets every Land as a filter value (see the template)
    weight: float | None = None  # of the whole content, when it is not Pagefind's default


def document_path(page_path: str) -> str:
    """Where the document of the page at ``page_path`` lies among the documents (see above)."""
    folder, _, name = page_path.rpartition("/")
    return f"{folder}.html" if folder and name == "index.html" else page_path


def write_document(documents: Path, page: IndexedPage, vocabulary: Vocabulary) -> None:
    """Write what Pagefind indexes of ``page`` into the folder ``documents``."""
    document = documents / document_path(page.path)
    for folder in reversed(document.relative_to(documents).parents[:-1]):  # never ``documents`` itself:
        (documents / folder).mkdir(exist_ok=True)  # a build that gave up has removed it, and stays so
    content = indexed_content(page.content)
    document.write_text(_DOCUMENT.render(page=page, content=content, name_weight=NAME_WEIGHT, land_weight=LAND_WEIGHT,
                                         laender=LAENDER.values(), terms=vocabulary.related_terms(content),
                                         term_weight=TERM_WEIGHT), encoding="utf-8")


_OMITTED_START = re.compile(r'<(div|ul|ol|p)\s[^>]*?(?:\bclass="(?:[^"]*\s)?(?:' + "|".join(OMITTED_BLOCKS)
                            + r')(?=[\s"])|\bdata-pagefind-ignore="all")[^>]*>')
_TAGS = {name: re.compile(rf"<(/?){name}[\s>]") for name in ("div", "ul", "ol", "p")}


def indexed_content(content: str) -> str:
    """``content`` (HTML the portal generated, well formed) without its omitted blocks."""
    kept, position = [], 0
    while start := _OMITTED_START.search(content, position):
        kept.append(content[position:start.start()])
        depth, position = 1, len(content)
        for tag in _TAGS[start.group(1)].finditer(content, start.end()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                position = content.index(">", tag.end() - 1) + 1
                break
    kept.append(content[position:])
    return "".join(kept)
