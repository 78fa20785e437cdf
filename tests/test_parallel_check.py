"""``check`` reads big data sets in worker processes; what it reports must not depend on that:
every error of every file, in the same order and with the same paths and positions as when one
process reads them, and the same counts."""

from __future__ import annotations

import multiprocessing
import os
import shutil
from pathlib import Path

import pytest

from portal.common.fanout import ordered_map
from portal.load import loader as load
from portal.load.loader import check_catalogue, display_path, load_catalogue
from tests.conftest import MINIMAL, errors_of

NET = "netzwerke/beispiel-netz.yml"


def _pid_and_items(shared, items):
    return [(os.getpid(), item) for item in items]


_TWO_AT_ONCE: dict = {}  # set by the test before the workers fork, so they share it


def _pid_and_items_once_two_run(shared, items):
    """Like :func:`_pid_and_items`, but the first run waits until a second one runs at the same time:
    on a busy machine one worker could otherwise take every run before the other starts (no timing
    decides the outcome; only a fan-out that never runs two at once waits for the minute)."""
    running, both = _TWO_AT_ONCE["running"], _TWO_AT_ONCE["both"]
    with running.get_lock():
        running.value += 1
        if running.value >= 2:
            both.set()
    both.wait(60)
    result = _pid_and_items(shared, items)
    with running.get_lock():
        running.value -= 1
    return result


def test_fanout_keeps_the_order_and_uses_worker_processes(monkeypatch):
    context = multiprocessing.get_context("fork")
    monkeypatch.setitem(_TWO_AT_ONCE, "running", context.Value("i", 0))
    monkeypatch.setitem(_TWO_AT_ONCE, "both", context.Event())
    parallel = len(os.sched_getaffinity(0)) > 1
    results = ordered_map(_pid_and_items_once_two_run if parallel else _pid_and_items, list(range(500)), min_items=1)
    assert [item for _, item in results] == list(range(500))
    pids = {pid for pid, _ in results}
    if parallel:
        assert os.getpid() not in pids and len(pids) > 1


def test_fanout_runs_small_jobs_in_this_process():
    assert {pid for pid, _ in ordered_map(_pid_and_items, [1, 2, 3], min_items=4)} == {os.getpid()}


@pytest.fixture
def many_files(tmp_path: Path) -> Path:
    """The minimal catalogue plus 80 networks: every third has a schema error, every fifth names a
    topic that does not exist, and every seventh names a network whose own file is broken."""
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    template = (data / NET).read_text(encoding="utf-8")
    for number in range(80):
        text = template
        if number % 3 == 0:
            text = text.replace("stand: 2026-11-24", "stand: gestern")
        if number % 5 == 0:
            text = text.replace("themen: [batterie-wertschoepfung,", "themen: [gibtsnicht,")
        if number % 7 == 0:
            text = text.replace("koordination: [beispiel-ihk]", "koordination: [netz-00]")
        (data / "netzwerke" / f"netz-{number:02d}.yml").write_text(text, encoding="utf-8")
    return data


def test_errors_from_many_files_are_complete_and_in_the_same_order(many_files, monkeypatch):
    monkeypatch.setattr(load, "PARALLEL_MIN_FILES", 10**9)
    one_process = errors_of(many_files, check_catalogue)
    monkeypatch.setattr(load, "PARALLEL_MIN_FILES", 1)
    workers = errors_of(many_files, check_catalogue)
    assert workers == one_process == errors_of(many_files)
    shown = display_path(many_files / "netzwerke")
    assert f"{shown}/netz-00.yml:38:1: stand: 'gestern' ist kein Datum im Format JJJJ-MM-TT (z. B. 2023-05-08)" \
        in workers
    assert f"{shown}/netz-05.yml:15:10: themen[1]: 'gibtsnicht' ist kein bekannter Eintrag" in "\n".join(workers)
    assert len([e for e in workers if ": stand: " in e]) == 27
    assert len([e for e in workers if "'gibtsnicht'" in e]) == 10  # 16, less those with a schema error
    # netz-00 is broken, so the networks that name it as coordinator get no second error for it
    assert not any("'netz-00'" in e for e in workers)


def test_counts_are_the_same_from_worker_processes(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    for number in range(30):
        shutil.copy(data / NET, data / "netzwerke" / f"netz-{number:02d}.yml")
    monkeypatch.setattr(load, "PARALLEL_MIN_FILES", 1)
    catalogue = load_catalogue(data)
    assert check_catalogue(data) == {kind: len(records) for kind, records in catalogue.records.items()}
    assert check_catalogue(data)["netzwerk"] == 31


def test_a_page_that_fails_to_render_in_a_worker_fails_the_build_and_leaves_nothing_behind(monkeypatch):
    from portal.pages import plan
    from portal.site import build, rendering

    render_page = plan.render_page

    def failing(renderer, page):
        if page.source.src_uri.startswith("hubs/"):
            raise RuntimeError("Vorlage kaputt")
        return render_page(renderer, page)

    monkeypatch.setattr(rendering, "PARALLEL_FROM", 1)  # the rendering runs in worker processes
    monkeypatch.setattr(plan, "render_page", failing)
    current = build.start_build(Path(__file__).resolve().parent.parent)
    with pytest.raises(RuntimeError, match="Vorlage kaputt"):
        current.rendering.result()
    current.close()
    assert not Path(current.work.name).exists()
    assert multiprocessing.active_children() == []
