"""Command line (``python -m portal``): check, diff, report, new, schemas and the release check."""
