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

Why two walks: most files are clean, and recording every position costs more than parsing. So
:func:`read_yaml` first builds the value with a lean walk that gives up at anything unusual (an
anchor, a tag, a duplicate key, a syntax error ...). Only then, and when a caller asks for a
position, does the exact walk (:mod:`portal.load.yamlexact`) run; it alone words the errors, so they
stay the same either way.
"""

from __future__ import annotations

import re
from functools import partial

import yaml

from portal.common.characters import first_refused
from portal.load.yamlexact import (
    MAX_DEPTH,
    NULLS,
    PARSER,
    YamlDocument,
    YamlProblem,
    exact_document,
    refused_message,
    yaml_problem,
)

__all__ = ["MAX_BYTES", "YamlDocument", "YamlProblem", "read_yaml"]

MAX_BYTES = 256_000

_ScalarEvent, _MappingStartEvent = yaml.ScalarEvent, yaml.MappingStartEvent
_SequenceStartEvent = yaml.SequenceStartEvent
_MappingEndEvent, _SequenceEndEvent = yaml.MappingEndEvent, yaml.SequenceEndEvent
_StreamStartEvent, _StreamEndEvent = yaml.StreamStartEvent, yaml.StreamEndEvent
_DocumentStartEvent, _DocumentEndEvent = yaml.DocumentStartEvent, yaml.DocumentEndEvent
_MAYBE_COMMENT_AFTER_VALUE = re.compile(r"^[ \t]*[^ \t\n#][^\n]*[ \t]#", re.MULTILINE)
"""A line with something before `` #``: perhaps a comment after a plain value (see :func:`_build`)."""
_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)


def read_yaml(raw: bytes, display_path: str, *, trailing_comments: bool = False) -> YamlDocument:
    """Parse one editor file strictly; raises :class:`YamlProblem` on the first problem.

    ``trailing_comments`` allows a comment after a plain value on the same line, for files that
    maintainers write (workflows); in editors' data it is an error (see :func:`_check_scalar`).
    """

    fail = partial(yaml_problem, display_path)
    if len(raw) > MAX_BYTES:
        raise fail(1, 1, f"Datei ist größer als {MAX_BYTES} Bytes ({len(raw)} Bytes); teilen Sie sie auf")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw[: exc.start].decode("utf-8", "replace"), exc.start)
        raise fail(line, col, "Datei ist nicht in UTF-8 gespeichert; speichern Sie sie als UTF-8") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    bad = first_refused(text)
    if bad is not None:
        line, col = _line_col(text, bad)
        raise fail(line, col, refused_message(text[bad]))
    tab = _TAB_INDENT.search(text) if "\t" in text else None
    if tab:
        line, col = _line_col(text, tab.end() - 1)
        raise fail(line, col, "Tabulatoren sind zur Einrückung nicht erlaubt; verwenden Sie Leerzeichen")
    # The pattern knows only "\n" as a line end: files with "\r" take the exact walk, which knows all.
    unusual = not trailing_comments and (
        "\r" in text or ((" #" in text or "\t#" in text) and _MAYBE_COMMENT_AFTER_VALUE.search(text))
    )
    value = _UNUSUAL if unusual else _plain_value(text)
    if value is _UNUSUAL:
        return exact_document(text, display_path, trailing_comments)
    return YamlDocument(value, text)



def _line_col(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


# --- the lean walk: values only, for files without anything unusual ----------------------------

_UNUSUAL = object()
"""What :func:`_plain_value` returns when the exact walk has to look at the file."""


def _plain_value(text: str) -> object:
    """The file's value, built like :func:`_exact_document` builds it, or :data:`_UNUSUAL`.

    Gives up at anything the exact walk would report or where it might differ: no document,
    a second document, an anchor, alias or tag, a merge key, a duplicate or non-text key, deep
    nesting, and any error of the YAML parser.
    """
    get_event = PARSER(text).get_event
    container: dict | list | None = None  # the mapping or list being filled
    enclosing: list[dict | list | None] = []  # the containers around it, outermost first
    key: str | None = None  # in a mapping: the key waiting for its value
    value: object = _UNUSUAL
    try:
        while True:
            event = get_event()
            kind = type(event)
            if kind is _ScalarEvent:
                if event.anchor is not None or event.tag is not None:
                    return _UNUSUAL
                if event.style == '"' and first_refused(event.value) is not None:
                    return _UNUSUAL  # an escape made a refused character: the exact walk words it
                if type(container) is dict and key is None:
                    key = event.value
                    if key in container or key == "<<":
                        return _UNUSUAL
                    continue
                node = None if event.implicit[0] and event.value in NULLS else event.value
            elif kind is _MappingStartEvent or kind is _SequenceStartEvent:
                if event.anchor is not None or event.tag is not None or len(enclosing) >= MAX_DEPTH:
                    return _UNUSUAL
                node = {} if kind is _MappingStartEvent else []
            elif kind is _MappingEndEvent or kind is _SequenceEndEvent:
                container = enclosing.pop()
                continue
            elif kind is _DocumentStartEvent:
                if value is not _UNUSUAL:
                    return _UNUSUAL  # a second document
                continue
            elif kind is _StreamEndEvent:
                return value
            elif kind is _StreamStartEvent or kind is _DocumentEndEvent:
                continue
            else:
                return _UNUSUAL  # an alias
            if container is None:
                value = node
            elif key is not None:
                container[key] = node  # type: ignore[call-overload]  # key is set only while container is a dict
                key = None
            elif type(container) is list:
                container.append(node)
            else:
                return _UNUSUAL  # a mapping or list as a key
            if kind is not _ScalarEvent:
                enclosing.append(container)
                container = node
    except yaml.YAMLError:
        return _UNUSUAL
