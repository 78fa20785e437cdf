"""The Content-Security-Policy allows no inline script but the theme's own, and names exactly the
scripts the theme writes (recomputed here from a real build, so a Material update that changes one
fails this test with the new hash to review)."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from portal.site.csp import DATA_SCRIPT_TYPES, POLICY, THEME_SCRIPTS, script_digest


def test_policy_allows_no_inline_script_by_default():
    script_src = next(part for part in POLICY.split("; ") if part.startswith("script-src "))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "object-src 'none'" in POLICY and "base-uri 'self'" in POLICY


def test_every_inline_script_of_every_page_is_named_by_the_policy(real_site):
    found: dict[str, str] = {}
    for path in sorted(real_site.rglob("*.html")):
        tree = LexborHTMLParser(path.read_text(encoding="utf-8"))
        policies = [node.attributes.get("content") for node in tree.css('meta[http-equiv="Content-Security-Policy"]')]
        assert policies == [POLICY], path
        for node in tree.css("script"):
            if "src" in node.attributes or (node.attributes.get("type") or "") in DATA_SCRIPT_TYPES:
                continue
            found.setdefault(script_digest(node.text(deep=True)), str(path.relative_to(real_site)))
    unknown = {digest: page for digest, page in found.items() if digest not in THEME_SCRIPTS}
    assert not unknown, f"inline scripts not in portal/site/csp.py (review them, then add): {unknown}"
    assert set(found) == set(THEME_SCRIPTS), "portal/site/csp.py names scripts the theme no longer writes"
