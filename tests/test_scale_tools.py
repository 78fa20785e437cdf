"""The tools for the "Performance at scale" issue: synthetic catalogue and benchmark script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from portal.load.filereader import schema_comment
from portal.load.loader import load_catalogue
from portal.model.kinds import KINDS

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
sys.path.insert(0, str(SCRIPTS))

import edit_benchmark  # noqa: E402 - found through the path set just above
import synth_catalogue  # noqa: E402 - found through the path set just above


def _generate(out: Path, records: int = 60, seed: int = 1, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPTS / "synth_catalogue.py"), "--records", str(records), "--seed", str(seed),
         "--out", str(out), *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def catalogue_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "data"
    result = _generate(out)
    assert result.returncode == 0, result.stderr
    return out


def test_generated_catalogue_is_valid_with_every_kind(catalogue_dir):
    catalogue = load_catalogue(catalogue_dir)
    total = sum(len(records) for records in catalogue.records.values())
    assert total == 60
    for kind in KINDS:
        assert catalogue.records[kind.name], f"no {kind.folder}"
    assert any(p.zaehlungen for p in catalogue.foerderprogramme)
    assert any(e.workshops for e in catalogue.veranstaltungen)


def test_every_file_starts_with_the_schema_line(catalogue_dir):
    settings = catalogue_dir / "site.yml"
    assert settings.read_text(encoding="utf-8").split("\n", 1)[0] == schema_comment(None)
    for kind in KINDS:
        for path in (catalogue_dir / kind.folder).glob("*.yml"):
            assert path.read_text(encoding="utf-8").split("\n", 1)[0] == schema_comment(kind), path


def test_ids_the_docs_link_to_exist(catalogue_dir):
    catalogue = load_catalogue(catalogue_dir)
    for folder, required in synth_catalogue.REQUIRED_RECORDS.items():
        kind = KINDS.by_folder[folder].name
        for record_id, _ in required:
            assert record_id in catalogue.records[kind], f"{folder}/{record_id}.yml missing"
    event = catalogue.by_id["vernetzungstreffen-stuttgart-2023"]
    assert len(event.workshops) >= synth_catalogue.REQUIRED_WORKSHOPS


def test_references_and_text_lengths_are_realistic(catalogue_dir):
    catalogue = load_catalogue(catalogue_dir)
    for network in catalogue.netzwerke:
        assert len(network.koordination) == 1
        assert 3 <= len(network.partner) <= 8
        assert 1 <= len(network.foerderung) <= 3 and all(f.programm for f in network.foerderung)
        assert 80 <= synth_catalogue.word_count(network.beschreibung) <= 200
    for topic in catalogue.themen:
        assert 300 <= synth_catalogue.word_count(topic.einfuehrung) <= 450
        assert "### " in topic.einfuehrung
        assert topic.verwandte_themen
    for event in catalogue.veranstaltungen:
        assert event.veranstalter and event.themen


def test_same_seed_same_bytes_other_seed_differs(tmp_path, catalogue_dir):
    again = tmp_path / "again"
    other = tmp_path / "other"
    assert _generate(again).returncode == 0
    assert _generate(other, 60, 2).returncode == 0
    assert _files(again) == _files(catalogue_dir)
    assert _files(other) != _files(catalogue_dir)


def test_laender_spread_over_all_sixteen(tmp_path):
    out = tmp_path / "data"
    assert _generate(out, 400, 3).returncode == 0
    catalogue = load_catalogue(out)
    used = {code for n in catalogue.netzwerke + catalogue.cluster for code in n.laender}
    used |= {o.land for o in catalogue.organisationen if o.land}
    assert len(used) == 16


def test_refuses_non_empty_folder_without_force(tmp_path):
    out = tmp_path / "data"
    assert _generate(out, 40).returncode == 0
    refused = _generate(out, 40, 2)
    assert refused.returncode != 0 and "--force" in refused.stderr
    assert _generate(out, 40, 2, "--force").returncode == 0
    stranger = tmp_path / "other"
    stranger.mkdir()
    (stranger / "notes.txt").write_text("keep me", encoding="utf-8")
    assert _generate(stranger, 40, 1, "--force").returncode != 0
    assert (stranger / "notes.txt").exists()


def test_benchmark_writes_the_table(tmp_path):
    out = tmp_path / "results"
    result = subprocess.run(
        [sys.executable, str(SCRIPTS / "benchmark.py"), "--sizes", "40", "--runs", "1", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=170, check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    table = (out / "benchmark.md").read_text(encoding="utf-8")
    header = next(line for line in table.splitlines() if line.startswith("| size"))
    assert [c.strip() for c in header.strip("|").split("|")] == [
        "size", "portal build s", "baseline build s", "ratio portal/baseline", "portal CPU s", "baseline CPU s",
        "peak MB", "site MB", "check s", "home KB gz", "search KB gz",
    ]
    row = next(line for line in table.splitlines() if line.startswith("| 40 "))
    assert "–" not in row, row
    data = json.loads((out / "benchmark.json").read_text(encoding="utf-8"))
    assert data["columns"][0] == "size" and data["rows"][0]["size"] == "40"


def test_benchmark_measures_edit_to_preview_under_serve(tmp_path):
    """A save shows on the served page and a broken save shows the error page: the edit benchmark
    gets a figure for each (the figures themselves are the benchmark's, not the test's)."""
    out = tmp_path / "results"
    result = subprocess.run(
        [sys.executable, str(SCRIPTS / "benchmark.py"), "--sizes", "--edit-sizes", "40", "--edit-saves", "1",
         "--memory-saves", "0", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    row = next(line for line in (out / "edit-to-preview.md").read_text(encoding="utf-8").splitlines()
               if line.startswith("| 40 synthetic"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert float(cells[3]) > 0 and float(cells[6]) > 0  # edit-to-preview median, broken save: not "n/a"


def test_edit_benchmark_reports_a_preview_that_ends_instead_of_waiting_for_it(tmp_path, catalogue_dir, monkeypatch):
    """When ``mkdocs serve`` cannot start (here: a folder without ``mkdocs.yml``), the measurement
    ends with that as its error, not with a page that never showed after the whole timeout."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the log of the failed run stays in tmp_path
    data = tmp_path / "data"
    data.mkdir()
    hub = min((catalogue_dir / "hubs").glob("*.yml"))
    (data / "hubs").mkdir()
    (data / "hubs" / hub.name).write_bytes(hub.read_bytes())
    result = edit_benchmark.measure_edits(data, "leer", repo=tmp_path, saves=1, memory_saves=0, timeout=60)
    assert result.error is not None and "mkdocs serve endete" in result.error, result.error
    assert (data / "hubs" / hub.name).read_bytes() == hub.read_bytes()  # the measured file is as it was


