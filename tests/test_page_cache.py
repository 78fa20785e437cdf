"""The preview's page cache asks a page's questions again after a save only where a changed record lies
in the question's declared footprint (portal.model.footprint). If a footprint were too small, the
preview would keep a page that a build from scratch renders differently; these tests make edits an
editor makes to a synthetic catalogue and compare, for every question its pages asked, what the
footprint says with the answer itself."""

from __future__ import annotations

import copy
import random
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TypeVar

import pytest

from portal.load.filecache import FileCache
from portal.load.loader import load_catalogue
from portal.model.catalogue import Catalogue
from portal.model.footprint import Footprint
from portal.pages.plan import plan_pages, render_page
from portal.pages.renderer import Renderer
from portal.site.page_cache import Answers, Basis, Changes
from portal.site.questions import Digests, Question, Reading
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))

import synth_catalogue  # found through the path set just above

TODAY = date(2026, 12, 5)
T = TypeVar("T")
REFERENCE_LINE = re.compile(r"^\s+- ([a-z0-9-]+)$", re.MULTILINE)
TITLE_LINE = re.compile(r"^(name|titel): (.+)$", re.MULTILINE)


def _load(folder: Path) -> tuple[Catalogue, Basis]:
    cache = FileCache()
    catalogue = load_catalogue(folder, cache=cache)
    return catalogue, Basis([], b"", catalogue.by_id, dict(cache.versions))


def _pages(catalogue: Catalogue, versions: dict[str, bytes], digests: Digests | None = None,
           renderer: Renderer | None = None) -> list[tuple[Footprint | None, dict[Question, bytes]]]:
    """Each of the catalogue's pages as the page cache remembers it: the footprint of its questions
    together, and each question it asked while it rendered, with its answer's digest (``digests``:
    the build's answers digested so far, shared by the pages)."""
    renderer = renderer or Renderer(catalogue, TODAY)
    pages = []
    for page in plan_pages(catalogue, None):
        reading = Reading(catalogue, renderer.shared, versions, digests)
        reader = copy.copy(renderer)
        reader.catalogue, reader.shared = reading.catalogue, reading.shared
        render_page(reader, page)
        pages.append((reading.footprint(renderer.footprints), reading.answers))
    return pages


def _questions(catalogue: Catalogue, versions: dict[str, bytes]) -> dict[Question, bytes]:
    """Every question the catalogue's pages ask while they render, with its answer's digest."""
    return {question: answer for _, answers in _pages(catalogue, versions) for question, answer in answers.items()}


def _files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.glob("*/*.yml"))


def _retitle(folder: Path, rng: random.Random, catalogue: Catalogue) -> str:
    path = rng.choice([path for path in _files(folder) if TITLE_LINE.search(path.read_text(encoding="utf-8"))])
    text = path.read_text(encoding="utf-8")
    path.write_text(TITLE_LINE.sub(r"\1: Neu \2", text, count=1), encoding="utf-8")
    return f"retitled {path.stem}"


def _retarget(folder: Path, rng: random.Random, catalogue: Catalogue, kind: str = "*") -> str:
    """One reference of one record (of the kind folder ``kind``) names another record of the same kind instead."""
    candidates = []
    for path in sorted(folder.glob(f"{kind}/*.yml")):
        text = path.read_text(encoding="utf-8")
        for match in REFERENCE_LINE.finditer(text):
            if match.group(1) in catalogue.by_id:
                others = [record.id for record in catalogue.all(catalogue.by_id[match.group(1)].kind)
                          if record.id not in text]
                candidates += [(path, text, match, others)] if others else []
    path, text, match, others = rng.choice(candidates)
    before, after = match.group(1), rng.choice(others)
    path.write_text(text[:match.start(1)] + after + text[match.end(1):], encoding="utf-8")
    return f"{path.stem}: {before} -> {after}"


def _retarget_event(folder: Path, rng: random.Random, catalogue: Catalogue) -> str:
    """An event names another topic, organiser or participant: the calendars of both change."""
    return _retarget(folder, rng, catalogue, "veranstaltungen")


def _unreferenced(folder: Path, catalogue: Catalogue) -> list[Path]:
    return [path for path in _files(folder) if not catalogue.back_links(path.stem)]


def _delete(folder: Path, rng: random.Random, catalogue: Catalogue) -> str:
    path = rng.choice(_unreferenced(folder, catalogue))
    path.unlink()
    return f"deleted {path.stem}"


def _rename(folder: Path, rng: random.Random, catalogue: Catalogue) -> str:
    path = rng.choice(_unreferenced(folder, catalogue))
    path.rename(path.with_name(f"umbenannt-{path.name}"))
    return f"renamed {path.stem}"


def _add(folder: Path, rng: random.Random, catalogue: Catalogue) -> str:
    """A new record that names the records its model names (a copy of one under a new name)."""
    path = rng.choice([path for path in _files(folder) if REFERENCE_LINE.search(path.read_text(encoding="utf-8"))])
    shutil.copyfile(path, path.with_name(f"neu-{path.name}"))
    return f"added a copy of {path.stem}"


EDITS: list[Callable[[Path, random.Random, Catalogue], str]] = [_retitle, _retarget, _retarget_event, _delete, _rename,
                                                                  _add]


