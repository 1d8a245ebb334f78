"""Score search on the full mirror catalogue against the judged set, beside a BM25 baseline.

    .venv/bin/python benchmarks/relevance.py [--data-dir DIR] [--rebuild-cache]
        [--kind need,number] [--show-misses] [--json FILE] [--skip-http] [--reuse-index]

Without --data-dir the whole offline mirror (tests/mirror over ../shared/itu-reference) is
crawled once through the real CLI into var/bench/mirror-full/ and reused afterwards. The
search index is built with `itucat index rebuild`; then every query of
benchmarks/relevance_set.toml runs (a) through `index.search.SearchService` in this process,
(b) through GET /api/v1/search of the real server (gunicorn "app:create_app()") and (c)
through a plain SQLite FTS5/BM25 baseline over the same documents, built in this run.
Prints hit@5 and MRR@10 per kind of query (and per language), the goal of issue 8 beside
them, the first-rank checks, and the p50/p95 of the HTTP search request.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bm25_baseline import Bm25Baseline, read_documents  # noqa: E402
from benchmarks.judged import (  # noqa: E402
    GOALS,
    KINDS,
    SET_FILE,
    JudgedQuery,
    Judgement,
    SetError,
    groups,
    judge,
    load_queries,
    tally,
)
from benchmarks.mirror_cache import (  # noqa: E402
    DEFAULT_CACHE,
    CacheError,
    build_index,
    crawl_info,
    ensure_crawled,
)
from benchmarks.site_server import ServerError, SiteServer  # noqa: E402

SYSTEMS = ("service", "http", "baseline")
HTTP_GOAL_MS = 50.0  # issue 8: p95 of the full search request at HTTP level
ENGINE_FILTER = {"sg": "study_group", "dc": "developing_countries"}  # public -> engine name


@dataclass
class Run:
    """One system's answers to the set, with the time each took."""

    judgements: list[Judgement]
    seconds: list[float]


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * len(ordered)) - 1))]


def run_all(queries: Sequence[JudgedQuery],
            ask: Callable[[JudgedQuery], tuple[list[str], float]]) -> Run:
    out = Run([], [])
    for q in queries:
        got, seconds = ask(q)
        out.judgements.append(judge(q, got))
        out.seconds.append(seconds)
    return out


def run_service(data_dir: Path, queries: Sequence[JudgedQuery]) -> Run:
    from index.search import SearchService

    service = SearchService(data_dir)
    service.search("network", per_page=10)  # open the index before timing

    def ask(q: JudgedQuery) -> tuple[list[str], float]:
        filters = {ENGINE_FILTER.get(k, k): v for k, v in q.filters.items()}
        started = time.perf_counter()
        # The reader's page language, as the HTTP run sends it in Accept-Language.
        answer = service.search(q.text, filters, per_page=10, use_cache=False,
                                lang=q.lang or "en")
        seconds = time.perf_counter() - started
        return [str(h["number"]) for h in answer["results"]], seconds

    try:
        return run_all(queries, ask)
    finally:
        service.close()


def run_baseline(data_dir: Path, queries: Sequence[JudgedQuery]) -> tuple[Run, int, int]:
    docs = read_documents(data_dir)
    baseline = Bm25Baseline(docs)

    def ask(q: JudgedQuery) -> tuple[list[str], float]:
        started = time.perf_counter()
        got = baseline.search(q.text, q.filters)
        return got, time.perf_counter() - started

    try:
        return run_all(queries, ask), len(docs), baseline.size
    finally:
        baseline.close()


def run_http(data_dir: Path, queries: Sequence[JudgedQuery]) -> Run:
    with SiteServer(data_dir) as site:
        site.search("network", {})  # the first request opens the index: not timed
        return run_all(queries, lambda q: site.search(q.text, q.filters, q.lang))


