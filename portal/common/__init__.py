"""Helpers every layer may use: the character rule, German collation, the Länder, German display
formats, error records and the worker processes (fanout). Imports nothing else of the portal."""
