"""Own the demand figures: what the curators' dashboard and the annual report show.

Every figure is computed from the daily counts (index/store/metrics.py), so a year's
figures survive the pruning of raw rows; the share of the catalogue reviewed comes from
curator decisions (the store) and the current documents' tags (the search index). The
words that define each figure live with the dashboard (app/curate/insights), in six
languages; here are the numbers, identified by stable keys.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from index.metrics.wording import group_needs
from index.search import SearchService
from index.store import Store

CURRENT = frozenset({"In force", "Published", "Unknown"})
TOP = 10


@dataclass(frozen=True)
class Period:
    """Days from `start` to `end`, inclusive (ISO dates)."""

    start: str
    end: str

    @classmethod
    def year(cls, year: int) -> Period:
        """A calendar year."""
        return cls(f"{year}-01-01", f"{year}-12-31")

    @classmethod
    def last_days(cls, days: int, today: date | None = None) -> Period:
        """The `days` days up to today (UTC)."""
        end = today or datetime.now(UTC).date()
        return cls((end - timedelta(days=days - 1)).isoformat(), end.isoformat())


@dataclass(frozen=True)
class Ranked:
    """A key with its count."""

    key: str
    count: int


@dataclass(frozen=True)
class DocCount:
    """A document with how often it was opened."""

    number: str
    title: str | None
    count: int


@dataclass(frozen=True)
class Need:
    """Zero- or low-result queries of similar wording in one UI language."""

    kind: str  # "zero" | "low"
    ui_lang: str
    label: str
    count: int
    wordings: list[tuple[str, int]]


@dataclass(frozen=True)
class Coverage:
    """How many current documents of a topic or study group a curator has reviewed."""

    key: str
    label: str
    reviewed: int
    total: int

    @property
    def share(self) -> float:
        """Reviewed ÷ total (0 for an empty group)."""
        return self.reviewed / self.total if self.total else 0.0


@dataclass(frozen=True)
class Week:
    """One ISO week's counts (Monday to Sunday)."""

    start: str
    searches: int
    zero: int
    views: int
    downloads: int


@dataclass
class Insights:
    """Every figure of the dashboard for one period."""

    period: Period
    searches: int = 0
    browses: int = 0
    zero_searches: int = 0
    low_searches: int = 0
    opened_searches: int = 0
    searches_by_lang: list[Ranked] = field(default_factory=list)
    searches_by_region: list[Ranked] = field(default_factory=list)
    searches_by_topic: list[Ranked] = field(default_factory=list)
    needs: list[Need] = field(default_factory=list)
    views: int = 0
    views_by_lang: list[Ranked] = field(default_factory=list)
    views_by_via: list[Ranked] = field(default_factory=list)
    top_documents: list[DocCount] = field(default_factory=list)
    top_by_topic: dict[str, list[DocCount]] = field(default_factory=dict)
    top_by_region: dict[str, list[DocCount]] = field(default_factory=dict)
    downloads: int = 0
    downloads_by_file: list[Ranked] = field(default_factory=list)  # "French|PDF"
    downloads_by_lang: list[Ranked] = field(default_factory=list)
    packs: int = 0
    coverage_total: Coverage = field(default_factory=lambda: Coverage("", "", 0, 0))
    coverage_topics: list[Coverage] = field(default_factory=list)
    coverage_groups: list[Coverage] = field(default_factory=list)
    weeks: list[Week] = field(default_factory=list)


def _ranked(counter: Counter[str]) -> list[Ranked]:
    return [Ranked(k, n) for k, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]


def _by(totals: dict[tuple[str, str], int], part: int) -> Counter[str]:
    out: Counter[str] = Counter()
    for key, n in totals.items():
        out[key[part]] += n
    return out


def _needs(store: Store, period: Period) -> list[Need]:
    out: list[Need] = []
    for kind in ("zero", "low"):
        rows = [(q, lang, n) for (q, lang), n in store.metrics.totals(
            kind, period.start, period.end).items()]
        out += [Need(kind, g.ui_lang, g.label, g.count, g.sorted_wordings())
                for g in group_needs(rows)]
    return sorted(out, key=lambda n: (-n.count, n.kind, n.ui_lang, n.label))


def _monday(day: str) -> str:
    when = date.fromisoformat(day)
    return (when - timedelta(days=when.weekday())).isoformat()


def _weeks(store: Store, period: Period) -> list[Week]:
    counts: dict[str, Counter[str]] = {}
    first = date.fromisoformat(_monday(period.start))
    last = date.fromisoformat(period.end)
    while first <= last:
        counts[first.isoformat()] = Counter()
        first += timedelta(days=7)
    for row in store.metrics.daily(("searches", "zero", "views", "downloads"), period.start,
                                   period.end):
        if row.metric == "searches" and row.key != "search":
            continue
        counts.setdefault(_monday(row.day), Counter())[row.metric] += row.count
    return [Week(k, c["searches"], c["zero"], c["views"], c["downloads"])
            for k, c in sorted(counts.items())]


