"""Own what a curator's tag change may be: facets, actions, values, reasons, and form diffs.

Pure rules over the taxonomy (no store): which facets and values exist, whether a change
is valid (a coded `CurationError` when not), and which changes make a document's tags
what a curator's form says. The store (index/store/tags.py) applies checked changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from index.errors import CurationError
from index.tags.provenance import CuratorDecision, DerivedTags, apply_decisions
from index.tags.taxonomy import Taxonomy, load_taxonomy

DC = "developing_countries"
FACETS = (DC, "region", "topic")
ACTIONS = ("set", "add", "remove", "clear")
RELEVANCE = ("yes", "no")
MAX_REASON = 2000


@dataclass(frozen=True)
class TagChange:
    """One decision to make: `clear` withdraws the curator decision (back to the rules).

    `reason` is a row's own reason (a CSV import); without it the reason given for all
    changes is recorded. `curator` and `created_at` are recorded only when a trusted
    caller gives them (a test fixture, a restore); a CSV import never does: its
    provenance is the importing user and the import time.
    """

    document_id: str
    facet: str
    value: str
    action: str
    curator: str | None = None
    created_at: str | None = None
    reason: str | None = None


def vocabulary(taxonomy: Taxonomy | None = None) -> dict[str, dict[str, str]]:
    """Allowed values per facet, with their labels."""
    taxonomy = taxonomy or load_taxonomy()
    return {DC: {"yes": "yes", "no": "no"}, "region": dict(taxonomy.labels["region"]),
            "topic": dict(taxonomy.labels["topic"])}


def check_reason(reason: str | None) -> str:
    """A short reason, trimmed; CurationError when missing or too long."""
    text = " ".join((reason or "").split())
    if not text:
        raise CurationError("curation.reason_required", "a reason is required")
    if len(text) > MAX_REASON:
        raise CurationError("curation.reason_too_long", "a reason has at most {max} characters",
                            max=MAX_REASON)
    return text


def change_problem(change: TagChange, vocab: dict[str, dict[str, str]]) -> CurationError | None:
    """Why a change is not valid (facet, action and value), or None."""
    if change.facet not in FACETS:
        return CurationError("curation.unknown_facet", "unknown facet {facet!r} (one of "
                             "{allowed})", facet=change.facet, allowed=", ".join(FACETS))
    if change.action not in ACTIONS:
        return CurationError("curation.unknown_action", "unknown action {action!r} (one of "
                             "{allowed})", action=change.action, allowed=", ".join(ACTIONS))
    if change.facet == DC:
        if change.action == "set" and change.value not in RELEVANCE:
            return CurationError("curation.bad_relevance",
                                 "relevance must be yes or no, not {value!r}", value=change.value)
        if change.action in ("add", "remove"):
            return CurationError("curation.relevance_action",
                                 "relevance takes the action set or clear")
        return None
    if change.action == "set":
        return CurationError("curation.facet_action",
                             "{facet} takes the action add, remove or clear", facet=change.facet)
    if change.value not in vocab[change.facet]:
        return CurationError("curation.unknown_tag", "unknown {facet} {value!r}",
                             facet=change.facet, value=change.value)
    return None


def unknown_document(doc_id: str) -> CurationError:
    """The error for a change or note on a document the catalogue does not have."""
    return CurationError("curation.unknown_document", "unknown document {document!r}",
                         document=doc_id)


def form_changes(doc_id: str, shown: DerivedTags, relevance_decided: str | None,
                 relevance: str, regions: Iterable[str], topics: Iterable[str],
                 taxonomy: Taxonomy) -> list[TagChange]:
    """The changes that make a document's tags what the curator's form says.

    `shown` is what search shows now (rules overridden by curators), `relevance_decided`
    the curator's relevance value if any. Only what differs from what is shown is
    recorded, so a rule tag the curator left as it was stays a rule tag; "unreviewed"
    withdraws a relevance decision.
    """
    changes: list[TagChange] = []
    if relevance in RELEVANCE:
        changes.append(TagChange(doc_id, DC, relevance, "set"))
    elif relevance == "unreviewed" and relevance_decided is not None:
        changes.append(TagChange(doc_id, DC, relevance_decided, "clear"))
    for facet, chosen, tags in (("region", set(regions), shown.regions),
                                ("topic", set(topics), shown.topics)):
        now_on = {t.value for t in tags}
        changes += [TagChange(doc_id, facet, v, "add") for v in sorted(chosen - now_on)]
        changes += [TagChange(doc_id, facet, v, "remove") for v in sorted(now_on - chosen)]
    if any(c.facet == "region" for c in changes):
        # Adding a region drops the rules' "global"; keep what the form shows.
        trial = apply_decisions(shown, [_as_decision(c) for c in changes], taxonomy.labels)
        result = {t.value for t in trial.regions}
        chosen = set(regions)
        changes += [TagChange(doc_id, "region", v, "add") for v in sorted(chosen - result)]
    return changes


def _as_decision(change: TagChange) -> CuratorDecision:
    return CuratorDecision(change.document_id, change.facet, change.value, change.action,
                           "trial", "9999", None)
