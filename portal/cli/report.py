"""The editors' weekly report: records due for a check, and external links that no longer work.

Called by ``python -m portal report --freshness --links`` (the weekly workflow writes its output
to the job summary). Freshness is a pure function of the catalogue and a reference date. The link
check is the only part of the project that goes to the network; it never runs in the pull-request
build, and tests give it a fake fetch function or a server on 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import BaseModel

from portal.cli.diff import short_label
from portal.common.collation import german_key
from portal.common.errors import field_name
from portal.load.loader import SETTINGS_FILE, load_or_explain
from portal.model.catalogue import Catalogue
from portal.model.entry import Eintrag, checked_on
from portal.model.richtext import render_markdown

TIMEOUT_SECONDS = 20.0
MAX_WORKERS = 8
"""Hosts checked at the same time; the addresses of one host are always checked one after another."""

Fetch = Callable[[str], "str | None"]
"""Checks one address: ``None`` when it works, otherwise the problem in German."""


# --- freshness ------------------------------------------------------------------------------


def cutoff(today: date, months: int = 12) -> date:
    """The same day ``months`` months before ``today`` (29 February falls back to the 28th)."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    for day in (today.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def stale_records(catalogue: Catalogue, today: date, months: int = 12) -> list[Eintrag]:
    """Records whose ``stand`` lies more than ``months`` months before ``today``, oldest first."""
    limit = cutoff(today, months)
    found = [r for r in catalogue.everything() if (stand := checked_on(r)) and stand < limit]
    return sorted(found, key=lambda r: (checked_on(r), german_key(r.short_title), r.id))


def freshness_report(catalogue: Catalogue, today: date, months: int = 12) -> str:
    """Markdown: a table of the records due for a check (record, file, stand)."""
    limit = cutoff(today, months)
    lines = ["## Einträge, die geprüft werden sollten", ""]
    stale = stale_records(catalogue, today, months)
    if not stale:
        lines.append(f"Alle Einträge wurden seit dem {limit.isoformat()} geprüft (Feld `stand`).")
        return "\n".join(lines) + "\n"
    lines += [
        f"{len(stale)} {'Eintrag hat' if len(stale) == 1 else 'Einträge haben'} einen `stand` vor dem "
        f"{limit.isoformat()} (älter als {months} Monate, Stichtag {today.isoformat()}). Vergleichen Sie die "
        "Angaben mit den Quellen und setzen Sie `stand` auf das Prüfdatum.",
        "",
        "| Eintrag | Datei | Stand |",
        "| --- | --- | --- |",
    ]
    for record in stale:
        name = f"{record.short_title} ({short_label(record.kind)})"
        lines.append(f"| {_cell(name)} | `{_cell(record.source)}` | {checked_on(record)} |")
    return "\n".join(lines) + "\n"


# --- links ----------------------------------------------------------------------------------


class _Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value]


def _urls_in(text: str) -> list[str]:
    """A whole-value address, or the https links of a Markdown text."""
    if text.startswith("https://") and not any(ch.isspace() for ch in text):
        return [text]
    if "https://" not in text:
        return []
    parser = _Hrefs()
    parser.feed(render_markdown(text)[0])
    return [href for href in parser.hrefs if href.startswith("https://")]


def _walk(value: object, path: tuple) -> Iterable[tuple[tuple, str]]:
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name), (*path, name))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, index))
    elif isinstance(value, str):
        for url in _urls_in(value):
            yield path, url


def collect_urls(catalogue: Catalogue, settings_file: str = f"data/{SETTINGS_FILE}") -> dict[str, list[str]]:
    """Every https address in the data (websites, sources, links in Markdown) with where it is used.

    The places read ``data/netzwerke/x.yml: quellen[1].url``; addresses and places are sorted.
    """
    places: dict[str, set[str]] = defaultdict(set)
    for record in catalogue.everything():
        for path, url in _walk(record, ()):
            places[url].add(f"{record.source}: {field_name(path)}")
    for path, url in _walk(catalogue.settings, ()):
        places[url].add(f"{settings_file}: {field_name(path)}")
    return {url: sorted(where) for url, where in sorted(places.items())}


def fetch_status(url: str, *, timeout: float = TIMEOUT_SECONDS, user_agent: str | None = None) -> str | None:
    """Request ``url`` (HEAD, then GET if the server refuses HEAD); ``None`` if it answers with success.

    Redirects are followed, but never from https to http and never from a public address to an
    internal one (loopback, private networks, link-local): a link in the data cannot make the weekly
    check knock on doors inside the network it runs in. The answer is a short German description of
    the problem otherwise.
    """
    headers = {"User-Agent": user_agent or USER_AGENT, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    opener = urllib.request.build_opener(_GuardedRedirects)
    problem = None
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers=headers)
        try:
            with opener.open(request, timeout=timeout) as response:
                if method == "GET":
                    response.read(1024)
            return None
        except _RefusedRedirect as exc:
            return str(exc)
        except urllib.error.HTTPError as exc:
            problem = f"HTTP {exc.code} {exc.reason}".strip()
            continue  # many servers refuse HEAD; ask again with GET
        except urllib.error.URLError as exc:
            return _describe(exc.reason, timeout)
        except (TimeoutError, ssl.SSLError, ConnectionError, OSError) as exc:
            return _describe(exc, timeout)
    return problem


