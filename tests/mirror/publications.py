"""Related technical papers/reports (T-TUT, T-HDB) attached to families.

Real links come from ``metadata/from-rec-pages/related-technical-papers-and-reports.csv``
(each attached to the family of its ``rec_code``; duplicates removed; the row without a link
is kept only when no linked row has the same title and year). For realism a deterministic
~4 % of the other families also get one or two publications: mostly real ones of the same
series, otherwise a synthetic ``T-TUT-<X>-<year>-GUIDE`` "Guide on the use of ITU-T X-series
Recommendations".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.mirror.names import family_of, series_letter
from tests.mirror.synth import hval, rng


@dataclass(slots=True, eq=False)
class Publication:
    """One ITU-T publication served under ``/pub/<pub_id>``."""

    pub_id: str
    title: str
    year: str
    has_link: bool = True
    synthetic: bool = False
    families: list[str] = field(default_factory=list)

    @property
    def url(self) -> str | None:
        """``https://www.itu.int/pub/<id>`` or None for the link-less row."""
        return f"https://www.itu.int/pub/{self.pub_id}" if self.has_link else None


def attach_publications(
    rows: list[dict], families: list[str], seed: int
) -> tuple[dict[str, Publication], dict[str, list[Publication]]]:
    """Return (publications by id, publications by family number)."""
    pubs: dict[str, Publication] = {}
    by_family: dict[str, list[Publication]] = {}
    linked = {(r["title"], r["approved"]) for r in rows if r.get("url")}
    for row in rows:
        url = (row.get("url") or "").strip()
        fam = family_of(row.get("rec_code") or "")
        if not url and (row["title"], row["approved"]) in linked:
            continue
        pub_id = url.rsplit("/pub/", 1)[1] if "/pub/" in url else f"NOLINK-{row['title']}"
        pub = pubs.setdefault(pub_id, Publication(pub_id, row["title"], row["approved"], bool(url)))
        _link(pub, fam, by_family)
    pool = [p for p in pubs.values() if p.has_link]
    known = set(by_family)
    for fam in families:
        if fam in known or hval(seed, "pubs", fam) % 100 >= 4:
            continue
        r = rng(seed, "pubs", fam)
        letter = series_letter(fam)
        same = [p for p in pool if any(series_letter(f) == letter for f in p.families)]
        for _ in range(r.randint(1, 2)):
            if same and r.random() < 0.7:
                _link(r.choice(same), fam, by_family)
            else:
                year = str(2012 + r.randint(0, 13))
                pub_id = f"T-TUT-{letter}-{year}-GUIDE"
                title = f"Guide on the use of ITU-T {letter}-series Recommendations"
                pub = pubs.setdefault(pub_id, Publication(pub_id, title, year, synthetic=True))
                _link(pub, fam, by_family)
    return pubs, by_family


def _link(pub: Publication, fam: str, by_family: dict[str, list[Publication]]) -> None:
    lst = by_family.setdefault(fam, [])
    if pub not in lst:
        lst.append(pub)
    if fam not in pub.families:
        pub.families.append(fam)
