"""Pages layer: pure functions from the catalogue to page sources (the page plan, autoescaped
templates in ``portal/templates``), the search document of a page and the helpers templates use.
Knows no site generator."""
