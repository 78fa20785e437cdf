"""A build that fails or is stopped leaves the previous site as it was, and no process, work folder
or half-written folder behind; every fault ends with one German line, never a traceback.

Each build here runs in its own session with its own temporary folder, so the test sees exactly
the processes and work files that build made. Pagefind faults are simulated with a shadow
``pagefind_bin`` package first on ``PYTHONPATH`` that hands out a fake program.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from portal.load import filereader
from portal.load import loader as load
from tests.conftest import MINIMAL, REPO, errors_of
from tests.site_helpers import tree_digest

PATIENCE = 120  # seconds: an upper bound for waiting on a state, never a measurement


@pytest.fixture
def previous_site(tmp_path: Path) -> Path:
    """A site folder as an earlier build left it."""
    site = tmp_path / "out" / "site"
    (site / "netzwerke").mkdir(parents=True)
    (site / "index.html").write_text("<p>vorherige Website</p>", encoding="utf-8")
    (site / "netzwerke" / "index.html").write_text("<p>vorherige Netzwerke</p>", encoding="utf-8")
    return site


def build_env(tmp_path: Path, data: Path, **extra: str) -> dict[str, str]:
    work = tmp_path / "tmp"
    work.mkdir(exist_ok=True)
    return {**os.environ, "PORTAL_DATA": str(data), "SOURCE_DATE_EPOCH": "1764000000", "NO_MKDOCS_2_WARNING": "1",
            "TMPDIR": str(work), "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
            **extra}


def start_build(site: Path, env: dict[str, str], **options) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)], cwd=REPO,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, **options)


def run_build(site: Path, env: dict[str, str], **options) -> subprocess.CompletedProcess[str]:
    process = start_build(site, env, **options)
    stdout, stderr = process.communicate(timeout=PATIENCE)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def session_processes(session: int) -> list[str]:
    """Command lines of the live processes in ``session`` (zombies are gone in all but name)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()  # state, ppid, pgrp, session, ...
            if int(fields[3]) == session and fields[0] != "Z":
                found.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except (OSError, IndexError, ValueError):
            continue
    return found


def wait_for(condition, what: str):
    deadline = time.monotonic() + PATIENCE
    while not (result := condition()):
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.01)
    return result


def leftovers(tmp_path: Path, site: Path) -> list[str]:
    """Work files in the build's temporary folder and fresh folders next to the site."""
    work = sorted(path.name for path in (tmp_path / "tmp").iterdir())
    fresh = sorted(path.name for path in site.parent.iterdir() if path.name != site.name)
    return work + fresh


needs_linux = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")


@pytest.fixture(scope="module")
def big_data(tmp_path_factory) -> Path:
    """Enough records that pages are rendered in worker processes."""
    target = tmp_path_factory.mktemp("big") / "data"
    subprocess.run([sys.executable, "scripts/synth_catalogue.py", "--records", "700", "--seed", "3",
                    "--out", str(target)], cwd=REPO, check=True, capture_output=True, timeout=PATIENCE)
    return target


def rendering_workers(session: int) -> bool:
    """Whether the build's page-rendering workers run: forks of the build at normal priority
    (the link check's fork runs at lower priority)."""
    found = 0
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
            if entry.name != str(session) and int(fields[3]) == session and fields[16] == "0" \
                    and b"mkdocs" in (entry / "cmdline").read_bytes():
                found += 1
        except (OSError, IndexError, ValueError):
            continue
    return found > 0


@needs_linux
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL],
                         ids=["Ctrl-C", "SIGTERM (a cancelled job)", "SIGKILL (out of memory)"])
