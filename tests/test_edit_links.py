"""Every edit link opens the one file an editor changes for that page: a file of the repository
(never a folder, never Python source), and never a path of the machine that built the site."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote

from portal.load.loader import load_catalogue
from portal.pages.plan import HOW_TO_CONTRIBUTE, in_repository, plan_pages
from tests.conftest import MINIMAL, REPO, build_site

_EDIT = re.compile(r'href="([^"]*/edit/[^"]*)"')


def edit_targets(site: Path) -> dict[str, set[str]]:
    """Repository path an edit link opens -> the pages that link to it."""
    targets: dict[str, set[str]] = {}
    for page in site.rglob("*.html"):
        for href in _EDIT.findall(page.read_text(encoding="utf-8")):
            path = unquote(href.split("/edit/", 1)[1]).split("/", 1)[1]  # after the branch
            targets.setdefault(path, set()).add(page.relative_to(site).as_posix())
    return targets


def test_every_edit_link_opens_a_file_of_the_repository(real_site):
    targets = edit_targets(real_site)
    assert targets
    not_files = {path: sorted(pages)[:3] for path, pages in targets.items() if not (REPO / path).is_file()}
    assert not_files == {}
    assert [path for path in targets if path.endswith(".py")] == []


def test_overviews_open_the_template_with_their_text_and_land_pages_the_how_to(real_site):
    targets = edit_targets(real_site)
    assert "netzwerke/index.html" in targets["portal/templates/netzwerke.md.j2"]
    assert "mitmachen/felder/index.html" in targets["portal/templates/felder.md.j2"]
    assert "laender/de-sn/index.html" in targets[HOW_TO_CONTRIBUTE]
    assert "impressum/index.html" in targets["data/site.yml"]
    heading = (REPO / "portal/templates/netzwerke.md.j2").read_text(encoding="utf-8")
    assert "Regionale Transformations-Netzwerke bringen" in heading  # the page's own text is there


def test_a_data_folder_outside_the_repository_gives_no_edit_link_with_a_local_path(tmp_path):
    data = tmp_path / "anderswo" / "daten"
    shutil.copytree(MINIMAL, data)
    site = tmp_path / "site"
    result = build_site(data, site)
    assert result.returncode == 0, result.stderr[-2000:]
    targets = edit_targets(site)
    assert [path for path in targets if str(tmp_path) in path or path.startswith("/") or ".." in path] == []
    assert not any(page.startswith(("netzwerke/beispiel-netz/", "impressum/")) for pages in targets.values()
                   for page in pages)
    assert "Eintrag bearbeiten" not in (site / "netzwerke" / "beispiel-netz" / "index.html").read_text(encoding="utf-8")
    assert "index.html" in targets["docs/index.md"]  # hand-written pages keep theirs


def test_edit_paths_of_the_plan_are_repository_files_or_none():
    catalogue = load_catalogue(MINIMAL, repo_root=REPO)
    for page in plan_pages(catalogue, "tests/fixtures/minimal"):
        path = page.source.edit_path
        assert path is not None and (REPO / path).is_file(), (page.source.src_uri, path)
    assert {page.source.edit_path for page in plan_pages(catalogue, None)
            if page.source.src_uri == "impressum.md"} == {None}
    assert in_repository("/tmp/x/data/hubs/a.yml") is None
    assert in_repository("../daten/hubs/a.yml") is None
    assert in_repository("data/hubs/a.yml") == "data/hubs/a.yml"