def rows(queries: Sequence[JudgedQuery], runs: Mapping[str, Run]) -> list[dict[str, Any]]:
    """The figures of every report row."""
    out = []
    for member in groups(queries):
        row: dict[str, Any] = {"group": member.label, "indent": member.lang is not None,
                               "n": sum(1 for q in queries if member(q)),
                               "goal": GOALS.get(member.label) if member.lang is None else None}
        for name, run in runs.items():
            t = tally(j for j in run.judgements if member(j.query))
            row[name] = {"hit5": round(t.hit_rate, 3), "mrr10": round(t.mrr, 3),
                         "top1": [t.top1_ok, t.top1_n]}
        out.append(row)
    return out


def _cell(row: dict[str, Any], name: str, key: str) -> str:
    return f"{row[name][key]:.2f}" if name in row else "  - "


def print_table(table: list[dict[str, Any]], names: Sequence[str]) -> None:
    heads = {"service": "service", "http": "HTTP", "baseline": "BM25"}
    cols = "".join(f"{heads[n]:>9}" for n in names)
    print(f"{'':16}{'':>5} {'hit@5':^{9 * len(names)}}{'':8} {'MRR@10':^{9 * len(names)}}"
          f"   first-rank")
    print(f"{'kind':16}{'n':>5} {cols}{'goal':>8} {cols}   {'/'.join(heads[n] for n in names)}")
    for row in table:
        label = ("  " if row["indent"] else "") + row["group"]
        goal = f">={row['goal']:.2f}" if row["goal"] is not None else ""
        hits = "".join(f"{_cell(row, n, 'hit5'):>9}" for n in names)
        mrr = "".join(f"{_cell(row, n, 'mrr10'):>9}" for n in names)
        top1 = " ".join(f"{row[n]['top1'][0]}/{row[n]['top1'][1]}" for n in names) \
            if row[names[0]]["top1"][1] else ""
        print(f"{label:16}{row['n']:>5} {hits}{goal:>8} {mrr}   {top1}")


def print_misses(runs: Mapping[str, Run]) -> None:
    service, http = runs["service"], runs.get("http")
    print("\nqueries the project misses (service; HTTP shown where it differs):")
    for i, j in enumerate(service.judgements):
        h = http.judgements[i] if http else None
        if j.hit and (h is None or h.hit) and j.first_ok is not False:
            continue
        q = j.query
        base = runs["baseline"].judgements[i]
        tag = q.kind + (f"/{q.lang}" if q.lang else "")
        first = " (first-rank check failed)" if j.hit and j.first_ok is False else ""
        print(f"- [{tag}] {q.text!r}{first}  accept {', '.join(q.accept[:4])}"
              f"{' …' if len(q.accept) > 4 else ''}  baseline {'hit' if base.hit else 'miss'}")
        print(f"    service: {', '.join(j.got[:5]) or '(nothing)'}")
        if h is not None and h.got[:5] != j.got[:5]:
            print(f"    HTTP:    {', '.join(h.got[:5]) or '(nothing)'}")