def _edited(synthetic: Path, tmp_path: Path, seed: int, rounds: int,
            remember: Callable[[Catalogue, dict[str, bytes]], T]) -> Iterator[tuple[T, str, Answers, Answers]]:
    """Load a copy of ``synthetic``, note what its pages ``remember``, then make each edit of
    :data:`EDITS` (``rounds`` times over, chosen by ``seed``) to a fresh copy: for each, what the
    pages remembered, what was done, the questions asked anew of the edited catalogue, and asked
    where a change lies in their footprint."""
    data = tmp_path / "data"
    shutil.copytree(synthetic, data)
    catalogue, before = _load(data)
    remembered = remember(catalogue, before.versions)
    rng = random.Random(seed)
    for edit in EDITS * rounds:
        shutil.rmtree(data)
        shutil.copytree(synthetic, data)
        what = edit(data, rng, catalogue)
        now_catalogue, now = _load(data)
        renderer = Renderer(now_catalogue, TODAY)
        yield (remembered, what, Answers(now_catalogue, renderer.shared, renderer.footprints, now.versions),
               Answers(now_catalogue, renderer.shared, renderer.footprints, now.versions, Changes(before, now)))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("page-cache") / "base"
    synth_catalogue.write_catalogue(folder, 150, 11)
    return folder


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_question_whose_footprint_no_change_lies_in_gets_the_answer_it_got_before(synthetic, tmp_path, seed):
    spared = changed = 0
    for asked, what, asked_again, footprints in _edited(synthetic, tmp_path, seed, 3, _questions):
        for question, digest in asked.items():
            same = asked_again.same([(question, digest)])
            changed += not same
            if footprints.same([(question, digest)]):
                spared += 1
                assert same, f"{what}: the answer to {question} changed, but its footprint says it cannot"
    assert spared > changed > 0  # the edits changed answers, and most questions were not asked again


@pytest.mark.parametrize("seed", [4, 5])
def test_a_page_whose_questions_together_lie_outside_every_change_gets_every_answer_it_got_before(synthetic, tmp_path,
                                                                                                  seed):
    kept = asked = 0
    for pages, what, asked_again, footprints in _edited(synthetic, tmp_path, seed, 2, _pages):
        for footprint, answers in pages:
            if footprints.spared(footprint):
                kept += 1
                assert asked_again.same(answers.items()), f"{what}: a page kept by its footprint reads differently"
            else:
                asked += 1
    assert kept > asked > 0  # most pages are kept by one test, and the edits leave some to be asked again


def test_every_record_that_changed_and_every_record_it_names_before_or_after_is_a_change(synthetic, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(synthetic, data)
    catalogue, before = _load(data)
    what = _retarget(data, random.Random(4), catalogue)
    record_id, _, ids = what.partition(": ")
    old, new = ids.split(" -> ")
    changes = Changes(before, _load(data)[1])
    assert changes.records == {record_id}
    assert {old, new} <= changes.named



def test_pages_that_start_from_the_checks_digests_note_what_pages_that_digest_every_answer_note(synthetic, tmp_path):
    """The rendering workers of a preview rebuild start with the digests of the page check (they
    are forked after it) and share them between their pages: each page must still note exactly what
    it reads, or the next save would keep a page that a build from scratch renders differently."""
    data = tmp_path / "data"
    shutil.copytree(synthetic, data)
    catalogue, before = _load(data)
    remembered = _questions(catalogue, before.versions)
    _retitle(data, random.Random(6), catalogue)
    now_catalogue, now = _load(data)
    renderer = Renderer(now_catalogue, TODAY)
    digests: Digests = {}
    check = Answers(now_catalogue, renderer.shared, renderer.footprints, now.versions, digests=digests)
    assert not check.same(remembered.items())  # the retitled record's pages read differently
    for question, digest in remembered.items():
        check.same([(question, digest)])
    assert digests  # the check digested the answers it asked for again
    assert _pages(now_catalogue, now.versions, digests, renderer) == _pages(now_catalogue, now.versions)


@pytest.mark.parametrize("seed", [8, 9])
def test_a_plan_that_takes_pages_over_from_the_last_one_equals_a_plan_made_afresh(synthetic, tmp_path, seed):
    """Under ``mkdocs serve`` the page plan takes a record's page over from the last build's plan
    while its record is the same object (portal.pages.plan.plan_pages): after any edit an editor
    makes, the plan must be the one made from scratch, with only the edited records' pages new."""
    data = tmp_path / "data"
    shutil.copytree(synthetic, data)
    cache = FileCache()
    catalogue = load_catalogue(data, cache=cache)
    before = plan_pages(catalogue, None)
    rng = random.Random(seed)
    renewed_in_all = 0
    for edit in EDITS:
        what = edit(data, rng, catalogue)
        catalogue = load_catalogue(data, cache=cache)
        plan = plan_pages(catalogue, None, {page.source.src_uri: page for page in before})
        assert plan == plan_pages(catalogue, None), what
        kept = {id(page) for page in before}
        renewed = [page.source.src_uri for page in plan if id(page) not in kept and "record" in page.context]
        assert len(renewed) <= 1, (what, renewed)  # the edited, renamed or added record's page
        renewed_in_all += len(renewed)
        before = plan
    assert renewed_in_all >= len(EDITS) - 1  # all but the deletion made one page anew