def test_benchmark_measures_a_pagefind_search(tmp_path):
    """A first search counts the search page and its own script, and Pagefind's filter tables only
    for a page with Pagefind's Default UI, which fetches them all before anyone searches."""
    pytest.importorskip("pagefind")
    import benchmark

    site = tmp_path / "site"
    for number, word in enumerate(("Batterie und Recycling", "Batteriezellen", "Wasserstoff")):
        page = site / f"seite-{number}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f'<html lang="de"><body><main><h1>Seite {number}</h1><p>{word} im Mittelstand.</p>'
                        f'<p data-pagefind-filter="Art">Art {number % 2}</p></main></body></html>', encoding="utf-8")
    (site / "index.html").write_text('<html lang="de"><body><h1>Start</h1></body></html>', encoding="utf-8")
    (site / "suche").mkdir()
    search_page = site / "suche" / "index.html"
    search_page.write_text('<html lang="de"><body><h1>Suche</h1><script src="../assets/suche.js"></script>'
                           "</body></html>", encoding="utf-8")
    (site / "assets").mkdir()
    (site / "assets" / "suche.js").write_text('import(new URL("../pagefind/pagefind.js", location.href).href);',
                                               encoding="utf-8")
    indexed = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site)],
                             capture_output=True, text=True, timeout=120, check=False)
    assert indexed.returncode == 0, indexed.stdout + indexed.stderr
    total, kind, files = benchmark.search_weight(site)
    assert kind == "pagefind", kind
    assert sum(name.endswith(".pf_fragment") for name in files) == 2  # the two pages with "batterie…"
    assert any(name.endswith(".pf_index") for name in files) and total > 0
    assert {"suche/index.html", "assets/suche.js", "pagefind/pagefind.js", "pagefind/pagefind-worker.js"} <= set(files)
    assert not any(name.endswith(".pf_filter") for name in files)

    search_page.write_text('<html lang="de"><body><h1>Suche</h1><div id="suche"></div>'
                           '<script src="../pagefind/pagefind-ui.js"></script></body></html>', encoding="utf-8")
    with_default_ui, _, files = benchmark.search_weight(site)
    assert "pagefind/pagefind-ui.js" in files and "assets/suche.js" not in files
    assert sum(name.endswith(".pf_filter") for name in files) == 1  # the table of the filter "Art"
    assert with_default_ui > total


