"""Which web addresses and which HTML editor text may publish: the rules both the loader and the
Markdown converter apply.

Called by :mod:`portal.model.values` (address fields), :mod:`portal.model.markdown_html` (every
link target, and nh3's cleaning of the converted text) and :mod:`portal.model.richtext` (plain
paragraphs). Kept apart from both so that neither imports the other for them.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

_WHATWG_STRIPPED = re.compile(r"[\t\n\r]")
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")
_PLAIN_HTTPS = re.compile(r"https://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:[/?#][!-~]*)?")
"""Addresses like ``https://www.example.com/path?q=1`` that need no closer look: a host name with
a dot, no port, no user name, and no space or control character anywhere (unless
:data:`_LOOKALIKE_OR_IP` matches)."""
_IP_ADDRESS = re.compile(r"[0-9.]+")
_LOOKALIKE_OR_IP = re.compile(r"https://(?:[^/?#]*\.)?(?:xn--|[0-9.]+(?:[/?#]|\Z))", re.I)
"""A host with a Punycode label or made of digits and dots only: :func:`_host_problem` looks closer."""


def url_problem(url: str, *, allow_mailto: bool = True) -> str | None:
    """Why ``url`` may not be published, in German, or ``None`` when it is a clean https link."""
    if _PLAIN_HTTPS.fullmatch(url) and not _LOOKALIKE_OR_IP.match(url):
        return None
    if _SPACE_OR_CONTROL.search(url):
        return "Leer- oder Steuerzeichen in der Adresse sind nicht erlaubt"
    try:
        parts = urlsplit(_WHATWG_STRIPPED.sub("", url))
        parts.port  # noqa: B018 - raises for a port that is not a number
    except ValueError:
        return "ungültige Adresse; prüfen Sie sie (z. B. eckige Klammern oder Port)"
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
    return _host_problem(host)


def _host_problem(host: str) -> str | None:
    """Why a host name may not be linked: one that can imitate another, or an IP address.

    A reviewer cannot tell ``аррӏе.com`` or ``еxample.com`` (with Cyrillic letters) from the Latin
    names they imitate. So every letter of a host, also inside a Punycode label (``xn--…``), must be
    a Latin letter: ``bücher.example.com`` is fine, a host with Cyrillic or Greek letters is not.
    """
    if "%" in host:
        return f"Servername {host!r} mit '%' ist nicht erlaubt; schreiben Sie den Namen aus"
    if _IP_ADDRESS.fullmatch(host):
        return f"IP-Adresse {host!r} statt eines Servernamens ist nicht erlaubt"
    try:
        shown = ".".join(label.encode("ascii").decode("idna") if label.startswith("xn--") else label
                         for label in host.split("."))
    except UnicodeError:
        return f"Servername {host!r} ist kein gültiger internationalisierter Name"
    foreign = sorted({c for c in shown if not c.isascii() and not unicodedata.name(c, "").startswith("LATIN ")})
    if foreign:
        return (f"Servername {shown!r} enthält Zeichen, die lateinischen Buchstaben gleichen können "
                f"({', '.join(f'U+{ord(c):04X}' for c in foreign)}); solche Namen sind nicht erlaubt")
    return None


_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "ul", "ol", "li", "a", "blockquote", "hr",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}

def clean_html(converted: str) -> str:
    """nh3's cleaning of converted editor text: only the tags, attributes and link schemes the
    pages allow. (nh3 is imported here, on first use: ``check`` finds every problem without it.)"""
    import nh3

    return nh3.clean(converted, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES,
                     url_schemes={"https", "mailto"}, link_rel="noopener")
