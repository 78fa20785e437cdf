"""Errors name each file as the editor sees it (relative to the working directory when inside it,
else as given), and edit links name it relative to the repository, however the data folder is
spelled."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from portal.common.errors import DataErrors
from portal.load.loader import display_path, load_catalogue
from tests.conftest import MINIMAL

NET = "netzwerke/beispiel-netz.yml"


@pytest.mark.parametrize("spelling", ["data", "./data/", "ABSOLUTE", "."])
def test_errors_name_files_as_the_editor_sees_them(tmp_path, monkeypatch, spelling):
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    (data / "netzwerke" / "notiz.txt").write_text("x", encoding="utf-8")
    text = (data / NET).read_text(encoding="utf-8")
    (data / NET).write_text(text.replace("stand: 2026-11-24", "stand: gestern"), encoding="utf-8")
    monkeypatch.chdir(data if spelling == "." else tmp_path)
    given = Path(str(data) if spelling == "ABSOLUTE" else spelling)
    with pytest.raises(DataErrors) as caught:
        load_catalogue(given)
    assert [error.path for error in caught.value.errors] == [
        display_path(given / NET), display_path(given / "netzwerke" / "notiz.txt")]
    assert caught.value.errors[0].path == (NET if spelling == "." else f"data/{NET}")


def test_errors_name_files_outside_the_working_directory_as_given(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    (data / "hubs" / "Gross.yml").write_text("x", encoding="utf-8")
    monkeypatch.chdir(data / "netzwerke")
    with pytest.raises(DataErrors) as caught:
        load_catalogue(Path("../../data"))
    assert [str(error).split(": ", 1)[0] for error in caught.value.errors] == ["../../data/hubs/Gross.yml:1:1"]


def test_edit_links_name_the_file_relative_to_the_repository(tmp_path, monkeypatch):
    data = tmp_path / "repo" / "data"
    shutil.copytree(MINIMAL, data)
    (tmp_path / "link").symlink_to(tmp_path / "repo")
    monkeypatch.chdir(tmp_path)
    catalogue = load_catalogue(Path("link/data"))
    assert catalogue.by_id["beispiel-netz"].source == f"data/{NET}"
    catalogue = load_catalogue(Path("link/data"), repo_root=tmp_path / "elsewhere")
    assert catalogue.by_id["beispiel-netz"].source == f"link/data/{NET}"
