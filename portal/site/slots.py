"""Slots that keep the HTML of macros out of Markdown: a macro leaves a token, the HTML comes later.

Used by :mod:`portal.site.macros` (each macro :meth:`~MacroSlots.hold`\\ s its finished HTML and returns a
token) and by the MkDocs glue (:mod:`portal.site.plugin`), which :meth:`~MacroSlots.fill`\\ s the
tokens once Markdown has made the page's HTML. One instance lives in each build
(:class:`portal.site.build.Build`).

Why: mkdocs-macros puts a macro's result back into the page's Markdown, and Python-Markdown then
reads the text between inline tags as Markdown again. A record title like
``Wasserstoff **fett** [Jetzt Fördermittel sichern](https://evil.example/)`` became bold text and a
link, and with ``attr_list`` even an event handler (security review F-5). A token of lower-case
letters and digits means nothing to Markdown, so the macro's escaped HTML arrives unchanged. The
token carries a random part chosen per build, so text in a page cannot imitate one.

Block HTML (a list, a card grid) used inside a sentence would end up inside a ``<p>``, which is
invalid HTML: the paragraph is closed before the block and opened again after it.
"""

from __future__ import annotations

import re
import secrets


class MacroSlots:
    """The HTML held for one build's macro calls, by token."""

    def __init__(self) -> None:
        self._prefix = f"portalslot{secrets.token_hex(8)}n"
        self._token = re.compile(re.escape(self._prefix) + r"([0-9]+)e")
        self._in_paragraph = re.compile(
            r"<p>((?:(?!</?p>).)*?)(" + re.escape(self._prefix) + r"[0-9]+e)((?:(?!</?p>).)*?)</p>", re.S
        )
        self._held: list[tuple[str, bool]] = []

    def hold(self, html: str, *, block: bool) -> str:
        """Keep ``html`` (finished, escaped) and return the token that stands for it in Markdown."""
        self._held.append((html, block))
        return f"{self._prefix}{len(self._held) - 1}e"

    def fill(self, html: str) -> str:
        """``html`` with every token replaced by what it holds."""
        if self._prefix not in html:
            return html
        html = self._token.sub(lambda match: self._inline(match) or match.group(0), html)
        changed = 1
        while changed:  # one block per paragraph and pass
            html, changed = self._in_paragraph.subn(self._split_paragraph, html)
        return self._token.sub(lambda match: self._held[int(match.group(1))][0], html)

    def _inline(self, match: re.Match[str]) -> str | None:
        held, block = self._held[int(match.group(1))]
        return None if block else held

    def _split_paragraph(self, match: re.Match[str]) -> str:
        before, token, after = match.groups()
        held = self._held[int(token[len(self._prefix):-1])][0]
        parts = [f"<p>{before.rstrip()}</p>" if before.strip() else "", held,
                 f"<p>{after.lstrip()}</p>" if after.strip() else ""]
        return "\n".join(part for part in parts if part)
