"""Under ``mkdocs serve`` a page takes over the sections of its last rendering whose key is unchanged
(portal.pages.sections: the Wegweiser's topics, the lists of a Land's page). Taken over or
rendered, the page must be the same as one rendered from scratch, after every kind of edit an
editor makes; and a section's template cannot read what its key does not cover."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest
from jinja2 import ChoiceLoader, DictLoader
from jinja2.exceptions import UndefinedError

from portal.load.filecache import FileCache
from portal.load.loader import load_catalogue
from portal.model import digest as digest_module
from portal.model.digest import digest
from portal.pages import wegweiser
from portal.pages.plan import plan_pages
from portal.pages.renderer import Renderer, environment
from portal.pages.sections import Sections, sections_of
from portal.pages.vocabulary import Vocabulary
from portal.site.rendering import GeneratedPage, RenderJob, render_run
from tests.conftest import MINIMAL
from tests.test_page_cache import EDITS, TITLE_LINE, TODAY, synth_catalogue

SHORT_NAME = re.compile(r"^(kurzname): (.+)$", re.MULTILINE)
SECTIONED = {"hilfe-land.md.j2": "_wegweiser_topic.html.j2", "land.md.j2": "_land_part.html.j2"}
"""The page templates that render sections, with the template of their sections."""


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sections") / "base"
    synth_catalogue.write_catalogue(folder, 150, 11)
    return folder


def _render(data: Path, folder: Path, earlier: list[GeneratedPage] | None, noting: bool = True) -> list[GeneratedPage]:
    """Every Wegweiser answer page and Land page of the catalogue in ``data``, rendered as the preview renders them
    (``noting``: with the records' versions; ``earlier``: the pages of the last rendering)."""
    cache = FileCache()
    catalogue = load_catalogue(data, cache=cache)
    plan = plan_pages(catalogue, None)
    numbers = [number for number, page in enumerate(plan) if page.template in SECTIONED]
    job = RenderJob(Renderer(catalogue, TODAY), plan, folder / "bodies", folder / "search",
                    Vocabulary.load(catalogue.synonyms), dict(cache.versions) if noting else None,
                    {page.source.src_uri: page for page in earlier or []})
    job.bodies.mkdir(parents=True)
    job.search_documents.mkdir(parents=True)
    return render_run(job, numbers)


def _rename_provider(folder: Path, rng: random.Random, catalogue) -> str:
    """A record that offers or publications name (provider, publisher) gets a new short name, which
    the lists of offers and publications show."""
    named = sorted({name for record in [*catalogue.angebote, *catalogue.publikationen]
                    for name in [*getattr(record, "anbieter", ()), *getattr(record, "herausgeber", ())]})
    record = catalogue.by_id[rng.choice(named)]
    path = folder / record.kind.folder / f"{record.id}.yml"
    text = path.read_text(encoding="utf-8")
    line = SHORT_NAME if SHORT_NAME.search(text) else TITLE_LINE
    path.write_text(line.sub(r"\1: Neu \2", text, count=1), encoding="utf-8")
    return f"renamed provider {record.id}"


def _section_template(page: GeneratedPage) -> str:
    return SECTIONED["land.md.j2" if page.source.src_uri.startswith("laender/") else "hilfe-land.md.j2"]


def _retitle_hub(folder: Path, rng: random.Random, catalogue) -> str:
    """A hub gets a new name: every Land's Wegweiser names it under its topics."""
    path = rng.choice(sorted(folder.glob("hubs/*.yml")))
    path.write_text(TITLE_LINE.sub(r"\1: Neu \2", path.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    return f"retitled {path.stem}"


@pytest.mark.parametrize("seed", [1, 2])
def test_a_page_that_takes_sections_over_equals_one_rendered_from_scratch(synthetic, tmp_path, monkeypatch, seed):
    rendered: list[str] = []
    macro = Sections._macro
    monkeypatch.setattr(Sections, "_macro",
                        lambda self, url, template: rendered.append(template) or macro(self, url, template))
    data = tmp_path / "data"
    shutil.copytree(synthetic, data)
    first = _render(data, tmp_path / "first", None)
    assert 0 < len(rendered) < sum(len(page.sections) for page in first)  # the Land pages share one list
    assert set(rendered) == set(SECTIONED.values())
    rng = random.Random(seed)
    taken_over = {template: 0 for template in SECTIONED.values()}
    renders_again = dict(taken_over)
    for number, edit in enumerate([_retitle_hub, _rename_provider, *EDITS * 2]):
        shutil.rmtree(data)
        shutil.copytree(synthetic, data)
        what = edit(data, rng, load_catalogue(data))
        rendered.clear()
        again = _render(data, tmp_path / f"again-{number}", first)
        for template in taken_over:
            sections = sum(len(page.sections) for page in again if _section_template(page) == template)
            taken_over[template] += sections - rendered.count(template)
            renders_again[template] += rendered.count(template)
        fresh = _render(data, tmp_path / f"fresh-{number}", None, noting=False)
        assert [page.body() for page in again] == [page.body() for page in fresh], what
        assert [page.source for page in again] == [page.source for page in fresh], what
    for template in taken_over:  # edits changed sections of both kinds, and most were taken over
        assert taken_over[template] > renders_again[template] > 0, template


def test_a_section_template_sees_its_arguments_and_the_globals_only():
    """What a section shows must be covered by its key: the catalogue and the renderer's helpers
    are not there, so a section that asks them fails instead of going stale."""
    env = environment().overlay(loader=ChoiceLoader([DictLoader({
        "good.j2": '{% macro section(x) %}<p><a href="{{ url("hubs/") }}">{{ x }}</a></p>{% endmacro %}',
        "asks.j2": "{% macro section(x) %}{{ lookup([x]) }}{% endmacro %}",
    })]))
    assert Sections(env).render("hilfe/de-sn/", "good.j2", x="a & b") == '<p><a href="../../hubs/">a &amp; b</a></p>'
    with pytest.raises(UndefinedError):
        Sections(env, {}).render("hilfe/de-sn/", "asks.j2", x="y")


def test_a_section_is_taken_over_only_where_its_key_is_the_same():
    env = environment().overlay(loader=DictLoader({"s.j2": "{% macro section(x) %}<i>{{ x }}</i>{% endmacro %}"}))
    first = Sections(env, {})
    body = f"<main>{first.render('hilfe/de-sn/', 's.j2', x=1)}<hr>{first.render('hilfe/de-sn/', 's.j2', x=2)}</main>"
    earlier = sections_of(body, first.located(body))
    assert sorted(earlier.values()) == ["<i>1</i>", "<i>2</i>"]
    earlier = {key: html.replace("<i>", "<b>") for key, html in earlier.items()}  # marked to tell them apart
    again = Sections(env, {}, earlier)
    assert again.render("hilfe/de-sn/", "s.j2", x=1) == "<b>1</i>"  # the same key: taken over
    assert again.render("hilfe/de-by/", "s.j2", x=2) == "<b>2</i>"  # another page at the same depth
    assert again.render("hilfe/", "s.j2", x=2) == "<i>2</i>"  # links would differ: rendered
    assert again.render("hilfe/de-sn/", "s.j2", x=3) == "<i>3</i>"


def test_pages_of_one_rendering_run_share_a_section_only_where_its_key_is_the_same():
    """A section one page of a run made is the next page's too, at the same depth only."""
    env = environment().overlay(loader=DictLoader({
        "s.j2": '{% macro section(x) %}<a href="{{ url("hubs/") }}">{{ x }}</a>{% endmacro %}'}))
    made: dict[bytes, str] = {}
    Sections(env, {}, {}, made).render("laender/de-sn/", "s.j2", x=1)
    made.update((key, html.replace("<a", "<a class=made")) for key, html in made.items())  # marked
    again = Sections(env, {}, {}, made)
    assert again.render("laender/de-by/", "s.j2", x=1) == '<a class=made href="../../hubs/">1</a>'
    assert again.render("laender/", "s.j2", x=1) == '<a href="../hubs/">1</a>'
    assert again.render("laender/de-by/", "s.j2", x=2) == '<a href="../../hubs/">2</a>'


def test_a_topic_is_digested_once_per_build_and_its_digest_still_follows_its_records(monkeypatch):
    """The page check digests each Wegweiser answer; the section keys of its topics reuse those
    digests (portal.model.digest: ``digest_once``), but never across different record versions."""
    catalogue = load_catalogue(MINIMAL)
    answer = wegweiser.answer(catalogue, TODAY, "DE-SN")
    topic = next(t for t in answer.topics if t.hubs)
    versions = {record_id: b"1" for record_id in catalogue.by_id}
    edited = {**versions, topic.hubs[0].id: b"2"}
    fed = []
    feed_fields = digest_module._feed_fields
    monkeypatch.setattr(digest_module, "_feed_fields", lambda hasher, value, known: (
        fed.append(type(value).__name__), feed_fields(hasher, value, known)))

    whole = digest(answer, versions)
    assert fed.count("TopicAnswer") == len(answer.topics)
    key = digest(("_wegweiser_topic.html.j2", 2, {"t": topic, "name": "Sachsen", "today": TODAY}), versions)
    assert fed.count("TopicAnswer") == len(answer.topics)  # the section's key: digested before
    assert digest(topic, edited) != digest(topic, versions)  # a hub of the topic changed
    assert fed.count("TopicAnswer") == len(answer.topics) + 2
    fresh = wegweiser.answer(catalogue, TODAY, "DE-SN")  # the same answer, never digested
    assert digest(fresh, versions) == whole
    assert digest(("_wegweiser_topic.html.j2", 2, {"t": fresh.topics[answer.topics.index(topic)],
                                                    "name": "Sachsen", "today": TODAY}), versions) == key
