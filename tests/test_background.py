"""Work started in the background runs in its own process, so it uses the second core, and its
result (or its error) reaches the caller."""

from __future__ import annotations

import gc
import multiprocessing
import os
import weakref
from functools import partial

import pytest

from portal.site import background
from portal.site.background import Background, BackgroundError


@pytest.fixture(autouse=True)
def _unfrozen_afterwards():
    yield
    gc.unfreeze()  # what a build session does when its build closes


def test_runs_in_another_process_with_the_callers_data():
    data = {"seite.html": "x" * 1000}  # inherited through fork, not copied in
    job = Background(lambda: (os.getpid(), len(data["seite.html"])))
    pid, length = job.result()
    assert length == 1000
    if "fork" in multiprocessing.get_all_start_methods():
        assert pid != os.getpid()


def test_an_error_in_the_background_reaches_the_caller():
    job = Background(lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        job.result()


def test_without_fork_the_work_runs_when_the_result_is_asked_for(monkeypatch):
    monkeypatch.setattr(background.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    job = Background(os.getpid)
    assert job.result() == os.getpid()


def test_the_child_leaves_the_inherited_objects_to_reference_counting_and_the_caller_keeps_collecting():
    """The child freezes what it inherited, so its collector does not touch the memory it shares
    with the caller; the caller's objects stay collectable (portal.site.session)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("without fork nothing is frozen")
    gc.unfreeze()
    data = [{"seite": number} for number in range(1000)]
    job = Background(lambda: (gc.get_freeze_count(), len(data)))
    assert gc.get_freeze_count() == 0
    frozen_in_child, length = job.result()
    assert frozen_in_child >= length == 1000


class _Cycle:
    def __init__(self) -> None:
        self.me = self


@pytest.mark.parametrize("stop", [False, True])
def test_the_caller_can_free_what_the_work_refers_to_once_the_child_has_it_or_it_was_stopped(stop):
    """Under ``mkdocs serve`` the work of a build's exports and link check refers to the whole
    catalogue and every page; the collection after the next build must be able to free it."""
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("without fork the caller runs the work itself")
    cycle = _Cycle()
    alive = weakref.ref(cycle)
    job = Background(partial(len, [cycle]), deferred=stop)
    del cycle
    if stop:
        job.cancel()
    gc.collect()
    assert alive() is None
    if not stop:
        assert job.result() == 1


def test_deferred_work_runs_only_once_started_and_never_after_a_cancel(tmp_path):
    marker = tmp_path / "ran"

    def work() -> int:
        marker.write_text(str(os.getpid()), encoding="utf-8")
        return 42

    waiting = Background(work, deferred=True)
    assert waiting._process is None and not marker.exists()
    waiting.start()
    assert waiting.result() == 42 and marker.read_text(encoding="utf-8") != str(os.getpid())
    marker.unlink()
    given_up = Background(work, deferred=True)
    given_up.cancel()
    given_up.start()
    assert given_up._process is None and not marker.exists()
    for stop in ("cancel", "kill"):  # asked for its result, stopped work is not done in the caller either
        stopped = Background(work, deferred=True)
        getattr(stopped, stop)()
        with pytest.raises(BackgroundError):
            stopped.result()
        assert not marker.exists()
