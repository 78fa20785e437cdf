"""The real catalogue: valid, complete (nothing in a data file is lost on the way into the model),
with committed schemas that match the model, and scaffolds that validate."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date

import pytest

from portal.load.filereader import schema_comment
from portal.load.loader import load_catalogue
from portal.load.schema import json_schemas
from portal.load.yamlreader import read_yaml
from portal.model.kinds import KINDS
from tests.conftest import MINIMAL, REPO, errors_of

DATA = REPO / "data"


def test_shipped_data_is_valid():
    assert errors_of(DATA) == []


def _leaves(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path, value


def _lookup(dumped, path):
    for part in path:
        dumped = dumped[part]
    return dumped


def _as_written(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def test_nothing_is_lost_every_file_and_every_field_reaches_the_catalogue():
    catalogue = load_catalogue(DATA, repo_root=REPO)
    files = sorted(p for kind in KINDS for p in (DATA / kind.folder).glob("*.yml"))
    assert len(files) == len(catalogue.everything())
    for path in files:
        record = catalogue.by_id[path.stem]
        assert record.source == path.relative_to(REPO).as_posix()
        written = read_yaml(path.read_bytes(), str(path)).value
        dumped = record.model_dump()
        for leaf, value in _leaves(written):
            assert _as_written(_lookup(dumped, leaf)) == value, (path.name, leaf)


def test_committed_schemas_are_current():
    for name, text in json_schemas().items():
        committed = REPO / "schemas" / name
        assert committed.is_file() and committed.read_text(encoding="utf-8") == text, (
            f"schemas/{name} ist veraltet: python -m portal schema ausführen")


def test_every_data_file_names_its_schema():
    for kind in KINDS:
        for path in (DATA / kind.folder).glob("*.yml"):
            assert path.read_text(encoding="utf-8").split("\n", 1)[0] == schema_comment(kind), path
            assert (path.parent / schema_comment(kind).split("=", 1)[1]).resolve().is_file()


def _fill_in(text: str) -> str:
    """What an editor does with a scaffold: replace every placeholder by a real value."""
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if "[Platzhalter" not in line and "example.org" not in line:
            continue
        key, _, _ = line.partition(":")
        allowed = [earlier for earlier in lines[max(number - 2, 0):number] if earlier.startswith("# erlaubt: ")]
        if allowed:
            value = allowed[-1].removeprefix("# erlaubt: ").split(", ")[0]
        elif "Kürzel des Landes" in line:
            value = "DE-SN"
        elif "Datum" in line:
            value = "2027-03-01"
        elif "example.org" in line:
            value = "https://www.bmwk.de/quelle"
        else:
            value = '"Ein echter Wert"'
        lines[number] = (f"  - {value}" if key.strip() == "- \"[Platzhalter"
                         else f"{key}: {value}" if key.strip() and not key.strip().startswith("[")
                         else "  Ein echter Text.")
    return "\n".join(lines) + "\n"


def _portal(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "portal", *args], cwd=REPO, capture_output=True, text=True)


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_an_unfilled_scaffold_fails_check_naming_each_placeholder_field(tmp_path, kind):
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    result = _portal("new", kind.name, "mein-eintrag", "--data", str(data))
    assert result.returncode == 0, result.stderr
    path = data / kind.folder / "mein-eintrag.yml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(schema_comment(kind)) and "# Öffentliche Quellen der Angaben" in text

    check = _portal("check", "--data", str(data))
    assert check.returncode == 1
    errors = check.stdout.splitlines()
    assert errors and all(e.startswith(f"{path.as_posix()}:") for e in errors), errors
    fields = [e.split(": ")[1] for e in errors]
    required = [name for name, info in kind.model.model_fields.items() if info.is_required() and name != "stand"]
    assert {f.split("[")[0] for f in fields} == set(required)
    assert "quellen[1].titel" in fields and "quellen[1].url" in fields
    assert all(": enthält noch den Platzhalter „[Platzhalter" in e or ": enthält noch die Platzhalter-Adresse" in e
               for e in errors), errors
    assert not any("[Platzhalter:" in f for f in fields)

    path.write_text(_fill_in(text), encoding="utf-8")
    assert errors_of(data) == []
    release = _portal("check", "--release", "--data", str(data))
    assert "mein-eintrag.yml" not in release.stdout  # only the fixture's settings still hold placeholders

    again = _portal("new", kind.name, "mein-eintrag", "--data", str(data))
    assert again.returncode == 1 and "gibt es schon" in again.stderr


def test_check_command_contract(tmp_path):
    ok = subprocess.run([sys.executable, "-m", "portal", "check"], cwd=REPO, capture_output=True, text=True)
    networks = len(load_catalogue(DATA).netzwerke)
    assert ok.returncode == 0 and ok.stdout == "" and f"Daten gültig: {networks} Transformations-Netzwerke" in ok.stderr
    bad = tmp_path / "data"
    subprocess.run(["cp", "-r", str(DATA), str(bad)], check=True)
    target = bad / "netzwerke" / "teammit.yml"
    target.write_text(re.sub(r"(?m)^stand: .*$", "stand: 1.1.2024", target.read_text(encoding="utf-8")),
                      encoding="utf-8")
    failed = subprocess.run([sys.executable, "-m", "portal", "check", "--data", str(bad)], cwd=REPO,
                            capture_output=True, text=True)
    assert failed.returncode == 1
    line = failed.stdout.strip().splitlines()[0]
    assert line.startswith(f"{bad.as_posix()}/netzwerke/teammit.yml:") and ": stand: '1.1.2024' ist kein Datum" in line


def test_release_check_names_each_field_that_holds_a_placeholder(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    network = data / "netzwerke" / "beispiel-netz.yml"
    text = network.read_text(encoding="utf-8")
    network.write_text(text.replace("website: https://beispiel.example.com/", "website: https://example.org/"),
                       encoding="utf-8")
    assert errors_of(data) == []  # an example.org address is valid data, but not for publishing
    result = _portal("check", "--release", "--data", str(data))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    settings = f"{(data / 'site.yml').as_posix()}:"
    assert any(line.startswith(settings) and ": betreiber.name: Platzhalter muss vor der Veröffentlichung"
               in line for line in lines), lines
    assert any(line.startswith(f"{network.as_posix()}:") and ": website: Platzhalter muss" in line for line in lines)
    assert all(line.split(": ")[1] and not line.split(": ")[1].startswith("[") for line in lines), lines