def test_a_run_ends_when_the_command_ends_not_at_the_next_memory_sample(monkeypatch):
    """Memory is sampled every SAMPLE_SECONDS; a command that ends in between must not be timed
    up to the next sample, or every figure (and a check near its limit) grows by up to that much.
    With samples ten minutes apart, a quick command is sampled once and the run returns at its end
    (the join below only keeps a broken implementation from hanging the suite)."""
    import benchmark

    samples = []
    monkeypatch.setattr(benchmark, "SAMPLE_SECONDS", 600)
    monkeypatch.setattr(benchmark, "tree_rss_kb", lambda pid: samples.append(pid) or 1)
    result = []
    worker = threading.Thread(target=lambda: result.append(benchmark.run_measured(
        [sys.executable, "-c", "pass"], cwd=ROOT, env=benchmark.base_env(), timeout=3600)), daemon=True)
    worker.start()
    worker.join(300)
    assert not worker.is_alive(), "run_measured waited for the next memory sample"
    assert result[0].returncode == 0 and len(samples) == 1
    assert result[0].seconds < benchmark.SAMPLE_SECONDS


@pytest.mark.parametrize("source", ["time", "getrusage"])
def test_processor_time_counts_the_processes_the_build_starts(monkeypatch, source):
    """The build renders, indexes and checks in child processes; its processor time must include
    theirs, with /usr/bin/time as with the getrusage wrapper used where it is missing. The child
    here works until its own clock says 0.3 s, so the figure cannot be smaller."""
    import benchmark

    if source == "getrusage":
        monkeypatch.setattr(benchmark, "TIME_BIN", "/nonexistent/time")
    elif not os.access(benchmark.TIME_BIN, os.X_OK):
        pytest.skip("no /usr/bin/time")
    child = "import time\nwhile time.process_time() < 0.3: pass"
    code = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {child!r}], check=True)"
    run = benchmark.run_measured([sys.executable, "-c", code], cwd=ROOT, env=benchmark.base_env(), timeout=600)
    assert run.returncode == 0 and run.cpu_s is not None and run.cpu_s >= 0.3


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="needs Linux /proc")
def test_memory_of_a_process_tree_counts_pages_shared_after_fork_once():
    """A forked child shares its parent's pages until it writes them; summing resident sizes would
    count them twice and make the build's peak memory look larger than the machine sees."""
    import benchmark

    code = ("import os, sys, time\n"
            "block = bytearray(os.urandom(64 * 1024 * 1024))\n"
            "child = os.fork()\n"
            "if child == 0:\n"
            "    os.close(1); time.sleep(60); os._exit(0)\n"
            "print('ready', flush=True); sys.stdin.readline(); os.kill(child, 9)\n")
    process = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "ready"
        tree_mb = benchmark.tree_rss_kb(process.pid) / 1024
    finally:
        process.communicate("\n")
    assert 64 <= tree_mb < 64 * 1.5


def test_a_first_search_counts_the_chunks_that_can_hold_the_query():
    """Pagefind names a chunk by the shortest prefixes of its first and last word."""
    import benchmark

    chunks = [["aal", "ag"], ["ah", "b"], ["ba", "batt"], ["bau", "bz"], ["c", "d"]]
    # ["ah", "b"] ends with some word starting with "b": it might be "batterie", so it counts too
    assert benchmark.chunks_for(chunks, "batteri") == [["ah", "b"], ["ba", "batt"]]
    assert benchmark.chunks_for(chunks, "b") == [["ah", "b"], ["ba", "batt"], ["bau", "bz"]]
