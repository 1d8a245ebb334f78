"""Own the taxonomy: read index/tags/taxonomy.toml into compiled, validated rules.

The file is data (topics, regions, knowledge kinds, developing-country rules); this module
checks it strictly (an unknown key or a bad regular expression is an error with the file
and entry named, never a silently ignored rule) and compiles it once per process, with the
country -> region table (countries.toml) the region and developing rules also read: the
taxonomy's digest covers both files.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from index.numbers import NumberRange, parse_range
from index.tags.anchors import anchors
from index.tags.countries import FLAGS, Countries, load_countries

TAXONOMY_FILE = Path(__file__).resolve().parent / "taxonomy.toml"

_RULE_KEYS = {
    "id", "label", "match", "title", "exclude", "ranges", "numbers", "types", "weight",
    "summary_weight", "range_note", "number_note", "default", "queries", "developing",
    "number_weight", "place_flags", "place_regions",
}


class TaxonomyError(ValueError):
    """The taxonomy file is malformed."""


@dataclass(frozen=True)
class Rule:
    """One tag (theme, region, kind) or one developing-country rule, with its match rules."""

    id: str
    label: str
    match: tuple[re.Pattern[str], ...] = ()  # searched in title and summary
    title: tuple[re.Pattern[str], ...] = ()  # searched in the title only
    exclude: tuple[re.Pattern[str], ...] = ()
    ranges: tuple[NumberRange, ...] = ()
    numbers: tuple[re.Pattern[str], ...] = ()
    types: frozenset[str] = frozenset()
    weight: float = 1.0  # a hit in the title, the number, the type or a range
    summary_weight: float = 1.0  # a hit found only in the summary
    # A hit on the number or a range alone (developing rules: it never suffices on its
    # own, rules.py adds it only to evidence found in the words).
    number_weight: float | None = None
    # Developing rules: places (countries.toml) whose naming is evidence, by their flags
    # (ldc, lldc, sids, developing) or by region (every region of the place must be one).
    place_flags: frozenset[str] = frozenset()
    place_regions: frozenset[str] = frozenset()
    range_note: str | None = None
    number_note: str | None = None
    default: bool = False  # given when no other rule of the group hits (region "global")
    queries: tuple[tuple[str, ...], ...] = ()  # whole-query words that mean this tag
    developing: bool = False  # region: developing-country documents are its fallback
    # The patterns joined into one expression each, so a text is scanned once per rule.
    summary_any: re.Pattern[str] | None = None
    title_any: re.Pattern[str] | None = None
    # Lower-case literals one of which every match contains (None: always scan). A plain
    # substring test skips the regular expressions for most documents.
    summary_anchors: tuple[str, ...] | None = None
    title_anchors: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Taxonomy:
    """Everything the index derives documents' tags from."""

    version: str
    digest: str  # sha256 of the file: a change re-indexes every document
    series: dict[str, str]  # "Y" -> official series title
    subseries: tuple[tuple[NumberRange, str], ...]
    themes: tuple[Rule, ...]
    regions: tuple[Rule, ...]
    kinds: tuple[Rule, ...]
    developing: tuple[Rule, ...]
    developing_label: str = "Relevant to developing countries"
    threshold: float = 1.0
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # facet -> id -> label
    places: Countries | None = None  # the country -> region table the rules read

    def query_tag(self, words: tuple[str, ...], group: str) -> Rule | None:
        """The theme or region a whole query clause names ("qos" -> theme qos-qoe)."""
        key = tuple(w.lower() for w in words)
        for rule in self.themes if group == "theme" else self.regions:
            if key in rule.queries:
                return rule
        return None


def _compile(patterns: Any, where: str) -> tuple[re.Pattern[str], ...]:
    if patterns is None:
        return ()
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise TaxonomyError(f"{where}: expected a list of strings")
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern, re.IGNORECASE))
        except re.error as exc:
            raise TaxonomyError(f"{where}: bad regular expression {pattern!r}: {exc}") from exc
    return tuple(compiled)


def _ranges(values: Any, where: str) -> tuple[NumberRange, ...]:
    if values is None:
        return ()
    try:
        return tuple(parse_range(v) for v in values)
    except (TypeError, ValueError) as exc:
        raise TaxonomyError(f"{where}: {exc}") from exc


