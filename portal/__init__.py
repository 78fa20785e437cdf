"""Transformationsportal Automobil: turns the YAML catalogue in ``data/`` into a static portal.

Layers, one direction only:
``model`` (typed records) <- ``load`` (the only YAML reader, all validation) <- ``pages`` /
``exports`` (pure functions from the catalogue to page sources and files) <- glue
(``portal.mkdocs_hooks`` for MkDocs, ``portal.macros`` for mkdocs-macros).
No module below the glue imports MkDocs.
"""
