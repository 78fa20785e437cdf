"""``python -m portal report``: records due for a check, and external links that fail.

The link check never reaches the internet here: it gets a fake fetch function, or talks to a
server on 127.0.0.1.
"""

from __future__ import annotations

import http.server
import shutil
import socket
import threading
from datetime import date
from pathlib import Path
from typing import ClassVar

import pytest

from portal.cli import report
from portal.cli.main import main
from portal.cli.report import (
    USER_AGENT,
    check_links,
    collect_urls,
    cutoff,
    fetch_status,
    freshness_report,
    links_report,
    redirect_problem,
    stale_records,
)
from portal.load.loader import load_catalogue
from tests.conftest import MINIMAL

NET = "netzwerke/beispiel-netz.yml"
TODAY = date(2026, 11, 24)


def edit(data: Path, rel: str, old: str, new: str) -> None:
    path = data / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def data(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(MINIMAL, target)
    return target


# --- freshness -------------------------------------------------------------------------------


def test_cutoff_is_twelve_months_back():
    assert cutoff(date(2026, 11, 24)) == date(2025, 11, 24)
    assert cutoff(date(2028, 2, 29)) == date(2027, 2, 28)
    assert cutoff(date(2026, 3, 31), months=1) == date(2026, 2, 28)
    assert cutoff(date(2026, 1, 15), months=13) == date(2024, 12, 15)


def test_records_older_than_twelve_months_are_listed_oldest_first(data):
    edit(data, NET, "stand: 2026-11-24", "stand: 2024-01-31")
    edit(data, "themen/datenoekosysteme.yml", "stand: 2026-11-24", "stand: 2025-11-23")
    edit(data, "hubs/traweba.yml", "stand: 2026-11-24", "stand: 2025-11-24")  # exactly twelve months: fine
    catalogue = load_catalogue(data)
    assert [r.id for r in stale_records(catalogue, TODAY)] == ["beispiel-netz", "datenoekosysteme"]
    text = freshness_report(catalogue, TODAY)
    assert text.splitlines()[-3:] == [
        "| --- | --- | --- |",
        "| BeNeT (Netzwerk) | `data/netzwerke/beispiel-netz.yml` | 2024-01-31 |",
        "| Wasserstoff (Thema) | `data/themen/datenoekosysteme.yml` | 2025-11-23 |",
    ]
    assert "2 Einträge haben einen `stand` vor dem 2025-11-24" in text


def test_fresh_catalogue_says_so(data):
    text = freshness_report(load_catalogue(data), TODAY)
    assert "| Eintrag |" not in text
    assert "Alle Einträge wurden seit dem 2025-11-24 geprüft" in text


def test_freshness_command(data, capsys):
    edit(data, NET, "stand: 2026-11-24", "stand: 2020-05-01")
    assert main(["report", "--freshness", "--today", "2026-11-24", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## Einträge, die geprüft werden sollten")
    assert "| BeNeT (Netzwerk) | `data/netzwerke/beispiel-netz.yml` | 2020-05-01 |" in out


def test_report_needs_a_part_and_a_valid_date(data, capsys):
    with pytest.raises(SystemExit):
        main(["report", "--data", str(data)])
    with pytest.raises(SystemExit):
        main(["report", "--freshness", "--today", "24.11.2026", "--data", str(data)])
    assert "JJJJ-MM-TT" in capsys.readouterr().err


def test_invalid_data_fails_the_report(data, capsys):
    edit(data, NET, "stand: 2026-11-24", "stand: gestern")
    assert main(["report", "--freshness", "--data", str(data)]) == 1
    assert "stand" in capsys.readouterr().err


# --- collecting the addresses ------------------------------------------------------------------


def test_every_https_address_is_collected_with_its_places(data):
    edit(data, NET, "Das Netzwerk hilft **Zulieferern** der Musterregion.",
         "Das Netzwerk hilft **Zulieferern** ([mehr](https://markdown.example.com/info)), "
         "schreiben Sie an [uns](mailto:info@example.com).")
    edit(data, NET, "    bezeichnung: Bewilligung",
         "    bezeichnung: Bewilligung\n    quelle: https://quelle.example.com/betrag")
    urls = collect_urls(load_catalogue(data))
    assert urls["https://beispiel.example.com/"] == ["data/netzwerke/beispiel-netz.yml: website"]
    assert urls["https://markdown.example.com/info"] == ["data/netzwerke/beispiel-netz.yml: beschreibung"]
    assert urls["https://quelle.example.com/betrag"] == ["data/netzwerke/beispiel-netz.yml: foerderung[1].quelle"]
    assert urls["https://quelle.example.com/zahlen"] == [
        "data/foerderprogramme/beispiel-aufruf.yml: zaehlungen[1].quelle"]
    assert urls["https://quelle.example.com/hub"] == [
        "data/hubs/transfer-x.yml: quellen[1].url", "data/hubs/traweba.yml: quellen[1].url"]
    assert urls["https://github.com/transformationsportal-automobil/portal"] == ["data/site.yml: repository"]
    assert not any(url.startswith("mailto:") for url in urls)
    assert list(urls) == sorted(urls)


# --- checking them with a fake fetch ------------------------------------------------------------


def test_links_report_lists_failures_with_their_places(data):
    def fetch(url):
        return "HTTP 404 Not Found" if url == "https://quelle.example.com/hub" else None

    text = links_report(load_catalogue(data), fetch)
    assert "13 Adressen geprüft, 1 davon nicht erreichbar." in text
    assert ("| https://quelle.example.com/hub | HTTP 404 Not Found | `data/hubs/transfer-x.yml: quellen[1].url`<br>"
            "`data/hubs/traweba.yml: quellen[1].url` |") in text


def test_links_report_when_everything_works(data):
    assert "Alle 13 Adressen in den Daten sind erreichbar." in links_report(load_catalogue(data), lambda url: None)


def test_report_command_with_both_parts(data, capsys):
    assert report.report_command(data, freshness=True, links=True, today=TODAY, fetch=lambda url: None) == 0
    out = capsys.readouterr().out
    assert out.index("## Einträge, die geprüft werden sollten") < out.index("## Externe Links")


def test_one_request_per_host_at_a_time_and_few_hosts_at_once():
    lock = threading.Lock()
    active: dict[str, int] = {}
    peak = {"host": 0, "total": 0}
    overlapped = threading.Event()  # set once two fetches run at once; no timing involved

    def fetch(url):
        host = url.split("/")[2]
        with lock:
            active[host] = active.get(host, 0) + 1
            peak["host"] = max(peak["host"], active[host])
            peak["total"] = max(peak["total"], sum(active.values()))
            if peak["total"] > 1:
                overlapped.set()
        overlapped.wait(30)  # a fetch that runs alone waits for a second one (only a sequential check waits long)
        with lock:
            active[host] -= 1
        if url.endswith("/kaputt"):
            raise RuntimeError("Absturz")

    urls = [f"https://h{h}.example.com/{p}" for h in range(6) for p in ("a", "b", "c")]
    urls.append("https://h0.example.com/kaputt")
    failures = check_links(urls, fetch, workers=3)
    assert failures == {"https://h0.example.com/kaputt": "Prüfung fehlgeschlagen: Absturz"}
    assert peak["host"] == 1
    assert 1 < peak["total"] <= 3


# --- the real fetch against a local server -----------------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    agents: ClassVar[list[str]] = []
    release = threading.Event()  # "/langsam" answers only once the test is over: any timeout runs out first

    def log_message(self, *args):
        pass

    def _answer(self, body: bool):
        self.agents.append(self.headers.get("User-Agent", ""))
        if self.path == "/ok":
            self.send_response(200)
        elif self.path == "/umzug":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/nach-ftp":
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/geheim")
        elif self.path == "/nur-get":
            self.send_response(405 if not body else 200)
        elif self.path == "/langsam":
            self.release.wait(60)
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "2" if body else "0")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self):
        self._answer(body=False)

    def do_GET(self):
        self._answer(body=True)


@pytest.fixture
def local_server(monkeypatch):
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Handler.agents = []
    _Handler.release.clear()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    _Handler.release.set()
    server.shutdown()
    server.server_close()


def test_fetch_status_against_a_local_server(local_server):
    assert fetch_status(f"{local_server}/ok") is None
    assert fetch_status(f"{local_server}/umzug") is None
    assert fetch_status(f"{local_server}/nur-get") is None
    assert fetch_status(f"{local_server}/fehlt") == "HTTP 404 Not Found"
    assert fetch_status(f"{local_server}/langsam", timeout=0.3) == "keine Antwort nach 0.3 s"
    assert set(_Handler.agents) == {USER_AGENT}


def test_fetch_status_when_nobody_listens(monkeypatch):
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert fetch_status(f"http://127.0.0.1:{port}/", timeout=2) == "Verbindung abgelehnt"


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("https://93.184.215.14/a", "http://93.184.215.14/a", "sie führt nicht auf eine https-Adresse"),
    ("https://93.184.215.14/a", "ftp://93.184.215.14/a", "sie führt nicht auf eine https-Adresse"),
    ("https://93.184.215.14/a", "https://127.0.0.1/admin", "sie führt zu einer internen Adresse"),
    ("https://93.184.215.14/a", "https://10.0.0.1:8443/admin", "sie führt zu einer internen Adresse"),
    ("https://93.184.215.14/a", "https://169.254.169.254/latest/meta-data/", "sie führt zu einer internen Adresse"),
    ("https://93.184.215.14/a", "https://[::1]/", "sie führt zu einer internen Adresse"),
    ("https://93.184.215.14/a", "https://93.184.215.15/b", None),
    ("http://127.0.0.1:8000/a", "http://127.0.0.1:8000/b", None),  # a local test server may move locally
])
def test_redirects_never_lead_away_from_https_or_inward(old, new, expected):
    """Review F-17: the weekly link check follows no redirect to http or into the runner's network."""
    assert redirect_problem(old, new) == expected


def test_a_refused_redirect_is_reported_not_followed(local_server):
    assert fetch_status(f"{local_server}/nach-ftp") == (
        "Weiterleitung auf 'ftp://127.0.0.1/geheim' nicht gefolgt: sie führt nicht auf eine https-Adresse"
    )
