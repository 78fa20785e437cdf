"""The one strict YAML reader for editor files; called only by :mod:`portal.load`.

Why: editors' YAML arrives through pull requests and is untrusted. PyYAML's loaders guess types
(``NO`` becomes ``False``, ``01067`` becomes ``567``), run tags, expand alias bombs and keep the
last of two duplicate keys. This reader walks libyaml's event stream instead and builds plain
``dict`` / ``list`` / ``str`` values itself, so that

- every scalar stays a string (the schema in :mod:`portal.model` types it later); a plain empty
  value, ``~`` and ``null`` mean "no value";
- tags, anchors, aliases, merge keys, duplicate keys, second documents, tabs in indentation,
  non-UTF-8 bytes, control and invisible characters, nesting deeper than 32 levels and files
  larger than :data:`MAX_BYTES` are errors;
- every key and value keeps its position, so schema errors can name line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from portal.errors import DataError

MAX_BYTES = 256_000
MAX_DEPTH = 32

Path = tuple[str | int, ...]

_Parser = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
_NULLS = {"", "~", "null", "Null", "NULL"}
_FORBIDDEN_CHAR = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)

# libyaml's wording -> what an editor can act on.
_SYNTAX_HINTS = {
    "mapping values are not allowed": (
        "ein Doppelpunkt mit Leerzeichen (': ') steht mitten in einem Wert; "
        "setze den ganzen Wert in Anführungszeichen"
    ),
    "could not find expected ':'": "hier fehlt ein Doppelpunkt nach dem Feldnamen",
    "did not find expected key": "Einrückung passt nicht: ein Feld steht nicht auf der Ebene der anderen",
    "did not find expected '-' indicator": "Einrückung passt nicht: ein Listeneintrag ('- ') fehlt oder ist verschoben",
    "found unexpected end of stream": "die Datei endet mitten in einem Wert (fehlt ein Anführungszeichen?)",
    "found undefined alias": "Verweise (Aliase mit '*') sind nicht erlaubt",
    "found character that cannot start any token": "Zeichen am Wertanfang nicht erlaubt; setze den Wert in Anführungszeichen",
    "found unknown escape character": "unbekannte Escape-Sequenz mit '\\' in einem Wert in doppelten Anführungszeichen",
}


@dataclass
class YamlDocument:
    """A parsed file: its value and where each key and value stands (1-based line, column)."""

    value: object
    key_positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    value_positions: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path) -> tuple[int, int]:
        """The position of the field at ``path``, or of its nearest ancestor that exists."""
        for end in range(len(path), 0, -1):
            prefix = path[:end]
            if prefix in self.key_positions:
                return self.key_positions[prefix]
            if prefix in self.value_positions:
                return self.value_positions[prefix]
        return self.value_positions.get((), (1, 1))


class YamlProblem(Exception):
    """A file that cannot be read at all; carries the one error that stopped reading."""

    def __init__(self, error: DataError) -> None:
        super().__init__(str(error))
        self.error = error


def read_yaml(raw: bytes, display_path: str) -> YamlDocument:
    """Parse one editor file strictly; raises :class:`YamlProblem` on the first problem."""

    def fail(line: int, col: int, message: str, where: str = "(Datei)") -> YamlProblem:
        return YamlProblem(DataError(display_path, line, col, where, message))

    if len(raw) > MAX_BYTES:
        raise fail(1, 1, f"Datei ist größer als {MAX_BYTES} Bytes ({len(raw)} Bytes); bitte aufteilen")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw[: exc.start].decode("utf-8", "replace"), exc.start)
        raise fail(line, col, "Datei ist nicht in UTF-8 gespeichert; bitte als UTF-8 speichern") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    bad = _FORBIDDEN_CHAR.search(text)
    if bad:
        line, col = _line_col(text, bad.start())
        raise fail(
            line,
            col,
            f"Steuer- oder unsichtbares Zeichen U+{ord(bad.group()):04X} ist nicht erlaubt; bitte entfernen",
        )
    tab = _TAB_INDENT.search(text)
    if tab:
        line, col = _line_col(text, tab.end() - 1)
        raise fail(line, col, "Tabulatoren sind zur Einrückung nicht erlaubt; bitte Leerzeichen verwenden")
    try:
        return _build(text, fail)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = (exc.problem or "").strip()
        hint = next((text for key, text in _SYNTAX_HINTS.items() if problem.startswith(key)), None)
        raise fail(line, col, f"YAML-Syntaxfehler: {hint or problem}", "(YAML)") from None


def _line_col(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


class _Container:
    __slots__ = ("value", "path", "key", "key_mark")

    def __init__(self, value: dict | list, path: Path) -> None:
        self.value = value
        self.path = path
        self.key: str | None = None
        self.key_mark: tuple[int, int] = (0, 0)


def _build(text: str, fail) -> YamlDocument:
    doc = YamlDocument(value=None)
    stack: list[_Container] = []
    documents = 0
    root_set = False
    for event in yaml.parse(text, Loader=_Parser):
        mark = (event.start_mark.line + 1, event.start_mark.column + 1)
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise fail(*mark, "nur ein YAML-Dokument pro Datei erlaubt (zweites '---' entfernen)")
            continue
        if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
            continue
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
            continue
        if isinstance(event, yaml.AliasEvent):
            raise fail(*mark, f"Verweis '*{event.anchor}' ist nicht erlaubt; Wert bitte ausschreiben")
        if event.anchor is not None:
            raise fail(*mark, f"Anker '&{event.anchor}' ist nicht erlaubt; Wert bitte ausschreiben")
        if event.tag is not None:
            raise fail(*mark, f"YAML-Tag '{event.tag}' ist nicht erlaubt")

        if isinstance(event, yaml.ScalarEvent):
            plain = event.implicit[0]  # libyaml: True only for unquoted scalars
            node: object = None if plain and event.value in _NULLS else event.value
        elif isinstance(event, yaml.MappingStartEvent):
            node = {}
        else:
            node = []

        parent = stack[-1] if stack else None
        if parent is None:
            path: Path = ()
            doc.value = node
            doc.value_positions[()] = mark
            root_set = True
        elif isinstance(parent.value, dict):
            if parent.key is None:
                if not isinstance(event, yaml.ScalarEvent):
                    raise fail(*mark, "ein Feldname muss ein einfacher Text sein")
                key = event.value
                if key == "<<" and event.implicit[0]:
                    raise fail(*mark, "Merge-Schlüssel '<<' ist nicht erlaubt; Felder bitte ausschreiben")
                if key in parent.value:
                    first = doc.key_positions[parent.path + (key,)][0]
                    where = ".".join(str(p) for p in parent.path + (key,))
                    raise fail(*mark, f"doppelter Feldname '{key}' (zuerst in Zeile {first})", where)
                parent.key = key
                parent.key_mark = mark
                doc.key_positions[parent.path + (key,)] = mark
                continue
            path = parent.path + (parent.key,)
            parent.value[parent.key] = node
            doc.value_positions[path] = mark
            parent.key = None
        else:
            path = parent.path + (len(parent.value),)
            parent.value.append(node)
            doc.value_positions[path] = mark

        if isinstance(node, (dict, list)):
            if len(stack) >= MAX_DEPTH:
                raise fail(*mark, f"Verschachtelung tiefer als {MAX_DEPTH} Ebenen ist nicht erlaubt")
            stack.append(_Container(node, path))
    if not root_set:
        doc.value = None
    return doc
