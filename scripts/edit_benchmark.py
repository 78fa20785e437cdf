"""Edit-to-preview under ``mkdocs serve``: how long from saving a data file until the served page shows it.

    python scripts/edit_benchmark.py [--sizes 100 1000 10000] [--real] [--saves 7] [--memory-saves 50] [--pause 2]

Also called by ``scripts/benchmark.py --edit-sizes …``. For each catalogue (synthetic ones from
``scripts/synth_catalogue.py`` with the benchmark's seed, and with ``--real`` a copy of ``data/``) it
starts ``mkdocs serve`` on a free port with ``PORTAL_DATA`` set to the catalogue, waits for the first
build, then changes the name of one hub ``--saves`` times: each time it writes the file, asks the
served page every 20 ms until it shows the new name (the median is the figure) and waits ``--pause``
seconds (2 by default; at 10,000 records the exports, search index and link check of a save take
longer, so the next save stops them, and a longer pause lets them get further). Then
it saves a broken file (invalid YAML) and times until the page shows the preview's error page,
repairs it, and saves ``--memory-saves`` more changes, reading the serve process's resident memory
(``VmRSS``) after each: the median of the last ten minus the median of the first ten is its growth.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth_catalogue  # noqa: E402 - found through the path set just above

SEED = 20230508
POLL_SECONDS = 0.02
ERROR_MARK = "Vorschau: Fehler"


@dataclass
class EditResult:
    label: str
    records: int
    first_build_s: float
    saves_s: list[float] = field(default_factory=list)
    cpu_s: list[float] = field(default_factory=list)  # processor time of the serve process per timed save
    broken_s: float | None = None
    rss_mb: list[float] = field(default_factory=list)
    error: str | None = None

    @property
    def median_s(self) -> float | None:
        return statistics.median(self.saves_s) if self.saves_s else None

    @property
    def rss_growth_mb(self) -> float | None:
        if len(self.rss_mb) < 20:
            return None
        return statistics.median(self.rss_mb[-10:]) - statistics.median(self.rss_mb[:10])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read().decode("utf-8", errors="replace")
    except OSError:
        return None


class ServerEnded(RuntimeError):
    """``mkdocs serve`` ended while a page was awaited (it would never show the text)."""


def _wait_for(url: str, text: str, timeout: float, server: subprocess.Popen) -> float:
    """Seconds until the page at ``url`` contains ``text``; raises ServerEnded as soon as ``server``
    has ended (e.g. a configuration that does not load) instead of waiting out ``timeout``."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if server.poll() is not None:
            raise ServerEnded(f"mkdocs serve endete mit dem Code {server.returncode}")
        body = _get(url)
        if body is not None and text in body:
            return time.perf_counter() - start
        time.sleep(POLL_SECONDS)
    raise TimeoutError(f"{url} zeigte '{text}' nicht nach {timeout:.0f} s")