def test_a_stopped_build_leaves_the_previous_site_and_no_process(tmp_path, previous_site, big_data, sig):
    before = tree_digest(previous_site)
    process = start_build(previous_site, build_env(tmp_path, big_data))
    session = process.pid
    wait_for(lambda: process.poll() is not None or rendering_workers(session), "the rendering workers")
    assert process.poll() is None, process.communicate()[1][-2000:]
    process.send_signal(sig)
    _, stderr = process.communicate(timeout=PATIENCE)
    assert process.returncode != 0
    assert "Traceback" not in stderr
    wait_for(lambda: session_processes(session) == [], "the build's processes to end")
    assert tree_digest(previous_site) == before
    if sig != signal.SIGKILL:
        assert leftovers(tmp_path, previous_site) == []
    else:  # a killed build cannot clean up; the next build removes what it left
        assert leftovers(tmp_path, previous_site) != []
        result = run_build(previous_site, build_env(tmp_path, MINIMAL))
        assert result.returncode == 0, result.stderr[-2000:]
        assert leftovers(tmp_path, previous_site) == []
        assert (previous_site / "netzwerke" / "beispiel-netz" / "index.html").is_file()


@needs_linux
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["Ctrl-C", "SIGTERM"])
def test_a_build_stopped_while_pagefind_runs_stops_pagefind(tmp_path, previous_site, sig):
    before = tree_digest(previous_site)
    env = build_env(tmp_path, MINIMAL, PORTAL_PAGEFIND_TIMEOUT="600")
    env["PYTHONPATH"] = os.pathsep.join([str(fake_pagefind(tmp_path, "hangs")), env["PYTHONPATH"]])
    process = start_build(previous_site, env)
    session = process.pid
    wait_for(lambda: process.poll() is not None or any("sleep 100000" in c for c in session_processes(session)),
             "Pagefind (a fake that never ends)")
    process.send_signal(sig)
    _, stderr = process.communicate(timeout=PATIENCE)
    assert process.returncode != 0
    assert "Traceback" not in stderr
    # Pagefind was stopped; a worker the build's end killed may still be on its way out for a moment
    wait_for(lambda: session_processes(session) == [], "the build's processes to end")
    assert tree_digest(previous_site) == before
    assert leftovers(tmp_path, previous_site) == []


def test_a_successful_build_replaces_the_whole_previous_site(tmp_path, previous_site):
    (previous_site / "veraltet.html").write_text("alt", encoding="utf-8")
    result = run_build(previous_site, build_env(tmp_path, MINIMAL))
    assert result.returncode == 0, result.stderr[-2000:]
    assert not (previous_site / "veraltet.html").exists()
    assert "vorherige" not in (previous_site / "index.html").read_text(encoding="utf-8")
    assert (previous_site / "pagefind" / "pagefind-entry.json").is_file()
    assert leftovers(tmp_path, previous_site) == []


def test_bad_data_leaves_the_previous_site(tmp_path, previous_site, data_dir):
    before = tree_digest(previous_site)
    path = data_dir / "netzwerke" / "beispiel-netz.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("stand:", "stnad:"), encoding="utf-8")
    result = run_build(previous_site, build_env(tmp_path, data_dir))
    assert result.returncode != 0
    assert "beispiel-netz.yml:" in result.stderr and "stnad: unbekanntes Feld" in result.stderr
    assert tree_digest(previous_site) == before
    assert leftovers(tmp_path, previous_site) == []


# --- Pagefind faults ---------------------------------------------------------------------------

PROGRAMS = {
    "hangs": "exec sleep 100000",
    "fails": "echo 'Fehler beim Lesen der Seiten' >&2; exit 3",
    "writes nothing": "exit 0",
    "writes a broken index": 'mkdir -p "$4" && echo "{kaputt" > "$4/pagefind-entry.json"',
    "crashes": "kill -SEGV $$",
}
EXPECTED = {
    "hangs": "Pagefind war nach 1 s nicht fertig und wurde beendet (Zeitlimit ändern: PORTAL_PAGEFIND_TIMEOUT=",
    "fails": "Pagefind endete mit dem Exit-Code 3: Fehler beim Lesen der Seiten",
    "writes nothing": "Pagefind hat keinen lesbaren Suchindex geschrieben: ",
    "writes a broken index": "Pagefind hat keinen lesbaren Suchindex geschrieben: JSONDecodeError",
    "crashes": "Pagefind wurde durch das Signal SIGSEGV (11) beendet",
    "is missing": "Pagefind ließ sich nicht starten: ",
}


