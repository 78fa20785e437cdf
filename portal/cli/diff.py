"""What a change does to the catalogue, as a German Markdown summary an editor can read.

Called by ``python -m portal diff BASE`` (CI writes its output to the job summary of every pull
request, so reviewers see at a glance which records are new, changed or gone). The comparison
itself, :func:`summarise`, is a pure function of two catalogues; :func:`catalogue_at` reads the
data files of a git revision (read-only: ``git ls-tree`` and ``git cat-file``) into a temporary
folder and loads them with the same validating loader as everything else.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from portal.common.characters import printable
from portal.common.collation import german_key
from portal.common.errors import DataErrors
from portal.load.loader import SETTINGS_FILE, load_catalogue, load_or_explain
from portal.load.schema import ordered_fields
from portal.model.catalogue import Catalogue
from portal.model.entry import Eintrag
from portal.model.kinds import Kind

_REGULAR_FILE_MODES = {"100644", "100755"}


# --- the comparison ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One record that is new (``fields`` empty), changed (names of changed fields) or removed."""

    status: str  # "neu", "geändert", "entfernt"
    record: Eintrag
    fields: tuple[str, ...] = ()
    old_title: str | None = None


def changes(base: Catalogue | None, head: Catalogue) -> dict[str, list[Change]]:
    """Changes per record kind (keyed by kind, in presentation order; kinds without changes omitted)."""
    result: dict[str, list[Change]] = {}
    for declared in head.kinds:
        kind = declared.name
        old = base.records.get(kind, {}) if base else {}
        new = head.records.get(kind, {})
        found: list[Change] = []
        for record_id in sorted(new.keys() - old.keys()):
            found.append(Change("neu", new[record_id]))
        for record_id in sorted(new.keys() & old.keys()):
            fields = changed_fields(old[record_id], new[record_id])
            if fields:
                before = old[record_id].short_title
                found.append(Change("geändert", new[record_id], fields,
                                    before if before != new[record_id].short_title else None))
        for record_id in sorted(old.keys() - new.keys()):
            found.append(Change("entfernt", old[record_id]))
        if found:
            order = {"neu": 0, "geändert": 1, "entfernt": 2}
            result[kind] = sorted(found, key=lambda c: (order[c.status], german_key(c.record.short_title), c.record.id))
    return result


def changed_fields(old: Eintrag, new: Eintrag) -> tuple[str, ...]:
    """Names of the top-level fields whose value differs, in the order editors write them."""
    before = old.model_dump(mode="json")
    after = new.model_dump(mode="json")
    names = [name for name, _ in ordered_fields(type(new))]
    names += sorted((before.keys() | after.keys()) - set(names))
    return tuple(name for name in names if before.get(name) != after.get(name))


def _settings_fields(base: Catalogue | None, head: Catalogue) -> tuple[str, ...]:
    if base is None:
        return ()
    before = base.settings.model_dump(mode="json")
    after = head.settings.model_dump(mode="json")
    found = []
    for name in type(head.settings).model_fields:
        old, new = before.get(name), after.get(name)
        if isinstance(old, dict) and isinstance(new, dict):
            found += [f"{name}.{key}" for key in {**old, **new} if old.get(key) != new.get(key)]
        elif old != new:
            found.append(name)
    return tuple(found)


def summarise(base: Catalogue | None, head: Catalogue, *, base_label: str | None = None) -> str:
    """The German Markdown summary of what changes from ``base`` to ``head``.

    ``base`` is ``None`` when the base revision has no data yet (everything is new).
    """
    by_kind = changes(base, head)
    settings = _settings_fields(base, head)
    lines = ["## Änderungen an den Daten", ""]
    compared = f"Verglichen mit `{_code(base_label)}`: " if base_label else ""
    counts = {status: sum(1 for found in by_kind.values() for c in found if c.status == status)
              for status in ("neu", "geändert", "entfernt")}
    if not by_kind and not settings:
        lines.append(f"{compared}Keine Änderungen an den Einträgen.")
        return "\n".join(lines) + "\n"
    total = ", ".join(f"{count} {status}" for status, count in counts.items())
    records = sum(counts.values())
    lines.append(f"{compared}{records} {'Eintrag' if records == 1 else 'Einträge'} betroffen ({total}).")
    for kind, found in by_kind.items():
        lines += ["", f"### {head.kinds.by_name[kind].label_plural}", ""]
        lines += [f"- {_line(change)}" for change in found]
    if settings:
        lines += ["", "### Einstellungen", "", f"- Einstellungen (`{SETTINGS_FILE}`): geändert: {', '.join(settings)}"]
    return "\n".join(lines) + "\n"


