"""``python -m portal check --format github``: every error becomes a GitHub annotation on its line.

CI runs the check in this format, so an editor sees the message directly on the changed line of
the pull request (``::error file=…,line=…,col=…,title=…::message``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from portal.common.errors import DataError
from tests.conftest import MINIMAL, REPO

ANNOTATION = re.compile(
    r"^::error file=(?P<file>[^,:]+),line=(?P<line>\d+),col=(?P<col>\d+),title=(?P<title>[^,:]+)::(?P<message>.+)$"
)


def _bad_catalogue(root: Path) -> Path:
    data = root / "data"
    shutil.copytree(MINIMAL, data)
    net = data / "netzwerke" / "beispiel-netz.yml"
    text = net.read_text(encoding="utf-8")
    text = text.replace("betrag_eur: 6770000", "betrag_eur: 3 Mio.", 1)
    text = text.replace("region: Musterregion", "regoin: Musterregion", 1)
    net.write_text(text, encoding="utf-8")
    (data / "themen" / "datenoekosysteme.yml").write_text(
        "# yaml-language-server: $schema=../../schemas/thema.schema.json\n"
        "titel: Wasserstoff\nkurzfassung: Info: H2\n", encoding="utf-8")
    return data


def _check(root: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("PORTAL_DATA", None)
    return subprocess.run([sys.executable, "-m", "portal", "check", "--data", "data", *extra], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)


def test_errors_become_annotations_on_their_lines(tmp_path):
    _bad_catalogue(tmp_path)
    result = _check(tmp_path, "--format", "github")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 3, result.stdout
    parsed = [ANNOTATION.match(line) for line in lines]
    assert all(parsed), lines
    by_title = {m["title"]: m.groupdict() for m in parsed}
    amount = by_title["foerderung[1].betrag_eur"]
    assert (amount["file"], amount["line"], amount["col"]) == ("data/netzwerke/beispiel-netz.yml", "18", "5")
    assert amount["message"].startswith("'3 Mio.' ist keine ganze Zahl")
    assert by_title["regoin"]["line"] == "5"
    syntax = by_title["(YAML)"]
    assert (syntax["file"], syntax["line"]) == ("data/themen/datenoekosysteme.yml", "3")
    assert "Fehler in 2 Datei(en)" in result.stderr


def test_annotations_carry_the_same_errors_as_the_text_format(tmp_path):
    _bad_catalogue(tmp_path)
    github = _check(tmp_path, "--format", "github").stdout.splitlines()
    text = _check(tmp_path).stdout.splitlines()
    as_text = []
    for line in github:
        m = ANNOTATION.match(line)
        as_text.append(f"{m['file']}:{m['line']}:{m['col']}: {m['title']}: {m['message']}")
    assert as_text == text


def test_valid_catalogue_prints_no_annotation(tmp_path):
    shutil.copytree(MINIMAL, tmp_path / "data")
    result = _check(tmp_path, "--format", "github")
    assert result.returncode == 0
    assert result.stdout == ""


def test_annotation_escapes_what_github_would_misread():
    error = DataError("data/a,b:c.yml", 3, 7, "feld:x,y", "100% falsch")
    assert error.github_annotation() == "::error file=data/a%2Cb%3Ac.yml,line=3,col=7,title=feld%3Ax%2Cy::100%25 falsch"


def test_no_control_code_reaches_a_terminal_or_an_annotation():
    """Review F-2: a value in a message cannot clear the screen or fake a line of output."""
    hostile = "\x1b]0;PWNED\x07\x1b[2J\x1b[32mDaten gültig\x1b[0m\n\u202e"
    error = DataError(f"data/{hostile}.yml", 3, 7, f"feld{hostile}", f"'{hostile}' ist falsch")
    for text in (str(error), error.github_annotation()):
        assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 or c == "\u202e" for c in text), repr(text)
        assert "\\x1b[2J" in text and "\\u202e" in text  # shown, as escapes
