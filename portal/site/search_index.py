"""The site's search index: Pagefind (from PyPI, binary in the wheel) over every page's content.

The build (:mod:`portal.site.rendering`) writes a small document per generated page as it renders the
page (:mod:`portal.pages.search_document`), the MkDocs glue adds the hand-written pages, then calls
``start`` before the theme renders the pages and ``finish`` after the build. Pagefind then indexes
on the second core while the theme renders on the first, and it reads only each page's content (a few
KB), not the finished page with its navigation (about 30 KB), which keeps it fast and small at 10,000
pages.

Why Pagefind and not Material's lunr search: lunr's index is one file that every visitor
downloads whole and that grows by about 3 KB per page; Pagefind splits its index into chunks, so
a first search loads a few hundred KB even at 10,000 records. It detects the page language
(``lang="de"``) and stems German words; filters come from ``data-pagefind-filter`` attributes in
the page templates.
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import json
import os
import shutil
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import cbor2
import pagefind_bin  # the binary from the wheel (pagefind[bin])

from portal.common.errors import os_reason
from portal.common.processes import die_with_parent
from portal.pages.search_document import OMITTED_BLOCKS
from portal.site.background import NICENESS

PAGEFIND_NICENESS = NICENESS + 5
"""Pagefind yields the processor even to the other background work, the link check: the check is
short, and its process would otherwise still hold its memory when Pagefind, at the end of its
run, needs the most (at 10,000 records about 1.2 GB, see :data:`ALLOCATOR`)."""

OUTPUT = "pagefind"
EXCLUDED = ", ".join([".headerlink", *(f".{name}" for name in OMITTED_BLOCKS),
                      ".portal-facts dt", ".portal-facts a[rel=noopener]", ".portal-amounts thead"])
"""What Pagefind skips inside the documents: permalink signs, the labels ("Website", "Themen",
column headings) and web addresses in a record's facts, and omitted blocks in an element that
:func:`indexed_content` does not cut (it handles ``div``, ``ul``, ``ol`` and ``p``)."""
ALLOCATOR = {"_RJEM_MALLOC_CONF": "dirty_decay_ms:0,muzzy_decay_ms:0"}
"""Pagefind's environment: the Linux build of Pagefind 1.5.2 allocates with jemalloc, which keeps
freed memory for ten seconds before it returns it to the system. Returning it at once lowers
Pagefind's peak at 10,000 records from about 1,390 MB to 1,180 MB for about a second more of
processor time (measured on the 10,000 documents alone, outside a build); the index is the same.
Other builds of Pagefind ignore the variable; a value set by the caller wins."""
TIMEOUT_BASE = 120.0
TIMEOUT_PER_PAGE = 0.1
"""Pagefind gets this long (seconds) to finish once the site generator has written every page:
at 10,000 pages about 1,100 s, where it needs well under a minute. A Pagefind that hangs then
ends the build with a clear error instead of blocking it forever."""
TIMEOUT_VARIABLE = "PORTAL_PAGEFIND_TIMEOUT"
"""Environment variable with a fixed timeout in seconds instead (tests use a small one)."""
T = TypeVar("T")
class SearchIndexError(RuntimeError):
    """Pagefind failed; the message says why in one line (German), with Pagefind's own words."""


def timeout_for(pages: int) -> float:
    """Seconds Pagefind may still take after the pages are written (see :data:`TIMEOUT_BASE`)."""
    configured = os.environ.get(TIMEOUT_VARIABLE, "").strip()
    if configured:
        try:
            return float(configured)
        except ValueError:
            raise SearchIndexError(f"{TIMEOUT_VARIABLE}={configured!r} ist keine Zahl (Sekunden)") from None
    return TIMEOUT_BASE + TIMEOUT_PER_PAGE * pages


