"""The site's search index: Pagefind (from PyPI, binary in the wheel) over every page's content.

The build (:mod:`portal.build`) writes a small document per generated page as it renders the
page, the MkDocs glue adds the hand-written pages, then calls ``start`` before the theme renders
the pages and ``finish`` after the build. Pagefind then indexes on the second core while the theme
renders on the first, and it reads only each page's content (a few KB), not the finished page
with its navigation (about 30 KB), which keeps it fast and small at 10,000 pages.

A page's document is named after the page, one file per page and no folder per page:
``netzwerke/teammit.html`` for ``netzwerke/teammit/index.html``. Creating a folder costs the file
system several times what a file costs, and 10,000 of them are a noticeable part of the build.
Pagefind therefore reports the address ``netzwerke/teammit.html``; the search page
(``overrides/assets/javascripts/portal-search.js``, ``pageAddress``) turns it back into
``netzwerke/teammit/``.

Why Pagefind and not Material's lunr search: lunr's index is one file that every visitor
downloads whole and that grows by about 3 KB per page; Pagefind splits its index into chunks, so
a first search loads a few hundred KB even at 10,000 records. It detects the page language
(``lang="de"``) and stems German words; filters come from ``data-pagefind-filter`` attributes in
the page templates.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import cbor2
import pagefind_bin  # the binary from the wheel (pagefind[bin])
from jinja2 import Environment, FileSystemLoader

from portal.background import NICENESS
from portal.laender import LAENDER
from portal.vocabulary import Vocabulary

PAGEFIND_NICENESS = NICENESS + 5
"""Pagefind yields the processor even to the other background work, the link check: the check is
short, and its process would otherwise still hold its memory when Pagefind, at the end of its
run, needs the most (at 10,000 records about 1.1 GB)."""

OUTPUT = "pagefind"
OMITTED_BLOCKS = ("portal-stand", "portal-cards", "portal-list", "portal-events", "portal-sources")
"""Classes of the blocks in a page's content that are left out of its search document: "Stand"
lines and the lists of other records and of sources. A search for a network then finds the
network's own page, not every page that links to it, and the index stays small: at 10,000 records
those lists are a fifth of all words, and Pagefind needs about 0.5 KB of memory per indexed word.
They are cut out before Pagefind sees the page (:func:`indexed_content`): the documents shrink by
about two fifths, and Pagefind, which would read them only to skip them, needs a tenth less time."""
EXCLUDED = ", ".join([".headerlink", *(f".{name}" for name in OMITTED_BLOCKS),
                      ".portal-facts dt", ".portal-facts a[rel=noopener]", ".portal-amounts thead"])
"""What Pagefind skips inside the documents: permalink signs, the labels ("Website", "Themen",
column headings) and web addresses in a record's facts, and omitted blocks in an element that
:func:`indexed_content` does not cut (it handles ``div``, ``ul``, ``ol`` and ``p``)."""
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
T = TypeVar("T")
_DOCUMENT = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True,
                        keep_trailing_newline=True).get_template("search-document.html.j2")


class SearchIndexError(RuntimeError):
    """Pagefind failed; its own message says why."""


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
    document.parent.mkdir(parents=True, exist_ok=True)
    content = indexed_content(page.content)
    document.write_text(_DOCUMENT.render(page=page, content=content, name_weight=NAME_WEIGHT, land_weight=LAND_WEIGHT,
                                         laender=LAENDER.values(), terms=vocabulary.related_terms(content),
                                         term_weight=TERM_WEIGHT), encoding="utf-8")


_OMITTED_START = re.compile(r'<(div|ul|ol|p)\s[^>]*?\bclass="(?:[^"]*\s)?(?:' + "|".join(OMITTED_BLOCKS)
                            + r')(?=[\s"])[^>]*>')
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


class SearchIndex:
    """One Pagefind run over the documents in ``documents`` (see :func:`write_document`), into
    ``site_dir/pagefind``."""

    def __init__(self, documents: Path, site_dir: Path) -> None:
        self.documents = documents
        self.site_dir = site_dir
        self._process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        """Start Pagefind; it runs on its own until :meth:`finish`, with lower priority, so that
        the site generator's rendering, usually the longer path, keeps a core to itself."""
        nice = shutil.which("nice")
        self._process = subprocess.Popen(
            [*([nice, "-n", str(PAGEFIND_NICENESS)] if nice else []), str(pagefind_bin.get_executable()),
             "--site", str(self.documents), "--output-path", str(self.site_dir / OUTPUT),
             "--exclude-selectors", EXCLUDED, "--silent"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def finish(self, while_indexing: Callable[[], T]) -> T:
        """Run ``while_indexing`` (the link check) until Pagefind is done; return its result."""
        if self._process is None:
            raise RuntimeError("the search index was not started")
        try:
            result = while_indexing()
        finally:
            output, _ = self._process.communicate()
        if self._process.returncode != 0:
            raise SearchIndexError(f"Pagefind konnte den Suchindex nicht bauen:\n{output}")
        make_reproducible(self.site_dir / OUTPUT)
        return result


# --- reproducible output ------------------------------------------------------------------------
# Pagefind 1.5.2 writes its filter tables in hash-map order, so two runs over the same HTML differ
# (Pagefind issue #638: fragments and word index are stable, filter and meta files are not). The
# portal promises byte-identical builds, so the filter tables are put into a fixed order here and
# the files that name them (meta file, entry file) are rewritten to match. The format is Pagefind's:
# gzip of b"pagefind_dcd" + CBOR.

_SIGNATURE = b"pagefind_dcd"


def _read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise SearchIndexError(f"unbekanntes Pagefind-Format: {path}")
    return cbor2.loads(data[len(_SIGNATURE):])


def _write(directory: Path, prefix: str, suffix: str, value, digits: int) -> str:
    payload = gzip.compress(_SIGNATURE + cbor2.dumps(value), mtime=0)
    name = f"{prefix}{hashlib.sha256(payload).hexdigest()[:digits]}"
    (directory / f"{name}{suffix}").write_bytes(payload)
    return name


def make_reproducible(bundle: Path) -> None:
    """Sort every filter table and rename the files after their new content."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, details in entry["languages"].items():
        meta_path = bundle / f"pagefind.{details['hash']}.pf_meta"
        meta = _read(meta_path)
        filters = []
        for filter_name, file_hash in meta[3]:
            filter_path = bundle / "filter" / f"{file_hash}.pf_filter"
            name, values = _read(filter_path)
            filter_path.unlink()
            ordered = [name, sorted(values, key=lambda item: item[0])]
            filters.append([filter_name, _write(bundle / "filter", f"{language}_", ".pf_filter", ordered, 7)])
        meta[3] = sorted(filters)
        meta_path.unlink()
        details["hash"] = _write(bundle, f"pagefind.{language}_", ".pf_meta", meta, 10).removeprefix("pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
