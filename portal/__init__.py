"""Transformationsportal Automobil: turns the YAML catalogue in ``data/`` into a static portal.

Layers, one direction only (checked by tests/test_layers.py):
``common`` <- ``model`` (typed records, kinds, catalogue) <- ``load`` (the only YAML reader, all
validation) <- ``exports`` / ``pages`` (pure functions from the catalogue to files and page
sources) <- ``site`` (the only code that knows MkDocs) and ``cli`` (``python -m portal``).
ARCHITEKTUR.md (German) is the architecture overview for developers.
"""
