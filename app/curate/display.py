"""Own how curator data reads on the workspace's pages: tag states, audit entries, labels."""

from __future__ import annotations

from typing import Any

from app.curate.i18n import _c
from app.labels import value_label
from index.store.audit import AuditEntry


def facet_name(facet: str | None) -> str:
    """A facet in the curator's language."""
    names = {"developing_countries": _c("Relevance"), "region": _c("Region"),
             "topic": _c("Topic")}
    return names.get(facet or "", facet or "")


def tag_label(facet: str, value: str) -> str:
    """A tag value in the curator's language (taxonomy label when untranslated)."""
    if facet == "developing_countries":
        return {"yes": _c("relevant"), "no": _c("not relevant")}.get(value, value)
    from index.tags.taxonomy import load_taxonomy

    labels = load_taxonomy().labels.get(facet, {})
    return value_label(facet, value, labels.get(value, value))


def tag_state(facet: str | None, state: dict[str, Any] | None) -> str:
    """One tag decision as a short phrase ("added: Africa", "relevant", "none")."""
    if not state:
        return _c("no decision")
    value = str(state.get("value", ""))
    action = state.get("action")
    label = tag_label(facet or "", value)
    if action == "add":
        return _c("added: %(tag)s", tag=label)
    if action == "remove":
        return _c("removed: %(tag)s", tag=label)
    return label


def entry_state(entry: AuditEntry, which: str) -> str:
    """The before or after of an audit entry, readable."""
    state = entry.before if which == "before" else entry.after
    action = entry.action or ""
    if action == "tag":
        return tag_state(entry.facet, state)
    if state is None:
        return "—"
    if action.startswith("note."):
        shown = _c("public") if state.get("visibility") == "public" else _c("curators only")
        body = str(state.get("body", ""))
        text = body if len(body) <= 80 else body[:79] + "…"
        return (_c("deleted") + " · " if state.get("deleted") else "") + f"{shown}: {text}"
    parts = []
    for key, value in sorted(state.items()):
        parts.append(f"{key}={value}")
    return ", ".join(parts)


def action_name(action: str) -> str:
    """An audit action in the curator's language."""
    names = {
        "tag": _c("tag"), "note.add": _c("note added"), "note.edit": _c("note edited"),
        "note.delete": _c("note deleted"), "user.add": _c("user added"),
        "user.disable": _c("user disabled"), "user.enable": _c("user enabled"),
        "user.role": _c("role changed"), "user.reset_password": _c("password reset"),
        "batch.revert": _c("batch reverted"),
    }
    return names.get(action, action)


def batch_kind(kind: str) -> str:
    """A batch kind in the curator's language."""
    return {"bulk": _c("bulk tagging"), "import": _c("CSV import"),
            "revert": _c("revert")}.get(kind, kind)


def vocabulary() -> dict[str, list[tuple[str, str]]]:
    """The regions, themes and sub-series a curator may choose from (ids and labels)."""
    from index.tags.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    return {
        "regions": [(r.id, r.label) for r in taxonomy.regions],
        "themes": [(r.id, r.label) for r in taxonomy.themes],
        "subseries": [(rng.text, f"{rng.text} {title}") for rng, title in taxonomy.subseries],
    }


# Template globals (prefixed: the site's templates share the namespace).
HELPERS = {"cur_facet": facet_name, "cur_tag": tag_label, "cur_state": tag_state,
           "cur_entry": entry_state, "cur_action": action_name, "cur_batch_kind": batch_kind,
           "cur_vocabulary": vocabulary}
