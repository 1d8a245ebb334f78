"""Own the public journal's domain: each document's public record and what changed in it.

What readers outside the site follow (Atom feeds, OAI-PMH harvesters, mirrors using the
delta API) is one public record per document (`state.public_record`) and the journal of
its changes (`state.diff`): added, new edition, superseded (with its successor),
withdrawn, gone, back, changed. Pure functions over `Document` records and their tags;
the store keeps the records and the journal (index/store/journal.py).
"""
