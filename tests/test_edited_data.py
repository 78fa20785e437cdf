"""The suite's real-data properties hold after an edit an editor may legitimately make: new valid
records of several kinds (a network in a Land that had none, the first cluster) and the operator
details filled in (tests/real_data.py). Checks on today's data that only hold for today's numbers
would fail here."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from portal.load.loader import load_catalogue
from tests.conftest import REPO, build_site
from tests.real_data import NEW_RECORDS, edit_like_an_editor, missing_pages, wrong_counts


@pytest.fixture(scope="module")
def edited(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("edited") / "data"
    shutil.copytree(REPO / "data", data)
    edit_like_an_editor(data)
    return data


def test_the_edited_data_passes_the_check(edited):
    result = subprocess.run([sys.executable, "-m", "portal", "check", "--data", str(edited)], cwd=REPO,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    catalogue = load_catalogue(edited)
    assert all(Path(name).stem in catalogue.by_id for name in NEW_RECORDS)
    assert "Platzhalter" not in catalogue.settings.betreiber.name


def test_every_record_of_the_edited_data_has_its_page_and_every_count_follows(edited, tmp_path):
    site = tmp_path / "site"
    result = build_site(edited, site)
    assert result.returncode == 0, result.stderr[-3000:]
    catalogue = load_catalogue(edited)
    assert missing_pages(site, catalogue) == []
    assert wrong_counts(site, catalogue) == []
    # and the checks notice a site that does not follow its catalogue
    before = load_catalogue(REPO / "data")
    assert len(wrong_counts(site, before)) >= 5  # start page, overviews and Förderung count one record fewer
    (site / "netzwerke" / "neu-netz-bremen" / "index.html").unlink()
    assert missing_pages(site, catalogue) == ["netzwerke/neu-netz-bremen/"]
