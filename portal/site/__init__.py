"""Site layer: the only code that knows MkDocs (hooks, macros) and the build session that runs a
build (rendering workers, search index, link check, atomic publication, preview errors)."""
