"""Plain text from an editor's Markdown, for formats without markup (calendar descriptions,
feed summaries, CSV cells stay Markdown as written).

Used by :mod:`portal.exports.ics` and :mod:`portal.exports.feeds`. The Markdown is rendered and
cleaned exactly as on the pages (:func:`portal.model.richtext.render_markdown`), then only its text nodes
are kept: nothing an editor wrote can become markup in another program. A link keeps its address
in brackets after the link text, because a calendar cannot follow it otherwise.
"""

from __future__ import annotations

from html.parser import HTMLParser

from portal.model.richtext import render_markdown

_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "br", "ul", "ol", "table"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")
        if tag == "a":
            self.links.append(dict(attrs).get("href"))

    def handle_endtag(self, tag):
        if tag == "a" and self.links:
            href = self.links.pop()
            if href:
                self.parts.append(f" ({href})")
        if tag in _BLOCKS and tag != "li":
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def plain_text(markdown: str | None) -> str:
    """The text of ``markdown`` as a reader sees it, paragraphs separated by a blank line."""
    return html_text(render_markdown(markdown)[0]) if markdown else ""


def html_text(html: str) -> str:
    """The text of an HTML fragment, paragraphs separated by a blank line."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()
