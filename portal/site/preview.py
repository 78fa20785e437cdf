"""Glue for ``mkdocs serve`` (called by :mod:`portal.site.plugin` in ``on_serve``): a rebuild that
fails shows its errors on every page of the preview instead of leaving the old pages (or a hanging
request) or ending the server.

MkDocs' preview server waits with every request until a rebuild succeeds, and mkdocs-macros ends
the whole process on a failing macro (``on_error_fail: true``, which a real build needs). The
server's builder is therefore wrapped (:func:`showing_errors`): a failed rebuild writes one error
page listing every ``file:line:col: field: message`` into the served folder, and until a rebuild
succeeds the server answers every request for a page (an address ending in ``/`` or ``.html``, also
one that does not exist) with it, through MkDocs' own file serving, which adds the live-reload
script. The browser, reloaded by the server, shows it wherever it is; the next good rebuild makes
the server answer with the site again, which the failed build left as it was (it wrote into a
fresh folder; only under ``mkdocs serve --dirty`` MkDocs writes into the served one). ``mkdocs
build`` is not affected: it still fails with the same errors.

Why the server and not the files: putting the error page in place of every HTML file took 0.05 s
for 1,056 pages and about 0.25 s of a broken save's 1.6 to 1.9 s at 10,000 records (whole-process
figures, two series each in alternation), and the pages the theme cache reuses
(:mod:`portal.site.theme_cache`) had to be set aside first, so that the repairing save could
still reuse them.
"""

from __future__ import annotations

import logging
import os
import threading
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, TemplateSyntaxError, UndefinedError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.pages import Page

from portal.common.errors import DataErrors, os_reason
from portal.common.paths import TEMPLATES

log = logging.getLogger("mkdocs.plugins.portal")
_PAGE = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                    trim_blocks=True, lstrip_blocks=True).get_template("preview-error.html.j2")
ERROR_FILE = ".portal-error.html"
"""The error page's name in the served folder, while the last rebuild failed."""


def showing_errors(server: LiveReloadServer, site_name: str, abandon: Callable[[], None]) -> LiveReloadServer:
    """``server`` (not yet serving), showing a failed build's errors on every page (see above);
    ``abandon`` cleans up after a build that ended without MkDocs' error event (a macro's exit)."""
    errors = _ErrorPage(Path(server.root), server.mount_path, site_name)
    builder, serve_request = server.builder, server.serve_request

    def build_or_show_errors() -> None:
        errors.building()
        try:
            builder()
        except (Exception, SystemExit) as exc:  # SystemExit: mkdocs-macros exits on a failing macro
            abandon()
            lines = failure_lines(exc)
            errors.show(lines)
            log.error("Die Vorschau zeigt auf jeder Seite diese Fehlerliste, bis ein Bau wieder gelingt:\n%s",
                      "\n".join(lines))
        finally:
            errors.settled()

    def serve_page_or_errors(environ: dict, start_response) -> Iterable[bytes]:
        if errors.answers(environ["PATH_INFO"]):
            environ = {**environ, "PATH_INFO": server.mount_path + ERROR_FILE}
        return serve_request(environ, start_response)

    server.builder = build_or_show_errors
    server.set_app(serve_page_or_errors)
    return server


class _ErrorPage:
    """Whether the last build failed, and its error page in the served folder."""

    def __init__(self, site_dir: Path, mount_path: str, site_name: str) -> None:
        self._site_dir = site_dir
        self._mount_path = mount_path
        self._site_name = site_name
        self._failed = False
        self._settled = threading.Event()  # no build runs
        self._settled.set()

    def building(self) -> None:
        """A build starts: requests for pages wait until it :meth:`settled`."""
        self._settled.clear()
        self._failed = False
        (self._site_dir / ERROR_FILE).unlink(missing_ok=True)  # never part of a site that is checked or kept

    def show(self, errors: list[str]) -> None:
        """The build failed: write its error page, which the server gives for every page."""
        self._failed = True
        write_error_page(self._site_dir, errors, self._mount_path, self._site_name)

    def settled(self) -> None:
        self._settled.set()

    def answers(self, path_info: str) -> bool:
        """Whether the server answers a request for ``path_info`` with the error page: a page's
        address while the last build failed (decided once a running build is done, as MkDocs
        waits for it too)."""
        path = path_info.encode("latin-1").decode("utf-8", "ignore")  # as MkDocs reads it
        if not (path.endswith(("/", ".html")) and (path + "/").startswith(self._mount_path)):
            return False
        self._settled.wait()
        return self._failed


def failure_lines(exc: BaseException) -> list[str]:
    """Every ``file:line:col: field: message`` a failed build has, else its reason in one line."""
    chain = []
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, DataErrors):
            return [str(error) for error in seen.errors]
        chain.append(seen)
        seen = seen.__context__
    if type(exc) is SystemExit and exc.__context__ is not None:  # mkdocs-macros' exit; MkDocs' Abort is a subclass
        return [_macro_error(exc.__context__, exc)]
    cause = next((error for error in chain if not isinstance(error, SystemExit)), exc)
    reason = os_reason(cause) if isinstance(cause, OSError) else " ".join(str(cause).split())
    return [reason or type(cause).__name__]


def _macro_error(error: BaseException, stop: SystemExit) -> str:
    """The error of a macro on a hand-written page as ``docs/page.md:line:col: field: message``."""
    page = next((frame.f_locals["page"] for frame, _ in traceback.walk_tb(stop.__traceback__)
                 if isinstance(frame.f_locals.get("page"), Page)), None)
    line = getattr(error, "lineno", None) if isinstance(error, TemplateSyntaxError) else None
    if line is None:
        line = next((number for frame, number in traceback.walk_tb(error.__traceback__)
                     if frame.f_code.co_filename == "<template>"), 1)
    where = "(Seite)"
    if page is not None:
        source = Path(page.file.abs_src_path or "")
        where = os.path.relpath(source, Path.cwd()) if source.is_absolute() else page.file.src_uri
        line += _front_matter_lines(source, page.markdown or "")
    message = str(error)
    if isinstance(error, UndefinedError):
        message = f"(Baustein): unbekannter Name oder Wert ({error})"
    elif isinstance(error, TemplateSyntaxError):
        message = f"(Baustein): Syntaxfehler ({error.message})"
    elif ": " not in message:
        message = f"(Baustein): {message or type(error).__name__}"
    return f"{Path(where).as_posix()}:{line}:1: {message}"


def _front_matter_lines(source: Path, markdown: str) -> int:
    """How many lines of the file come before the Markdown that mkdocs-macros rendered."""
    try:
        text = source.read_text(encoding="utf-8")
    except OSError:
        return 0
    start = text.find(markdown) if markdown else -1
    return text.count("\n", 0, start) if start > 0 else 0


def write_error_page(site_dir: Path, errors: list[str], mount_path: str, site_name: str) -> None:
    """Write the error page into ``site_dir`` as :data:`ERROR_FILE`, styled by the style sheets the
    last good build left there."""
    sheets = sorted((site_dir / "assets" / "stylesheets").glob("*.css"), key=lambda p: (p.name == "portal.css", p.name))
    html = _PAGE.render(errors=errors, site_name=site_name,
                        stylesheets=[f"{mount_path}assets/stylesheets/{sheet.name}" for sheet in sheets])
    site_dir.mkdir(parents=True, exist_ok=True)
    new = site_dir / f"{ERROR_FILE}.new"
    new.write_text(html, encoding="utf-8")
    os.replace(new, site_dir / ERROR_FILE)