def timing(runs: Mapping[str, Run]) -> dict[str, float]:
    return {f"{name}_{p}_ms": round(percentile(run.seconds, p) * 1000, 2)
            for name, run in runs.items() for p in (50, 95)}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="use this crawled store (no crawl)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE,
                        help=f"where the mirror crawl is kept (default {DEFAULT_CACHE})")
    parser.add_argument("--rebuild-cache", action="store_true",
                        help="crawl the mirror again even when a finished crawl is cached")
    parser.add_argument("--reference", type=Path, help="itu-reference folder (../shared)")
    parser.add_argument("--set", type=Path, default=SET_FILE, help="the judged set file")
    parser.add_argument("--kind", help=f"only these kinds, comma-separated ({', '.join(KINDS)})")
    parser.add_argument("--show-misses", action="store_true",
                        help="list the queries the project misses, with what came back")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the figures as JSON")
    parser.add_argument("--skip-http", action="store_true", help="no HTTP server run")
    parser.add_argument("--reuse-index", action="store_true",
                        help="search the index already built in the data directory")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        queries = load_queries(args.set)
    except SetError as exc:
        print(f"relevance: {exc}", file=sys.stderr)
        return 2
    if args.kind:
        wanted = {k.strip() for k in args.kind.split(",") if k.strip()}
        if wanted - set(KINDS):
            print(f"relevance: unknown kind(s) {', '.join(sorted(wanted - set(KINDS)))} "
                  f"(kinds: {', '.join(KINDS)})", file=sys.stderr)
            return 2
        queries = [q for q in queries if q.kind in wanted]
    try:
        data_dir, origin = locate_data(args)
        index_seconds = None if args.reuse_index else build_index(data_dir)
        runs: dict[str, Run] = {"service": run_service(data_dir, queries)}
        if not args.skip_http:
            runs["http"] = run_http(data_dir, queries)
        runs["baseline"], documents, shown = run_baseline(data_dir, queries)
    except (CacheError, ServerError) as exc:
        print(f"relevance: {exc}", file=sys.stderr)
        return 2
    names = [n for n in SYSTEMS if n in runs]
    table = rows(queries, {n: runs[n] for n in names})
    times = timing(runs)
    print(f"catalogue: {documents} documents ({origin}); {shown} shown by default "
          f"(the baseline indexes those)")
    if index_seconds is not None:
        print(f"search index: itucat index rebuild took {index_seconds:.1f} s")
    print(f"{len(queries)} judged queries from {args.set}\n")
    print_table(table, names)
    print()
    if "http" in runs:
        differ = sum(1 for a, b in zip(runs["service"].judgements, runs["http"].judgements,
                                       strict=True) if a.got != b.got)
        print(f"HTTP search request (GET /api/v1/search, 10 results): "
              f"p50 {times['http_50_ms']:.1f} ms, p95 {times['http_95_ms']:.1f} ms "
              f"(goal p95 <= {HTTP_GOAL_MS:.0f} ms); HTTP answers differing from the "
              f"in-process service: {differ} of {len(queries)}")
    print(f"in-process service: p50 {times['service_50_ms']:.1f} ms, p95 "
          f"{times['service_95_ms']:.1f} ms; BM25 baseline: p50 {times['baseline_50_ms']:.2f}"
          f" ms, p95 {times['baseline_95_ms']:.2f} ms")
    if args.show_misses:
        print_misses(runs)
    if args.json:
        write_json(args.json, queries, runs, table, times, origin, documents, shown)
    return 0


def locate_data(args: argparse.Namespace) -> tuple[Path, str]:
    """The data directory to search, and a phrase saying where it came from."""
    if args.data_dir:
        if not (args.data_dir / "catalogue.sqlite").is_file():
            raise CacheError(f"{args.data_dir} holds no catalogue.sqlite (crawl it first)")
        return args.data_dir, f"store {args.data_dir}"
    from tests.shared_paths import SKIP_REASON, reference_dir

    reference = args.reference or reference_dir()
    if reference is None:
        raise CacheError(f"no --data-dir and no mirror to crawl: {SKIP_REASON}")
    cache = ensure_crawled(args.cache, reference, rebuild=args.rebuild_cache)
    info = crawl_info(cache)
    return cache, (f"full offline mirror crawled into {cache} on {info.get('finished')}, "
                   f"{info.get('mirror_editions')} editions served")


def write_json(path: Path, queries: Sequence[JudgedQuery], runs: Mapping[str, Run],
               table: list[dict[str, Any]], times: dict[str, float], origin: str,
               documents: int, shown: int) -> None:
    per_query = [{"text": q.text, "kind": q.kind, "lang": q.lang, "accept": list(q.accept),
                  **{name: {"hit5": run.judgements[i].hit,
                            "rr10": round(run.judgements[i].reciprocal_rank, 3),
                            "first_ok": run.judgements[i].first_ok,
                            "got": list(run.judgements[i].got[:5])}
                     for name, run in runs.items()}}
                 for i, q in enumerate(queries)]
    body = {"catalogue": {"origin": origin, "documents": documents, "shown": shown},
            "queries": len(queries), "rows": [{k: v for k, v in r.items() if k != "indent"}
                                              for r in table],
            "timing_ms": times, "http_goal_p95_ms": HTTP_GOAL_MS, "per_query": per_query}
    path.write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
