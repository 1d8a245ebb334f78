"""Edition numbering and getRecEditions order within a family."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.mirror.names import version_key

if TYPE_CHECKING:
    from tests.mirror.catalogue import Edition


def fill_versions(editions: list[Edition]) -> None:
    """Give editions without a dataset ``edition`` value one: ``n`` for mains, ``n.k`` else."""
    mains = 0
    minors = 0
    for ed in sorted(editions, key=lambda e: (e.approval_date, e.rec_name)):
        if ed.version:
            mains = max(mains, version_key(ed.version)[0])
            continue
        if ed.is_main:
            mains, minors = mains + 1, 0
            ed.version = str(mains)
        else:
            minors += 1
            ed.version = f"{max(mains, 1)}.{minors}"


def order_editions(editions: list[Edition]) -> list[Edition]:
    """getRecEditions order, newest first.

    Main editions by date descending, each preceded by its amendments/corrigenda/annexes
    (same major version; the latest such main approved before them, else the nearest one),
    those by version descending (``11.3, 11.2, 11.1, 11``; ``2`` before ``2.0``). A number ITU
    reused for an unrelated older Recommendation (A.13 before 1993) thus stays in date order.
    """
    mains = sorted((e for e in editions if e.is_main), key=lambda e: e.approval_date)
    groups: dict[int, list[Edition]] = {id(m): [m] for m in mains}
    orphans: list[Edition] = []
    for ed in editions:
        if ed.is_main:
            continue
        major = version_key(ed.version)[0]
        same = [m for m in mains if version_key(m.version)[0] == major]
        before = [m for m in same if m.approval_date <= ed.approval_date]
        earlier = [m for m in mains if m.approval_date <= ed.approval_date]
        parent = before[-1] if before else same[0] if same else (earlier or [None])[-1]
        (groups[id(parent)] if parent else orphans).append(ed)
    ordered: list[Edition] = []
    for main in reversed(mains):
        group = groups[id(main)]
        group.sort(key=lambda e: (version_key(e.version), e.approval_date), reverse=True)
        ordered.extend(group)
    orphans.sort(key=lambda e: (version_key(e.version), e.approval_date), reverse=True)
    return ordered + orphans