def _cpu_s(pid: int) -> float:
    """Processor time (user and system) the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure_edits(data: Path, label: str, *, repo: Path, saves: int, memory_saves: int, pause: float = 2.0,
                  timeout: float = 1800) -> EditResult:
    """Start ``mkdocs serve`` on ``data`` and time saves (see the module's docstring)."""
    hub_file = min((data / "hubs").glob("*.yml"))
    records = sum(1 for _ in data.glob("*/*.yml"))
    original = hub_file.read_text(encoding="utf-8")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/hubs/{hub_file.stem}/"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PORTAL_DATA=str(data.resolve()), PYTHONPATH=str(repo))
    handle, log_name = tempfile.mkstemp(prefix="edit-bench-", suffix=".log")
    start = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=repo, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
    result = EditResult(label, records, 0.0)
    try:
        _wait_for(url, "<html", timeout, server)
        result.first_build_s = time.perf_counter() - start
        time.sleep(2)  # the first build's search index and link check
        for number in range(saves + memory_saves):
            mark = f"Messung{number} "
            text = original.replace("\nname: ", f"\nname: {mark}", 1)
            began, cpu = time.perf_counter(), _cpu_s(server.pid)
            hub_file.write_text(text, encoding="utf-8")
            _wait_for(url, mark, timeout, server)
            seconds = time.perf_counter() - began
            if number < saves:
                result.saves_s.append(seconds)
                result.cpu_s.append(_cpu_s(server.pid) - cpu)
            else:
                result.rss_mb.append(_rss_mb(server.pid))
            time.sleep(pause)  # an editor's pause (see the module's docstring)
            if number == saves - 1:
                began = time.perf_counter()
                hub_file.write_text(original.replace("\nname: ", "\nname: [kaputt\n", 1), encoding="utf-8")
                _wait_for(url, ERROR_MARK, timeout, server)
                result.broken_s = time.perf_counter() - began
                time.sleep(0.5)
    except (TimeoutError, OSError, ServerEnded) as exc:
        result.error = f"{exc}; Ausgabe: {log_name}"
    finally:
        hub_file.write_text(original, encoding="utf-8")
        with contextlib.suppress(ProcessLookupError):  # its process group is gone when it ended by itself
            os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    os.close(handle)
    if result.error is None:
        os.unlink(log_name)
    return result


def measure_all(sizes: list[int], real: bool, *, repo: Path, saves: int, memory_saves: int,
                pause: float = 2.0) -> list[EditResult]:
    results = []
    with tempfile.TemporaryDirectory(prefix="edit-bench-") as scratch:
        catalogues = [(f"{size} synthetic", Path(scratch) / f"synth-{size}", size) for size in sizes]
        if real:
            catalogues.insert(0, ("real data", Path(scratch) / "real", 0))
        for label, folder, size in catalogues:
            if size:
                synth_catalogue.main(["--records", str(size), "--seed", str(SEED), "--out", str(folder)])
            else:
                shutil.copytree(repo / "data", folder)
            results.append(measure_edits(folder, label, repo=repo, saves=saves, memory_saves=memory_saves,
                                         pause=pause))
            print(table([results[-1]]), flush=True)
    return results


def table(results: list[EditResult]) -> str:
    def seconds(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.2f}"

    header = ("| catalogue | records | first build s | edit-to-preview s (median) | saves s | serve CPU s per save "
              "(median) | broken save s | serve RSS MB | RSS growth MB |")
    lines = [header, "|---|---:|---:|---:|---|---:|---:|---:|---:|"]
    for r in results:
        rss = f"{statistics.median(r.rss_mb):.0f}" if r.rss_mb else "n/a"
        growth = "n/a" if r.rss_growth_mb is None else f"{r.rss_growth_mb:+.1f} ({len(r.rss_mb)} saves)"
        lines.append(f"| {r.label} | {r.records} | {r.first_build_s:.1f} | {seconds(r.median_s)} | "
                     f"{' '.join(f'{s:.2f}' for s in r.saves_s)} | "
                     f"{seconds(statistics.median(r.cpu_s) if r.cpu_s else None)} | "
                     f"{seconds(r.broken_s)} | {rss} | {growth} |"
                     + (f" ERROR: {r.error}" if r.error else ""))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000, 10000], help="synthetic catalogue sizes")
    parser.add_argument("--real", action="store_true", help="also measure a copy of data/")
    parser.add_argument("--saves", type=int, default=7, help="timed saves per catalogue (median)")
    parser.add_argument("--memory-saves", type=int, default=50, help="further saves while memory is read")
    parser.add_argument("--pause", type=float, default=2.0, help="seconds between a save shown and the next save")
    parser.add_argument("--repo", type=Path, default=REPO_ROOT, help="checkout to measure")
    args = parser.parse_args(argv)
    results = measure_all(args.sizes, args.real, repo=args.repo.resolve(), saves=args.saves,
                          memory_saves=args.memory_saves, pause=args.pause)
    print("\n" + table(results))
    return 1 if any(r.error for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
