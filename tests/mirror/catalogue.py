"""The mirror's in-memory catalogue: every ITU-T edition of the relaton dataset, in families.

Rules (see also ``names.family_of``):

* **idrec** - the real one wherever the recordings reveal it (mws JSON rows, rec.aspx hidden
  idrec, editions/supplement table links); otherwise synthetic ``100001, 100002, ...`` assigned
  in (approval date, docid) order, a range ITU never used, so they never collide.
* **status** - (1) the newest recorded status for a real idrec; else (2) the edition id's letter
  (``-I`` In force, ``-S`` Superseded, ``-W`` Withdrawn); else (3) derived: relaton
  ``Published`` -> In force; ``Withdrawal`` -> Superseded when the family has a newer main
  edition, Withdrawn when it has none; no stage -> In force for the family's newest main
  edition, Superseded otherwise.
* **study group** - the record's editorial group, else the family's most common one, else the
  series' most common one.
* **lineage** - ITU's editions list of an edition (getRecEditions, rec.aspx Editions tab): its
  `hasEdition` group across renumbering (``lineages``); "newer main edition" above is a newer
  main edition of the lineage.
* **implementers' guides** - ``guides``: not in the enumeration, listed by their Recommendation.
* **missing publications** - half the synthetic linked guides answer 404 (``Publication.missing``,
  not listed on the index pages; ``MirrorServer.set_missing_publications`` overrides).
"""

from __future__ import annotations

import calendar
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.mirror.guides import GUIDE_IDREC_BASE, real_guides, synthetic_guides, wants_guide
from tests.mirror.lineages import build_lineages
from tests.mirror.names import (
    LETTER_STATUS,
    code_key,
    family_of,
    match_key,
    natural_key,
    parse_edition_id,
    series_letter,
    strip_prefix,
)
from tests.mirror.ordering import fill_versions, order_editions
from tests.mirror.publications import (
    Publication,
    assign_groups,
    attach_publications,
    listing_order,
    mark_missing,
    unlinked_publications,
)
from tests.mirror.reference import Reference
from tests.mirror.synth import Format, formats_for

BASE_EPOCH = calendar.timegm((2026, 8, 22, 0, 0, 0))
SYNTHETIC_IDREC_BASE = 100_000


@dataclass(slots=True, eq=False)
class Edition:
    """One edition (a row of searchRecs)."""

    idrec: int
    rec_name: str
    family: str
    title: str | None
    approval_date: str
    status: str
    edition_id: str | None
    study_group: str | None
    summary: str | None
    version: str
    doctype: str
    is_main: bool
    real_idrec: bool
    recorded: bool
    status_source: str
    other_docids: tuple[str, ...] = ()
    complement_names: tuple[str, ...] = ()
    formats: tuple[Format, ...] = ()
    last_modified: int = BASE_EPOCH
    lineage: str = ""  # root name of its lineage (``lineages``)
    guide_for: str | None = None  # an implementers' guide: the family it is for

    @property
    def docid(self) -> str:
        """``ITU-T A.1 (10/2000)``."""
        return f"ITU-T {self.rec_name}"

    @property
    def year(self) -> int:
        """Approval year."""
        return int(self.approval_date[:4])


@dataclass(slots=True, eq=False)
class Family:
    """All editions sharing one canonical number, in getRecEditions order (newest first)."""

    number: str
    editions: list[Edition] = field(default_factory=list)
    supplements: list[Edition] = field(default_factory=list)
    publications: list[Publication] = field(default_factory=list)
    guides: list[Edition] = field(default_factory=list)  # its implementers' guides' editions
    recorded: bool = False
    mutated: bool = False

    def sort(self) -> None:
        """Order editions like getRecEditions, newest first (see ``ordering``)."""
        self.editions[:] = order_editions(self.editions)

    @property
    def latest(self) -> Edition:
        """Newest main edition by approval date (newest edition if there is no main one)."""
        mains = [e for e in self.editions if e.is_main] or self.editions
        return max(mains, key=lambda e: (e.approval_date, e.idrec))

    @property
    def last_modified(self) -> int:
        """Latest change of any edition (epoch seconds)."""
        return max(e.last_modified for e in self.editions)


def _has_recording(ref: Reference, idrec: int) -> bool:
    keys = [("rec", idrec)] + [("mws", e, idrec) for e in _MWS]
    return any(k in ref.recorded for k in keys)


_MWS = ("getrechdrdetail", "getreceditions", "getrecsupplements")