class _RefusedRedirect(urllib.error.URLError):
    def __str__(self) -> str:
        return str(self.reason)


class _GuardedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only where :func:`redirect_problem` finds none."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        problem = redirect_problem(req.full_url, newurl)
        if problem:
            raise _RefusedRedirect(f"Weiterleitung auf {newurl!r} nicht gefolgt: {problem}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def redirect_problem(old_url: str, new_url: str) -> str | None:
    """Why a redirect from ``old_url`` to ``new_url`` is not followed, or ``None``."""
    old, new = urlsplit(old_url), urlsplit(new_url)
    if new.scheme not in ("http", "https") or (old.scheme == "https" and new.scheme != "https"):
        return "sie führt nicht auf eine https-Adresse"
    if _is_internal(new.hostname or "", new.port) and not _is_internal(old.hostname or "", old.port):
        return "sie führt zu einer internen Adresse"
    return None


def _is_internal(host: str, port: int | None) -> bool:
    """Whether ``host`` resolves to any address that is not on the public internet."""
    try:
        infos = socket.getaddrinfo(host, port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return False  # unreachable anyway; the request reports it
    return any(not ipaddress.ip_address(str(info[4][0]).split("%")[0]).is_global for info in infos)


def _describe(reason: object, timeout: float) -> str:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"keine Antwort nach {timeout:g} s"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"Zertifikatsfehler: {reason.verify_message or reason}"
    if isinstance(reason, ssl.SSLError):
        return f"TLS-Fehler: {reason}"
    if isinstance(reason, socket.gaierror):
        return "Servername nicht auflösbar"
    if isinstance(reason, ConnectionRefusedError):
        return "Verbindung abgelehnt"
    return f"nicht erreichbar: {reason}"


USER_AGENT = "Transformationsportal-Automobil-Linkpruefung/1.0 (woechentlicher Redaktionsbericht)"


def check_links(urls: Iterable[str], fetch: Fetch = fetch_status, workers: int = MAX_WORKERS) -> dict[str, str]:
    """Check every address; returns the failing ones with their problem, sorted by address.

    At most ``workers`` hosts are asked at once, and one host is never asked twice at the same
    time, so no server sees more than one request from us at a time.
    """
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in sorted(set(urls)):
        by_host[(urlsplit(url).hostname or "").lower()].append(url)

    def check_host(host_urls: list[str]) -> list[tuple[str, str]]:
        failed = []
        for url in host_urls:
            try:
                problem = fetch(url)
            except Exception as exc:  # a broken fetch must not hide the other results
                problem = f"Prüfung fehlgeschlagen: {exc}"
            if problem:
                failed.append((url, problem))
        return failed

    failures: dict[str, str] = {}
    if not by_host:
        return failures
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(by_host)))) as pool:
        for found in pool.map(check_host, [by_host[host] for host in sorted(by_host)]):
            failures.update(found)
    return dict(sorted(failures.items()))


def links_report(catalogue: Catalogue, fetch: Fetch = fetch_status, workers: int = MAX_WORKERS) -> str:
    """Markdown: how many addresses were checked and a table of those that failed."""
    places = collect_urls(catalogue)
    failures = check_links(places, fetch, workers)
    lines = ["## Externe Links", ""]
    if not failures:
        lines.append(f"Alle {len(places)} Adressen in den Daten sind erreichbar.")
        return "\n".join(lines) + "\n"
    lines += [
        f"{len(places)} Adressen geprüft, {len(failures)} davon nicht erreichbar. Manche Server lehnen "
        "automatische Abrufe ab; sehen Sie im Browser nach und ersetzen Sie tote Links "
        "(z. B. durch die neue Adresse oder eine archivierte Fassung).",
        "",
        "| Adresse | Problem | Verwendet in |",
        "| --- | --- | --- |",
    ]
    for url, problem in failures.items():
        where = "<br>".join(f"`{_cell(place)}`" for place in places[url])
        lines.append(f"| {_cell(url)} | {_cell(problem)} | {where} |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """A value inside a Markdown table cell: one line, pipes and angle brackets escaped."""
    return " ".join(str(text).split()).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")


# --- command --------------------------------------------------------------------------------


def report_command(data_dir: Path, *, freshness: bool, links: bool, today: date | None = None,
                   fetch: Fetch | None = None) -> int:
    """``python -m portal report``: print the chosen parts; exit 1 only if the data are invalid.

    Failing links do not change the exit code: the report is information for the editors.
    """
    catalogue = load_or_explain(data_dir, "der Bericht")
    if catalogue is None:
        return 1
    parts = []
    if freshness:
        parts.append(freshness_report(catalogue, today or date.today()))
    if links:
        parts.append(links_report(catalogue, fetch or fetch_status))
    print("\n".join(parts), end="")
    return 0
