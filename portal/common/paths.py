"""Where the package's files lie: page templates and data assets (read by pages, preview, search)."""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
TEMPLATES = PACKAGE / "templates"
"""The autoescaped Jinja templates of every page source and fragment (``portal/templates``)."""
ASSETS = PACKAGE / "assets"
"""Data files the code reads: the Länder outlines and the table of word parts."""
