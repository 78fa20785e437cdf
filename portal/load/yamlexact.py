"""The exact walk over an editor's YAML file: every key's and value's position, and the German
wording of every problem (see :mod:`portal.load.yamlreader` for why there are two walks).

Called by :mod:`portal.load.yamlreader` for files the lean walk gives up on, and by
:class:`YamlDocument` when a caller first asks for a position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial

import yaml

from portal.common.characters import describe, first_refused
from portal.common.errors import DataError, field_name

MAX_DEPTH = 32

Path = tuple[str | int, ...]

PARSER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
NULLS = {"", "~", "null", "Null", "NULL"}
_COMMENT_AFTER_VALUE = re.compile(r"[ \t]+#")
_KEY_AT_LINE_START = re.compile(r"^( *)(- +)?([A-Za-z_][A-Za-z0-9_]*):(?: |$)")

# libyaml's wording -> what an editor can act on.
_SYNTAX_HINTS = {
    "mapping values are not allowed": (
        "ein Doppelpunkt mit Leerzeichen (': ') steht mitten in einem Wert; "
        "setzen Sie den ganzen Wert in Anführungszeichen"
    ),
    "could not find expected ':'": "hier fehlt ein Doppelpunkt nach dem Feldnamen",
    "did not find expected key": "Einrückung passt nicht: ein Feld steht nicht auf der Ebene der anderen",
    "did not find expected '-' indicator":
        "Einrückung passt nicht: ein Listeneintrag ('- ') fehlt oder ist verschoben",
    "found unexpected end of stream": "die Datei endet mitten in einem Wert (fehlt ein Anführungszeichen?)",
    "found undefined alias": "Verweise (Aliase mit '*') sind nicht erlaubt",
    "found character that cannot start any token":
        "Zeichen am Wertanfang nicht erlaubt; setzen Sie den Wert in Anführungszeichen",
    "found unknown escape character": "unbekannte Escape-Sequenz mit '\\' in einem Wert in doppelten Anführungszeichen",
}


@dataclass
class YamlDocument:
    """A parsed file: its value, its text and where each key and value stands (1-based line, column).

    The positions are found when first asked for (by a second, exact walk over ``text``).
    """

    value: object
    text: str
    _key_positions: dict[Path, tuple[int, int]] | None = field(default=None, repr=False)
    _value_positions: dict[Path, tuple[int, int]] = field(default_factory=dict, repr=False)

    def position(self, path: Path) -> tuple[int, int]:
        """The position of the field at ``path``, or of its nearest ancestor that exists."""
        if self._key_positions is None:  # read by the lean walk, so the exact walk finds no problem
            exact = exact_document(self.text, "")
            self._key_positions, self._value_positions = exact._key_positions or {}, exact._value_positions
        for end in range(len(path), 0, -1):
            prefix = path[:end]
            if prefix in self._key_positions:
                return self._key_positions[prefix]
            if prefix in self._value_positions:
                return self._value_positions[prefix]
        return self._value_positions.get((), (1, 1))


class YamlProblem(Exception):
    """A file that cannot be read at all; carries the one error that stopped reading."""

    def __init__(self, error: DataError) -> None:
        super().__init__(str(error))
        self.error = error



def refused_message(char: str) -> str:
    return f"{describe(char)} ist nicht erlaubt; entfernen Sie es"


def yaml_problem(display_path: str, line: int, col: int, message: str, where: str = "(Datei)") -> YamlProblem:
    return YamlProblem(DataError(display_path, line, col, where, message))


def exact_document(text: str, display_path: str, trailing_comments: bool = False) -> YamlDocument:
    fail = partial(yaml_problem, display_path)
    try:
        return _build(text, fail, trailing_comments)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = (exc.problem or "").strip()
        if problem.startswith("mapping values are not allowed"):
            misindented = _misindented_key(text, line, col)
            if misindented:
                key, key_col, message = misindented
                raise fail(line, key_col, message, key) from None
        hint = next((text for key, text in _SYNTAX_HINTS.items() if problem.startswith(key)), None)
        raise fail(line, col, f"YAML-Syntaxfehler: {hint or problem}", "(YAML)") from None


def _misindented_key(text: str, line: int, col: int) -> tuple[str, int, str] | None:
    """(key, its column, message) when the error is at the colon of a field name that starts its line further
    right than the field on the line above: YAML then reads it as more text of that field's value,
    and libyaml's complaint (a colon inside a value) would send the editor the wrong way."""
    lines = text.split("\n")
    this = _KEY_AT_LINE_START.match(lines[line - 1]) if line <= len(lines) else None
    if not this or this.group(2) or col - 1 != this.end(3):
        return None
    above_number = line - 1
    while above_number > 0 and lines[above_number - 1].lstrip()[:1] in ("", "#"):
        above_number -= 1
    above = _KEY_AT_LINE_START.match(lines[above_number - 1]) if above_number > 0 else None
    if not above:
        return None
    key, key_col = this.group(3), len(this.group(1))
    above_key, above_col = above.group(3), len(above.group(1)) + len(above.group(2) or "")
    if key_col <= above_col:
        return None
    return key, key_col + 1, (f"Einrückung passt nicht: '{key}' steht {key_col - above_col} Leerzeichen weiter "
                              f"rechts als '{above_key}' in Zeile {above_number}. Rücken Sie es genau unter "
                              f"'{above_key}' ein (gehört der Text dagegen zum Wert darüber, setzen Sie diesen "
                              "Wert in Anführungszeichen)")


