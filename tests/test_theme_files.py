"""Under ``mkdocs serve`` the theme's files are listed again only when a theme folder changed
(portal.site.theme_files): each build must still see exactly the files a fresh walk finds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from jinja2 import FileSystemLoader

from portal.site import theme_files
from portal.site.theme_files import ListedLoader, TemplateListing

LONG_AGO = 1_600_000_000_000_000_000


def _age(*roots: Path) -> None:
    """Date every folder under ``roots`` back, as a theme folder not touched for a while is."""
    for root in roots:
        for folder, _, _ in os.walk(root):
            os.utime(folder, ns=(LONG_AGO, LONG_AGO))


@pytest.fixture
def theme(tmp_path) -> list[Path]:
    own, base = tmp_path / "overrides", tmp_path / "material"
    for path in (own / "main.html", own / "assets" / "extra.css", base / "main.html",
                 base / ".icons" / "set" / "a.svg", base / "assets" / "javascripts" / "bundle.js"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(path.name, encoding="utf-8")
    _age(own, base)
    return [own, base]


@pytest.fixture
def walks(monkeypatch) -> list[tuple[str, ...]]:
    """The search paths of every walk over the theme folders."""
    done = []
    walk = FileSystemLoader.list_templates

    def counted(loader):
        done.append(tuple(loader.searchpath))
        return walk(loader)

    monkeypatch.setattr(FileSystemLoader, "list_templates", counted)
    return done


def _listed(listing: TemplateListing, folders: list[Path]) -> list[str]:
    return ListedLoader(FileSystemLoader(folders), listing).list_templates()


def test_each_change_to_a_theme_folder_shows_in_the_next_listing(theme, walks):
    listing = TemplateListing()
    own, base = theme

    def fresh() -> list[str]:
        return FileSystemLoader.list_templates(FileSystemLoader(theme))

    assert _listed(listing, theme) == fresh() and "assets/extra.css" in fresh()
    changes = [
        lambda: (own / "assets" / "new.js").write_text("neu", encoding="utf-8"),  # added, in a subfolder
        lambda: (own / "assets" / "extra.css").rename(own / "assets" / "renamed.css"),
        (base / ".icons" / "set" / "a.svg").unlink,  # removed, two folders down
        (own / "partials").mkdir,  # a new folder, then a file in it
        lambda: (own / "partials" / "footer.html").write_text("fuß", encoding="utf-8"),
    ]
    for change in changes:
        change()
        assert _listed(listing, theme) == fresh()
        _age(*theme)  # the next change comes later: the listing may be kept again
        assert _listed(listing, theme) == fresh()
    assert "partials/footer.html" in fresh() and "assets/extra.css" not in fresh()
    assert _listed(listing, [base]) == FileSystemLoader.list_templates(FileSystemLoader([base]))  # other folders


def test_unchanged_theme_folders_are_not_walked_again(theme, walks):
    listing = TemplateListing()
    first = _listed(listing, theme)
    first.append("changed by a caller")
    assert _listed(listing, theme) == [name for name in first if name != "changed by a caller"]
    assert len(walks) == 1


def test_a_folder_changed_just_before_the_listing_is_listed_again(theme, walks):
    """Within one tick of a coarse file system clock a second change keeps the folder's time."""
    listing = TemplateListing()
    (theme[0] / "assets" / "new.js").write_text("neu", encoding="utf-8")  # now: within theme_files.RACY
    _listed(listing, theme)
    _listed(listing, theme)
    assert len(walks) == 2
    assert theme_files.RACY >= 1_000_000_000