def _top_documents(service: SearchService | None, views: Counter[str], insights: Insights
                   ) -> None:
    ranked = sorted(views.items(), key=lambda kv: (-kv[1], kv[0]))
    by_topic: dict[str, list[DocCount]] = {}
    by_region: dict[str, list[DocCount]] = {}
    for number, count in ranked[:500]:  # the 500 most opened are enough for every top 10
        payload = service.document(number) if service is not None else None
        item = DocCount(number, payload["title"] if payload else None, count)
        if len(insights.top_documents) < TOP:
            insights.top_documents.append(item)
        if payload is None:
            continue
        for tag in payload["topics"]:
            if "." not in tag["id"]:  # themes, not sub-series ranges
                by_topic.setdefault(tag["id"], []).append(item)
        for tag in payload["regions"]:
            by_region.setdefault(tag["id"], []).append(item)
    insights.top_by_topic = {k: v[:TOP] for k, v in sorted(by_topic.items())}
    insights.top_by_region = {k: v[:TOP] for k, v in sorted(by_region.items())}


def coverage(store: Store, service: SearchService | None,
             reviewed: Iterable[str] | None = None) -> tuple[Coverage, list[Coverage],
                                                             list[Coverage]]:
    """Current documents a curator decided relevance for: in all, per topic, per group."""
    if service is None:
        return Coverage("", "", 0, 0), [], []
    everything = service.search("", facet_limit=None, per_page=1)
    facets = everything["facets"]
    ids = set(reviewed) if reviewed is not None else {
        d.document_id for d in store.tags.all() if d.facet == "developing_countries"}
    topic_n: Counter[str] = Counter()
    group_n: Counter[str] = Counter()
    total = 0
    for number in sorted(ids):
        payload = service.document(number)
        if payload is None or payload["number"] != number or payload["status"] not in CURRENT:
            continue
        total += 1
        for tag in payload["topics"]:
            topic_n[tag["id"]] += 1
        if payload["study_group"]:
            group_n[payload["study_group"]] += 1
    topics = [Coverage(v["value"], v["label"], topic_n[v["value"]], v["count"])
              for v in facets.get("topic", []) if "." not in v["value"]]
    groups = [Coverage(v["value"], v["label"], group_n[v["value"]], v["count"])
              for v in facets.get("study_group", [])]
    return (Coverage("", "", total, everything["total"]),
            sorted(topics, key=lambda c: (-c.total, c.key)),
            sorted(groups, key=lambda c: (-c.total, c.key)))


def insights(store: Store, service: SearchService | None, period: Period) -> Insights:
    """Every dashboard figure for a period."""
    out = Insights(period)
    m = store.metrics
    searches = m.totals("searches", period.start, period.end)
    out.searches = sum(n for (via, _l), n in searches.items() if via == "search")
    out.browses = sum(n for (via, _l), n in searches.items() if via == "browse")
    out.searches_by_lang = _ranked(Counter({lang: n for lang, n in _by(
        {k: v for k, v in searches.items() if k[0] == "search"}, 1).items()}))
    out.searches_by_region = _ranked(_by(m.totals("search_region", period.start, period.end), 0))
    out.searches_by_topic = _ranked(_by(m.totals("search_topic", period.start, period.end), 0))
    out.zero_searches = sum(m.totals("zero", period.start, period.end).values())
    out.low_searches = sum(m.totals("low", period.start, period.end).values())
    out.opened_searches = sum(m.totals("opened", period.start, period.end).values())
    out.needs = _needs(store, period)
    views = m.totals("views", period.start, period.end)
    out.views = sum(views.values())
    out.views_by_lang = _ranked(_by(views, 1))
    out.views_by_via = _ranked(_by(views, 0))
    _top_documents(service, _by(m.totals("view_doc", period.start, period.end), 0), out)
    downloads = m.totals("downloads", period.start, period.end)
    out.downloads = sum(downloads.values())
    out.downloads_by_file = _ranked(_by(downloads, 0))
    out.downloads_by_lang = _ranked(_by(downloads, 1))
    out.packs = sum(m.totals("packs", period.start, period.end).values())
    out.coverage_total, out.coverage_topics, out.coverage_groups = coverage(store, service)
    out.weeks = _weeks(store, period)
    return out


@dataclass
class AnnualReport:
    """The year's figures for TSAG: demand (Insights) and what the catalogue gained."""

    year: int
    insights: Insights
    documents_current: int = 0
    documents_relevant: int = 0
    texts_approved: int = 0
    editions_approved: int = 0
    curator_decisions: int = 0
    collections: int = 0
    collections_made: int = 0


def annual_report(store: Store, service: SearchService | None, year: int) -> AnnualReport:
    """Every figure of the annual report for one calendar year."""
    report = AnnualReport(year, insights(store, service, Period.year(year)))
    if service is not None:
        everything = service.search("", facet_limit=None, per_page=1)
        report.documents_current = everything["total"]
        relevant = {v["value"]: v["count"] for v in everything["facets"].get(
            "developing_countries", [])}
        report.documents_relevant = relevant.get("yes", 0)
        approved = service.search("", {"year": [str(year)], "status": ["all"]}, per_page=1,
                                  facet_limit=0)
        # A year no document has is dropped from the filter (with a notice): then none.
        known = approved["filters"].get("year") == [str(year)]
        report.texts_approved = approved["total"] if known else 0
    activity = store.metrics.year_activity(year)
    report.editions_approved = activity["editions_approved"]
    report.curator_decisions = activity["curator_decisions"]
    report.collections_made = activity["collections_made"]
    report.collections = len(store.collections.all())
    return report
