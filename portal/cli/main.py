"""Command line: ``python -m portal check | schema | new | diff | report``; run from the repository root.

``check`` is what editors, pre-commit and CI run; it exits 0 when the catalogue is valid and 1
with every error as ``path:line:col: field: message`` otherwise. ``diff`` (pull-request summary)
and ``report`` (weekly freshness and link report) print Markdown for the CI job summary.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from portal.cli.argparse_de import GermanArgumentParser
from portal.cli.release import release_problems
from portal.common.errors import DataError, DataErrors
from portal.load.loader import check_catalogue, display_path, load_catalogue
from portal.load.schema import json_schemas, scaffold, write_schemas
from portal.model.kinds import KINDS
from portal.model.settings import PLACEHOLDER_MARK

DEFAULT_DATA = Path("data")


def main(argv: list[str] | None = None) -> int:
    parser = GermanArgumentParser(prog="python -m portal",
                                  description="Werkzeuge des Transformationsportals Automobil")
    commands = parser.add_subparsers(dest="command", required=True, title="Befehle", metavar="BEFEHL")

    check = commands.add_parser("check", help="Daten prüfen (Exit 0: gültig, 1: Fehler)")
    check.add_argument("--data", type=Path, default=None, metavar="ORDNER",
                       help="Datenordner (Standard: data/ oder $PORTAL_DATA)")
    check.add_argument("--format", choices=("text", "github"), default="text", help="Ausgabeformat der Fehler")
    check.add_argument("--release", action="store_true", help="zusätzlich: keine Platzhalter mehr erlaubt")

    schema = commands.add_parser("schema", help="JSON-Schemas nach schemas/ schreiben")
    schema.add_argument("--check", action="store_true", help="nur prüfen, ob schemas/ aktuell ist")

    new = commands.add_parser("new", help="neuen Eintrag als kommentierte Vorlage anlegen")
    kinds = list(KINDS.by_name)
    new.add_argument("kind", choices=kinds, metavar="ART", help=f"Art des Eintrags: {', '.join(kinds)}")
    new.add_argument("id", metavar="ID", help="Id des Eintrags (wird der Dateiname), z. B. traforce")
    new.add_argument("--data", type=Path, default=None, metavar="ORDNER", help="Datenordner (Standard: data/)")

    diff = commands.add_parser("diff", help="Änderungen an den Daten gegenüber einer Git-Revision (Markdown)")
    diff.add_argument("base", metavar="REVISION", help="Git-Revision, mit der verglichen wird, z. B. origin/main")
    diff.add_argument("--data", type=Path, default=None, metavar="ORDNER", help="Datenordner (Standard: data/)")

    report = commands.add_parser("report", help="Redaktionsbericht: veraltete Einträge, tote Links (Markdown)")
    report.add_argument("--freshness", action="store_true", help="Einträge, deren stand älter als 12 Monate ist")
    report.add_argument("--links", action="store_true", help="alle https-Adressen in den Daten abrufen (braucht Netz)")
    report.add_argument("--today", type=_iso_day, default=None, metavar="JJJJ-MM-TT",
                        help="Stichtag JJJJ-MM-TT (Standard: heute)")
    report.add_argument("--data", type=Path, default=None, metavar="ORDNER", help="Datenordner (Standard: data/)")

    args = parser.parse_args(argv)
    if args.command == "report" and not (args.freshness or args.links):
        report.error("Geben Sie --freshness, --links oder beides an")
    if args.command == "check":
        return _check(_data_dir(args.data), args.format, args.release)
    if args.command == "schema":
        return _schema(args.check)
    if args.command == "diff":
        from portal.cli.diff import diff_command  # imported on demand: check must start fast

        return diff_command(args.base, _data_dir(args.data))
    if args.command == "report":
        from portal.cli.report import report_command

        return report_command(_data_dir(args.data), freshness=args.freshness, links=args.links, today=args.today)
    return _new(_data_dir(args.data), args.kind, args.id)


def _iso_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' ist kein Datum im Format JJJJ-MM-TT") from None


def _data_dir(option: Path | None) -> Path:
    return option or Path(os.environ.get("PORTAL_DATA") or DEFAULT_DATA)


def _check(data_dir: Path, output: str, release: bool) -> int:
    errors: list[DataError] = []
    try:
        if release:
            catalogue = load_catalogue(data_dir)
            counts = {kind: len(records) for kind, records in catalogue.records.items()}
            errors = release_problems(catalogue, data_dir)
        else:
            counts = check_catalogue(data_dir)
    except DataErrors as exc:
        errors = exc.errors
    if errors:
        for error in sorted(errors):
            print(error.github_annotation() if output == "github" else str(error))
        files = len({e.path for e in errors})
        print(f"{len(errors)} Fehler in {files} Datei(en).", file=sys.stderr)
        return 1
    summary = ", ".join(f"{counts[kind.name]} {kind.label_plural}" for kind in KINDS)
    print(f"Daten gültig: {summary}.", file=sys.stderr)
    return 0


def _schema(check_only: bool) -> int:
    target = Path("schemas")
    if check_only:
        stale = [name for name, text in json_schemas().items()
                 if not (target / name).is_file() or (target / name).read_text(encoding="utf-8") != text]
        for name in stale:
            print(f"schemas/{name}: veraltet; führen Sie 'python -m portal schema' aus")
        return 1 if stale else 0
    for path in write_schemas(Path(".")):
        print(f"geschrieben: {display_path(path)}", file=sys.stderr)
    return 0


def _new(data_dir: Path, kind: str, record_id: str) -> int:
    declared = KINDS.by_name[kind]
    path = data_dir / declared.folder / f"{record_id}.yml"
    if path.exists():
        print(f"{display_path(path)} gibt es schon; wählen Sie eine andere Id.", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(scaffold(declared, date.today()), encoding="utf-8")
    print(f"angelegt: {display_path(path)}. Ersetzen Sie jeden Platzhalter '{PLACEHOLDER_MARK}…'; bis dahin "
          "meldet 'python -m portal check' die Felder als Fehler.", file=sys.stderr)
    return 0