class Catalogue:
    """Build and index the catalogue; ``lock`` guards mutations against concurrent renders."""

    def __init__(
        self, reference: Reference, *, seed: int = 0, subset: Callable[[str], bool] | None = None
    ) -> None:
        self.seed = seed
        self.lock = threading.RLock()
        self.generation = 0
        self.editions: list[Edition] = []
        self.families: dict[str, Family] = {}
        self.by_idrec: dict[int, Edition] = {}
        self.by_edition_id: dict[str, Edition] = {}
        self.by_name: dict[str, Edition] = {}
        self.lineages: dict[str, list[Edition]] = {}
        self.guides: dict[str, list[Edition]] = {}  # guide number -> its editions, newest first
        self._build(reference)
        self.included = {n for n in self.families if subset is None or subset(n)}
        self._add_guides(reference)
        self.recorded_idrec_family = {
            i: family_of(n) for i, n in reference.name_by_idrec.items()
        }
        pubs, by_family = attach_publications(reference.tech_papers, sorted(self.families), seed)
        assign_groups(pubs, lambda f: self.families[f].latest.study_group
                      if f in self.families else None)
        pubs.update((p.pub_id, p) for p in unlinked_publications(seed, set(pubs)))
        mark_missing(pubs, seed)
        self.publications: dict[str, Publication] = pubs
        for number, lst in by_family.items():
            if number in self.families:
                self.families[number].publications = lst
        self._link_supplements()

    # -- build --------------------------------------------------------------------------------
    def _build(self, ref: Reference) -> None:
        lineages = build_lineages(ref.records)
        used: set[int] = set()
        pending: list[Edition] = []
        for row in ref.records:
            name = strip_prefix(row["docid"])
            real = ref.idrec_by_key.get(match_key(name))
            if real in used:
                real = None
            url = row.get("url") or ""
            edition_id = url.rsplit("/rec/", 1)[1] if "/rec/" in url else None
            groups = row.get("editorial_group") or []
            version = row.get("edition") or ""
            ed = Edition(
                idrec=real or 0,
                rec_name=name,
                family=family_of(name),
                title=row.get("title"),
                approval_date=row["date_published"],
                status=row.get("status_stage") or "",
                edition_id=edition_id,
                study_group=groups[0]["name"] if groups else None,
                summary=row.get("abstract") or None,
                version=version,
                doctype=row.get("doctype") or "recommendation",
                is_main=("." not in version) if version else row.get("doctype") == "recommendation",
                real_idrec=real is not None,
                recorded=real is not None and _has_recording(ref, real),
                status_source="",
                other_docids=tuple(row.get("other_docids") or ()),
                complement_names=tuple((row.get("relations") or {}).get("complementOf") or ()),
                lineage=lineages.root(name),
            )
            if real is not None:
                used.add(real)
            else:
                pending.append(ed)
            self.editions.append(ed)
        pending.sort(key=lambda e: (e.approval_date, e.rec_name))
        for number, ed in enumerate(pending, start=SYNTHETIC_IDREC_BASE + 1):
            ed.idrec = number
        for ed in self.editions:
            self.families.setdefault(ed.family, Family(ed.family)).editions.append(ed)
            self.lineages.setdefault(ed.lineage, []).append(ed)
            self.by_idrec[ed.idrec] = ed
            self.by_name.setdefault(match_key(ed.rec_name), ed)
            if ed.edition_id:
                self.by_edition_id.setdefault(ed.edition_id, ed)
        for fam in self.families.values():
            fill_versions(fam.editions)
            fam.sort()
            fam.recorded = any(e.recorded for e in fam.editions) or (
                ("rec_code", code_key(fam.number)) in ref.recorded
            )
        self._fill_study_groups()
        for ed in self.editions:
            self._fill_status(ed, ref)
            if ed.edition_id:
                ed.formats = formats_for(self.seed, ed.edition_id, ed.approval_date)

    def _fill_study_groups(self) -> None:
        by_series: dict[str, Counter[str]] = {}
        for fam in self.families.values():
            for ed in fam.editions:
                if ed.study_group:
                    by_series.setdefault(series_letter(fam.number), Counter())[ed.study_group] += 1
        for fam in self.families.values():
            own = Counter(e.study_group for e in fam.editions if e.study_group)
            series = by_series.get(series_letter(fam.number))
            fallback = (own or series or Counter({None: 1})).most_common(1)[0][0]
            for ed in fam.editions:
                ed.study_group = ed.study_group or fallback

    def _fill_status(self, ed: Edition, ref: Reference) -> None:
        stage, ed.status = ed.status, ""
        recorded = ref.recorded_status(ed.idrec) if ed.real_idrec else None
        parsed = parse_edition_id(ed.edition_id) if ed.edition_id else None
        if recorded:
            ed.status, ed.status_source = recorded, "recorded"
        elif parsed and parsed.letter in LETTER_STATUS:
            ed.status, ed.status_source = LETTER_STATUS[parsed.letter], "letter"
        else:
            fam = self.families[ed.family]
            newest = fam.latest
            newer_main = any(e.is_main and e.approval_date > ed.approval_date
                             for e in [*fam.editions, *self.lineages[ed.lineage]])
            if stage == "Published":
                ed.status = "In force"
            elif stage == "Withdrawal":
                ed.status = "Superseded" if newer_main else "Withdrawn"
            else:
                ed.status = "In force" if ed is newest else "Superseded"
            ed.status_source = "derived"

    def _link_supplements(self) -> None:
        for fam in self.families.values():
            names: dict[str, None] = {}
            for ed in fam.editions:
                names.update(dict.fromkeys(ed.complement_names))
            found = [self.by_name.get(match_key(n)) for n in names]
            sups = [s for s in found if s is not None and s.family != fam.number]
            fam.supplements = sorted(sups, key=lambda s: natural_key(s.rec_name))

    def _add_guides(self, ref: Reference) -> None:
        """Implementers' guides: those the recorded pages list, and synthetic ones."""
        pages = [ref.body(rec).decode("utf-8", "replace") for key, rec in ref.recorded.items()
                 if key[0] in ("rec", "rec_code")]
        found = real_guides(Edition, self.seed, pages, GUIDE_IDREC_BASE + 1)
        owners = {ed.guide_for for ed in found}
        first = GUIDE_IDREC_BASE + 1 + len(found)
        for fam in sorted(self.families.values(), key=lambda f: natural_key(f.number)):
            if fam.number not in owners and wants_guide(self.seed, fam):
                made = synthetic_guides(Edition, fam, self.seed, first)
                first += len(made)
                found.extend(made)
        for ed in found:
            self.guides.setdefault(ed.family, []).append(ed)
            self.by_idrec[ed.idrec] = ed
            if ed.edition_id:
                self.by_edition_id.setdefault(ed.edition_id, ed)
            owner = self.families.get(ed.guide_for or "")
            if owner is not None:
                owner.guides.append(ed)

    # -- queries ------------------------------------------------------------------------------
    def is_served(self, edition: Edition) -> bool:
        """True when the edition's family (a guide: its Recommendation's) passes the subset."""
        return (edition.guide_for or edition.family) in self.included

    def lineage_of(self, edition: Edition) -> list[Edition]:
        """ITU's editions list of an edition: its served lineage, getRecEditions order."""
        if edition.guide_for is not None:
            return list(self.guides.get(edition.family, [edition]))
        same = [e for e in self.lineages.get(edition.lineage, [edition]) if self.is_served(e)]
        return order_editions(same)

    def guide(self, number: str) -> Edition | None:
        """A served implementers' guide's newest edition, by number ("G.Imp712")."""
        eds = self.guides.get(number)
        return eds[0] if eds and self.is_served(eds[0]) else None

    def served_editions(self) -> list[Edition]:
        """Editions in the enumeration (subset applied), in searchRecs order."""
        out = [e for e in self.editions if e.family in self.included]
        out.sort(key=lambda e: (natural_key(e.family), e.approval_date, e.rec_name))
        return out

    def served_families(self) -> list[Family]:
        """Families passing the subset filter, sorted naturally."""
        return [self.families[n] for n in sorted(self.included, key=natural_key)]

    def pub_served(self, pub: Publication) -> bool:
        """True when ``/pub/<id>`` serves it: linked from a served family, or unlinked."""
        return pub.has_link and (pub.unlinked or any(f in self.included for f in pub.families))

    def listed_publications(self, index_id: str) -> list[Publication]:
        """What ``/pub/<index_id>/en`` (``T-TUT``, ``T-HDB``) lists, in page order."""
        pubs = self.publications.values()
        return sorted((p for p in pubs if p.index_id == index_id and self.pub_served(p)
                       and not p.missing), key=listing_order)

    def edition(self, idrec: int) -> Edition | None:
        """Served edition by idrec (None when unknown or outside the subset)."""
        ed = self.by_idrec.get(idrec)
        return ed if ed is not None and self.is_served(ed) else None

    def family(self, number: str) -> Family | None:
        """Served family by number."""
        return self.families.get(number) if number in self.included else None

    @property
    def last_modified(self) -> int:
        """Latest change anywhere (for the enumeration)."""
        return max(e.last_modified for e in self.editions)

    def next_idrec(self) -> int:
        """A fresh synthetic idrec (for new editions added by ``mutate``)."""
        return max(max(self.by_idrec), SYNTHETIC_IDREC_BASE) + 1
