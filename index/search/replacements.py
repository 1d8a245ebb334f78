"""Own what replaced a superseded or withdrawn document, derived across the whole catalogue.

Two rules, each kept with its evidence: a summary that says it supersedes/replaces (or was
previously numbered as) another document, and a joint or renumbered number shared with a
document in force ("G.100" was superseded by "P.10/G.100"). Computed at build time (it
needs every summary) and kept in the build's state for single re-indexes, with a digest of
what each document gave the rules (`rule_input`), so that an update can tell whether its
changes could have moved any link.
"""

from __future__ import annotations

import hashlib
import json
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


# What the rules need a summary to hold (ASCII, any case), tested before the expressions.
REPLACEMENT_VERBS = ("supersed", "replac", "previously numbered", "renumbered")


def may_state_replacement(summary: str | None) -> bool:
    """Whether a summary can give a replacement link (the rest need not be kept): a
    substring test first, the rules' expressions only on the few summaries it lets by."""
    if not summary:
        return False
    low = summary.lower()
    return any(v in low for v in REPLACEMENT_VERBS) and any(
        p.search(summary) for p in (_REPLACES, _RENUMBERED))


def replacements(docs: Iterable[Document]) -> dict[str, list[Replacement]]:
    """What replaced each superseded or withdrawn document, with the evidence.

    Two rules: a summary that says it supersedes/replaces (or was previously numbered as)
    another document, and a joint or renumbered number shared with a document in force
    ("G.100" was superseded by "P.10/G.100").
    """
    docs = list(docs)
    return replacements_from_claims({d.id: d.status for d in docs},
                                    ((d.id, summary_claims(d.summary)) for d in docs))


# One statement a summary makes: the key of the number it names, whether the summary's
# document replaced that number (True) or was replaced by it (False), and the sentence.
Claim = tuple[str, bool, str]


def summary_claims(summary: str | None) -> list[Claim]:
    """What a summary says replaced what, before any number is looked up: the rules' first
    half, which depends on this summary alone."""
    if not may_state_replacement(summary):
        return []
    text = summary or ""
    claims: list[Claim] = []
    for pattern, forward in ((_REPLACES, True), (_RENUMBERED, False)):
        for m in pattern.finditer(text):
            # Only the clause the verb starts: "...; the stage 3 text is in Q.1551" is
            # not something the document replaced.
            rest = _CLAUSE_END.split(m.group("rest"), maxsplit=1)[0]
            sentence = re.sub(r"\s+", " ", m.group(0)[: m.start("rest") - m.start()] + rest)
            for mention in _MENTION.findall(rest):
                claims.append((numbers.canonical(mention.split("/")[0]), forward, sentence))
    return claims


def status_class(status: str | None) -> str:
    """The one thing the rules look at in a status: shown by default, unknown, or not."""
    return "current" if status in CURRENT else "none" if status is None else "old"


def rule_input(status: str | None, claims: list[Claim]) -> str | None:
    """A short digest of what one document gives the rules besides its number; None for
    the common case (a current document whose summary states nothing), which is not kept.
    An update whose changed documents all keep theirs (and the same numbers) has the same
    links as before, so it need not read the whole catalogue again."""
    kind = status_class(status)
    if kind == "current" and not claims:
        return None
    blob = json.dumps([kind, claims], ensure_ascii=False, separators=(",", ":"))
    return hashlib.blake2b(blob.encode(), digest_size=8).hexdigest()


def replacements_from_claims(status: dict[str, str | None],
                             claims: Iterable[tuple[str, list[Claim]]]
                             ) -> dict[str, list[Replacement]]:
    """The rules' second half: each summary's claims resolved against every number with
    its status, then the shared-number rule over the statuses."""
    # Each number's keys once: a fresh process (the nightly update) pays for every one.
    keys_of = {doc_id: numbers.keys(doc_id) for doc_id in status}
    by_key: dict[str, str] = {}
    for doc_id, keys in keys_of.items():
        for key in keys:
            by_key.setdefault(key, doc_id)
    out: dict[str, list[Replacement]] = {}

    def add(old: str, new: str, rule: str, evidence: str) -> None:
        if old == new or status.get(old) in CURRENT or status.get(old) is None:
            return
        entries = out.setdefault(old, [])
        if all(e["number"] != new for e in entries):
            entries.append({"number": new, "rule": rule, "evidence": evidence})

    for doc_id, said in claims:
        for key, forward, sentence in said:
            target = by_key.get(key)
            if target and target != doc_id:
                if forward:
                    add(target, doc_id, "summary-replaces", sentence)
                else:
                    add(doc_id, target, "summary-replaced-by", sentence)
    # A joint number answers by its parts, a single one by itself.
    parts_of = {doc_id: keys[1:] or keys for doc_id, keys in keys_of.items()}
    by_part: dict[str, list[str]] = {}
    for doc_id, st in status.items():
        if st in CURRENT:
            for key in parts_of[doc_id]:
                by_part.setdefault(key, []).append(doc_id)
    for doc_id, st in status.items():
        if st in CURRENT:
            continue
        for key in parts_of[doc_id]:
            for new in by_part.get(key, []):
                add(doc_id, new, "shared-number",
                    f"{new} carries the number {key.upper()} of {doc_id}")
    return out
