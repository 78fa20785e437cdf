"""The site's search index: Pagefind (from PyPI, binary in the wheel) over every page's content.

Called by the MkDocs glue once every page's content exists, in a background process
(:mod:`portal.background`), so that Pagefind indexes on the second core while the theme renders
the pages. The pages go to Pagefind through its service interface (``pagefind --service``, the
interface of Pagefind's own Python and Node APIs), not as files: 10,000 small files would cost
more to write and delete than Pagefind needs to index them. Pagefind reads only each page's
content (a few KB), not the finished page with its navigation (about 30 KB).

Why Pagefind and not Material's lunr search: lunr's index is one file that every visitor
downloads whole and that grows by about 3 KB per page; Pagefind splits its index into chunks, so
a first search loads a few hundred KB even at 10,000 records. It stems German words (the
documents say ``lang="de"``); filters come from ``data-pagefind-filter`` attributes in the page
templates.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import subprocess
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import cbor2
from jinja2 import Environment, FileSystemLoader
from pagefind.service import get_executable

OUTPUT = "pagefind"
EXCLUDED = [".headerlink", ".portal-stand", ".portal-cards", ".portal-list", ".portal-events", ".portal-sources"]
"""Parts of a page's content that are not indexed: permalink signs, "Stand" lines, and the lists of
other records and of sources. A search for a network then finds the network's own page, not
every page that links to it, and the index stays small: at 10,000 records those lists are a fifth
of all words, and Pagefind needs about 0.5 KB of memory per indexed word."""
_DOCUMENT = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True,
                        keep_trailing_newline=True).get_template("search-document.html.j2")


class SearchIndexError(RuntimeError):
    """Pagefind failed; its own message says why."""


@dataclass(frozen=True)
class IndexedPage:
    """What Pagefind indexes of one page: its address, its title and its content HTML."""

    url: str  # directory-style, relative to the site root, e.g. ``netzwerke/teammit/``
    title: str  # plain text; becomes the heading when the content has none
    content: str


def build_search_index(pages: Iterable[IndexedPage], site_dir: Path) -> None:
    """Index ``pages`` and write the search bundle to ``site_dir/pagefind``."""
    with _Service() as service:
        index = service.call({"type": "NewIndex", "config": {"exclude_selectors": EXCLUDED}})["index_id"]
        for page in pages:
            service.send({"type": "AddFile", "index_id": index, "file_path": None, "url": f"/{page.url}",
                          "file_contents": _DOCUMENT.render(page=page)})
        service.call({"type": "WriteFiles", "index_id": index, "output_path": str(site_dir / OUTPUT)})
    make_reproducible(site_dir / OUTPUT)


class _Service:
    """A ``pagefind --service`` process: requests and responses are base64-encoded JSON, each
    followed by a comma. Responses are read on a thread of their own, so that Pagefind never
    waits for us to read while we wait for it to read."""

    def __init__(self) -> None:
        executable = get_executable()
        if executable is None:
            raise SearchIndexError("Pagefind ist nicht installiert (pip install -r requirements.txt)")
        self._process = subprocess.Popen([str(executable), "--service"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._next_id = 0
        self._errors: list[str] = []
        self._awaited: set[int] = set()
        self._answers: dict[int, dict] = {}
        self._answered = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def __enter__(self) -> _Service:
        return self

    def __exit__(self, *exc_info) -> None:
        assert self._process.stdin is not None
        try:
            self._process.stdin.close()
        except BrokenPipeError:
            pass  # Pagefind has ended; its own message follows
        self._process.wait()
        self._reader.join()
        if self._errors and exc_info[0] is None:
            raise SearchIndexError("Pagefind konnte den Suchindex nicht bauen:\n" + "\n".join(self._errors[:20]))

    def send(self, payload: dict, *, awaited: bool = False) -> int:
        """Send a request; its answer is kept only if ``awaited`` (otherwise only errors count)."""
        self._next_id += 1
        if awaited:
            self._awaited.add(self._next_id)
        message = json.dumps({"message_id": self._next_id, "payload": payload}).encode("utf-8")
        self._write(base64.b64encode(message) + b",", flush=awaited)
        return self._next_id

    def call(self, payload: dict) -> dict:
        """Send a request and wait for its answer."""
        message_id = self.send(payload, awaited=True)
        with self._answered:
            self._answered.wait_for(lambda: message_id in self._answers or not self._reader.is_alive())
        answer = self._answers.pop(message_id, None)
        if answer is None or answer.get("type") == "Error":
            raise SearchIndexError("Pagefind konnte den Suchindex nicht bauen:\n"
                                   + "\n".join(self._errors[:20] or [self._stderr()]))
        return answer

    def _write(self, data: bytes, *, flush: bool) -> None:
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(data)
            if flush:
                self._process.stdin.flush()
        except BrokenPipeError:
            self._process.wait()
            raise SearchIndexError(f"Pagefind wurde unerwartet beendet:\n{self._stderr()}") from None

    def _read(self) -> None:
        assert self._process.stdout is not None
        pending = b""
        while chunk := self._process.stdout.read1(1 << 16):
            *messages, pending = (pending + chunk).split(b",")
            for message in messages:
                response = json.loads(base64.b64decode(message))
                payload = response.get("payload") or {}
                if payload.get("type") == "Error":
                    self._errors.append(payload.get("message", "unbekannter Fehler"))
                if response.get("message_id") in self._awaited:
                    with self._answered:
                        self._answers[response["message_id"]] = payload
                        self._answered.notify_all()
        with self._answered:
            self._answered.notify_all()

    def _stderr(self) -> str:
        assert self._process.stderr is not None
        return self._process.stderr.read().decode("utf-8", "replace") if self._process.poll() is not None else ""


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
