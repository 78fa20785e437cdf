"""Record kinds are declared once (portal.model.kinds): a kind declared only in this test gets its
references checked, its pages, its schema and its field reference, with no other module changed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import pytest
import yaml
from pydantic import Field

from portal.common.errors import DataErrors
from portal.load.loader import load_catalogue
from portal.load.schema import json_schemas
from portal.model.entry import Belegt, Eintrag
from portal.model.kinds import KINDS, Kind, KindRegistry, Overview
from portal.model.references import RefersTo, references
from portal.model.values import Id, Strict, Text
from portal.pages.fieldref import field_reference
from portal.pages.plan import plan_pages, render_page
from portal.pages.renderer import Renderer
from tests.conftest import REPO, errors_of

TEMPLATES = Path(__file__).parent / "fixtures" / "kind_templates"


class Projekt(Eintrag, Belegt):
    """Ein Projekt (Art nur für diesen Test)."""

    titel: Text = Field(description="Titel des Projekts.")
    traeger: Annotated[list[Id], RefersTo("organisation", role="traeger")] = Field(
        default_factory=list, description="Ids der Träger (data/organisationen/)."
    )
    themen: Annotated[list[Id], RefersTo("thema", role="thema")] = Field(
        default_factory=list, description="Ids der Themen (data/themen/)."
    )

    @property
    def title(self) -> str:
        return self.titel


@pytest.fixture
def kinds() -> KindRegistry:
    """The portal's kinds and the test-only kind "projekt"."""
    projekt = Kind("projekt", Projekt, "projekte", "Projekt", "Projekte", "projekt.md.j2",
                   Overview("projekte.md.j2", "Projekte", ("Projekte",)), template_folder=TEMPLATES)
    return KINDS.with_kind(projekt)


def _write_project(data_dir: Path, body: str) -> Path:
    folder = data_dir / "projekte"
    folder.mkdir(exist_ok=True)
    path = folder / "alpha.yml"
    path.write_text("# yaml-language-server: $schema=../../schemas/projekt.schema.json\n" + body, encoding="utf-8")
    return path


PROJECT = """\
titel: Alpha-Projekt
traeger: [beispiel-ihk]
themen: [batterie-wertschoepfung]
quellen:
  - url: https://quelle.example.com/alpha
stand: 2026-11-24
"""


def test_a_declared_kind_is_loaded_with_back_links(data_dir, kinds):
    _write_project(data_dir, PROJECT)
    catalogue = load_catalogue(data_dir, kinds=kinds)
    project = catalogue.by_id["alpha"]
    assert project.kind.label == "Projekt" and project.url == "projekte/alpha/"
    assert catalogue.all("projekt") == [project] and catalogue.projekte == [project]
    assert catalogue.referrers("beispiel-ihk", Projekt, "traeger") == [project]
    assert catalogue.referrers("batterie-wertschoepfung", Projekt, "thema") == [project]
    assert project in catalogue.everything()


def test_a_declared_kinds_reference_to_a_missing_id_is_an_error_with_its_position(data_dir, kinds):
    path = _write_project(data_dir, PROJECT.replace("[beispiel-ihk]", "[beispiel-ihk, beispiel-ihq]"))
    errors = errors_of(data_dir, lambda data: load_catalogue(data, kinds=kinds))
    shown = path.relative_to(Path.cwd()).as_posix() if path.is_relative_to(Path.cwd()) else path.as_posix()
    assert errors == [
        f"{shown}:3:25: traeger[2]: 'beispiel-ihq' ist kein bekannter Eintrag vom Typ Organisation; erwartet "
        "wird der Dateiname (ohne .yml) eines Eintrags in data/organisationen/. Meinten Sie 'beispiel-ihk'?"
    ]


def test_a_declared_kinds_list_of_references_names_each_id_once(data_dir, kinds):
    _write_project(data_dir, PROJECT.replace("[beispiel-ihk]", "[beispiel-ihk, beispiel-ihk]"))
    errors = errors_of(data_dir, lambda data: load_catalogue(data, kinds=kinds))
    assert len(errors) == 1 and "traeger[2]: 'beispiel-ihk' steht schon in traeger[1] (Zeile 3)" in errors[0]


