"""Measure how the portal scales: check and build time, memory, output size, download weight.

    python scripts/benchmark.py [--sizes 100 1000 10000] [--runs 5] [--out benchmark-results/]

For each size it writes a synthetic catalogue (``scripts/synth_catalogue.py``, fixed seed) into a
temporary folder and measures, as the median over ``--runs``:

- ``python -m portal check --data DIR`` wall time;
- a cold, full ``mkdocs build --strict`` from the repository root (``PORTAL_DATA=DIR``,
  ``NO_MKDOCS_2_WARNING=1``, fixed ``SOURCE_DATE_EPOCH``, ``-d`` into a fresh temporary folder):
  wall time, processor time (user and system, of the build and every process it started and
  waited for, from ``/usr/bin/time -v`` or ``getrusage``: on a machine shared with others it
  varies less than the wall time, and it shows what the second core takes on) and peak memory (the
  larger of the biggest single process, from the same source, and the sampled sum over the
  process tree: the build runs Pagefind as a child while MkDocs still holds its memory);
- the size of the built site, the gzip-compressed bytes of the home page with the CSS, JS, fonts
  and images it references (search index excluded), and of a first search (Material's lunr
  search: ``search/search_index.json``, the search worker and the lunr language files it imports;
  Pagefind, when the site has a ``pagefind/`` folder: its JS, worker, WASM, entry and meta files,
  the index chunks and the result fragments of one query (``batteri``, the stem of "Batterie"), the
  search page (the page that loads ``pagefind.js``, itself or through a local script, or one of
  Pagefind's UI bundles) with the files it loads beyond the home page's, and the filter tables only
  when that page uses one of Pagefind's UI bundles, which fetch them all before the first search);
- a baseline: a plain Material site (language de, font false, Material's built-in search plugin)
  with as many simple Markdown pages as the portal site has pages, all kept out of the
  navigation, built with the same command, in turns with the portal builds (the ratio is the
  median of each pair's ratio, so that a machine whose speed drifts shifts both sides alike).

With ``--edit-sizes 100 1000 10000`` (and ``--edit-real`` for a copy of ``data/``) it also measures
edit-to-preview under ``mkdocs serve`` (``scripts/edit_benchmark.py``: median seconds from saving a
changed record until the served page shows it, a broken save until the error page shows, and the
serve process's memory over ``--memory-saves`` further saves); ``--sizes`` without a value skips
the builds.

It prints a table and the goals (information only), and writes ``benchmark.md`` and
``benchmark.json`` into ``--out``. The exit code is 0 unless a build or check failed or the script
crashed. ``--profile`` additionally runs one portal build per size under cProfile and stores the
profile (``profile-<size>.prof``) and a text summary next to the table. ``--repo`` measures
another checkout, e.g. ``git archive HEAD | tar -x -C /tmp/head`` while the working tree is in
flux (run the copy of this script inside that checkout so that everything imports the same code).
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import edit_benchmark  # noqa: E402 - found through the path set just above
import synth_catalogue  # noqa: E402 - found through the path set just above

SEED = 20230508
SOURCE_DATE_EPOCH = "1767225600"  # 2026-01-01 00:00 UTC: some events are upcoming, most are past
GZIP_LEVEL = 6  # what web servers typically use for on-the-fly compression
TIME_BIN = "/usr/bin/time"
KB = 1024
MB = 1024 * 1024
SAMPLE_SECONDS = 0.2
"""How often the memory of the process tree is sampled while a command runs."""
COLUMNS = ("size", "portal build s", "baseline build s", "ratio portal/baseline", "portal CPU s", "baseline CPU s",
           "peak MB", "site MB", "check s", "home KB gz", "search KB gz")
PAGEFIND_QUERY = "batteri"  # what Pagefind's German stemmer makes of "Batterie"; matched as a prefix
PAGEFIND_RESULTS = 5  # the search UI (the portal's, as Pagefind's) shows the first five results


# ---------------------------------------------------------------------------------------------
# Running and measuring commands


@dataclass
class Run:
    seconds: float
    peak_kb: int | None
    returncode: int
    output: str
    load_before: float | None = None
    max_process_kb: int | None = None
    tree_sum_kb: int | None = None
    cpu_s: float | None = None  # user and system time of the command and the processes it waited for


def load_average() -> float | None:
    """1-minute load average before a run: other processes on the machine distort timings."""
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return None


_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024 if hasattr(os, "sysconf") else 4


def tree_rss_kb(root: int) -> int | None:
    """Memory of ``root`` and all its descendants now (Linux /proc), in KiB.

    Each process counts with its proportional set size (PSS: private pages whole, pages shared
    with other processes divided among them), so a forked child's pages that are still shared
    with its parent are not counted twice; resident size (RSS) where PSS cannot be read.
    """
    if not Path("/proc").is_dir():
        return None
    parent_of, rss = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parent_of[int(entry)] = int(fields[1])
        rss[int(entry)] = int(fields[21]) * _PAGE_KB
    tree, frontier = {root}, [root]
    while frontier:
        current = frontier.pop()
        children = [pid for pid, parent in parent_of.items() if parent == current and pid not in tree]
        tree.update(children)
        frontier += children
    return sum(_pss_kb(pid) or rss.get(pid, 0) for pid in tree)


def _pss_kb(pid: int) -> int | None:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    match = re.search(r"^Pss:\s+(\d+) kB", rollup, re.M)
    return int(match.group(1)) if match else None


def run_measured(cmd: list[str], *, cwd: Path, env: dict[str, str], timeout: float) -> Run:
    """Run ``cmd``: wall time, processor time, peak memory, exit code, output tail.

    Peak memory is the larger of (a) the largest single process (``/usr/bin/time -v``, else
    ``getrusage`` of a wrapper) and (b) the largest sampled sum over the whole process tree (every
    :data:`SAMPLE_SECONDS` from /proc, see :func:`tree_rss_kb`), because the build starts Pagefind and a link
    check as children while MkDocs still holds its own memory: all count against the machine.
    """
    with tempfile.TemporaryDirectory(prefix="bench-run-") as scratch:
        stats_file = Path(scratch) / "rss.txt"
        if os.access(TIME_BIN, os.X_OK):
            wrapped = [TIME_BIN, "-v", "-o", str(stats_file), *cmd]
        else:  # a wrapper process whose only child is the command: its RUSAGE_CHILDREN is the command's
            code = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[2:]); "
                    "u = resource.getrusage(resource.RUSAGE_CHILDREN); open(sys.argv[1], 'w').write("
                    "'Maximum resident set size (kbytes): %d\\nUser time (seconds): %.2f\\n"
                    "System time (seconds): %.2f' % (u.ru_maxrss, u.ru_utime, u.ru_stime)); sys.exit(r.returncode)")
            wrapped = [sys.executable, "-c", code, str(stats_file), *cmd]
        load_before = load_average()
        tree_peak: int | None = None
        with open(Path(scratch) / "out.txt", "w+", encoding="utf-8", errors="replace") as out:
            start = time.perf_counter()
            proc = subprocess.Popen(wrapped, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
            while True:
                sample = tree_rss_kb(proc.pid)
                if sample is not None:
                    tree_peak = max(tree_peak or 0, sample)
                if time.perf_counter() - start > timeout:
                    proc.kill()
                    proc.wait()
                    raise subprocess.TimeoutExpired(cmd, timeout)
                try:  # returns the moment the command ends, so the wall time is not rounded up to a sample
                    proc.wait(timeout=SAMPLE_SECONDS)
                    break
                except subprocess.TimeoutExpired:
                    continue
            seconds = time.perf_counter() - start
            out.seek(0)
            output = out.read()[-4000:]
        stats = stats_file.read_text(encoding="utf-8", errors="replace") if stats_file.exists() else ""
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stats)
    if sys.platform == "darwin" and match and not os.access(TIME_BIN, os.X_OK):
        largest = int(match.group(1)) // 1024  # macOS reports bytes
    else:
        largest = int(match.group(1)) if match else None
    candidates = [v for v in (largest, tree_peak) if v is not None]
    peak = max(candidates) if candidates else None
    times = [re.search(rf"{kind} time \(seconds\): ([\d.]+)", stats) for kind in ("User", "System")]
    cpu = sum(float(match.group(1)) for match in times if match) if all(times) else None
    return Run(seconds, peak, proc.returncode, output, load_before, largest, tree_peak, cpu)


def base_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, PYTHONHASHSEED="0")
    env.pop("PORTAL_DATA", None)
    return env


def mkdocs_build(site_dir: Path, config: Path | None = None) -> list[str]:
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)]
    return cmd + (["-f", str(config)] if config else [])


# ---------------------------------------------------------------------------------------------
# Site measurements


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def count_pages(site: Path) -> int:
    """Pages of a directory-URL site: every index.html (the 404 page is not a page)."""
    return sum(1 for _ in site.rglob("index.html"))


def gz_size(path: Path) -> int:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":  # already compressed (Pagefind's files): served as they are
        return len(data)
    return len(gzip.compress(data, GZIP_LEVEL, mtime=0))


class _Refs(HTMLParser):
    """Sub-resources a page loads: stylesheets, icons, preloads, scripts, images, media; and the
    text of its inline scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []
        self.config: str | None = None
        self.inline_scripts: list[str] = []
        self._in_config = False
        self._in_inline = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("href"):
            rel = (a.get("rel") or "").lower().split()
            if {"stylesheet", "icon", "preload", "modulepreload", "apple-touch-icon", "manifest"} & set(rel):
                self.refs.append(a["href"])
        elif tag in ("script", "img", "source", "audio", "video", "embed", "iframe") and a.get("src"):
            self.refs.append(a["src"])
        elif tag == "object" and a.get("data"):
            self.refs.append(a["data"])
        if tag == "video" and a.get("poster"):
            self.refs.append(a["poster"])
        if tag == "img" and a.get("srcset"):
            self.refs.extend(part.strip().split(" ")[0] for part in a["srcset"].split(",") if part.strip())
        self._in_config = tag == "script" and a.get("id") == "__config"
        self._in_inline = tag == "script" and not a.get("src")

    def handle_data(self, data):
        if self._in_config:
            self.config = (self.config or "") + data
        if self._in_inline:
            self.inline_scripts.append(data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_config = self._in_inline = False


_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


def _local(site: Path, base_file: Path, ref: str) -> Path | None:
    """The file in ``site`` that ``ref`` (relative to ``base_file``) names, or None (external, data:)."""
    parts = urlsplit(ref)
    if parts.scheme or ref.startswith("//") or not parts.path:
        return None
    base = "/" + base_file.relative_to(site).as_posix()
    target = urlsplit(urljoin(base, unquote(parts.path))).path.lstrip("/")
    path = site / target
    if path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


def home_weight(site: Path) -> tuple[int, list[str]]:
    """gzip bytes of index.html plus every CSS/JS/font/image it (or its CSS) references, once each."""
    index = site / "index.html"
    parser = _Refs()
    parser.feed(index.read_text(encoding="utf-8"))
    seen: dict[Path, int] = {index: gz_size(index)}
    queue = [(index, ref) for ref in parser.refs]
    while queue:
        base, ref = queue.pop(0)
        path = _local(site, base, ref)
        if path is None or path in seen:
            continue
        relative = path.relative_to(site).as_posix()
        if relative.startswith(("search/", "pagefind/")):
            continue  # the search index is measured separately
        seen[path] = gz_size(path)
        if path.suffix == ".css":
            css = path.read_text(encoding="utf-8", errors="replace")
            for match in _CSS_URL.finditer(css):
                queue.append((path, match.group(2) or match.group(4)))
    return sum(seen.values()), sorted(p.relative_to(site).as_posix() for p in seen)


def search_weight(site: Path) -> tuple[int, str, list[str]]:
    """gzip bytes a visitor downloads for a first search: Pagefind if present, else lunr."""
    if (site / "pagefind").is_dir():
        return pagefind_weight(site)
    return lunr_weight(site)


def lunr_weight(site: Path) -> tuple[int, str, list[str]]:
    index_file = site / "search" / "search_index.json"
    if not index_file.is_file():
        return 0, "none", []
    parser = _Refs()
    parser.feed((site / "index.html").read_text(encoding="utf-8"))
    files = [index_file]
    config = json.loads(parser.config) if parser.config else {}
    worker = config.get("search")
    if worker:
        worker_path = _local(site, site / "index.html", worker)
        if worker_path:
            files.append(worker_path)
            # The worker importScripts lunr's language support (see Material's search worker).
            langs = json.loads(index_file.read_text(encoding="utf-8")).get("config", {}).get("lang", ["en"])
            lunr = worker_path.parent.parent / "lunr"
            extra = [lunr / "min" / f"lunr.{lang}.min.js" for lang in langs if lang != "en"]
            extra += [lunr / "tinyseg.js" for lang in langs if lang == "ja"]
            extra += [lunr / "wordcut.js" for lang in langs if lang in ("hi", "th")]
            if len(langs) > 1:
                extra.append(lunr / "min" / "lunr.multi.min.js")
            if extra:
                extra.insert(0, lunr / "min" / "lunr.stemmer.support.min.js")
            files += [p for p in extra if p.is_file()]
    return sum(gz_size(p) for p in files), "lunr", [p.relative_to(site).as_posix() for p in files]


# --- Pagefind -------------------------------------------------------------------------------


def _cbor(data: bytes, pos: int = 0):
    """Minimal CBOR decoder (enough for Pagefind's meta and index files); returns (value, next pos)."""
    initial = data[pos]
    major, info = initial >> 5, initial & 0x1F
    pos += 1
    if info < 24:
        arg = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        arg = int.from_bytes(data[pos:pos + size], "big")
        pos += size
    elif info == 31:
        arg = None  # indefinite length
    else:
        raise ValueError(f"unsupported CBOR additional info {info}")
    if major == 0:
        return arg, pos
    if major == 1:
        return -1 - arg, pos
    if major in (2, 3):
        if arg is None:
            chunks = []
            while data[pos] != 0xFF:
                chunk, pos = _cbor(data, pos)
                chunks.append(chunk)
            return (b"" if major == 2 else "").join(chunks), pos + 1
        raw = data[pos:pos + arg]
        return (raw if major == 2 else raw.decode("utf-8")), pos + arg
    if major in (4, 5):
        items = []
        count = arg if arg is not None else math.inf
        while count and not (arg is None and data[pos] == 0xFF):
            item, pos = _cbor(data, pos)
            if major == 5:
                value, pos = _cbor(data, pos)
                item = (item, value)
            items.append(item)
            count -= 1
        if arg is None:
            pos += 1
        return (dict(items) if major == 5 else items), pos
    if major == 6:
        return _cbor(data, pos)
    if info in (20, 21, 22, 23):
        return {20: False, 21: True, 22: None, 23: None}[info], pos
    return arg, pos  # floats are not needed: returned as raw bits


def _pagefind_file(path: Path):
    """Decompress and decode one Pagefind data file (gzip, then the 'pagefind_dcd' signature, then CBOR)."""
    raw = gzip.decompress(path.read_bytes())
    return _cbor(raw.removeprefix(b"pagefind_dcd"))[0]


_BUNDLED_UI = re.compile(r"pagefind/pagefind-(component-|modular-)?ui\.js")
"""Pagefind's own UIs: they fetch every filter table to draw the filter panel before any search."""
_PAGEFIND_JS = re.compile(r"pagefind/pagefind\.js")


def _search_ui_page(site: Path) -> tuple[Path, bool] | None:
    """The page (home or one level down) that offers the search, by what it loads: one of
    Pagefind's UI bundles, or ``pagefind.js`` (a ``<script>``, or an import in an inline script or
    in one of the page's local scripts). Also says whether it uses one of Pagefind's UI bundles."""
    seen: set[Path] = set()  # local scripts of earlier pages, which import no Pagefind file
    for page in [site / "index.html", *sorted(site.glob("*/index.html"))]:
        parser = _Refs()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        texts = list(parser.inline_scripts)
        for ref in parser.refs:
            path = _local(site, page, ref)
            if path is None or path in seen or path.suffix not in (".js", ".mjs"):
                continue
            seen.add(path)
            relative = path.relative_to(site).as_posix()
            # Pagefind's own files count by their name, any other script by what it imports
            texts.append(relative if relative.startswith("pagefind/")
                         else path.read_text(encoding="utf-8", errors="replace"))
        if any(_BUNDLED_UI.search(text) for text in texts):
            return page, True
        if any(_PAGEFIND_JS.search(text) for text in texts):
            return page, False
    return None


def chunks_for(chunks: list, query: str) -> list:
    """The index chunks that may hold words starting with ``query`` (Pagefind's prefix search).

    A chunk's bounds are the shortest prefixes that tell its first and last word apart (e.g. "b"
    to "batt"), so each bound is compared with the query at the shorter of the two lengths.
    """
    return [c for c in chunks if c[0][:len(query)] <= query and query[:len(c[1])] <= c[1]]


def pagefind_weight(site: Path, query: str = PAGEFIND_QUERY) -> tuple[int, str, list[str]]:
    root = site / "pagefind"
    files = [root / "pagefind.js", root / "pagefind-entry.json"]
    if (root / "pagefind-worker.js").is_file():  # Pagefind >= 1.4 searches in a web worker by default
        files.append(root / "pagefind-worker.js")
    entry = json.loads((root / "pagefind-entry.json").read_text(encoding="utf-8"))
    languages = entry.get("languages", {})
    language = "de" if "de" in languages else next(iter(sorted(languages)), None)
    kind = "pagefind"
    if language is None:
        return sum(gz_size(p) for p in files if p.is_file()), kind, [p.name for p in files]
    info = languages[language]
    wasm = root / f"wasm.{info.get('wasm') or language}.pagefind"
    if not wasm.is_file():
        wasm = root / "wasm.unknown.pagefind"
    meta = root / f"pagefind.{info['hash']}.pf_meta"
    if not meta.is_file():
        meta = root / "pf_meta" / f"{info['hash']}.pf_meta"  # older layout
    files += [wasm, meta]
    ui_page, bundled_ui = _search_ui_page(site) or (None, False)
    if ui_page is not None:  # the search page and what it loads beyond the home page's files
        home_files = set(home_weight(site)[1])
        parser = _Refs()
        parser.feed(ui_page.read_text(encoding="utf-8"))
        extra = [_local(site, ui_page, ref) for ref in parser.refs]
        files += [ui_page] + [p for p in extra if p and p.relative_to(site).as_posix() not in home_files]
    try:
        # MetaIndex: [version, pages [[hash, word_count], ...], index_chunks [[from, to, hash], ...],
        #             filters [[name, hash], ...], ...]
        _, pages, chunks, filters, *_ = _pagefind_file(meta)
        if bundled_ui:  # Pagefind's UIs load every filter table to show the filter panel
            files += [root / "filter" / f"{f[1]}.pf_filter" for f in filters]
        chosen = chunks_for(chunks, query)
        chunk_files = [root / "index" / f"{c[2]}.pf_index" for c in chosen or chunks[:1]]
        files += chunk_files
        hits: list[int] = []
        for chunk_file in chunk_files:
            words = _pagefind_file(chunk_file)[0]  # IndexChunk: [words [[word, pages [[page, locs], ...], ...], ...]
            for word in words:
                if isinstance(word[0], str) and word[0].startswith(query):
                    numbers, running = [], 0
                    for page in word[1]:  # page numbers are stored as deltas
                        running += page[0]
                        numbers.append(running)
                    if numbers and numbers[-1] >= len(pages):
                        raise ValueError("page numbers out of range")
                    hits += numbers
        ordered = list(dict.fromkeys(hits))[:PAGEFIND_RESULTS]
        files += [root / "fragment" / f"{pages[n][0]}.pf_fragment" for n in ordered]
    except Exception as exc:  # unknown format version: estimate instead of failing the benchmark
        kind = f"pagefind (estimated: {type(exc).__name__})"
        index_files = sorted((root / "index").glob("*.pf_index"), key=lambda p: p.stat().st_size)
        fragments = sorted((root / "fragment").glob("*.pf_fragment"), key=lambda p: p.stat().st_size)
        files += index_files[-1:]
        if fragments:
            middle = len(fragments) // 2
            files += fragments[middle:middle + PAGEFIND_RESULTS]
    files = list(dict.fromkeys(p for p in files if p.is_file()))
    return sum(gz_size(p) for p in files), kind, [p.relative_to(site).as_posix() for p in files]


# ---------------------------------------------------------------------------------------------
# Baseline: a plain Material site with the same number of pages


BASELINE_CONFIG = """\
site_name: Baseline
docs_dir: docs
use_directory_urls: true
strict: true
theme:
  name: material
  language: de
  font: false
plugins:
  - search:
      lang: de
      pipeline: [stemmer, stopWordFilter, trimmer]
nav:
  - Start: index.md
not_in_nav: |
  /seiten/
"""


def write_baseline(folder: Path, pages: int, seed: int) -> Path:
    """A Material site with ``pages`` pages (home plus ``pages - 1`` simple ones outside the nav)."""
    docs = folder / "docs"
    (docs / "seiten").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(BASELINE_CONFIG, encoding="utf-8")
    (docs / "index.md").write_text("# Start\n\nEine einfache Startseite.\n", encoding="utf-8")
    text = synth_catalogue.Generator(max(pages, sum(synth_catalogue.MINIMUM.values())), seed)
    for number in range(1, pages):
        body = text.prose({"name": f"Seite {number}"})
        (docs / "seiten" / f"seite-{number:05d}.md").write_text(f"# Seite {number}\n\n{body}", encoding="utf-8")
    return folder / "mkdocs.yml"


# ---------------------------------------------------------------------------------------------
# One size


@dataclass
class Result:
    size: int
    pages: int | None = None
    portal_build_s: float | None = None
    baseline_build_s: float | None = None
    ratio: float | None = None
    portal_cpu_s: float | None = None
    baseline_cpu_s: float | None = None
    peak_mb: float | None = None
    baseline_peak_mb: float | None = None
    site_mb: float | None = None
    baseline_site_mb: float | None = None
    check_s: float | None = None
    home_kb_gz: float | None = None
    search_kb_gz: float | None = None
    search_kind: str | None = None
    home_files: list[str] = field(default_factory=list)
    search_files: list[str] = field(default_factory=list)
    runs: dict[str, list[float]] = field(default_factory=dict)
    load_before: list[float | None] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def row(self) -> list[str]:
        def num(value, digits=2):
            return "–" if value is None else f"{value:.{digits}f}"
        return [str(self.size), num(self.portal_build_s), num(self.baseline_build_s), num(self.ratio),
                num(self.portal_cpu_s, 1), num(self.baseline_cpu_s, 1), num(self.peak_mb, 0), num(self.site_mb, 1),
                num(self.check_s), num(self.home_kb_gz, 1), num(self.search_kb_gz, 1)]


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def measure(size: int, runs: int, timeout: float, profile_dir: Path | None) -> Result:
    result = Result(size)
    env = base_env()
    with tempfile.TemporaryDirectory(prefix=f"portal-bench-{size}-") as tmp:
        tmp_path = Path(tmp)
        data = tmp_path / "data"
        counts = synth_catalogue.write_catalogue(data, size, SEED)
        print(f"[{size}] catalogue: " + ", ".join(f"{n} {k}" for k, n in counts.items()), flush=True)

        checks = []
        for _ in range(runs):
            run = run_measured([sys.executable, "-m", "portal", "check", "--data", str(data)],
                               cwd=REPO_ROOT, env=env, timeout=timeout)
            if run.returncode:
                result.errors.append(f"check failed ({run.returncode}):\n{run.output}")
                break
            checks.append(run.seconds)
            result.load_before.append(run.load_before)
        result.check_s = _median(checks)
        result.runs["check_s"] = checks
        print(f"[{size}] check: {result.check_s or 0:.2f} s", flush=True)

        # Portal and baseline builds take turns (portal, baseline, portal, ...), and the ratio is the
        # median of the pairs' ratios, so that a machine that gets slower or faster during the
        # benchmark shifts both sides of a pair alike.
        portal_env = dict(env, PORTAL_DATA=str(data))
        builds, peaks, times, base_peaks, ratios, cpus, base_cpus = [], [], [], [], [], [], []
        site, baseline_site = tmp_path / "site-portal", tmp_path / "site-baseline"
        config: Path | None = None
        for number in range(runs):
            shutil.rmtree(site, ignore_errors=True)
            run = run_measured(mkdocs_build(site), cwd=REPO_ROOT, env=portal_env, timeout=timeout)
            if run.returncode:
                result.errors.append(f"portal build failed ({run.returncode}):\n{run.output}")
                break
            builds.append(run.seconds)
            if run.cpu_s is not None:
                cpus.append(run.cpu_s)
            result.load_before.append(run.load_before)
            result.runs.setdefault("peak_largest_process_mb", []).append((run.max_process_kb or 0) / KB)
            result.runs.setdefault("peak_process_tree_sum_mb", []).append((run.tree_sum_kb or 0) / KB)
            if run.peak_kb is not None:
                peaks.append(run.peak_kb / KB)
            print(f"[{size}] portal build {number + 1}/{runs}: {run.seconds:.2f} s (load before: {run.load_before})",
                  flush=True)
            if config is None:
                result.pages = count_pages(site)
                result.site_mb = folder_bytes(site) / MB
                home, result.home_files = home_weight(site)
                result.home_kb_gz = home / KB
                search, result.search_kind, result.search_files = search_weight(site)
                result.search_kb_gz = search / KB
                config = write_baseline(tmp_path / "baseline", result.pages, SEED)
            shutil.rmtree(baseline_site, ignore_errors=True)
            base = run_measured(mkdocs_build(baseline_site, config), cwd=config.parent, env=env, timeout=timeout)
            if base.returncode:
                result.errors.append(f"baseline build failed ({base.returncode}):\n{base.output}")
                break
            times.append(base.seconds)
            if base.cpu_s is not None:
                base_cpus.append(base.cpu_s)
            ratios.append(run.seconds / base.seconds)
            result.load_before.append(base.load_before)
            if base.peak_kb is not None:
                base_peaks.append(base.peak_kb / KB)
            print(f"[{size}] baseline build {number + 1}/{runs}: {base.seconds:.2f} s", flush=True)
        result.portal_build_s = _median(builds)
        result.peak_mb = _median(peaks)
        result.runs["portal_build_s"] = builds
        result.baseline_build_s = _median(times)
        result.baseline_peak_mb = _median(base_peaks)
        result.runs["baseline_build_s"] = times
        result.runs["ratio"] = ratios
        result.ratio = _median(ratios)
        result.portal_cpu_s, result.baseline_cpu_s = _median(cpus), _median(base_cpus)
        result.runs["portal_cpu_s"], result.runs["baseline_cpu_s"] = cpus, base_cpus
        if times:
            result.baseline_site_mb = folder_bytes(baseline_site) / MB
        shutil.rmtree(site, ignore_errors=True)

        if profile_dir is not None and builds:
            profile_build(size, data, tmp_path / "site-profile", profile_dir, portal_env, timeout)
    return result


def profile_build(size: int, data: Path, site: Path, out: Path, env: dict[str, str], timeout: float) -> None:
    """One extra portal build under cProfile; stores the profile and its top functions."""
    out.mkdir(parents=True, exist_ok=True)
    prof = out / f"profile-{size}.prof"
    cmd = [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "mkdocs", "build", "--strict", "-d", str(site)]
    run = run_measured(cmd, cwd=REPO_ROOT, env=env, timeout=timeout * 3)
    shutil.rmtree(site, ignore_errors=True)
    if run.returncode or not prof.exists():
        print(f"[{size}] profiled build failed:\n{run.output}", file=sys.stderr)
        return
    import io
    import pstats

    text = io.StringIO()
    stats = pstats.Stats(str(prof), stream=text)
    stats.sort_stats("cumulative").print_stats(60)
    stats.sort_stats("tottime").print_stats(40)
    (out / f"profile-{size}.txt").write_text(text.getvalue(), encoding="utf-8")
    print(f"[{size}] profiled build: {run.seconds:.1f} s -> {prof}", flush=True)


# ---------------------------------------------------------------------------------------------
# Report


def growth_exponent(results: list[Result]) -> tuple[float | None, str]:
    """log(t_big / t_small) / log(n_big / n_small), from 1,000 to 10,000 when both were measured."""
    timed = {r.size: r.portal_build_s for r in results if r.portal_build_s}
    if 1000 in timed and 10000 in timed:
        small, big = 1000, 10000
    elif len(timed) >= 2:
        small, big = sorted(timed)[-2:]
    else:
        return None, "needs two sizes"
    return math.log(timed[big] / timed[small]) / math.log(big / small), f"{small:,} -> {big:,}"


def goals(results: list[Result], exponent: float | None) -> list[tuple[str, str, str]]:
    """(goal, measured, PASS/FAIL/n/a) for every goal of the issue."""
    by_size = {r.size: r for r in results}
    largest = by_size[max(by_size)] if by_size else None
    ten_k = by_size.get(10000)
    one_k = by_size.get(1000)

    def verdict(value, limit, fmt="{:.2f}", label=""):
        if value is None:
            return ("n/a", "n/a")
        return (fmt.format(value) + label, "PASS" if value <= limit else "FAIL")

    rows = []
    rows.append(("growth exponent of build time 1k->10k <= 1.1", *verdict(exponent, 1.1)))
    rows.append(("10k build <= 60 s", *verdict(ten_k and ten_k.portal_build_s, 60, "{:.1f}", " s")))
    rows.append(("10k peak memory <= 1.5 GB", *verdict(ten_k and ten_k.peak_mb, 1536, "{:.0f}", " MB")))
    rows.append(("10k site <= 400 MB", *verdict(ten_k and ten_k.site_mb, 400, "{:.1f}", " MB")))
    rows.append(("1k portal build <= 1.3x baseline", *verdict(one_k and one_k.ratio, 1.3, "{:.2f}", "x")))
    rows.append(("10k check <= 2 s", *verdict(ten_k and ten_k.check_s, 2, "{:.2f}", " s")))
    where = f" (at {largest.size:,})" if largest else ""
    rows.append((f"first search <= 300 KB gz{where}",
                 *verdict(largest and largest.search_kb_gz, 300, "{:.1f}", " KB")))
    rows.append((f"home page <= 150 KB gz{where}", *verdict(largest and largest.home_kb_gz, 150, "{:.1f}", " KB")))
    return rows


def table_text(results: list[Result]) -> str:
    rows = [list(COLUMNS)] + [r.row() for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.rjust(widths[i]) for i, cell in enumerate(row)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def table_markdown(results: list[Result]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "|".join("---:" for _ in COLUMNS) + "|"]
    lines += ["| " + " | ".join(r.row()) + " |" for r in results]
    return "\n".join(lines)


def environment() -> dict:
    def version(module: str) -> str:
        try:
            from importlib.metadata import version as v
            return v(module)
        except Exception:
            return "?"
    def commit() -> str:
        try:  # read-only; a 'git archive' snapshot has no .git and says so
            head = subprocess.run(["git", "-C", str(REPO_ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                                  text=True, check=True, timeout=30).stdout.strip()
            dirty = subprocess.run(["git", "-C", str(REPO_ROOT), "status", "--porcelain", "--untracked-files=no"],
                                   capture_output=True, text=True, check=True, timeout=30).stdout.strip()
            return f"{head} (working tree modified)" if dirty else head
        except (OSError, subprocess.SubprocessError):
            return f"unknown ({REPO_ROOT})"
    return {
        "commit": commit(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "mkdocs": version("mkdocs"),
        "mkdocs-material": version("mkdocs-material"),
        "seed": SEED,
        "source_date_epoch": SOURCE_DATE_EPOCH,
        "gzip_level": GZIP_LEVEL,
        "peak_memory_and_cpu_from": ("/usr/bin/time -v" if os.access(TIME_BIN, os.X_OK)
                                     else "getrusage(RUSAGE_CHILDREN)"),
        "note": "wall times are sensitive to other processes; load_before lists the 1-minute load average per run",
    }


def report(results: list[Result], runs: int, out: Path) -> None:
    exponent, span = growth_exponent(results)
    goal_rows = goals(results, exponent)
    text = table_text(results)
    print("\n" + text)
    print(f"\ngrowth exponent of portal build time ({span}): "
          + ("n/a" if exponent is None else f"{exponent:.2f}"))
    print("\ngoals (information only):")
    for goal, value, verdict in goal_rows:
        print(f"  {verdict:4}  {goal}: {value}")
    for r in results:
        if r.search_kind:
            print(f"\n[{r.size}] {r.pages} pages; search: {r.search_kind} ({', '.join(r.search_files)}); "
                  f"home: {', '.join(r.home_files)}")
        for error in r.errors:
            print(f"\n[{r.size}] ERROR: {error}")

    out.mkdir(parents=True, exist_ok=True)
    env = environment()
    markdown = [
        "# Benchmark: Transformationsportal at scale",
        "",
        (f"Commit {env['commit']}. Median of {runs} run(s); seed {SEED}; {env['cpus']} CPUs; Python {env['python']}; "
         f"MkDocs {env['mkdocs']}, Material {env['mkdocs-material']}. MB = MiB, KB = KiB, gzip level {GZIP_LEVEL}. "
         "Portal and baseline builds take turns; the ratio is the median of the pairs' ratios."),
        "",
        table_markdown(results),
        "",
        f"Growth exponent of portal build time ({span}): " + ("n/a" if exponent is None else f"{exponent:.2f}"),
        "",
        "| goal | measured | result |",
        "|---|---:|---|",
        *[f"| {goal} | {value} | {verdict} |" for goal, value, verdict in goal_rows],
        "",
    ]
    (out / "benchmark.md").write_text("\n".join(markdown), encoding="utf-8")
    payload = {
        "columns": list(COLUMNS),
        "rows": [dict(zip(COLUMNS, r.row(), strict=True)) for r in results],
        "results": [asdict(r) for r in results],
        "growth_exponent": exponent,
        "growth_span": span,
        "goals": [{"goal": g, "measured": v, "result": res} for g, v, res in goal_rows],
        "runs": runs,
        "environment": env,
    }
    (out / "benchmark.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwritten: {out / 'benchmark.md'}, {out / 'benchmark.json'}")


def main(argv: list[str] | None = None) -> int:
    global REPO_ROOT  # noqa: PLW0603 - --repo points every run of this command at another checkout
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000, 10000], help="total records per catalogue")
    parser.add_argument("--edit-sizes", type=int, nargs="*", default=[],
                        help="catalogue sizes for the edit-to-preview measurement under mkdocs serve")
    parser.add_argument("--edit-real", action="store_true", help="edit-to-preview also on a copy of data/")
    parser.add_argument("--edit-saves", type=int, default=7, help="timed saves per catalogue (median)")
    parser.add_argument("--memory-saves", type=int, default=50, help="further saves while the memory is read")
    parser.add_argument("--runs", type=int, default=5,
                        help="runs per measurement (median; on a shared machine single pairs vary by a third)")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "benchmark-results", help="folder for the results")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before one command is stopped")
    parser.add_argument("--profile", action="store_true", help="also profile one portal build per size (cProfile)")
    parser.add_argument("--repo", type=Path, default=REPO_ROOT,
                        help="checkout to measure (default: this one), e.g. an unpacked 'git archive HEAD'")
    args = parser.parse_args(argv)
    REPO_ROOT = args.repo.resolve()
    results = []
    for size in args.sizes:
        results.append(measure(size, max(1, args.runs), args.timeout, args.out if args.profile else None))
    if results:
        report(results, args.runs, args.out)
    failed = any(r.errors for r in results)
    if args.edit_sizes or args.edit_real:
        edits = edit_benchmark.measure_all(args.edit_sizes, args.edit_real, repo=REPO_ROOT, saves=args.edit_saves,
                                           memory_saves=args.memory_saves)
        text = edit_benchmark.table(edits)
        print("\nedit-to-preview under mkdocs serve:\n" + text)
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "edit-to-preview.md").write_text(
            "# Edit-to-preview under mkdocs serve\n\nMedians of whole-process timings; see scripts/edit_benchmark.py."
            "\n\n" + text + "\n", encoding="utf-8")
        failed = failed or any(r.error for r in edits)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
