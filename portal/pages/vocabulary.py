"""Terms the search adds to a page: the parts of German compounds and the synonyms of its words.

Built once per build from the catalogue's synonym groups (``data/synonyme.yml``) and the reviewed
list of word parts (``portal/assets/wortteile.tsv``, written by ``scripts/wortteile.py``); used by
:mod:`portal.site.search_index` for every search document. No MkDocs import.

Why: Pagefind stems German words and matches the beginning of words, but it neither splits closed
compounds ("Kongress" did not find "Jahreskongress") nor knows that "KI" means "künstliche
Intelligenz". The added terms stand in a low-weight line of the search document, so a page that
uses the searched word itself still ranks first.
"""

from __future__ import annotations

import html
import re

from portal.common.paths import ASSETS

WORD_PARTS = ASSETS / "wortteile.tsv"
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_TAG = re.compile(r"<[^>]*>")
_ELIDED = re.compile(r"(?<![^\W\d_])([^\W\d_]+)- (?:und|oder|bzw\.|sowie) ([^\W\d_]+)")
""""Patent- und Publikationsanalyse": the first word shares the second's last part (Patentanalyse).
A match starts only where a word starts (the look-behind): the same matches as without it, but the
search no longer tries every position inside every word, which took more than half of the time a
search document costs (0.26 of 0.42 s for the 1,000 pages of a synthetic catalogue)."""


class Vocabulary:
    """Word parts and synonym groups, looked up by lower-case word."""

    def __init__(self, synonyms: tuple[tuple[str, ...], ...], word_parts: dict[str, tuple[str, ...]]) -> None:
        self.word_parts = word_parts
        self.single: dict[str, tuple[str, ...]] = {}  # one-word term -> its group
        self.phrases: list[tuple[str, tuple[str, ...]]] = []  # term of several words -> its group
        for group in synonyms:
            for term in group:
                key = " ".join(term.casefold().split())
                if " " in key:
                    self.phrases.append((key, group))
                else:
                    self.single[key] = group

    @classmethod
    def load(cls, synonyms: tuple[tuple[str, ...], ...]) -> Vocabulary:
        parts = {}
        for line in WORD_PARTS.read_text(encoding="utf-8").splitlines():
            word, _, split = line.removeprefix("#!").partition("\t")
            if split:
                parts[word] = tuple(split.split())
        return cls(synonyms, parts)

    def related_terms(self, content: str) -> list[str]:
        """Terms for the page whose content HTML is ``content``: what it does not say itself."""
        text = html.unescape(_TAG.sub(" ", content)).casefold()
        words = set(_WORD.findall(text))
        for word in list(words):
            if "-" in word:  # "Transformations-Netzwerke" is also "Transformationsnetzwerke", its parts words
                words.update(word.split("-"))
        terms: set[str] = set()
        for word in words:
            if "-" in word:
                terms.add(word.replace("-", ""))
            terms.update(self.word_parts.get(word, ()))
            for synonym in self.single.get(word, ()):
                terms.add(synonym.casefold())
        for head, compound in _ELIDED.findall(text):
            parts = self.word_parts.get(compound)
            if parts:
                terms.add(head + parts[-1])
        for phrase, group in self.phrases:
            if phrase in text and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text):
                terms.update(term.casefold() for term in group)
        return sorted(term for term in terms if term not in words and not (" " in term and term in text))
