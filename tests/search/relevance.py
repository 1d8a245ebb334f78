"""Score a search service against the relevance set (tests/search/relevance.toml)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RELEVANCE_FILE = Path(__file__).with_name("relevance.toml")
TOP = 5


@dataclass
class Outcome:
    """How one query of the set did."""

    text: str
    filters: dict[str, Any]
    passed: bool
    got: list[str]
    why: str = ""
    reciprocal_rank: float = 0.0


@dataclass
class Score:
    """The score of the whole set."""

    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(o.passed for o in self.outcomes)

    @property
    def ratio(self) -> float:
        return self.passed / len(self.outcomes) if self.outcomes else 0.0

    @property
    def mrr(self) -> float:
        """Mean reciprocal rank of the first expected document (over the top ten)."""
        return sum(o.reciprocal_rank for o in self.outcomes) / max(1, len(self.outcomes))

    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.passed]


def load_set(path: Path = RELEVANCE_FILE) -> list[dict[str, Any]]:
    """The queries of the relevance set."""
    return tomllib.loads(path.read_text(encoding="utf-8"))["query"]


def judge(entry: dict[str, Any], got: list[str]) -> Outcome:
    """Check one query's results against its expectations."""
    top = got[:TOP]
    problems = []
    if "first" in entry and (not got or got[0] != entry["first"]):
        problems.append(f"first should be {entry['first']}")
    missing = [n for n in entry.get("all", []) if n not in top]
    if missing:
        problems.append(f"missing from top {TOP}: {', '.join(missing)}")
    if entry.get("any") and not any(n in top for n in entry["any"]):
        problems.append(f"none of {', '.join(entry['any'])} in top {TOP}")
    expected = [entry["first"]] if "first" in entry else []
    expected += entry.get("all", []) + entry.get("any", [])
    ranks = [got.index(n) + 1 for n in expected if n in got[:10]]
    return Outcome(entry["text"], entry.get("filters", {}), not problems, top,
                   "; ".join(problems), 1.0 / min(ranks) if ranks else 0.0)


def score(service: Any, entries: list[dict[str, Any]] | None = None) -> Score:
    """Run every query of the set on a SearchService."""
    result = Score()
    for entry in entries or load_set():
        answer = service.search(entry["text"], entry.get("filters"), per_page=10,
                                use_cache=False)
        result.outcomes.append(judge(entry, [h["number"] for h in answer["results"]]))
    return result
