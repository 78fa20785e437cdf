"""The Content-Security-Policy of every page and the inline scripts it allows.

Read by the MkDocs glue (:mod:`portal.site.plugin`, which hands :data:`POLICY` to
``overrides/main.html``) and by the post-build scan (:mod:`portal.site.linkcheck`, which reports any
inline script not listed here). No MkDocs import.

Why hashes: with ``'unsafe-inline'`` a policy adds nothing against injected markup, because any
``<script>`` or ``onerror=`` that got into a page would run. Material writes three small inline
scripts into every page (storage helpers, the saved colour scheme, opening a linked tab); the policy
names exactly these by their SHA-256 and nothing else runs inline. They are the same on every page
because ``extra.scope`` in ``mkdocs.yml`` is fixed. When Material changes one of them, the test
``tests/test_csp.py`` fails and prints the new hash: check the new script in Material's
``partials/javascripts/`` and replace the entry here.
"""

from __future__ import annotations

import base64
import hashlib

THEME_SCRIPTS = {
    "exqRXrW/0laiImCrTE8a70vxyyY10FJVIppytLf/dbY=": "Material 9.8.1 partials/javascripts/base.html (scope /)",
    "DrEMJJ29sL7vIloQzly+VUGMxKcBTMII+OfW7Y8AkG4=": "Material 9.8.1 partials/javascripts/palette.html",
    "/8wPdzX9q0NNJXyA5lzsLojXFpkeaXVxhbfkUOQaWy8=": "Material 9.8.1 partials/javascripts/content.html",
}
"""SHA-256 (base64) of each inline script the theme writes, and where it comes from."""

DATA_SCRIPT_TYPES = frozenset({"application/json", "application/ld+json"})
"""``<script>`` types that hold data, which a browser never runs (Material's configuration,
structured data for search engines)."""

_SCRIPT_SOURCES = "script-src 'self' 'wasm-unsafe-eval' " + " ".join(f"'sha256-{digest}'" for digest in THEME_SCRIPTS)
POLICY = "; ".join([
    "default-src 'self'",
    _SCRIPT_SOURCES,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
])
"""No inline script but the theme's own; ``'wasm-unsafe-eval'`` for Pagefind's WebAssembly search,
``blob:`` workers for Material's search worker. Inline styles stay allowed: Material sets them and
they cannot run code."""

PREVIEW_POLICY = POLICY.replace(_SCRIPT_SOURCES, "script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline'")
"""For ``mkdocs serve`` only, never in a built site: its live reload is an inline script that
changes with every request, so no hash can name it, and without it the preview would not reload
when a file is saved (also not to show or leave its error page)."""


def script_digest(source: str) -> str:
    """The base64 SHA-256 of an inline script's text, as a policy names it."""
    return base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")
