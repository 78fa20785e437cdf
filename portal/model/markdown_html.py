"""Python-Markdown set up for editor text; imported by :mod:`portal.model.richtext` on first use.

Raw HTML comes out as the literal text it is and is reported, every link target goes through
:func:`~portal.model.urls.url_problem`, and images are removed and reported; nh3 then cleans the
result as a second layer (:func:`~portal.model.urls.clean_html`, called by
:mod:`portal.model.richtext` for the pages, not for ``check``). Kept apart so that ``check`` loads
Markdown only when a text needs it.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as etree  # noqa: N813 - the name Markdown's own extensions use

import markdown
from markdown.inlinepatterns import HTML_RE, InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, AtomicString

from portal.model.urls import url_problem


class _RawHtmlAsText(InlineProcessor):
    """Shows raw HTML as the literal text it is, and remembers it as a problem."""

    def __init__(self, pattern: str, md: markdown.Markdown, problems: list[str]) -> None:
        super().__init__(pattern, md)
        self.problems = problems

    # Python-Markdown's API name and signature (its own stubs ignore the override of Pattern's too)
    def handleMatch(self, m, data):  # type: ignore[override]  # noqa: N802
        self.problems.append(
            f"HTML ist nicht erlaubt ('{m.group(0)[:40]}'); verwenden Sie Markdown "
            "oder setzen Sie den Text in `Backticks`"
        )
        return AtomicString(m.group(0)), m.start(0), m.end(0)


class _LinkGuard(Treeprocessor):
    """Checks every link target and removes images, recording each problem."""

    def __init__(self, md: markdown.Markdown, problems: list[str]) -> None:
        super().__init__(md)
        self.problems = problems

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "img":
                    self.problems.append(
                        f"Bilder sind in Textfeldern nicht erlaubt ('{child.get('src', '')}')"
                    )
                    parent.remove(child)
                elif child.tag == "a":
                    href = html.unescape(child.get("href", "").replace(AMP_SUBSTITUTE, "&"))
                    problem = url_problem(href)
                    if problem:
                        label = html.unescape("".join(child.itertext()).replace(AMP_SUBSTITUTE, "&"))[:60]
                        self.problems.append(f"Link „{label}“ ({href!r}): {problem}")
                        child.set("href", "#")


class _Renderer:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
        self.md.preprocessors.deregister("html_block")
        self.md.inlinePatterns.deregister("html")
        self.md.inlinePatterns.register(_RawHtmlAsText(HTML_RE, self.md, self.problems), "html", 90)
        self.md.treeprocessors.register(_LinkGuard(self.md, self.problems), "link_guard", 15)

    def convert(self, text: str) -> tuple[str, tuple[str, ...]]:
        self.problems.clear()
        self.md.reset()
        return self.md.convert(text), tuple(self.problems)


_renderer = _Renderer()


def convert(text: str) -> tuple[str, tuple[str, ...]]:
    """Python-Markdown's HTML of editor Markdown (not yet cleaned) and every problem found, in German."""
    return _renderer.convert(text)
