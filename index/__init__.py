"""Own the catalogue data: the store (source of truth) and, later, the derived search index."""
