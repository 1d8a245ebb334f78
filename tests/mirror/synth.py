"""Deterministic synthetic attributes (seeded hashes): formats, provisional names, work items.

Everything here depends only on ``(seed, stable key)`` so two mirrors with the same seed serve
identical bytes, and a retry of a URL always sees the same content.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
import re
from dataclasses import dataclass

SNAPSHOT = dt.date(2026, 8, 22)
LANGUAGES = {
    "E": "English",
    "A": "Arabic",
    "C": "Chinese",
    "S": "Español",
    "F": "Français",
    "R": "Russian",
}
FORMAT_ORDER = ("MSW", "PDF", "EPB")
_STOP = {"a", "an", "and", "the", "of", "for", "in", "on", "to", "with", "by", "its", "itu", "t"}


def rng(seed: int, *parts: object) -> random.Random:
    """A Random seeded from (seed, parts) via blake2b (stable across runs and platforms)."""
    digest = hashlib.blake2b(repr((seed, *parts)).encode(), digest_size=8).digest()
    return random.Random(int.from_bytes(digest, "big"))


def hval(seed: int, *parts: object) -> int:
    """A stable 32-bit hash of (seed, parts)."""
    digest = hashlib.blake2b(repr((seed, *parts)).encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big")


@dataclass(frozen=True, slots=True)
class Format:
    """One downloadable file of an edition (a row of the /rec/ page's format table)."""

    lang: str
    kind: str
    size: int
    posted: str

    @property
    def language(self) -> str:
        """Language name as the /rec/ page shows it."""
        return LANGUAGES[self.lang]


def formats_for(seed: int, edition_id: str, approval_date: str) -> tuple[Format, ...]:
    """Languages/formats of an edition: English PDF always, Word often, others by age."""
    r = rng(seed, "fmt", edition_id)
    year = int(approval_date[:4])
    approved = dt.date.fromisoformat(approval_date)
    p_fs = 0.6 if year >= 2008 else 0.35 if year >= 1993 else 0.12
    p_acr = 0.45 if year >= 2008 else 0.15 if year >= 1997 else 0.0
    langs = ["E"] + [c for c in "FS" if r.random() < p_fs]
    langs += [c for c in "ACR" if r.random() < p_acr]
    if year < 1997:
        posted = dt.date(1997, 1, 1) + dt.timedelta(days=r.randint(0, 2400))
    else:
        posted = approved + dt.timedelta(days=r.randint(12, 160))
    posted = min(posted, SNAPSHOT - dt.timedelta(days=2))
    base = int(math.exp(r.gauss(math.log(450_000), 0.9)))
    out: list[Format] = []
    for lang in langs:
        kinds = ["PDF"]
        if r.random() < (0.75 if lang == "E" else 0.5):
            kinds.insert(0, "MSW")
        if lang == "E" and year >= 2015 and r.random() < 0.35:
            kinds.append("EPB")
        for kind in kinds:
            factor = {"PDF": 1.0, "MSW": r.uniform(0.7, 1.6), "EPB": r.uniform(0.3, 0.8)}[kind]
            size = max(18_000, int(base * factor * r.uniform(0.9, 1.25)))
            out.append(Format(lang, kind, size, posted.isoformat()))
    order = list(LANGUAGES)
    out.sort(key=lambda f: (order.index(f.lang), FORMAT_ORDER.index(f.kind)))
    return tuple(out)


def provisional_name(seed: int, family: str, title: str | None, year: int) -> str | None:
    """``L.cci``-style provisional name for newer editions (None for old or by chance)."""
    if not title or year < 1997 or " Suppl. " in family:
        return None
    r = rng(seed, "prov", family)
    if r.random() < 0.35:
        return None
    words = [w for w in re.findall(r"[A-Za-z0-9]+", title) if w.lower() not in _STOP]
    initials = "".join(w[0] for w in words[:4]).lower() or "x"
    return f"{family[:1]}.{initials}"


def approval_process(family: str, doctype: str, year: int, seed: int) -> str:
    """One of ``TAP``, ``AAP``, ``Agreed`` (supplements), ``WTSA`` (up to 1992)."""
    if " Suppl. " in family or doctype.endswith("supplement") or ".Imp" in family:
        return "Agreed"
    if year <= 1992:
        return "WTSA"
    if year < 2001 or family[:1] in "AD" or (family[:1] == "E" and hval(seed, "tap", family) % 2):
        return "TAP"
    return "AAP"


APPROVAL_JSON = {
    "TAP": "Traditional \r\napproval process, TAP",
    "AAP": "Alternative approval process, AAP",
    "Agreed": "Agreement",
    "WTSA": "WTSA",
}


def slug(text: str) -> str:
    """Lower-case words joined by ``-`` (epublications URL style)."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def sg_url(study_group: str | None) -> str | None:
    """``https://www.itu.int/go/tsg15`` for ``ITU-T Study Group 15``; TSAG's page for TSAG."""
    if not study_group:
        return None
    match = re.search(r"Study Group (\d+)", study_group)
    if match:
        return f"https://www.itu.int/go/tsg{match[1]}"
    return "https://www.itu.int/en/ITU-T/tsag/2022-2024/Pages/default.aspx"
