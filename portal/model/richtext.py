"""Editor Markdown and URLs: the checks the loader runs and the HTML the pages show.

Called by :mod:`portal.model` (field validators, so ``check`` reports every problem with its
field, :func:`markdown_problems`) and by :mod:`portal.pages` and :mod:`portal.exports` (the HTML
placed into generated pages, :func:`render_markdown`). One cached conversion serves both, so a text
is converted once per process; only the pages' HTML is cleaned with nh3, so ``check`` needs no
HTML cleaner.

Why: Markdown fields come from untrusted pull requests. Raw HTML is switched off (it comes out as
literal text) and reported as an error, links may only use ``https:`` or ``mailto:``, images are
not allowed (an external image is a third-party request), and nh3 cleans the result as a second
layer. The converter (:mod:`portal.model.markdown_html`) is imported on the first render: ``check``
renders only texts that can hold a problem, often none. Most texts are paragraphs of plain prose;
they become ``<p>`` elements without Python-Markdown, with the same HTML, because the converter
costs about a millisecond per text and a catalogue holds thousands of texts.
"""

from __future__ import annotations

import re
from functools import cache

from portal.model.urls import clean_html

_MARKDOWN_SYNTAX = re.compile(
    r"[\\`*_\[\]!<>&|#\x00-\x09\x0b-\x1f\x7f\x85\u2028\u2029]"  # special and control characters
    r"|^(?:[^\S\n]|[-+=]|\d+[.)])"  # a line that starts with a space or like a list, rule or heading
    r"|[^\S\n]$"  # a line that ends with a space (a line break)
    r"|\n\n\n",  # more than one blank line
    re.M,
)
"""Whatever in a text Markdown could read as markup: its special characters, a line that starts
like a list, heading rule or code block, a line break (trailing spaces), more than one blank line."""


@cache
def _converted(text: str) -> tuple[str, tuple[str, ...]]:
    """The HTML of editor Markdown before cleaning, and every problem found, in German."""
    if text.strip() and not _MARKDOWN_SYNTAX.search(text):  # paragraphs of plain text, as Python-Markdown makes them
        return "\n".join(f"<p>{block}</p>" for block in text.strip().split("\n\n")), ()
    from portal.model.markdown_html import convert  # on first use: most texts never need the converter

    return convert(text)


def markdown_problems(text: str) -> tuple[str, ...]:
    """Every problem of editor Markdown, in German (what ``check`` reports for the field)."""
    return _converted(text)[1]


@cache
def render_markdown(text: str) -> tuple[str, tuple[str, ...]]:
    """Convert editor Markdown to safe HTML; also returns every problem found, in German."""
    converted, problems = _converted(text)
    return clean_html(converted), problems