def _line(change: Change) -> str:
    record = change.record
    name = f"{_text(record.short_title)} ({short_label(record.kind)})"
    where = f"`{_code(record.source)}`" if record.source else ""
    if change.status == "neu":
        text = f"{name}: neu"
    elif change.status == "entfernt":
        return f"{name}: entfernt" + (f" (war `{_code(record.source)}`)" if record.source else "")
    else:
        text = f"{name}: geändert: {', '.join(change.fields)}"
        if change.old_title:
            text += f" (vorher: {_text(change.old_title)})"
    return f"{text} – {where}" if where else text


def short_label(kind: Kind) -> str:
    """``Transformations-Netzwerk`` -> ``Netzwerk``: the kind as an editor names it in a list."""
    return kind.label.removeprefix("Transformations-")


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _text(value: str) -> str:
    """Editor text shown literally in Markdown: one line, every Markdown character escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", printable(" ".join(value.split())))


def _code(value: str) -> str:
    return printable(value.replace("`", "'"))


# --- reading a git revision ------------------------------------------------------------------


class GitError(Exception):
    """Git is missing, the folder is not a repository, or the revision does not exist."""


def _git(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git ist nicht installiert") from None
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} fehlgeschlagen")
    return done.stdout


def catalogue_at(revision: str, data_dir: Path, workdir: Path) -> Catalogue | None:
    """Load the catalogue as it was at ``revision``; ``None`` if that revision has no data folder.

    The data files are written into ``workdir`` (a fresh temporary folder) at the same relative
    path they have in the repository. Only regular files are written; symbolic links and
    submodules are skipped. Raises :class:`GitError` or :class:`~portal.common.errors.DataErrors`.
    """
    if not revision or revision.startswith("-"):
        raise GitError(f"ungültige Revision '{revision}'")
    start = data_dir if data_dir.is_dir() else Path.cwd()
    root = Path(_git(["rev-parse", "--show-toplevel"], start).decode().strip())
    try:
        prefix = data_dir.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise GitError(f"{data_dir} liegt nicht im Git-Repository {root}") from None
    try:
        commit = _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], root).decode().strip()
    except GitError:
        raise GitError(f"Revision '{revision}' gibt es in diesem Repository nicht") from None
    listing = _git(["ls-tree", "-r", "-z", "--full-tree", commit, "--", prefix], root)
    blobs: list[tuple[str, PurePosixPath]] = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        mode, kind, sha = meta.decode().split()
        path = PurePosixPath(name.decode("utf-8", "surrogateescape"))
        if kind == "blob" and mode in _REGULAR_FILE_MODES and ".." not in path.parts and not path.is_absolute():
            blobs.append((sha, path))
    if not blobs:
        return None
    contents = _read_blobs([sha for sha, _ in blobs], root)
    for (_sha, path), content in zip(blobs, contents, strict=True):
        target = workdir.joinpath(*path.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    base_data = workdir.joinpath(*PurePosixPath(prefix).parts)
    return load_catalogue(base_data, repo_root=workdir)


def _read_blobs(shas: list[str], root: Path) -> list[bytes]:
    """The contents of the given blobs, read in one ``git cat-file --batch`` call."""
    output = _git(["cat-file", "--batch"], root, stdin="".join(f"{sha}\n" for sha in shas).encode())
    contents, position = [], 0
    for _ in shas:
        header_end = output.index(b"\n", position)
        _sha, _kind, size = output[position:header_end].decode().split()
        start = header_end + 1
        contents.append(output[start:start + int(size)])
        position = start + int(size) + 1
    return contents


def diff_command(revision: str, data_dir: Path) -> int:
    """``python -m portal diff BASE``: print the summary; exit 1 if the working tree is invalid."""
    head = load_or_explain(data_dir, "der Vergleich")
    if head is None:
        return 1
    with tempfile.TemporaryDirectory(prefix="portal-diff-") as workdir:
        try:
            base = catalogue_at(revision, data_dir, Path(workdir))
        except GitError as exc:
            print(f"Vergleich mit '{revision}' nicht möglich: {exc}", file=sys.stderr)
            return 1
        except DataErrors as exc:
            print("## Änderungen an den Daten\n")
            print(f"Der Vergleichsstand `{_code(revision)}` enthält Fehler ({exc.summary()}); "
                  "eine Übersicht der Änderungen ist deshalb nicht möglich.")
            return 0
    print(summarise(base, head, base_label=revision), end="")
    return 0
