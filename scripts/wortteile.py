"""Write the list of word parts the search adds for German closed compounds (maintainers only).

Usage (from the repository root, after ``pip install wordfreq==3.1.1``)::

    python scripts/wortteile.py            # rewrites portal/assets/wortteile.tsv
    python scripts/wortteile.py --check    # exit 1 when the list misses words of the current texts

Pagefind stems German words and matches prefixes, but it does not split compounds: "Kongress" did
not find "Jahreskongress". This script reads every word of the data and the hand-written pages and
splits the compounds among them into parts that are German words of their own, using the word
frequencies of wordfreq (code MIT, data CC BY-SA 4.0; only the split words end up in the list, and
nothing is downloaded when the portal is built). The list is committed, so review its changes
like any other: a wrong split only adds a weak search term, but a reviewer may delete a line or
correct its parts by hand; the script keeps lines it did not write itself (marked with ``#!``).

Format of portal/assets/wortteile.tsv: ``word<TAB>part part …``, lower case, sorted.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET = REPO / "portal" / "assets" / "wortteile.tsv"
WORDFREQ_VERSION = "3.1.1"
MIN_PART = 4  # letters of the shortest part ("Auto", "Zell")
MIN_ZIPF = 3.0  # a part must be at least this common a German word
LINKS = ("", "s", "es", "n", "en", "e", "er")  # German linking elements between parts
WORD = re.compile(r"[A-Za-zÄÖÜäöüß]{9,}")


def vocabulary() -> set[str]:
    """Every word of nine letters or more in data/ and docs/, lower case."""
    words: set[str] = set()
    for folder, pattern in ((REPO / "data", "*.yml"), (REPO / "docs", "*.md")):
        for path in folder.rglob(pattern):
            words.update(word.lower() for word in WORD.findall(path.read_text(encoding="utf-8")))
    return words


def split(word: str, zipf, depth: int = 0) -> list[str] | None:
    """The best split of ``word`` into common words, or ``None``: two parts where there are any
    (the most even in commonness), three only where no two-part split exists."""
    candidates: list[tuple[float, list[str]]] = []
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        head, tail = word[:cut], word[cut:]
        for link in LINKS:
            stem = head[: len(head) - len(link)] if link else head
            if not head.endswith(link) or not _common(stem, zipf):
                continue
            if _common(tail, zipf):
                candidates.append((min(zipf(stem), zipf(tail)), [stem, tail]))
            elif depth == 0 and (rest := split(tail, zipf, depth + 1)):
                candidates.append((min(zipf(part) for part in [stem, *rest]) - 1, [stem, *rest]))
    return max(candidates, key=lambda candidate: candidate[0])[1] if candidates else None


def _common(part: str, zipf) -> bool:
    """A part of at least MIN_PART letters that is a common word (a short one must be more common)."""
    return len(part) >= MIN_PART and zipf(part) >= (MIN_ZIPF + 1 if len(part) == MIN_PART else MIN_ZIPF)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Wortteile für die Suche aus den Texten des Portals ableiten")
    parser.add_argument("--check", action="store_true", help="nur prüfen, ob die Liste aktuell ist")
    args = parser.parse_args(argv)
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("wordfreq")
    except PackageNotFoundError:
        found = "keins"
    if found != WORDFREQ_VERSION:
        print(f"Bitte wordfreq=={WORDFREQ_VERSION} installieren (gefunden: {found}).", file=sys.stderr)
        return 2
    import wordfreq  # maintainers only
    zipf = lambda word: wordfreq.zipf_frequency(word, "de")  # noqa: E731
    kept = [line for line in TARGET.read_text(encoding="utf-8").splitlines() if line.startswith("#!")] \
        if TARGET.exists() else []
    edited = {line[2:].split("\t", 1)[0] for line in kept}
    rows = {}
    for word in sorted(vocabulary()):
        if word in edited or zipf(word) >= 4.5:  # a common word of its own is searched as it is
            continue
        parts = split(word, zipf)
        if parts:
            rows[word] = " ".join(parts)
    lines = kept + [f"{word}\t{parts}" for word, parts in sorted(rows.items())]
    text = "\n".join(lines) + "\n"
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET.relative_to(REPO)} ist nicht aktuell: python scripts/wortteile.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"geschrieben: {TARGET.relative_to(REPO)} ({len(lines)} Wörter)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
