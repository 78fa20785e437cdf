"""``python -m portal diff BASE``: the pull-request summary of new, changed and removed records."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from portal.cli.diff import catalogue_at, changed_fields, summarise
from portal.load.loader import load_catalogue
from tests.conftest import MINIMAL, REPO

NET = "netzwerke/beispiel-netz.yml"
NEW_TOPIC = """# yaml-language-server: $schema=../../schemas/thema.schema.json
titel: Leichtbau
kurzfassung: Weniger Gewicht, weniger Energie.
einfuehrung: Leichtbau spart Energie.
quellen:
  - url: https://quelle.example.com/leichtbau
stand: 2026-11-24
"""


def edit(data: Path, rel: str, old: str, new: str) -> None:
    path = data / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def change_catalogue(data: Path) -> None:
    """One record changed (two fields), one added, one removed, one setting changed."""
    edit(data, NET, "betrag_eur: 6770000", "betrag_eur: 6800000")
    edit(data, NET, "stand: 2026-11-24", "stand: 2026-12-01")
    (data / "themen" / "leichtbau.yml").write_text(NEW_TOPIC, encoding="utf-8")
    (data / "veranstaltungen" / "beispiel-zukunft.yml").unlink()
    edit(data, "site.yml", "branch: main", "branch: redaktion")


@pytest.fixture
def two_catalogues(tmp_path):
    base = tmp_path / "base" / "data"
    head = tmp_path / "head" / "data"
    shutil.copytree(MINIMAL, base)
    shutil.copytree(MINIMAL, head)
    change_catalogue(head)
    return load_catalogue(base), load_catalogue(head)


def section(summary: str, heading: str) -> list[str]:
    """The bullet lines under one ``### heading``."""
    lines = summary.splitlines()
    start = lines.index(f"### {heading}") + 1
    found = []
    for line in lines[start:]:
        if line.startswith("### "):
            break
        if line.startswith("- "):
            found.append(line[2:])
    return found


def test_summary_lists_added_changed_and_removed_records_by_kind(two_catalogues):
    base, head = two_catalogues
    summary = summarise(base, head, base_label="origin/main")
    assert summary.startswith("## Änderungen an den Daten\n")
    assert "Verglichen mit `origin/main`: 3 Einträge betroffen (1 neu, 1 geändert, 1 entfernt)." in summary
    assert section(summary, "Transformations-Netzwerke") == [
        "BeNeT (Netzwerk): geändert: foerderung, stand – `data/netzwerke/beispiel-netz.yml`"
    ]
    assert section(summary, "Themen") == ["Leichtbau (Thema): neu – `data/themen/leichtbau.yml`"]
    assert section(summary, "Veranstaltungen") == [
        "Zukunftstreffen (Veranstaltung): entfernt (war `data/veranstaltungen/beispiel-zukunft.yml`)"
    ]
    assert section(summary, "Einstellungen") == ["Einstellungen (`site.yml`): geändert: branch"]
    headings = [line for line in summary.splitlines() if line.startswith("### ")]
    assert headings == ["### Transformations-Netzwerke", "### Veranstaltungen", "### Themen", "### Einstellungen"]


def test_unchanged_catalogue_says_so(two_catalogues):
    base, _ = two_catalogues
    assert summarise(base, base) == "## Änderungen an den Daten\n\nKeine Änderungen an den Einträgen.\n"


def test_without_base_data_everything_is_new(two_catalogues):
    _, head = two_catalogues
    summary = summarise(None, head)
    assert "11 Einträge betroffen (11 neu, 0 geändert, 0 entfernt)" in summary
    assert "Leichtbau (Thema): neu – `data/themen/leichtbau.yml`" in summary


def test_changed_fields_follow_the_order_editors_write_them(two_catalogues):
    base, head = two_catalogues
    old, new = base.by_id["beispiel-netz"], head.by_id["beispiel-netz"]
    assert changed_fields(old, new) == ("foerderung", "stand")
    assert changed_fields(old, old) == ()


