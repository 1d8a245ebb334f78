"""ITU's lineages: which editions getRecEditions (and rec.aspx's Editions tab) list together.

ITU's editions list of one edition is its whole lineage, across renumbering: the recorded
answer for Z.163 (11/2007) also lists Z.142 (02/2003) and Z.142 (03/2006). The metadata set
keeps that list per record as `relations.hasEdition` (relaton read it from getRecEditions),
so a lineage here is a connected group of `hasEdition` pairs (union-find over edition
names). A number ITU reused for another text (A.1 before 1996 became A.2) is two lineages
in one mirror family; a renumbered text (Z.142 -> Z.163) is one lineage over two families.
"""

from __future__ import annotations

from collections.abc import Iterable


class Lineages:
    """Union-find over edition names; `root(name)` names a lineage."""

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}

    def root(self, name: str) -> str:
        """The representative name of the lineage `name` belongs to."""
        parent = self._parent
        parent.setdefault(name, name)
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    def join(self, a: str, b: str) -> None:
        """Put two edition names in one lineage."""
        ra, rb = self.root(a), self.root(b)
        if ra != rb:
            self._parent[ra] = rb


def build_lineages(records: Iterable[dict]) -> Lineages:
    """Lineages of the metadata set (names without "ITU-T "); unknown targets are ignored."""
    rows = list(records)
    names = {r["docid"].removeprefix("ITU-T ") for r in rows}
    found = Lineages()
    for row in rows:
        own = row["docid"].removeprefix("ITU-T ")
        found.root(own)
        for other in (row.get("relations") or {}).get("hasEdition") or ():
            if other in names:
                found.join(own, other)
    return found