class SearchIndex:
    """One Pagefind run over the documents in ``documents`` (see :func:`write_document`), into
    ``site_dir/pagefind``."""

    def __init__(self, documents: Path, site_dir: Path, pages: int) -> None:
        self.documents = documents
        self.site_dir = site_dir
        self.timeout = timeout_for(pages)
        self._process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        """Start Pagefind; it runs on its own until :meth:`finish`, with lower priority, so that
        the site generator's rendering, usually the longer path, keeps a core to itself. It dies
        with this process (:mod:`portal.common.processes`)."""
        nice = shutil.which("nice")
        try:
            executable = str(pagefind_bin.get_executable())
            if not os.access(executable, os.X_OK):  # else `nice` would report it in English
                raise FileNotFoundError(errno.ENOENT, "", executable)
            self._process = subprocess.Popen(
                [*([nice, "-n", str(PAGEFIND_NICENESS)] if nice else []), executable,
                 "--site", str(self.documents), "--output-path", str(self.site_dir / OUTPUT),
                 "--exclude-selectors", EXCLUDED, "--silent"],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                errors="replace",
                preexec_fn=_child_of(os.getpid()),  # noqa: PLW1509 - only a system call, see processes
                env={**ALLOCATOR, **os.environ},
            )
        except OSError as exc:  # also pagefind_bin's FileNotFoundError when the wheel has no binary
            raise SearchIndexError(f"Pagefind ließ sich nicht starten: {_reason(exc)} (Paket pagefind[bin] "
                                   "installiert?)") from None

    def finish(self, while_indexing: Callable[[], T]) -> T:
        """Run ``while_indexing`` (the link check) until Pagefind is done; return its result.

        Pagefind gets :attr:`timeout` seconds after ``while_indexing`` returned; then it is killed."""
        if self._process is None:
            raise RuntimeError("the search index was not started")
        try:
            result = while_indexing()
        except BaseException:
            self.stop()
            raise
        process = self._process
        try:
            output, _ = process.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            raise SearchIndexError(f"Pagefind war nach {self.timeout:g} s nicht fertig und wurde beendet "
                                   f"(Zeitlimit ändern: {TIMEOUT_VARIABLE}=Sekunden)") from None
        except BaseException:
            self.stop()
            raise
        if process.returncode < 0:
            raise SearchIndexError(f"Pagefind wurde durch das Signal {_signal_name(-process.returncode)} "
                                   f"beendet{_last_words(output)}")
        if process.returncode != 0:
            raise SearchIndexError(f"Pagefind endete mit dem Exit-Code {process.returncode}{_last_words(output)}")
        try:
            make_reproducible(self.site_dir / OUTPUT)
        except SearchIndexError:
            raise
        except (OSError, ValueError, KeyError, IndexError, TypeError, EOFError, cbor2.CBORDecodeError) as exc:
            raise SearchIndexError(f"Pagefind hat keinen lesbaren Suchindex geschrieben: {_reason(exc)}") from None
        return result

    def kill_now(self) -> None:
        """Kill Pagefind and wait for its end without Popen's bookkeeping, which a signal handler
        may have interrupted (the process exits right after)."""
        if self._process is not None and self._process.returncode is None:
            try:
                os.kill(self._process.pid, signal.SIGKILL)
                os.waitpid(self._process.pid, 0)
            except (ProcessLookupError, ChildProcessError):  # already gone, or already waited for
                pass

    def kill(self) -> None:
        """Kill Pagefind if it still runs, without waiting: :meth:`finish`, running in another
        thread, sees it end (portal.site.afterwards)."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()

    def stop(self) -> None:
        """Kill Pagefind if it still runs and wait for it (a failed or interrupted build)."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.communicate()


def _child_of(parent: int) -> Callable[[], None]:
    return lambda: die_with_parent(parent)


def _signal_name(number: int) -> str:
    try:
        return f"{signal.Signals(number).name} ({number})"
    except ValueError:
        return str(number)


def _last_words(output: str) -> str:
    """Pagefind's last line of output, to end a one-line message with."""
    lines = [line.strip() for line in (output or "").splitlines() if line.strip()]
    return f": {lines[-1]}" if lines else ""


def _reason(exc: BaseException) -> str:
    """``file: reason`` for a file error, else the error's message."""
    if isinstance(exc, OSError):
        return os_reason(exc)
    return f"{type(exc).__name__}: {exc}"


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
