"""Upstream changes between two crawler runs (``MirrorServer.mutate``).

Each chosen family (served; none of its editions appears in any recording, so no recorded
page or JSON goes stale) gets one change:

* ``edition`` (most often): a new main edition - new synthetic idrec, next version number,
  date after the snapshot, edition id ``<base>-YYYYMM-I``, status In force. Every edition of
  the family that was In force becomes Superseded and its edition id letter ``-I`` turns into
  ``-S`` (the old ``/rec/…-I`` URL then answers 404, the ``-S`` one 200).
* ``title``: the newest main edition's title gets `` (revised)`` appended.
* ``status``: the newest In-force main edition is withdrawn (``-I`` -> ``-W``).

Changed editions get ``last_modified = BASE_EPOCH + generation hours`` (a logical clock, so
Last-Modified/If-Modified-Since work whatever the machine's clock says).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass

from tests.mirror.catalogue import BASE_EPOCH, Catalogue, Edition, Family
from tests.mirror.names import base_from_family, match_key, natural_key, parse_edition_id
from tests.mirror.synth import SNAPSHOT, formats_for


@dataclass(frozen=True, slots=True)
class Mutation:
    """What ``mutate`` changed in one family."""

    family: str
    kind: str
    idrec: int
    generation: int


def mutate(cat: Catalogue, families: int, seed: int) -> list[Mutation]:
    """Change ``families`` served families; returns what changed."""
    with cat.lock:
        candidates = [f for f in cat.served_families()
                      if not f.recorded and not any(e.real_idrec for e in f.editions)]
        candidates.sort(key=lambda f: natural_key(f.number))
        r = random.Random(seed)
        chosen = r.sample(candidates, min(families, len(candidates)))
        cat.generation += 1
        stamp = BASE_EPOCH + cat.generation * 3600
        done: list[Mutation] = []
        for fam in chosen:
            kind = r.choices(["edition", "title", "status"], weights=[6, 2, 2])[0]
            in_force = [e for e in fam.editions if e.is_main and e.status == "In force"]
            if kind == "status" and not in_force:
                kind = "edition"
            if kind == "title" and not fam.latest.title:
                kind = "edition"
            if kind == "edition":
                ed = _new_edition(cat, fam, stamp)
            elif kind == "title":
                ed = fam.latest
                ed.title = f"{ed.title} (revised)"
            else:
                ed = max(in_force, key=lambda e: e.approval_date)
                _set_status(cat, ed, "Withdrawn", "W")
            ed.last_modified = stamp
            fam.mutated = True
            done.append(Mutation(fam.number, kind, ed.idrec, cat.generation))
        return done


def _set_status(cat: Catalogue, ed: Edition, status: str, letter: str) -> None:
    ed.status = status
    ed.status_source = "mutated"
    parsed = parse_edition_id(ed.edition_id) if ed.edition_id else None
    if parsed and parsed.letter != letter:
        if cat.by_edition_id.get(ed.edition_id) is ed:
            del cat.by_edition_id[ed.edition_id]
        ed.edition_id = parsed.with_letter(letter).text()
        cat.by_edition_id[ed.edition_id] = ed


def _new_edition(cat: Catalogue, fam: Family, stamp: int) -> Edition:
    latest = fam.latest
    names = {e.rec_name for e in fam.editions}
    day = max(dt.date.fromisoformat(latest.approval_date), SNAPSHOT) + dt.timedelta(days=25)
    day += dt.timedelta(days=30 * (cat.generation - 1))
    version_tag = ""
    match = re.search(r"\(V(\d+)\)", latest.rec_name)
    if match:
        version_tag = f" (V{int(match[1]) + 1})"
    while True:
        rec_name = f"{fam.number}{version_tag} ({day.month:02d}/{day.year})"
        if rec_name not in names:
            break
        day += dt.timedelta(days=31)
    parsed = parse_edition_id(latest.edition_id) if latest.edition_id else None
    base = parsed.base if parsed else base_from_family(fam.number)
    edition_id = f"{base}-{day.year}{day.month:02d}-I"
    for old in fam.editions:
        if old.status == "In force":
            _set_status(cat, old, "Superseded", "S")
            old.last_modified = stamp
    major = max((int(e.version.split(".")[0]) for e in fam.editions
                 if e.version.split(".")[0].isdigit()), default=0)
    ed = Edition(
        idrec=cat.next_idrec(),
        rec_name=rec_name,
        family=fam.number,
        title=latest.title,
        approval_date=day.isoformat(),
        status="In force",
        edition_id=edition_id,
        study_group=latest.study_group,
        summary=latest.summary,
        version=str(major + 1),
        doctype="recommendation",
        is_main=True,
        real_idrec=False,
        recorded=False,
        status_source="mutated",
        other_docids=latest.other_docids,
        complement_names=latest.complement_names,
        formats=formats_for(cat.seed, edition_id, day.isoformat()),
        last_modified=stamp,
        lineage=latest.lineage,
    )
    cat.editions.append(ed)
    cat.lineages.setdefault(ed.lineage, []).append(ed)
    cat.by_idrec[ed.idrec] = ed
    cat.by_name[match_key(rec_name)] = ed
    cat.by_edition_id[edition_id] = ed
    fam.editions.append(ed)
    fam.sort()
    return ed
