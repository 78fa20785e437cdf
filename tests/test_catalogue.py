"""The real catalogue: valid, complete (nothing in a data file is lost on the way into the model),
with committed schemas that match the model, and scaffolds that validate."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date

import pytest

from portal.load import load_catalogue, schema_comment
from portal.model import RECORD_TYPES
from portal.schema import json_schemas
from portal.yamlreader import read_yaml
from tests.conftest import REPO, errors_of

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
    files = sorted(p for t in RECORD_TYPES for p in (DATA / t.FOLDER).glob("*.yml"))
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
    for record_type in RECORD_TYPES:
        for path in (DATA / record_type.FOLDER).glob("*.yml"):
            assert path.read_text(encoding="utf-8").split("\n", 1)[0] == schema_comment(record_type), path
            assert (path.parent / schema_comment(record_type).split("=", 1)[1]).resolve().is_file()


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=lambda t: t.KIND)
def test_new_scaffolds_a_valid_commented_record(tmp_path, record_type):
    data = tmp_path / "data"
    (data / record_type.FOLDER).mkdir(parents=True)
    (data / "site.yml").write_text((DATA / "site.yml").read_text(encoding="utf-8"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "portal", "new", record_type.KIND, "mein-eintrag", "--data", str(data)],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    text = (data / record_type.FOLDER / "mein-eintrag.yml").read_text(encoding="utf-8")
    assert text.startswith(schema_comment(record_type)) and "# Öffentliche Quellen der Angaben" in text
    assert errors_of(data) == []
    release = subprocess.run([sys.executable, "-m", "portal", "check", "--release", "--data", str(data)],
                             cwd=REPO, capture_output=True, text=True)
    assert release.returncode == 1 and "Platzhalter muss vor der Veröffentlichung ersetzt werden" in release.stdout
    again = subprocess.run([sys.executable, "-m", "portal", "new", record_type.KIND, "mein-eintrag", "--data", str(data)],
                           cwd=REPO, capture_output=True, text=True)
    assert again.returncode == 1 and "gibt es schon" in again.stderr


def test_check_command_contract(tmp_path):
    ok = subprocess.run([sys.executable, "-m", "portal", "check"], cwd=REPO, capture_output=True, text=True)
    assert ok.returncode == 0 and ok.stdout == "" and re.search(r"Daten gültig: \d+ Transformations-Netzwerke", ok.stderr)
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


def test_release_check_fails_while_settings_hold_placeholders():
    result = subprocess.run([sys.executable, "-m", "portal", "check", "--release"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 1
    assert "data/site.yml:6:10: name: Platzhalter muss vor der Veröffentlichung ersetzt werden" in result.stdout
