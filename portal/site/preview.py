"""Glue for ``mkdocs serve`` (called by :mod:`portal.site.plugin` in ``on_serve``): a rebuild that
fails shows its errors on every page of the preview instead of leaving the old pages (or a hanging
request) or ending the server.

MkDocs' preview server waits with every request until a rebuild succeeds, and mkdocs-macros ends
the whole process on a failing macro (``on_error_fail: true``, which a real build needs). The
server's builder is therefore wrapped: a failed rebuild puts an error page listing every
``file:line:col: field: message`` over every HTML file of the served folder (and as its 404 page),
so the browser, reloaded by the server, shows it wherever it is; the next good rebuild replaces the
whole folder again. ``mkdocs build`` is not affected: it still fails with the same errors.
"""

from __future__ import annotations

import logging
import os
import traceback
from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, TemplateSyntaxError, UndefinedError
from mkdocs.structure.pages import Page

from portal.common.errors import DataErrors, os_reason
from portal.common.paths import TEMPLATES

log = logging.getLogger("mkdocs.plugins.portal")
_PAGE = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                    trim_blocks=True, lstrip_blocks=True).get_template("preview-error.html.j2")


def showing_errors(builder: Callable[..., None], site_dir: Path, mount_path: str, site_name: str,
                   abandon: Callable[[], None], *, linked: bool = True) -> Callable[..., None]:
    """``builder``, except that a failed build shows its errors in ``site_dir`` (see above);
    ``abandon`` cleans up after a build that ended without MkDocs' error event (a macro's exit).
    ``linked``: see :func:`show_errors`."""

    def build_or_show_errors(config=None) -> None:
        try:
            builder(config)
        except (Exception, SystemExit) as exc:  # SystemExit: mkdocs-macros exits on a failing macro
            abandon()
            errors = failure_lines(exc)
            show_errors(site_dir, errors, mount_path, site_name, linked=linked)
            log.error("Die Vorschau zeigt auf jeder Seite diese Fehlerliste, bis ein Bau wieder gelingt:\n%s",
                      "\n".join(errors))

    return build_or_show_errors


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


def show_errors(site_dir: Path, errors: list[str], mount_path: str, site_name: str, *, linked: bool = True) -> None:
    """Put the error page in place of every HTML file in ``site_dir`` and as its start and 404 page.

    Each place gets a new file (the old one may be kept, :meth:`ThemeCache.set_aside`). With
    ``linked``, every new file is a hard link to one written page: a copy for each of 10,000 pages
    took seconds (1,056 pages here: 0.2 to 0.3 s with copies, about 0.05 s with links, finding the
    files included). Only
    ``mkdocs serve --dirty`` needs copies (``linked=False``): there MkDocs writes the next good
    build into the files it finds, which would change every linked page at once; without
    ``--dirty`` it writes into a fresh folder."""
    sheets = sorted((site_dir / "assets" / "stylesheets").glob("*.css"), key=lambda p: (p.name == "portal.css", p.name))
    html = _PAGE.render(errors=errors, site_name=site_name,
                        stylesheets=[f"{mount_path}assets/stylesheets/{sheet.name}" for sheet in sheets])
    site_dir.mkdir(parents=True, exist_ok=True)
    targets = {site_dir / "index.html", site_dir / "404.html", *site_dir.rglob("*.html")}
    page = site_dir / ".portal-error.html"
    page.write_text(html, encoding="utf-8")
    try:
        for target in targets:
            new = target.with_name(f".{target.name}.portal-error")
            new.unlink(missing_ok=True)
            if not (linked and _linked(page, new)):
                new.write_text(html, encoding="utf-8")
            os.replace(new, target)
    finally:
        page.unlink(missing_ok=True)


def _linked(source: Path, target: Path) -> bool:
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links
        return False
    return True
