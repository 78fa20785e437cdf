"""Which characters editor text may hold, and how any text is printed safely to a terminal.

Called by :mod:`portal.load.yamlreader` (on the raw file and on every decoded key and value) and by
:mod:`portal.common.errors` (every message is printed through :func:`printable`).

Why by Unicode category, not by a list: a list of "bad" characters always misses one (the
December 2026 review found U+061C, the tag characters U+E0000–E007F, the soft hyphen and the
Hangul fillers past the old list). Editor text here is prose, names and addresses; it never needs
a character that is invisible or changes the direction or meaning of the text around it. So every
character of these categories is refused:

- ``Cc`` control characters, except tab, line feed and carriage return (YAML's own white space);
- ``Cf`` format characters (zero-width spaces and joiners, bidi controls, soft hyphen, tags, BOM);
- ``Co`` private use and ``Cn`` unassigned code points (including U+FFFE/U+FFFF);
- ``Zl``/``Zp`` line and paragraph separators (libyaml reads a raw U+2028 as a line break, which
  can hide a second key on one visible line);
- ``Cs`` surrogates (only reachable through ``\\uD800``-style escapes);

plus the few letters and marks that render as nothing (:data:`_FILLERS`) and the variation
selectors. There is no exception: no text of the portal needs one, and a rule without exceptions
cannot be talked around.
"""

from __future__ import annotations

import re
import unicodedata

_REFUSED_CATEGORIES = {"Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp"}
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}
_FILLERS = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2800\u3164\uffa0\ufe00-\ufe0f\U000e0100-\U000e01ef]"
)
"""Printable by category, invisible on screen: combining grapheme joiner, Hangul and Khmer fillers,
Mongolian selectors, the blank Braille pattern, variation selectors."""


def is_refused(char: str) -> bool:
    """Whether editor text may not hold ``char`` (see the module docstring)."""
    if char in _ALLOWED_CONTROLS:
        return False
    return unicodedata.category(char) in _REFUSED_CATEGORIES or _FILLERS.match(char) is not None


def first_refused(text: str) -> int | None:
    """The offset of the first refused character in ``text``, or ``None``.

    One regular-expression pass (about as fast as ``str.isprintable``, which the reader used before):
    :data:`_CANDIDATES` matches every refused character of the Basic Multilingual Plane and any
    character beyond it, which is then judged by its category (an emoji is fine, a tag is not).
    """
    for match in _CANDIDATES.finditer(text):
        if match.group() < "\U00010000" or is_refused(match.group()):
            return match.start()
    return None


def _candidates() -> re.Pattern[str]:
    ranges: list[list[int]] = []
    for code in range(0x10000):
        if is_refused(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    parts = "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in ranges)
    return re.compile(f"[{parts}\U00010000-\U0010ffff]")


_CANDIDATES = _candidates()
"""Built once per process from :func:`is_refused` (about 20 ms), so the two can never disagree."""


def describe(char: str) -> str:
    """``U+202E`` with its kind and name, in German: ``unsichtbares Steuerzeichen U+202E (RIGHT-TO-LEFT OVERRIDE)``."""
    category = unicodedata.category(char)
    kind = {
        "Cc": "Steuerzeichen",
        "Zl": "Zeilentrenner",
        "Zp": "Absatztrenner",
        "Co": "Zeichen aus dem privaten Bereich",
        "Cn": "nicht vergebenes Zeichen",
        "Cs": "ungültiges Ersatzzeichen",
    }.get(category, "unsichtbares Zeichen")
    name = unicodedata.name(char, "")
    return f"{kind} U+{ord(char):04X}" + (f" ({name})" if name else "")


def printable(text: str) -> str:
    """``text`` with every control, invisible and line-breaking character written as an escape
    (``\\x1b``, ``\\u202e``, ``\\n``), so that no value reaches a terminal or a CI log as a command."""
    if text.isprintable() and first_refused(text) is None:
        return text
    return "".join(_escape(char) if _unsafe(char) else char for char in text)


def _unsafe(char: str) -> bool:
    return is_refused(char) or char in _ALLOWED_CONTROLS or not (
        char.isprintable() or unicodedata.category(char) == "Zs"
    )


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
