"""Under ``mkdocs serve`` every rebuild runs in the same process: a changed page template must show
on the next build, not only after a restart."""

from __future__ import annotations

import os
import shutil
from datetime import date

from portal.load.loader import load_catalogue
from portal.pages import plan as pages
from portal.pages import renderer
from tests.conftest import MINIMAL


def test_a_changed_template_shows_on_the_next_build(tmp_path, monkeypatch):
    templates = tmp_path / "templates"
    shutil.copytree(renderer.TEMPLATES, templates)
    monkeypatch.setattr(renderer, "TEMPLATES", templates)
    catalogue = load_catalogue(MINIMAL)
    plan = {page.source.url: page for page in pages.plan_pages(catalogue)}
    first = pages.render_page(pages.Renderer(catalogue, date(2026, 12, 5)), plan["themen/"])
    template = templates / "themen.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "<p>Neu im Template</p>\n", encoding="utf-8")
    later = template.stat().st_mtime_ns + 1_000_000_000
    os.utime(template, ns=(later, later))  # the next save, whatever the file system's clock resolution
    second = pages.render_page(pages.Renderer(catalogue, date(2026, 12, 5)), plan["themen/"])
    assert "Neu im Template" not in first and "Neu im Template" in second
