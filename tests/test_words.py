"""What people read from the command line: German help and usage errors, one form of address
("Sie") in every message, and suggestions for near misses."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

import pytest

from portal.cli.argparse_de import german_error
from portal.cli.main import main
from tests.conftest import REPO

COMMANDS = ["check", "schema", "new", "diff", "report"]
ENGLISH = re.compile(r"usage:|options:|positional arguments|show this help|error:|required|invalid choice|"
                     r"unrecognized|expected one argument")


def run_main(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = exit_.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("argv", [["--help"], *([command, "--help"] for command in COMMANDS)],
                         ids=" ".join)
def test_help_is_german(capsys, argv):
    code, out, err = run_main(capsys, *argv)
    assert code == 0 and err == ""
    assert out.startswith("Aufruf: python -m portal") and "Optionen:" in out
    assert "-h, --help" in out and "diese Hilfe anzeigen und beenden" in out
    assert not ENGLISH.search(out), out


def test_the_main_help_lists_every_command(capsys):
    _, out, _ = run_main(capsys, "--help")
    assert "Befehle:" in out and all(re.search(rf"^\s+{command}\s+\S", out, re.M) for command in COMMANDS)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "python -m portal: Fehler: Es fehlt: BEFEHL"),
        (["chek"], "python -m portal: Fehler: BEFEHL: 'chek' gibt es nicht; möglich sind: 'check', 'schema', 'new', "
                   "'diff', 'report'. Meinten Sie 'check'?"),
        (["new", "netzwerkk", "x"], "Meinten Sie 'netzwerk'?"),
        (["check", "--format", "xml"], "python -m portal check: Fehler: --format: 'xml' gibt es nicht; möglich sind: "
                                       "'text', 'github'"),
        (["check", "--bogus"], "python -m portal: Fehler: unbekannte Angabe: --bogus"),
        (["check", "--data"], "python -m portal check: Fehler: --data braucht einen Wert"),
        (["diff"], "python -m portal diff: Fehler: Es fehlt: REVISION"),
        (["report"], "python -m portal report: Fehler: Geben Sie --freshness, --links oder beides an"),
        (["report", "--freshness", "--today", "1.12.2026"],
         "python -m portal report: Fehler: --today: '1.12.2026' ist kein Datum im Format JJJJ-MM-TT"),
    ],
)
def test_usage_errors_are_german_with_a_german_usage_line(capsys, argv, message):
    code, out, err = run_main(capsys, *argv)
    assert code == 2 and out == ""
    usage, error = err.rstrip("\n").rsplit("\n", 1)
    assert usage.startswith("Aufruf: python -m portal")
    assert message in error and not ENGLISH.search(err), err


def test_unknown_wordings_pass_through_instead_of_being_lost():
    assert german_error("something new in a future Python") == "something new in a future Python"
    assert german_error("argument --x: kaputt") == "--x: kaputt"


def test_the_command_line_entry_point_speaks_german_too():
    result = subprocess.run([sys.executable, "-m", "portal", "neu"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 2 and "Fehler: BEFEHL: 'neu' gibt es nicht" in result.stderr
    assert "Meinten Sie 'new'?" in result.stderr


# --- one form of address ---------------------------------------------------------------------

INFORMAL = re.compile(
    r"\b(du|dein\w*|dich|dir|setze|prüfe|wähle|ersetze|trage|gib|lösche|entferne|benenne|verwende|schreibe)\b",
    re.IGNORECASE,
)
IMPERSONAL_REQUEST = re.compile(r"\bbitte\b(?! ausfüllen\])(?!-)")


def _python_strings():
    for path in sorted((REPO / "portal").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body
                      and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                yield f"{path.relative_to(REPO)}:{node.lineno}", node.value


def _page_texts():
    for folder, pattern in (("portal/templates", "*.j2"), ("overrides", "*.html"), ("overrides", "*.js"),
                            ("docs", "*.md")):
        for path in sorted((REPO / folder).rglob(pattern)):
            text = re.sub(r"\{[{%#].*?[}%#]\}", " ", path.read_text(encoding="utf-8"), flags=re.S)
            yield str(path.relative_to(REPO)), text


def test_every_message_and_page_addresses_people_as_sie():
    informal = [(where, match.group()) for where, text in [*_python_strings(), *_page_texts()]
                for match in INFORMAL.finditer(text)]
    assert informal == []


def test_messages_ask_with_sie_not_with_a_bare_infinitive():
    """'bitte Leerzeichen verwenden' addresses nobody; the messages say 'verwenden Sie Leerzeichen'.
    (The scaffold's placeholder text '[Platzhalter: bitte ausfüllen]' is a value, not a message.)"""
    bare = [(where, text) for where, text in _python_strings() if IMPERSONAL_REQUEST.search(text)]
    assert bare == []


def test_the_checker_would_notice_informal_words():
    assert INFORMAL.search("setze den ganzen Wert in Anführungszeichen")
    assert INFORMAL.search("Bitte prüfe deine Angaben")
    assert IMPERSONAL_REQUEST.search("Tabulatoren; bitte Leerzeichen verwenden")
    assert not INFORMAL.search("Setzen Sie den ganzen Wert in Anführungszeichen")
