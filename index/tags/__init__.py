"""Own the tagging domain: the taxonomy, the rules that tag documents, and tag provenance.

Pure data and functions, shared by the store (curator decisions are checked against the
taxonomy) and the search index (every entry carries the tags the rules derive,
overridden by curator decisions). Imports nothing from the store or from search.
"""
