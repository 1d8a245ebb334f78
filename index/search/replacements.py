"""Own what replaced a superseded or withdrawn document, derived across the whole catalogue.

Two rules, each kept with its evidence: a summary that says it supersedes/replaces (or was
previously numbered as) another document, and a joint or renumbered number shared with a
document in force ("G.100" was superseded by "P.10/G.100"). Computed at build time (it
needs every summary) and kept in the build's state for single re-indexes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypedDict

from index import numbers
from index.models import Document

CURRENT = frozenset({"In force", "Published", "Unknown"})  # shown by default

_REPLACES = re.compile(
    r"\b(?:supersedes|replaces|replacing|superseding|integrates and replaces|previously numbered"
    r"(?: as)?)\b(?P<rest>.{0,160})",
    re.I | re.S,
)
_RENUMBERED = re.compile(r"\b(?:renumbered as|replaced by|superseded by)\b(?P<rest>.{0,80})",
                         re.I | re.S)
_CLAUSE_END = re.compile(r"[;.](?=\s|$)")
_MENTION = re.compile(r"\b[A-Z]\.\d+(?:\.\d+)*(?:\s?(?:bis|ter))?(?:/[A-Z]\.\d+(?:\.\d+)*)*")


class Replacement(TypedDict):
    """A document that replaced this one, the rule that found it and its evidence."""

    number: str
    # summary-replaces | summary-replaced-by | shared-number, or ITU's own lineage data:
    # itu-getreceditions | itu-rec.aspx | itu-observation (index/store/lineage.py)
    rule: str
    evidence: str


_VERBS = ("supersed", "replac", "previously numbered", "renumbered")  # what the rules need


def may_state_replacement(summary: str | None) -> bool:
    """Whether a summary can give a replacement link (the rest need not be kept): a
    substring test first, the rules' expressions only on the few summaries it lets by."""
    if not summary:
        return False
    low = summary.lower()
    return any(v in low for v in _VERBS) and any(
        p.search(summary) for p in (_REPLACES, _RENUMBERED))


def replacements(docs: Iterable[Document]) -> dict[str, list[Replacement]]:
    """What replaced each superseded or withdrawn document, with the evidence.

    Two rules: a summary that says it supersedes/replaces (or was previously numbered as)
    another document, and a joint or renumbered number shared with a document in force
    ("G.100" was superseded by "P.10/G.100").
    """
    docs = list(docs)
    return replacements_from({d.id: d.status for d in docs},
                             ((d.id, d.summary) for d in docs))


def replacements_from(status: dict[str, str | None],
                      summaries: Iterable[tuple[str, str | None]]
                      ) -> dict[str, list[Replacement]]:
    """`replacements` from every number with its status and a stream of (number, summary):
    only the numbers are held in memory, the summaries are read one by one."""
    by_key: dict[str, str] = {}
    for doc_id in status:
        for key in numbers.keys(doc_id):
            by_key.setdefault(key, doc_id)
    out: dict[str, list[Replacement]] = {}

    def add(old: str, new: str, rule: str, evidence: str) -> None:
        if old == new or status.get(old) in CURRENT or status.get(old) is None:
            return
        entries = out.setdefault(old, [])
        if all(e["number"] != new for e in entries):
            entries.append({"number": new, "rule": rule, "evidence": evidence})

    for doc_id, summary in summaries:
        text = summary or ""
        for pattern, forward in ((_REPLACES, True), (_RENUMBERED, False)):
            for m in pattern.finditer(text):
                # Only the clause the verb starts: "...; the stage 3 text is in Q.1551" is
                # not something the document replaced.
                rest = _CLAUSE_END.split(m.group("rest"), maxsplit=1)[0]
                sentence = re.sub(r"\s+", " ", m.group(0)[: m.start("rest") - m.start()] + rest)
                for mention in _MENTION.findall(rest):
                    target = by_key.get(numbers.canonical(mention.split("/")[0]))
                    if target and target != doc_id:
                        if forward:
                            add(target, doc_id, "summary-replaces", sentence)
                        else:
                            add(doc_id, target, "summary-replaced-by", sentence)
    current = [i for i, st in status.items() if st in CURRENT]
    parts_of = {i: set(numbers.keys(i)[1:] or numbers.keys(i)) for i in current}
    by_part: dict[str, list[str]] = {}
    for doc_id, keys in parts_of.items():
        for key in keys:
            by_part.setdefault(key, []).append(doc_id)
    for doc_id, st in status.items():
        if st in CURRENT:
            continue
        for key in numbers.keys(doc_id)[1:] or numbers.keys(doc_id):
            for new in by_part.get(key, []):
                add(doc_id, new, "shared-number",
                    f"{new} carries the number {key.upper()} of {doc_id}")
    return out
