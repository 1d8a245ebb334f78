"""Implementers' guides the mirror serves: the recorded G.Imp712 and deterministic synthetic ones.

ITU's enumeration (searchRecs) never lists implementers' guides; a Recommendation lists its
own on rec.aspx (tab "Implementer's guide(s)", rows linking `/rec/T-REC-G.Imp712-200004-I`)
and through getImplGuides. The real metadata set has none. Real guides come from the
recorded rec.aspx pages' tabs: G.Imp712 of G.712 (idrec 15261: getRecHdrDetail,
getRecEditions, rec.aspx by idrec and by code, /rec/ page all recorded), Z.Imp100 of Z.100
and the two editions of X.Imp160 listed on X.163. Besides, ~1.5 % of the In-force
Recommendations of the series that publish guides (G, H, Q, T, X, Y, J) since 1996 get one
synthetic guide "<L>.Imp<number>" (idrecs 200001+), a third with an older, superseded edition.

getImplGuides was never recorded: its rows here take getRecSupplements' and getRecEditions'
field names (`idrec, rec_name, title, approval_date, status, dms_link`).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from tests.mirror.names import family_of
from tests.mirror.synth import formats_for, hval, rng

if TYPE_CHECKING:
    from tests.mirror.catalogue import Edition, Family

GUIDE_IDREC_BASE = 200_000
GUIDE_SERIES = frozenset("GHQTXYJ")
REAL_GUIDE = {"idrec": 15261, "rec_name": "G.Imp712 (04/2000)", "family": "G.Imp712",
              "for": "G.712", "approval_date": "2000-04-14",
              "title": "Implementers' Guide for Recommendation ITU-T G.712",
              "edition_id": "T-REC-G.Imp712-200004-I"}


def guide_number(family: str) -> str:
    """"G.989.2" -> "G.Imp989.2" (ITU writes "G.Imp712" for G.712's guide)."""
    letter, _, rest = family.partition(".")
    return f"{letter}.Imp{rest}"


def wants_guide(seed: int, fam: Family) -> bool:
    """Whether a family gets a synthetic guide (deterministic)."""
    latest = fam.latest
    return (fam.number[:1] in GUIDE_SERIES and "/" not in fam.number and " " not in fam.number
            and latest.status == "In force" and latest.year >= 1996
            and hval(seed, "guide", fam.number) % 200 < 3)


def _edition(make: type[Edition], idrec: int, family: str, for_family: str, when: dt.date,
             status: str, seed: int, title: str, study_group: str | None) -> Edition:
    letter = "I" if status == "In force" else "S"
    edition_id = f"T-REC-{family}-{when.year}{when.month:02d}-{letter}"
    return make(
        idrec=idrec, rec_name=f"{family} ({when.month:02d}/{when.year})", family=family,
        title=title, approval_date=when.isoformat(), status=status, edition_id=edition_id,
        study_group=study_group, summary=None, version="", doctype="implementers-guide",
        is_main=True, real_idrec=False, recorded=False, status_source="synthetic",
        formats=formats_for(seed, edition_id, when.isoformat()), guide_for=for_family,
    )


def synthetic_guides(make: type[Edition], fam: Family, seed: int, first_idrec: int
                     ) -> list[Edition]:
    """One guide for `fam` (two editions for a third of them), newest first."""
    latest = fam.latest
    number = guide_number(fam.number)
    title = f"Implementers' Guide for Recommendation ITU-T {fam.number}"
    r = rng(seed, "guide", fam.number)
    base = dt.date.fromisoformat(latest.approval_date)
    newest = min(base + dt.timedelta(days=r.randint(90, 900)), dt.date(2026, 6, 30))
    out = [_edition(make, first_idrec, number, fam.number, newest, "In force", seed, title,
                    latest.study_group)]
    if r.random() < 1 / 3:
        older = newest - dt.timedelta(days=r.randint(400, 1500))
        out.append(_edition(make, first_idrec + 1, number, fam.number, older, "Superseded",
                            seed, title, latest.study_group))
    for n, ed in enumerate(out):
        ed.version = str(len(out) - n)
    return out


_ROW = re.compile(
    r'rpt_igs_ctl(?P<ctl>\d+)_lbl_imp_title_e">(?P<title>[^<]*)</span>.*?'
    r'lbl_imp_approval_date"><nobr>(?P<date>[\d-]+)</nobr>.*?'
    r'lbl_imp_dms_link"><a href="[^"]*?/rec/(?P<id>T-REC-[^"/]+)"', re.S)
_FOR = re.compile(r'rpt_main_ctl00_lbl_rec"[^>]*>(?:<font[^>]*>)?ITU-T ([^<]+?) \(')


def recorded_guides(pages: Iterable[str]) -> list[tuple[str, str, str, str]]:
    """(family, title, approval date, edition id) of every guide row on recorded pages."""
    found: dict[str, tuple[str, str, str, str]] = {}
    for text in pages:
        owner = _FOR.search(text)
        for row in _ROW.finditer(text):
            family = family_of(owner.group(1)) if owner else ""
            title = html.unescape(row.group("title")).strip()
            found.setdefault(row.group("id"), (family, title, row.group("date"), row.group("id")))
    return list(found.values())


def real_guides(make: type[Edition], seed: int, pages: Iterable[str],
                first_idrec: int) -> list[Edition]:
    """Guides the recorded pages list, newest edition of each number first."""
    rows = sorted(recorded_guides(pages), key=lambda r: r[2], reverse=True)
    out: list[Edition] = []
    numbers: set[str] = set()
    for family, title, approved, edition_id in rows:
        number = edition_id[6:].rsplit("-", 2)[0]
        status = "Superseded" if number in numbers else "In force"
        numbers.add(number)
        g = REAL_GUIDE
        idrec = int(g["idrec"]) if edition_id == g["edition_id"] else first_idrec + len(out)
        ed = _edition(make, idrec, number, family, dt.date.fromisoformat(approved), status,
                      seed, title, None)
        ed.edition_id, ed.real_idrec = edition_id, edition_id == g["edition_id"]
        ed.recorded = ed.real_idrec
        out.append(ed)
    for number in numbers:
        same = [e for e in out if e.family == number]
        for n, ed in enumerate(same):
            ed.version = str(len(same) - n)
    return out