def test_renamed_record_shows_its_old_title_and_editor_text_stays_literal(tmp_path):
    base_dir, head_dir = tmp_path / "a" / "data", tmp_path / "b" / "data"
    shutil.copytree(MINIMAL, base_dir)
    shutil.copytree(MINIMAL, head_dir)
    edit(head_dir, NET, "kurzname: BeNeT", 'kurzname: "*BeNeT* [neu](https://x.example.com) <b>|"')
    summary = summarise(load_catalogue(base_dir), load_catalogue(head_dir))
    (line,) = section(summary, "Transformations-Netzwerke")
    assert line == (r"\*BeNeT\* \[neu\]\(https://x.example.com\) \<b\>\| (Netzwerk): geändert: kurzname "
                    "(vorher: BeNeT) – `data/netzwerke/beispiel-netz.yml`")


# --- against a real git repository --------------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    done = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid",
                           "-c", "commit.gpgsign=false", *args], cwd=repo, env=env, capture_output=True, text=True,
                          check=True)
    return done.stdout


def run_diff(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "GIT_CONFIG_GLOBAL": os.devnull}
    env.pop("PORTAL_DATA", None)
    return subprocess.run([sys.executable, "-m", "portal", "diff", *args], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def repo(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git fehlt")
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    shutil.copytree(MINIMAL, root / "data")
    (root / "README.md").write_text("x\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def test_diff_against_a_git_revision(repo):
    change_catalogue(repo / "data")
    result = run_diff(repo, "main")
    assert result.returncode == 0, result.stderr
    assert "Verglichen mit `main`: 3 Einträge betroffen (1 neu, 1 geändert, 1 entfernt)." in result.stdout
    assert "BeNeT (Netzwerk): geändert: foerderung, stand – `data/netzwerke/beispiel-netz.yml`" in result.stdout
    assert "Zukunftstreffen (Veranstaltung): entfernt" in result.stdout
    assert "Leichtbau (Thema): neu" in result.stdout
    assert git(repo, "status", "--porcelain", "--", "data/themen") == "?? data/themen/leichtbau.yml\n"


def test_diff_reads_the_committed_state_not_the_working_tree(repo, tmp_path):
    result = run_diff(repo, "HEAD")
    assert result.returncode == 0, result.stderr
    assert "Keine Änderungen an den Einträgen." in result.stdout
    base = catalogue_at("HEAD", repo / "data", tmp_path / "work")
    assert base is not None and sorted(base.by_id) == sorted(load_catalogue(repo / "data").by_id)


def test_revision_without_data_makes_everything_new(repo):
    git(repo, "rm", "-q", "-r", "data")
    git(repo, "commit", "-q", "-m", "no data")
    git(repo, "checkout", "-q", "HEAD~1", "--", "data")
    result = run_diff(repo, "HEAD")
    assert result.returncode == 0, result.stderr
    assert "11 Einträge betroffen (11 neu, 0 geändert, 0 entfernt)" in result.stdout


def test_unknown_or_option_like_revisions_are_refused(repo):
    for revision in ("gibtsnicht", "--output=/tmp/x"):
        result = run_diff(repo, "--", revision) if revision.startswith("-") else run_diff(repo, revision)
        assert result.returncode == 1
        assert result.stdout == ""
        assert "nicht möglich" in result.stderr


def test_invalid_working_tree_fails(repo):
    edit(repo / "data", NET, "betrag_eur: 6770000", "betrag_eur: viel")
    result = run_diff(repo, "HEAD")
    assert result.returncode == 1
    assert "foerderung[1].betrag_eur" in result.stderr


def test_invalid_base_gives_a_note_instead_of_a_summary(repo):
    edit(repo / "data", NET, "betrag_eur: 6770000", "betrag_eur: viel")
    git(repo, "commit", "-q", "-am", "broken")
    edit(repo / "data", NET, "betrag_eur: viel", "betrag_eur: 6770000")
    result = run_diff(repo, "HEAD")
    assert result.returncode == 0, result.stderr
    assert "enthält Fehler" in result.stdout