def fake_pagefind(tmp_path: Path, behaviour: str) -> Path:
    """A folder to put first on PYTHONPATH whose ``pagefind_bin`` hands out a fake program."""
    shadow = tmp_path / "shadow"
    (shadow / "pagefind_bin").mkdir(parents=True)
    program = tmp_path / "fake-pagefind"
    if behaviour in PROGRAMS:
        program.write_text(f"#!/bin/sh\n{PROGRAMS[behaviour]}\n", encoding="utf-8")
        program.chmod(0o755)
    (shadow / "pagefind_bin" / "__init__.py").write_text(
        f"from pathlib import Path\n\ndef get_executable():\n    return Path({str(program)!r})\n", encoding="utf-8")
    return shadow


@needs_linux
@pytest.mark.parametrize("behaviour", list(EXPECTED))
def test_a_failing_pagefind_ends_the_build_with_one_german_line(tmp_path, previous_site, behaviour):
    before = tree_digest(previous_site)
    shadow = fake_pagefind(tmp_path, behaviour)
    env = build_env(tmp_path, MINIMAL, PORTAL_PAGEFIND_TIMEOUT="1")
    env["PYTHONPATH"] = os.pathsep.join([str(shadow), env["PYTHONPATH"]])
    process = start_build(previous_site, env)
    _, stderr = process.communicate(timeout=PATIENCE)
    assert process.returncode != 0
    assert f"ERROR   -  Der Suchindex konnte nicht gebaut werden: {EXPECTED[behaviour]}" in stderr, stderr[-2000:]
    assert "Traceback" not in stderr
    # a hanging Pagefind was killed, not left running (a worker may still be on its way out for a moment)
    wait_for(lambda: session_processes(process.pid) == [], "the build's processes to end")
    assert tree_digest(previous_site) == before
    assert leftovers(tmp_path, previous_site) == []


def test_pagefinds_timeout_grows_with_the_pages_and_can_be_set(monkeypatch):
    from portal.site.search_index import TIMEOUT_VARIABLE, SearchIndexError, timeout_for

    monkeypatch.delenv(TIMEOUT_VARIABLE, raising=False)
    assert timeout_for(10_000) > timeout_for(100) > 0
    monkeypatch.setenv(TIMEOUT_VARIABLE, "2.5")
    assert timeout_for(10_000) == 2.5
    monkeypatch.setenv(TIMEOUT_VARIABLE, "lange")
    with pytest.raises(SearchIndexError, match="PORTAL_PAGEFIND_TIMEOUT='lange' ist keine Zahl"):
        timeout_for(1)


# --- file-system faults --------------------------------------------------------------------------

def _small_files_only() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (8_000, 8_000))  # every page is larger: a full disk, in effect


@needs_linux
def test_a_write_error_ends_the_build_with_one_german_line_and_keeps_the_previous_site(tmp_path, previous_site):
    before = tree_digest(previous_site)
    result = run_build(previous_site, build_env(tmp_path, MINIMAL), preexec_fn=_small_files_only)
    assert result.returncode != 0
    assert "Fehler: Datei zu groß für das System; die bisherige Website ist unverändert." in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(previous_site) == before
    assert leftovers(tmp_path, previous_site) == []


def test_an_unreadable_data_file_is_one_error_line_naming_the_file(data_dir, monkeypatch):
    unreadable = data_dir / "hubs" / "traweba.yml"
    real_open = open

    def refusing(path, *args, **kwargs):
        if Path(path) == unreadable:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(filereader, "open", refusing, raising=False)
    errors = errors_of(data_dir)
    assert [e for e in errors if "traweba.yml" in e] == \
        [f"{load.display_path(unreadable)}:1:1: (Datei): nicht lesbar: keine Berechtigung"]