def _rule(entry: dict[str, Any], where: str) -> Rule:
    unknown = set(entry) - _RULE_KEYS
    if unknown:
        raise TaxonomyError(f"{where}: unknown key(s) {sorted(unknown)}")
    if not entry.get("id") or not entry.get("label"):
        raise TaxonomyError(f"{where}: every entry needs an id and a label")
    where = f"{where} ({entry['id']})"
    weight = float(entry.get("weight", 1.0))
    flags = frozenset(entry.get("place_flags", ()))
    if flags - FLAGS:
        raise TaxonomyError(f"{where}.place_flags: unknown flag(s) {sorted(flags - FLAGS)}")
    match = _compile(entry.get("match"), f"{where}.match")
    title = _compile(entry.get("title"), f"{where}.title")
    return Rule(
        id=str(entry["id"]),
        label=str(entry["label"]),
        match=match,
        title=title,
        exclude=_compile(entry.get("exclude"), f"{where}.exclude"),
        ranges=_ranges(entry.get("ranges"), f"{where}.ranges"),
        numbers=_compile(entry.get("numbers"), f"{where}.numbers"),
        types=frozenset(entry.get("types", ())),
        weight=weight,
        summary_weight=float(entry.get("summary_weight", weight)),
        number_weight=(float(entry["number_weight"]) if "number_weight" in entry else None),
        place_flags=flags,
        place_regions=frozenset(entry.get("place_regions", ())),
        range_note=entry.get("range_note"),
        number_note=entry.get("number_note"),
        default=bool(entry.get("default", False)),
        queries=tuple(tuple(q.lower().split()) for q in entry.get("queries", ()) if q.strip()),
        developing=bool(entry.get("developing", False)),
        summary_any=_join(match),
        title_any=_join(title + match),
        summary_anchors=anchors(match),
        title_anchors=anchors(title + match),
    )


def _join(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.IGNORECASE)


def _rules(raw: Any, where: str) -> tuple[Rule, ...]:
    rules = tuple(_rule(e, f"{where}[{i}]") for i, e in enumerate(raw or []))
    ids = [r.id for r in rules]
    if len(ids) != len(set(ids)):
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        raise TaxonomyError(f"{where}: duplicate ids {dupes}")
    return rules


def parse_taxonomy(text: str, name: str = "taxonomy.toml",
                   places: Countries | None = None) -> Taxonomy:
    """Parse and check taxonomy text; raise TaxonomyError naming the bad entry.

    `places` is the country -> region table the region and developing rules read (none:
    the rules see only the taxonomy's own patterns).
    """
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TaxonomyError(f"{name}: {exc}") from exc
    known = {"version", "series", "subseries", "theme", "region", "kind", "developing"}
    if set(raw) - known:
        raise TaxonomyError(f"{name}: unknown section(s) {sorted(set(raw) - known)}")
    series = {}
    for i, entry in enumerate(raw.get("series", [])):
        if set(entry) != {"code", "title"}:
            raise TaxonomyError(f"{name}: series[{i}] needs exactly code and title")
        series[str(entry["code"])] = str(entry["title"])
    subseries = []
    for i, entry in enumerate(raw.get("subseries", [])):
        if set(entry) != {"range", "title"}:
            raise TaxonomyError(f"{name}: subseries[{i}] needs exactly range and title")
        (rng,) = _ranges([entry["range"]], f"{name}: subseries[{i}]")
        subseries.append((rng, str(entry["title"])))
    developing = raw.get("developing", {})
    themes = _rules(raw.get("theme"), f"{name}: theme")
    regions = _rules(raw.get("region"), f"{name}: region")
    kinds = _rules(raw.get("kind"), f"{name}: kind")
    rules = _rules(developing.get("rule"), f"{name}: developing.rule")
    region_ids = {r.id for r in regions}
    for rule in rules:
        if rule.place_regions - region_ids:
            raise TaxonomyError(f"{name}: developing.rule ({rule.id}).place_regions: unknown "
                                f"region(s) {sorted(rule.place_regions - region_ids)}")
    if places is not None and set(places.regions) - region_ids:
        raise TaxonomyError(f"{name}: the countries table names regions the taxonomy lacks: "
                            f"{sorted(set(places.regions) - region_ids)}")
    labels = {
        "topic": {r.id: r.label for r in themes}
        | {rng.text: f"{rng.text} {title}" for rng, title in subseries},
        "region": {r.id: r.label for r in regions},
        "kind": {r.id: r.label for r in kinds},
        "series": {code: f"{code} series: {title}" for code, title in series.items()},
    }
    return Taxonomy(
        version=str(raw.get("version", "")),
        digest=hashlib.sha256((text + "\0" + (places.digest if places else "")).encode()
                              ).hexdigest(),
        series=series,
        subseries=tuple(subseries),
        themes=themes,
        regions=regions,
        kinds=kinds,
        developing=rules,
        developing_label=str(developing.get("label", "Relevant to developing countries")),
        threshold=float(developing.get("threshold", 1.0)),
        labels=labels,
        places=places,
    )


@lru_cache(maxsize=4)
def load_taxonomy(path: Path = TAXONOMY_FILE) -> Taxonomy:
    """Read the taxonomy file (and the countries table beside it) once per process."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TaxonomyError(f"cannot read {path}: {exc}") from exc
    return parse_taxonomy(text, path.name, load_countries())
