"""An ``argparse`` parser that speaks German: help, usage and usage errors of ``python -m portal``.

Used by :mod:`portal.cli` only. argparse words its texts in English through ``gettext``; instead of
installing a translation catalogue (global state, a file to ship), this subclass sets its own
headings and help option and rewords argparse's error messages, which keep their English form only
where an unknown wording of a future Python version passes through unchanged.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from typing import NoReturn

_ERRORS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^the following arguments are required: (?P<names>.+)$"), "Es fehlt: {names}"),
    (re.compile(r"^unrecognized arguments: (?P<values>.+)$"), "unbekannte Angabe: {values}"),
    (re.compile(r"^ambiguous option: (?P<option>\S+) could match (?P<choices>.+)$"),
     "{option} ist nicht eindeutig; möglich sind {choices}"),
    (re.compile(r"^argument (?P<name>\S+): expected one argument$"), "{name} braucht einen Wert"),
    (re.compile(r"^argument (?P<name>\S+): not allowed with argument (?P<other>\S+)$"),
     "{name} geht nicht zusammen mit {other}"),
    (re.compile(r"^argument (?P<name>\S+): invalid \w+ value: (?P<value>.+)$"), "{name}: ungültiger Wert {value}"),
    (re.compile(r"^argument (?P<name>\S+): invalid choice: (?P<value>'[^']*'|\S+) \(choose from (?P<choices>.+)\)$"),
     "{name}: {value} gibt es nicht; möglich sind: {choices}{suggestion}"),
    (re.compile(r"^argument (?P<name>\S+): (?P<message>.+)$"), "{name}: {message}"),
]


class GermanArgumentParser(argparse.ArgumentParser):
    """``ArgumentParser`` with German headings, help option and error messages; subcommands too."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "Argumente"
        self._optionals.title = "Optionen"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="diese Hilfe anzeigen und beenden")

    def format_usage(self) -> str:
        formatter = self._get_formatter()
        formatter.add_usage(self.usage, self._actions, self._mutually_exclusive_groups, prefix="Aufruf: ")
        return formatter.format_help()

    def format_help(self) -> str:  # argparse's own, with the German usage prefix
        formatter = self._get_formatter()
        formatter.add_usage(self.usage, self._actions, self._mutually_exclusive_groups, prefix="Aufruf: ")
        formatter.add_text(self.description)
        for group in self._action_groups:
            formatter.start_section(group.title)
            formatter.add_text(group.description)
            formatter.add_arguments(group._group_actions)
            formatter.end_section()
        formatter.add_text(self.epilog)
        return formatter.format_help()

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: Fehler: {german_error(message)}\n")


def german_error(message: str) -> str:
    """argparse's English error message in German (unknown wordings pass through unchanged)."""
    for pattern, template in _ERRORS:
        match = pattern.match(message)
        if match:
            parts = match.groupdict()
            suggestion = ""
            if "choices" in parts and "value" in parts:
                choices = [c.strip(" '") for c in parts["choices"].split(",")]
                close = difflib.get_close_matches(parts["value"].strip("'"), choices, n=1, cutoff=0.6)
                suggestion = f". Meinten Sie '{close[0]}'?" if close else ""
            return template.format(suggestion=suggestion, **parts)
    return message