class _Container:
    __slots__ = ("key", "key_mark", "path", "value")

    def __init__(self, value: dict | list, path: Path) -> None:
        self.value = value
        self.path = path
        self.key: str | None = None
        self.key_mark: tuple[int, int] = (0, 0)


def _build(text: str, fail, trailing_comments: bool) -> YamlDocument:
    key_positions: dict[Path, tuple[int, int]] = {}
    doc = YamlDocument(None, text, key_positions, {})
    lines = re.split(r"\r\n|\r|\n", text)  # as libyaml counts lines
    stack: list[_Container] = []
    documents = 0
    root_set = False
    for event in yaml.parse(text, Loader=PARSER):
        # The ignores on marks here and in _check_scalar: the parser marks every event; the type
        # stubs allow None only for events made by hand.
        mark = (event.start_mark.line + 1, event.start_mark.column + 1)  # type: ignore[union-attr]
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise fail(*mark, "nur ein YAML-Dokument pro Datei erlaubt; entfernen Sie das zweite '---'")
            continue
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
            continue
        if isinstance(event, yaml.AliasEvent):
            raise fail(*mark, f"Verweis '*{event.anchor}' ist nicht erlaubt; schreiben Sie den Wert aus")
        if not isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            continue  # start and end of the stream, end of the document
        if event.anchor is not None:
            raise fail(*mark, f"Anker '&{event.anchor}' ist nicht erlaubt; schreiben Sie den Wert aus")
        if event.tag is not None:
            raise fail(*mark, f"YAML-Tag '{event.tag}' ist nicht erlaubt")

        if isinstance(event, yaml.ScalarEvent):
            plain = event.implicit[0]  # libyaml: True only for unquoted scalars
            node: object = None if plain and event.value in NULLS else event.value
            _check_scalar(event, None if trailing_comments else lines, stack, fail)
        elif isinstance(event, yaml.MappingStartEvent):
            node = {}
        else:
            node = []

        parent = stack[-1] if stack else None
        if parent is None:
            path: Path = ()
            doc.value = node
            doc._value_positions[()] = mark
            root_set = True
        elif isinstance(parent.value, dict):
            if parent.key is None:
                if not isinstance(event, yaml.ScalarEvent):
                    raise fail(*mark, "ein Feldname muss ein einfacher Text sein")
                key = event.value
                if key == "<<" and event.implicit[0]:
                    raise fail(*mark, "Merge-Schlüssel '<<' ist nicht erlaubt; schreiben Sie die Felder aus")
                if key in parent.value:
                    first = key_positions[parent.path + (key,)][0]
                    raise fail(*mark, f"doppelter Feldname '{key}' (zuerst in Zeile {first})",
                               field_name(parent.path + (key,)))
                parent.key = key
                parent.key_mark = mark
                key_positions[parent.path + (key,)] = mark
                continue
            path = parent.path + (parent.key,)
            parent.value[parent.key] = node
            doc._value_positions[path] = mark
            parent.key = None
        else:
            path = parent.path + (len(parent.value),)
            parent.value.append(node)
            doc._value_positions[path] = mark

        if isinstance(node, (dict, list)):
            if len(stack) >= MAX_DEPTH:
                raise fail(*mark, f"Verschachtelung tiefer als {MAX_DEPTH} Ebenen ist nicht erlaubt")
            stack.append(_Container(node, path))
    if not root_set:
        doc.value = None
    return doc


def _check_scalar(event: yaml.ScalarEvent, lines: list[str] | None, stack: list[_Container], fail) -> None:
    """Problems a scalar can hide from the raw-text checks of :func:`read_yaml`.

    - A double-quoted scalar turns escapes such as ``"\\u202E"`` or ``"\\e"`` into characters the
      raw text never showed: the character rule runs again on the decoded text.
    - In a plain (unquoted) value, `` #`` starts a comment: ``name: Netzwerk #1 Sachsen`` would
      silently become ``Netzwerk``. Such a value must be quoted (unless ``lines`` is ``None``:
      comments after values allowed).
    """
    where = _scalar_field(stack)
    if event.style == '"':
        bad = first_refused(event.value)
        if bad is not None:
            line, col = event.start_mark.line, event.start_mark.column  # type: ignore[union-attr]  # see _build
            raise fail(line + 1, col + 1, refused_message(event.value[bad]), where)
    elif lines is not None and not event.style and event.value:
        line, col = event.end_mark.line, event.end_mark.column  # type: ignore[union-attr]  # see _build
        rest = lines[line][col:] if line < len(lines) else ""
        if _COMMENT_AFTER_VALUE.match(rest):
            raise fail(line + 1, col + 1 + rest.index("#"), (
                "Text nach ' #' gilt in YAML als Kommentar und fehlt im Wert; setzen Sie den ganzen Wert in "
                "Anführungszeichen, z. B. name: \"Netzwerk #1\""), where)


def _scalar_field(stack: list[_Container]) -> str:
    """The field a scalar event belongs to, as errors name it (its key, or the key it is the value of)."""
    if not stack:
        return "(Datei)"
    parent = stack[-1]
    if isinstance(parent.value, dict):
        return field_name(parent.path + (parent.key,)) if parent.key is not None else field_name(parent.path)
    return field_name(parent.path + (len(parent.value),))
