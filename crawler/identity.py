"""Own document identity: which of ITU's edition names are one text (one catalogue document).

ITU writes the same text's number in several ways over the years: "E-100 Suppl. 2 (10/1984)"
and "E-100 series Suppl. 2 (11/1988)", "M.73l" (a typed letter l) and "M.731", "G.780" and
"G.780/Y.1351". Those are one document. Renumberings ("E-300 Suppl. 2" -> "E-100 Suppl. 2",
"Z.142" -> "Z.163") are different numbers: they stay separate documents joined by lineage.

The variants are data (`identity.toml`, each entry with its source in ITU's own editions
data): spelling *rules* (regular expressions on the canonical number) and *same* entries
(numbers ITU's getRecEditions lists in one family, mostly joint numbers that gained or lost a
part). `key(number)` is the family key the enumeration is grouped by; a document's id is the
canonical number of its current edition, and its other numbers become aliases (redirects).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from crawler.numbers import parse_rec_name

TABLE = Path(__file__).with_name("identity.toml")


class IdentityError(ValueError):
    """The identity table is malformed (a bad pattern, a number listed twice)."""


@dataclass(frozen=True)
class Rule:
    """A spelling rule: numbers matching `pattern` are keyed as `replace` makes them."""

    pattern: re.Pattern[str]
    replace: str
    source: str


@dataclass(frozen=True)
class Identity:
    """The loaded table: spelling rules, then numbers that are one text."""

    rules: tuple[Rule, ...]
    same: dict[str, str]  # number (after the rules) -> the key of its family

    def key(self, number: str) -> str:
        """The family key of a canonical number ("E-100 series Suppl.2" -> "E.100 Suppl.2")."""
        for rule in self.rules:
            number = rule.pattern.sub(rule.replace, number)
        return self.same.get(number, number)


def parse_table(text: str) -> Identity:
    """Read an identity table (TOML text); raise IdentityError when it is malformed."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise IdentityError(f"identity table is not TOML: {exc}") from exc
    rules = []
    for entry in data.get("rule", []):
        try:
            rules.append(Rule(re.compile(entry["pattern"]), entry["replace"], entry["source"]))
        except (KeyError, re.error) as exc:
            raise IdentityError(f"bad identity rule {entry!r}: {exc}") from exc
    same: dict[str, str] = {}
    for entry in data.get("same", []):
        key = entry.get("key")
        if not key or not entry.get("source"):
            raise IdentityError(f"identity entry without key or source: {entry!r}")
        for name in entry.get("names", []):
            if name in same and same[name] != key:
                raise IdentityError(f"{name} is listed under {same[name]} and {key}")
            same[name] = key
    return Identity(tuple(rules), same)


@lru_cache(maxsize=1)
def load_identity() -> Identity:
    """The packaged identity table (read once per process)."""
    return parse_table(TABLE.read_text(encoding="utf-8"))


@lru_cache(maxsize=65536)  # pure; called for every enumeration row and editions-list row
def family_key(rec_name: str) -> str:
    """The family key of an ITU edition name: "E-100 series Suppl. 2 (11/1988)" -> key."""
    return load_identity().key(parse_rec_name(rec_name).family)


def number_key(number: str) -> str:
    """The family key of a document number that is not an edition name ("G.780")."""
    return load_identity().key(number)
