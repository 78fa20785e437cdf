"""Editor Markdown and URLs: the checks the loader runs and the HTML the pages show.

Called by :mod:`portal.model` (field validators, so ``check`` reports every problem with its
field) and by :mod:`portal.pages` (the HTML placed into generated pages). One cached render serves
both, so a text is converted once per process.

Why: Markdown fields come from untrusted pull requests. Raw HTML is switched off (it comes out as
literal text) and reported as an error, links may only use ``https:`` or ``mailto:``, images are
not allowed (an external image is a third-party request), and nh3 cleans the result as a second
layer.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from functools import lru_cache
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.inlinepatterns import HTML_RE, InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, AtomicString

_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "ul", "ol", "li", "a", "blockquote", "hr",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
_WHATWG_STRIPPED = re.compile(r"[\t\n\r]")
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")


_PLAIN_HTTPS = re.compile(r"https://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:[/?#][!-~]*)?")
"""Addresses like ``https://www.example.com/path?q=1`` that need no closer look: a host name with
a dot, no port, no user name, and no space or control character anywhere."""


def url_problem(url: str, *, allow_mailto: bool = True) -> str | None:
    """Why ``url`` may not be published, in German, or ``None`` when it is a clean https link."""
    if _PLAIN_HTTPS.fullmatch(url):
        return None
    if _SPACE_OR_CONTROL.search(url):
        return "Leer- oder Steuerzeichen in der Adresse sind nicht erlaubt"
    parts = urlsplit(_WHATWG_STRIPPED.sub("", url))
    scheme = parts.scheme.lower()
    if scheme == "mailto" and allow_mailto:
        return None if re.fullmatch(r"mailto:[^@\s]+@[^@\s]+\.[^@\s]+", url) else "ungültige mailto:-Adresse"
    if not scheme:
        return "Adresse muss mit https:// beginnen"
    if scheme != "https" or not url.startswith("https://"):
        allowed = "https:// (oder mailto:)" if allow_mailto else "https://"
        return f"Adressschema '{url.split(':', 1)[0]}:' ist nicht erlaubt; erlaubt ist nur {allowed}"
    if parts.username is not None or parts.password is not None:
        return "Zugangsdaten in der Adresse sind nicht erlaubt"
    host = parts.hostname or ""
    if "." not in host or host.startswith(".") or host.endswith("."):
        return "Adresse ohne gültigen Servernamen"
    return None


class _RawHtmlAsText(InlineProcessor):
    """Shows raw HTML as the literal text it is, and remembers it as a problem."""

    def __init__(self, pattern: str, md: markdown.Markdown, problems: list[str]) -> None:
        super().__init__(pattern, md)
        self.problems = problems

    def handleMatch(self, m, data):  # noqa: N802 - Python-Markdown's API name
        self.problems.append(
            f"HTML ist nicht erlaubt ('{m.group(0)[:40]}'); bitte Markdown verwenden "
            "oder den Text in `Backticks` setzen"
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
        converted = self.md.convert(text)
        cleaned = nh3.clean(
            converted,
            tags=_ALLOWED_TAGS,
            attributes=_ALLOWED_ATTRIBUTES,
            url_schemes={"https", "mailto"},
            link_rel="noopener",
        )
        return cleaned, tuple(self.problems)


_renderer = _Renderer()


@lru_cache(maxsize=None)
def render_markdown(text: str) -> tuple[str, tuple[str, ...]]:
    """Convert editor Markdown to safe HTML; also returns every problem found, in German."""
    return _renderer.convert(text)
