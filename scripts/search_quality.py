"""How well the portal's search finds what people look for: hit@5 and mean reciprocal rank.

Usage (from the repository root)::

    python scripts/search_quality.py                   # builds the real data, then searches
    python scripts/search_quality.py --site site       # searches an already built site
    python scripts/search_quality.py --markdown        # the summary table for README

Each query in ``scripts/search_queries.yml`` is typed into the real search page in Debian's
Chromium (through Playwright), exactly as a visitor would use it, filters in the address included.
The first ten results count: a query scores a hit when one of its expected pages is among the first
five, and 1/rank of the first expected page for the mean reciprocal rank (0 beyond ten). Written
for maintainers; the test suite runs it once on the real data (tests/test_search_quality.py).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from portal.load.yamlreader import read_yaml  # noqa: E402 - after the path is set

QUERIES = REPO / "scripts" / "search_queries.yml"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
DEPTH = 10


@dataclass(frozen=True)
class Query:
    text: str
    expected: tuple[str, ...]  # page addresses relative to the site, e.g. "hubs/traweba/"
    filters: tuple[tuple[str, str], ...] = ()  # (address parameter, value), e.g. ("land", "Sachsen")

    def address(self) -> str:
        return "suche/?" + urlencode([("q", self.text), *self.filters])


@dataclass(frozen=True)
class Outcome:
    query: Query
    found: tuple[str, ...]  # the first DEPTH result addresses

    @property
    def rank(self) -> int | None:
        return next((number for number, page in enumerate(self.found, 1) if page in self.query.expected), None)


def load_queries(path: Path = QUERIES) -> list[Query]:
    entries = read_yaml(path.read_bytes(), path.name).value
    return [Query(entry["q"], tuple(entry["erwartet"]),
                  tuple((name, value) for name, values in (entry.get("filter") or {}).items() for value in values))
            for entry in entries]


def run(site: Path, queries: list[Query]) -> list[Outcome]:
    """Search every query in the built ``site`` with the real search page."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    outcomes = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=FLAGS)
            page = browser.new_page(locale="de-DE")
            for query in queries:
                page.goto(base + query.address())
                page.locator(".portal-search__status", has_text="Treffer").wait_for(timeout=30000)
                more = page.locator(".portal-search__more")
                if more.is_visible():
                    more.click()
                    page.locator(".portal-search__result").nth(5).wait_for()
                links = page.eval_on_selector_all(".portal-search__result h2 a", "links => links.map(a => a.href)")
                outcomes.append(Outcome(query, tuple(link.removeprefix(base) for link in links[:DEPTH])))
            browser.close()
    finally:
        server.shutdown()
    return outcomes


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def scores(outcomes: list[Outcome]) -> tuple[float, float]:
    """hit@5 and mean reciprocal rank."""
    hits = sum(1 for outcome in outcomes if outcome.rank is not None and outcome.rank <= 5)
    reciprocal = sum(1 / outcome.rank for outcome in outcomes if outcome.rank is not None)
    return hits / len(outcomes), reciprocal / len(outcomes)


def report(outcomes: list[Outcome]) -> str:
    lines = ["| Suchanfrage | erwartet | Rang |", "|---|---|---:|"]
    for outcome in outcomes:
        filters = "".join(f" ({name}={value})" for name, value in outcome.query.filters)
        lines.append(f"| {outcome.query.text}{filters} | {', '.join(outcome.query.expected)} | "
                     f"{outcome.rank or '–'} |")
    return "\n".join(lines)


def summary(outcomes: list[Outcome]) -> str:
    hit, mrr = scores(outcomes)
    def german(number: float) -> str:
        return f"{number:.2f}".replace(".", ",")

    return f"| Anfragen | hit@5 | MRR |\n|---:|---:|---:|\n| {len(outcomes)} | {german(hit * 100)} % | {german(mrr)} |"


def build_real_site(target: Path) -> None:
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(target)], cwd=REPO, check=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Suchqualität messen: hit@5 und MRR über scripts/search_queries.yml")
    parser.add_argument("--site", type=Path, help="gebaute Website (sonst wird die echte Datenbasis gebaut)")
    parser.add_argument("--markdown", action="store_true", help="nur die Zusammenfassung als Markdown-Tabelle")
    args = parser.parse_args(argv)
    queries = load_queries()
    with tempfile.TemporaryDirectory(prefix="portal-search-quality-") as work:
        site = args.site
        if site is None:
            site = Path(work) / "site"
            build_real_site(site)
        outcomes = run(site, queries)
    if not args.markdown:
        print(report(outcomes))
        print()
    print(summary(outcomes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
