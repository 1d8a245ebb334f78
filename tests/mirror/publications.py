"""Related technical papers/reports (T-TUT, T-HDB) attached to families.

Real links come from ``metadata/from-rec-pages/related-technical-papers-and-reports.csv``
(each attached to the family of its ``rec_code``; duplicates removed; the row without a link
is kept only when no linked row has the same title and year). For realism a deterministic
~4 % of the other families also get one or two publications: mostly real ones of the same
series, otherwise a synthetic ``T-TUT-<X>-<year>-GUIDE`` "Guide on the use of ITU-T X-series
Recommendations".

The index pages ``/pub/T-TUT/en`` and ``/pub/T-HDB/en`` list every served publication of
their kind under a study-group heading (``group``): the most common study group of the
linked families' latest editions (``ITU-T Study Group 15`` -> ``SG15``; ties -> the lower
number; TSAG or none -> ``SG00``). ``unlinked_publications`` adds, per index, five synthetic
publications no Recommendation links (``T-TUT-FG-<year>-<n>``, group ``SG00``); they are
served and listed whatever the subset.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.mirror.names import family_of, series_letter
from tests.mirror.synth import hval, rng

INDEX_IDS = ("T-TUT", "T-HDB")
GENERAL_GROUP = "SG00"
UNLINKED_PER_INDEX = 5
_SG_NUMBER = re.compile(r"Study Group (\d+)")
_TOPICS = (
    "AI-enabled network operations", "digital twin networks", "quantum key distribution "
    "networks", "energy efficiency of data centres", "network slicing in IMT-2020",
    "smart water management", "vehicular multimedia communications", "accessible remote "
    "meetings", "e-waste management", "QoE assessment of video streaming", "trust in ICT "
    "infrastructures", "IoT in agriculture",
)
_TEMPLATES = {
    "T-TUT": ("Use case: {}", "Best practices for {}", "Technical Report on {}"),
    "T-HDB": ("Handbook on {}", "Best practices for {}"),
}


@dataclass(slots=True, eq=False)
class Publication:
    """One ITU-T publication served under ``/pub/<pub_id>``."""

    pub_id: str
    title: str
    year: str
    has_link: bool = True
    synthetic: bool = False
    families: list[str] = field(default_factory=list)
    group: str | None = None  # index-page heading: "SG15" ("SG00" for general ones)
    unlinked: bool = False  # listed on an index page only; no Recommendation links it
    missing: bool = False  # linked, but /pub/<id> answers 404 (see ``mark_missing``)

    @property
    def index_id(self) -> str | None:
        """``T-TUT`` or ``T-HDB``: the index page listing this publication (None otherwise)."""
        return next((i for i in INDEX_IDS if self.pub_id.startswith(f"{i}-")), None)

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


def group_code(study_group: str | None) -> str:
    """``SG15`` for ``ITU-T Study Group 15``; ``SG00`` for TSAG or an unknown group."""
    match = _SG_NUMBER.search(study_group or "")
    return f"SG{int(match[1]):02d}" if match else GENERAL_GROUP


def assign_groups(pubs: dict[str, Publication], study_group: Callable[[str], str | None]) -> None:
    """Set each publication's ``group`` from its families (``study_group(family)``)."""
    for pub in pubs.values():
        counts = Counter(group_code(study_group(f)) for f in pub.families)
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        pub.group = ranked[0][0] if ranked else GENERAL_GROUP


def unlinked_publications(seed: int, taken: set[str]) -> list[Publication]:
    """Per index, ``UNLINKED_PER_INDEX`` synthetic publications that no Recommendation links."""
    out: list[Publication] = []
    for index_id in INDEX_IDS:
        r = rng(seed, "unlinked", index_id)
        for topic in r.sample(_TOPICS, UNLINKED_PER_INDEX):
            year = str(2019 + r.randint(0, 6))
            n = 1
            while f"{index_id}-FG-{year}-{n}" in taken:
                n += 1
            pub_id = f"{index_id}-FG-{year}-{n}"
            taken.add(pub_id)
            title = r.choice(_TEMPLATES[index_id]).format(topic)
            out.append(Publication(pub_id, title[0].upper() + title[1:], year, synthetic=True,
                                   group=GENERAL_GROUP, unlinked=True))
    return out


def listing_order(pub: Publication) -> tuple[str, int, str]:
    """Index-page order: by group, newest first, then by id."""
    year = int(pub.year) if pub.year.isdigit() else 0
    return (pub.group or GENERAL_GROUP, -year, pub.pub_id)


def mark_missing(pubs: dict[str, Publication], seed: int) -> None:
    """Half the synthetic linked guides answer 404 (broken links at ITU), deterministically.

    Only synthetic ones, so every publication named in the recordings stays served; a
    missing publication is not listed on its index page either.
    """
    for pub in pubs.values():
        pub.missing = (pub.synthetic and pub.has_link and not pub.unlinked
                       and hval(seed, "pub404", pub.pub_id) % 2 == 0)
