"""The site's search index: Pagefind (from PyPI, binary in the wheel) over the finished HTML.

Called by the MkDocs glue after the build. Why Pagefind and not Material's lunr search: lunr's
index is one file that every visitor downloads whole and that grows by about 3 KB per page;
Pagefind splits its index into chunks, so a first search loads a few hundred KB even at 10,000
records. It detects the page language (``lang="de"``) and stems German words; filters come from
``data-pagefind-filter`` attributes in the page templates.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import cbor2

OUTPUT = "pagefind"
UI_FILES: tuple[str, ...] = ()
"""The files of the search bundle that pages link to, which the link check must accept while
Pagefind still writes them. None: the search page (docs/suche.md) loads only the portal's own
script, which imports ``pagefind/pagefind.js`` when the visitor searches."""
T = TypeVar("T")


class SearchIndexError(RuntimeError):
    """Pagefind failed; its own message says why."""


def build_search_index(site_dir: Path, while_indexing: Callable[[], T]) -> T:
    """Index every page under ``site_dir`` into ``site_dir/pagefind``.

    Pagefind runs as its own process; ``while_indexing`` (the link check) runs meanwhile on the
    other core, and its result is returned once both are done.
    """
    process = subprocess.Popen(
        [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", OUTPUT,
         "--exclude-selectors", ".headerlink, .md-content__button, .portal-stand", "--silent"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        result = while_indexing()
    finally:
        output, _ = process.communicate()
    if process.returncode != 0:
        raise SearchIndexError(f"Pagefind konnte den Suchindex nicht bauen:\n{output}")
    make_reproducible(site_dir / OUTPUT)
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