def test_without_the_declaration_its_folder_is_an_error(data_dir):
    _write_project(data_dir, PROJECT)
    with pytest.raises(DataErrors) as raised:
        load_catalogue(data_dir)
    assert any("projekte" in str(e) and "unerwarteter Eintrag" in str(e) for e in raised.value.errors)


def test_a_declared_kind_gets_a_page_and_an_overview_entry(data_dir, kinds):
    _write_project(data_dir, PROJECT)
    catalogue = load_catalogue(data_dir, kinds=kinds)
    plan = {page.source.url: page for page in plan_pages(catalogue)}
    renderer = Renderer(catalogue, date(2026, 12, 5))
    page = plan["projekte/alpha/"]
    assert page.source.edit_path == "data/projekte/alpha.yml" and page.template == "projekt.md.j2"
    body = render_page(renderer, page)
    assert "<h1>Alpha-Projekt</h1>" in body and 'href="../../organisationen/beispiel-ihk/"' in body
    assert 'data-pagefind-filter="Art:Projekt"' in body
    overview = plan["projekte/"]
    assert overview.source.title == "Projekte" and overview.source.listed
    assert 'href="../projekte/alpha/"' in render_page(renderer, overview)


def test_a_declared_kind_gets_a_schema_and_a_field_reference_entry(kinds):
    schema = json.loads(json_schemas(kinds)["projekt.schema.json"])
    assert schema["title"] == "Projekt" and set(schema["properties"]) >= {"titel", "traeger", "quellen", "stand"}
    assert "projekt.schema.json" not in json_schemas()
    entry = next(doc for doc in field_reference(kinds) if doc.name == "projekt")
    assert entry.title == "Projekt" and entry.folder == "data/projekte/<id>.yml"
    assert [f.name for f in entry.fields][:2] == ["titel", "traeger"]


def test_every_field_typed_as_an_id_is_a_declared_reference():
    for kind in KINDS:  # the check runs on first use of a class; it raises for an undeclared id field
        assert list(references(kind.model.model_construct())) == []

    class Broken(Strict):
        ziel: Id

    with pytest.raises(TypeError, match=r"Broken\.ziel is an id without RefersTo"):
        list(references(Broken(ziel="x")))


def test_a_class_belongs_to_one_kind():
    with pytest.raises(ValueError, match="declared as kind 'netzwerk'"):
        Kind("anderes-netz", KINDS.by_name["netzwerk"].model, "andere", "Anderes", "Andere", "initiative.md.j2")
    with pytest.raises(ValueError, match="its own name"):
        KindRegistry((*KINDS, KINDS.by_name["hub"]))


def _nav_paths(items: list, parents: tuple[str, ...] = ()) -> dict[str, tuple[str, ...]]:
    """Page file -> the titles of the navigation entries that lead to it (a section's bare first
    page is its index and has the section's path)."""
    found: dict[str, tuple[str, ...]] = {}
    for item in items:
        if isinstance(item, str):
            found[item] = parents
        else:
            for title, value in item.items():
                if isinstance(value, str):
                    found[value] = (*parents, title)
                else:
                    found.update(_nav_paths(value, (*parents, title)))
    return found


def test_the_navigation_holds_every_overview_page_where_its_kind_declares_it():
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    paths = _nav_paths(config["nav"])
    for kind in KINDS:
        assert kind.overview is not None, kind.name
        assert paths.get(f"{kind.url_segment}/index.md") == kind.overview.nav, kind.name


def test_the_synthetic_catalogue_fails_loudly_for_a_kind_it_cannot_make(kinds):
    import sys

    sys.path.insert(0, str(REPO / "scripts"))
    import synth_catalogue

    synth_catalogue.check_generators(KINDS)
    with pytest.raises(ValueError, match=r"no generator, share or minimum for the kinds \['projekt'\]"):
        synth_catalogue.check_generators(kinds)
