"""The portal built from the real data: every record has its page, with everything it knows,
links that resolve, an edit link and its "Stand"; search knows every record; nothing is fetched
from another host; two builds are byte-identical; bad data stops the build."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from portal.common.dates import partial_date
from portal.common.laender import LAENDER
from portal.load.loader import load_catalogue
from portal.model.records import Initiative, Organisation, Thema, Veranstaltung
from portal.model.richtext import render_markdown
from portal.pages.summaries import latest_count
from portal.site.linkcheck import check_site
from tests.conftest import REPO, build_site
from tests.real_data import missing_pages, wrong_counts
from tests.site_helpers import page_file, served_root, tree_digest, visible_text

DATA = REPO / "data"


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(DATA, repo_root=REPO)


@pytest.fixture(scope="module")
def site(real_site) -> Path:
    return real_site


def test_every_record_and_land_has_its_page(site, catalogue):
    assert missing_pages(site, catalogue) == []
    assert all((catalogue.netzwerke, catalogue.hubs, catalogue.themen, catalogue.angebote, catalogue.publikationen))


def test_every_count_shown_is_the_catalogues(site, catalogue):
    assert wrong_counts(site, catalogue) == []


def test_every_link_and_anchor_resolves_and_nothing_is_fetched_from_elsewhere(site):
    assert check_site(site, served_root(site)) == []


def test_every_page_has_an_edit_link(site, catalogue):
    pages = [p for p in site.rglob("index.html") if "search" not in p.parts]
    assert len(pages) > len(catalogue.everything())
    without = [p.relative_to(site).as_posix() for p in pages if 'rel="edit"' not in p.read_text(encoding="utf-8")]
    assert without == []


def test_record_pages_show_stand_and_link_to_their_yaml_file(site, catalogue):
    repository = catalogue.settings.repository
    for record in catalogue.everything():
        page = page_file(site, record.url)
        html_text = page.read_text(encoding="utf-8")
        assert f"{repository}/edit/main/data/{record.kind.folder}/{record.id}.yml" in html_text, record.id
        assert f"Stand: {record.stand.day}." in visible_text(page), record.id


def test_record_pages_show_what_the_record_knows(site, catalogue):
    """Nothing lost on the way to the page: plain fields literally, Markdown fields as rendered."""
    for record in catalogue.everything():
        text = visible_text(page_file(site, record.url))
        expected = [record.title, *record.hinweise, *(q.titel or q.url for q in record.quellen)]
        if isinstance(record, Initiative):
            expected += [record.kurzname or "", record.region or "", *record.gebiete, record.beschreibung]
            expected += [record.website or ""] + [LAENDER[c] for c in record.laender]
        if isinstance(record, Veranstaltung):
            expected += [record.motto or "", *(w.titel for w in record.workshops),
                         *(w.leitfrage or "" for w in record.workshops)]
        if isinstance(record, Thema):
            expected += [record.kurzfassung, record.einfuehrung, *record.schlagworte]
        if isinstance(record, Organisation):
            expected += [record.kurzname or "", *record.fruehere_namen]
        for value in expected:
            if value in (getattr(record, "beschreibung", None), getattr(record, "einfuehrung", None)):
                value = visible_text_of_html(render_markdown(value)[0])
            assert " ".join(value.split()) in text, (record.id, value[:80])


def visible_text_of_html(html_text: str) -> str:
    from tests.site_helpers import _TextParser

    parser = _TextParser()
    parser.feed(html_text)
    return " ".join("".join(parser.parts).split())


def test_back_links_are_computed(site, catalogue):
    text = visible_text(page_file(site, "themen/batterie-wertschoepfung/"))
    assert "Wertschöpfungskette Batterie" in text and "TraWeBa" in text
    kickoff = catalogue.by_id["vernetzungstreffen-stuttgart-2023"]
    topic = kickoff.workshops[0].themen[0]
    topic_page = page_file(site, f"themen/{topic}/").read_text(encoding="utf-8")
    assert "../../veranstaltungen/vernetzungstreffen-stuttgart-2023/#workshop-1" in topic_page
    organisation = catalogue.netzwerke[0].koordination[0] if catalogue.netzwerke[0].koordination else None
    if organisation:
        assert catalogue.netzwerke[0].short_title in visible_text(page_file(site, f"organisationen/{organisation}/"))


def test_programme_page_shows_counts_with_their_date(site, catalogue):
    """Official counts appear with their date, beside how many records the portal holds: both come
    from the data, so an added network or a newer count changes the page, not this test."""
    count, programme = latest_count(catalogue, "netzwerke")
    when = partial_date(count.datum)
    text = visible_text(page_file(site, "foerderung/"))
    row = " ".join(str(n) for n in (count.netzwerke, count.hubs, count.cluster) if n is not None)
    assert f"{when} {row}" in text, text[:2000]
    assert (f"im Portal erfasst: {len(catalogue.netzwerke)} von {count.netzwerke} (Stand {when})"
            in visible_text(page_file(site, programme.url)))


def test_cluster_page_lists_the_clusters_or_invites_instead_of_inventing(site, catalogue):
    text = visible_text(page_file(site, "cluster/"))
    if catalogue.cluster:
        assert all(cluster.name in text for cluster in catalogue.cluster)
    else:
        count, _ = latest_count(catalogue, "cluster")
        assert f"{count.cluster} Innovationscluster gefördert (Stand {partial_date(count.datum)})" in text
        assert "So ergänzen Sie es" in text


def test_all_sixteen_land_pages_exist_also_when_empty(site, catalogue):
    """Every Land has its page with the national hubs; one without a network says so (whichever Länder
    that is today; the golden pages of tests/fixtures/golden show an empty Land in any case)."""
    with_network = {code for network in catalogue.netzwerke for code in network.laender}
    for code, name in LAENDER.items():
        text = visible_text(page_file(site, f"laender/{code.lower()}/"))
        assert "Bundesweit tätig" in text, code
        empty = f"Für {name} ist im Portal noch kein regionales Transformations-Netzwerk erfasst" in text
        assert empty == (code not in with_network), code


def search_documents(site: Path) -> dict[str, dict]:
    """Pagefind's index fragments (gzip, after a 12-byte signature): page address -> indexed page.

    Pagefind names a page by its search document (``/netzwerke/teammit.html``); the search page
    links to the page itself (``/netzwerke/teammit/``), and so does this dictionary."""
    documents = {}
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        document = json.loads(data[len(b"pagefind_dcd"):])
        documents[re.sub(r"\.html$", "/", document["url"])] = document
    return documents


def test_search_index_holds_every_record_with_its_name_and_filters(site, catalogue):
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["de"]  # German stemming
    documents = search_documents(site)
    for record in catalogue.everything():
        document = documents.get(f"/{record.url}")
        assert document is not None, record.url
        assert document["meta"]["title"] == record.title
        assert document["filters"]["Art"] == [record.kind.filter_value]
    network = documents["/netzwerke/teammit/"]
    assert network["filters"]["Land"] == ["Hessen"] and network["filters"]["Thema"]
    assert not any("¶" in d["content"] for d in documents.values())


def test_search_finds_a_record_on_its_own_page_not_on_every_page_that_lists_it(site, catalogue):
    documents = search_documents(site)
    network = catalogue.by_id["teammit"]
    own = documents["/netzwerke/teammit/"]["content"]
    assert network.title in own and network.beschreibung.split()[0] in own
    # fact values are words of their own, not glued to their neighbours ("HessenMittelhessen")
    assert re.search(rf"(^|\s){re.escape(network.region)}(\s|$)", own), own[:300]
    assert "https://" not in own and "Art der Angabe" not in own  # addresses and labels are no search words
    assert not any(source.titel and source.titel in own for source in network.quellen)
    partner = catalogue.by_id[network.partner[0].organisation]
    assert partner.name not in own  # the partner list links to the partner's own page
    hessen = documents["/laender/de-he/"]["content"]
    assert "Hessen" in hessen and network.title not in hessen and partner.name not in hessen


def test_search_page_loads_only_the_portal_search_and_has_a_fallback_without_javascript(site):
    html_text = page_file(site, "suche/").read_text(encoding="utf-8")
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html_text)
    assert "../assets/javascripts/portal-search.js" in scripts
    assert (site / "assets" / "javascripts" / "portal-search.js").is_file()
    assert "pagefind-ui" not in html_text  # Pagefind's Default UI fetches every filter table up front
    assert re.search(r'<div id="portal-suche"[^>]*\bhidden\b', html_text)  # the script shows the form
    noscript = re.search(r"<noscript>(.*?)</noscript>", html_text, re.S).group(1)
    for overview in ("netzwerke", "hubs", "themen", "veranstaltungen", "organisationen", "foerderung"):
        assert f'href="../{overview}/"' in noscript, overview


def test_legal_pages_are_linked_from_every_page(site):
    for page in [page_file(site, ""), page_file(site, "netzwerke/teammit/"), site / "404.html"]:
        text = page.read_text(encoding="utf-8")
        for target in ("impressum/", "datenschutz/", "barrierefreiheit/"):
            assert target in text, (page, target)
    settings = load_catalogue(DATA, repo_root=REPO).settings
    impressum = visible_text(page_file(site, "impressum/"))
    assert settings.betreiber.name in impressum and settings.betreiber.ort in impressum


def test_the_themes_own_labels_are_german_on_every_kind_of_page(site):
    """Material's texts (skip link, header, tabs, back-to-top button, edit link) come from its German
    table, looked up once per build (overrides/partials/language.html), never as keys or in English."""
    home = page_file(site, "").read_text(encoding="utf-8")
    assert re.search(r'class="md-skip">\s*Zum Inhalt\s*</a>', home)
    for page in [page_file(site, ""), page_file(site, "netzwerke/teammit/"), page_file(site, "themen/")]:
        text = page.read_text(encoding="utf-8")
        for label in ('aria-label="Kopfzeile"', 'aria-label="Hauptnavigation"', 'title="Seite editieren"',
                      "Zurück zum Seitenanfang"):
            assert label in text, (page, label)
        assert not re.search(r'(?:aria-label|title)="[a-z]+(?:\.[a-z]+)+"', text), page  # a key, not a text
        for english in ("Skip to content", "Back to top", "Edit this page", 'aria-label="Header"'):
            assert english not in text, (page, english)


def test_no_script_or_style_from_another_host(site):
    """The static twin of the browser request recorder: assets only from the site itself (the
    canonical link names the page's own public address and loads nothing)."""
    offenders = []
    for path in site.rglob("*"):
        if path.suffix in (".html", ".css"):
            text = path.read_text(encoding="utf-8")
            offenders += [m for m in re.findall(r"url\(\s*['\"]?(https?:)?//[^)]*\)", text)]
            tags = re.findall(r"<(?:script|link|img|iframe)[^>]+(?:src|href)=\"(?:https?:)?//[^\"]+\"", text)
            offenders += [tag for tag in tags if not tag.startswith('<link rel="canonical"')]
    assert offenders == []


def test_two_builds_are_byte_identical(tmp_path):
    first = build_site(DATA, tmp_path / "a", extra_env={"PYTHONHASHSEED": "0"})
    second = build_site(DATA, tmp_path / "b", extra_env={"PYTHONHASHSEED": "12345"})
    assert first.returncode == 0 and second.returncode == 0
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")


def test_bad_data_stops_the_build_before_anything_is_written(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / "netzwerke" / "teammit.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("stand:", "stnad:"), encoding="utf-8")
    result = build_site(data, tmp_path / "site")
    assert result.returncode != 0
    assert "netzwerke/teammit.yml:" in result.stderr and "stnad: unbekanntes Feld" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def project_copy(tmp_path: Path) -> Path:
    """The repository's configuration and pages, to change for one test; the rest linked."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(REPO / "mkdocs.yml", project)
    shutil.copytree(REPO / "docs", project / "docs")
    for shared in ("overrides", "portal", "data"):
        (project / shared).symlink_to(REPO / shared)
    return project


def test_a_broken_link_on_a_page_fails_the_build_with_page_and_link(tmp_path):
    """Links in raw HTML are invisible to MkDocs; the portal's own check must catch them."""
    project = project_copy(tmp_path)
    about = project / "docs" / "ueber" / "index.md"
    about.write_text(about.read_text(encoding="utf-8") + '\n<a href="../gibt-es-nicht/">kaputt</a>\n'
                     '<a href="../netzwerke/#kein-anker">Anker</a>\n', encoding="utf-8")
    result = build_site(DATA, tmp_path / "site", config=project / "mkdocs.yml")
    assert result.returncode != 0
    assert "ueber/index.html: Link '../gibt-es-nicht/' führt ins Leere" in result.stderr
    assert "ueber/index.html: Link '../netzwerke/#kein-anker': Anker '#kein-anker' fehlt" in result.stderr


def test_a_site_address_as_set_by_mkdocs_serve_builds(tmp_path):
    """``mkdocs serve`` sets the site address to the preview server, so every page names it as
    its canonical address; that is no request to a foreign server."""
    project = project_copy(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nsite_url: http://127.0.0.1:8000/\n", encoding="utf-8")
    result = build_site(DATA, tmp_path / "site", config=config)
    assert result.returncode == 0, result.stderr[-2000:]
    assert '<link rel="canonical" href="http://127.0.0.1:8000/netzwerke/teammit/">' in \
        page_file(tmp_path / "site", "netzwerke/teammit/").read_text(encoding="utf-8")


def test_repeated_builds_in_one_process_hand_their_objects_back_to_the_cycle_collector(tmp_path):
    """``mkdocs serve`` builds again and again in one process. A build keeps its long-lived objects
    out of Python's cycle collector while it runs; afterwards they must be collectable again, or
    every rebuild's garbage would stay in memory until the server stops."""
    code = ("import gc, sys\n"
            "from mkdocs.commands.build import build\n"
            "from mkdocs.config import load_config\n"
            "for number in range(2):\n"
            "    build(load_config('mkdocs.yml', site_dir=f'{sys.argv[1]}-{number}'))\n"
            "    print(gc.get_freeze_count(), flush=True)\n")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PORTAL_DATA", None)
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "site")], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["0", "0"]
    assert page_file(tmp_path / "site-1", "netzwerke/teammit/").is_file()


def test_site_configuration_follows_the_rules():
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    plugins = {next(iter(p)) if isinstance(p, dict) else p: (p[next(iter(p))] if isinstance(p, dict) else {})
               for p in config["plugins"]}
    assert plugins["macros"]["render_by_default"] == "false"
    assert plugins["macros"]["on_error_fail"] == "true"
    assert plugins["macros"]["on_undefined"] == "strict"
    assert plugins["macros"].get("include_yaml", []) == []
    assert "search" not in plugins  # Pagefind indexes the site after the build (portal/site/search_index.py)
    assert config["validation"] == {k: "warn" for k in ("omitted_files", "absolute_links", "unrecognized_links",
                                                        "anchors")}
    assert config["theme"]["font"] == "false" and config["theme"]["language"] == "de"
    assert config["extra"]["generator"] == "false"
    assert "repo_url" not in config
    assert "!!python" not in (REPO / "mkdocs.yml").read_text(encoding="utf-8")


def test_field_reference_page_lists_every_kind_and_field(site):
    from portal.model.kinds import KINDS

    text = visible_text(page_file(site, "mitmachen/felder/"))
    for kind in KINDS:
        assert f"data/{kind.folder}/<id>.yml" in text
        for name in kind.model.model_fields:
            assert name in text, (kind.name, name)
