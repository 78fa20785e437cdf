"""Model layer: typed records (one pydantic class per kind), the kind registry, references between
records, the validated catalogue and the rules for editor text and web addresses.

Knows nothing of YAML files or of any site generator; everything above reads the catalogue."""
