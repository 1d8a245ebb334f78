"""Benchmark the search engine on the full real catalogue against a naive Whoosh baseline.

    python benchmarks/search.py [--data-dir DIR] [--reference DIR] [--rounds N]

Without --data-dir the catalogue store is built from the real metadata set
(itu-reference/metadata/relaton-data-itu, 16,172 editions) in a temporary directory; with
it, DIR/catalogue.sqlite is copied there first (the benchmark changes documents to time
`update`). Prints each figure, its target and its ratio to the naive baseline built in:
a plain Whoosh index (stemmed title and summary, stored keyword facets), one searcher kept
open, MultifieldParser, `groupedby` over every facet and Whoosh's highlighter. The full
search request at HTTP level (GET /api/v1/search of a real gunicorn server) is timed too.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import fields as dc_fields
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.catalogue_from_metadata import build_store  # noqa: E402
from benchmarks.site_server import SiteServer  # noqa: E402
from index.models import DocumentData, EditionData  # noqa: E402
from index.search import SearchService, paths_for, rebuild, update  # noqa: E402
from index.store import Store  # noqa: E402
from tests.search.relevance import load_set, score  # noqa: E402
from tests.shared_paths import reference_dir  # noqa: E402

# Typical queries beside the relevance set: words, numbers, filters, misspellings.
EXTRA = [
    ("network", {}), ("security", {}), ("optical fibre cable", {}), ("video coding", {}),
    ("signalling protocol", {}), ("tariff", {"developing_countries": "yes"}),
    ("", {"topic": "iot"}), ("", {"region": "africa"}), ("", {"status": "all"}),
    ("requirements framework", {"decade": "2020s"}), ("Q.7*", {}), ("G.98*", {}),
    ("cybersecurty", {}), ("machin lerning", {}), ("smart city", {"type": "Supplement"}),
    ("management", {"sg": "2"}), ("test", {"status": "all"}), ("\"quality of service\"", {}),
    ("mobile OR wireless", {}), ("iot -security", {}), ("sg:13 type:supplement", {}),
    ("energy", {"kind": "guideline"}), ("ISDN", {"status": "all"}), ("telex", {}),
]
FACETS = ["type", "topic", "region", "study_group", "status", "year", "decade", "language",
          "developing_countries", "kind", "series"]


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of some timings."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * len(ordered)) - 1))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


# -- the naive baseline ---------------------------------------------------------------


def naive_build(store: Store, target: Path) -> float:
    """Index the catalogue the straightforward way; return the seconds it took."""
    from index.search._whoosh import analysis, fields, index
    from index.search.documents import ConceptFinder, index_document
    from index.search.sources import read_sources
    from index.search.synonyms import load_synonyms
    from index.tags.taxonomy import load_taxonomy

    started = time.perf_counter()
    sources = read_sources(store)
    taxonomy = load_taxonomy()
    concepts = ConceptFinder(load_synonyms())
    stem = analysis.StemmingAnalyzer()
    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True), number=fields.ID(stored=True),
        title=fields.TEXT(analyzer=stem, stored=True),
        summary=fields.TEXT(analyzer=stem, stored=True),
        **{f: fields.KEYWORD(stored=True, commas=True) for f in FACETS},
    )
    target.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(target), schema)
    writer = ix.writer()
    for doc in sources.docs:
        derived = index_document(doc, taxonomy, concepts)  # the same facet values as ours
        writer.add_document(
            id=doc.id, number=doc.id, title=doc.title or "", summary=doc.summary or "",
            **{name: derived[f"f_{short}"] for name, short in (
                ("type", "type"), ("topic", "topic"), ("region", "region"),
                ("study_group", "sg"), ("status", "status"), ("year", "year"),
                ("decade", "decade"), ("language", "lang"), ("developing_countries", "dc"),
                ("kind", "kind"), ("series", "series"))})
    writer.commit()
    ix.close()
    return time.perf_counter() - started


class Naive:
    """Naive serving: one searcher, the default parser, groupedby facets, highlights."""

    def __init__(self, path: Path) -> None:
        from index.search._whoosh import index, qparser, query, sorting

        self.ix = index.open_dir(str(path))
        self.searcher = self.ix.searcher()
        self.parser = qparser.MultifieldParser(["title", "summary"], self.ix.schema)
        self.facets = {f: sorting.FieldFacet(f, allow_overlap=True) for f in FACETS}
        self.query = query

    def search(self, text: str, filters: dict[str, Any], grouped: bool = True) -> int:
        q = self.parser.parse(text) if text.strip() else self.query.Every()
        terms = [self.query.Term(k if k != "sg" else "study_group", str(v))
                 for k, v in filters.items() if k != "status"]
        flt = self.query.And(terms) if terms else None
        results = self.searcher.search(q, limit=20, filter=flt,
                                       groupedby=self.facets if grouped else None, terms=True)
        if grouped:
            for name in FACETS:
                results.groups(name)
        for hit in results:
            hit.highlights("summary")
        return len(results)


# -- measurements -----------------------------------------------------------------------


def queries() -> list[tuple[str, dict[str, Any]]]:
    return [(q["text"], q.get("filters", {})) for q in load_set()] + EXTRA


def time_ours(service: SearchService, rounds: int, cached: bool,
              cold_terms: bool = False) -> list[float]:
    """Latencies of every query. Not cached: the answer and match caches are emptied before
    each query (the per-term posting bitsets stay unless cold_terms: a serving process
    keeps them across requests)."""
    timings = []
    if cached:
        for text, filters in queries():  # fill the cache: repeated queries are what it serves
            service.search(text, filters, per_page=20, facet_limit=None)
    for _ in range(rounds):
        for text, filters in queries():
            view = service.pool.view()
            if not cached:
                view.matches.clear()
                if cold_terms:
                    view.terms.clear()
            started = time.perf_counter()
            service.search(text, filters, per_page=20, facet_limit=None, use_cache=cached)
            timings.append(time.perf_counter() - started)
    return timings


def time_naive(naive: Naive, rounds: int, grouped: bool) -> list[float]:
    timings = []
    for _ in range(rounds):
        for text, filters in queries():
            started = time.perf_counter()
            naive.search(text, {k: v for k, v in filters.items() if k in ("type",)}, grouped)
            timings.append(time.perf_counter() - started)
    return timings


def time_http(data_dir: Path, rounds: int) -> list[float]:
    """Latencies of every query as GET /api/v1/search of a real gunicorn server (the full
    request a reader's page or an API client makes: parameters, search, JSON)."""
    timings = []
    with SiteServer(data_dir) as site:
        site.search("network", {})  # the first request opens the index: not timed
        for _ in range(rounds):
            for text, filters in queries():
                public = {ENGINE_TO_PUBLIC.get(k, k): v for k, v in filters.items()}
                timings.append(site.search(text, public, per_page=20)[1])
    return timings


ENGINE_TO_PUBLIC = {"study_group": "sg", "developing_countries": "dc"}


def serve_probe(kind: str, path: str) -> None:
    """Child process: serve every query three times, print the peak memory (MB)."""
    if kind == "ours":
        service = SearchService(Path(path))
        service.warm()
        for _ in range(3):
            for text, filters in queries():
                service.search(text, filters, per_page=20, facet_limit=None)
    else:
        naive = Naive(Path(path))
        for _ in range(3):
            for text, _filters in queries():
                naive.search(text, {})
    print(json.dumps({"peak_mb": round(_peak_rss_mb(), 1)}))


def _peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM; ru_maxrss can carry the parent's)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_memory(kind: str, path: Path) -> float:
    out = subprocess.run([sys.executable, __file__, "--serve-probe", kind, str(path)],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])["peak_mb"]


def change_documents(store: Store, count: int) -> None:
    """Change `count` documents: half their summaries, half their editions' files."""
    docs = [d for d in store.documents.iter_all() if not d.is_publication]
    picked = docs[:: max(1, len(docs) // count)][:count]
    # lineage left out (None): what the store has stays; a Document holds StoredLinks.
    names = {f.name for f in dc_fields(DocumentData)} - {"editions", "relations", "lineage"}
    for i, doc in enumerate(picked):
        if i % 2:
            eds = doc.editions
            if eds and eds[-1].idrec is not None:
                store.documents.save_edition_files(eds[-1].idrec, [
                    {"language": "English", "format": "PDF"},
                    {"language": "French", "format": "PDF"}], eds[-1].edition_id or "x")
            continue
        values: dict[str, Any] = {k: getattr(doc, k) for k in names}
        values["summary"] = (doc.summary or "") + " Revised for the benchmark."
        values["series_titles"] = tuple(doc.series_titles or ())
        values["editions"] = tuple(EditionData(e.idrec or 0, e.label, e.kind, e.version,
                                               e.title, e.approval_date, e.status,
                                               e.edition_id) for e in doc.editions)
        store.documents.save(DocumentData(**values), doc.family_hash)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="a crawled data directory to copy")
    parser.add_argument("--reference", type=Path, help="itu-reference folder")
    parser.add_argument("--rounds", type=int, default=5, help="times each query is run")
    parser.add_argument("--serve-probe", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_probe:
        serve_probe(*args.serve_probe)
        return 0
    work = Path(tempfile.mkdtemp(prefix="itucat-search-bench-"))
    try:
        return run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> int:
    data_dir = work / "data"
    started = time.perf_counter()
    if args.data_dir:
        data_dir.mkdir()
        shutil.copy2(args.data_dir / "catalogue.sqlite", data_dir / "catalogue.sqlite")
        store = Store.open(data_dir)
        origin = f"copy of {args.data_dir}"
    else:
        reference = args.reference or reference_dir()
        if reference is None:
            print("no --data-dir and no ../shared/itu-reference: nothing to benchmark")
            return 2
        store = build_store(reference, data_dir)
        origin = "built from relaton-data-itu metadata"
    documents = store.documents.counts()["documents"]
    print(f"catalogue: {documents} documents ({origin}) in {time.perf_counter() - started:.1f} s")
    print(f"cpus: {os.cpu_count()}  python: {sys.version.split()[0]}\n")

    paths = paths_for(data_dir)
    ours_build = rebuild(store, paths).seconds
    naive_dir = work / "naive"
    naive_seconds = naive_build(store, naive_dir)
    change_documents(store, 200)
    report = update(store, paths)

    service = SearchService(data_dir)
    started = time.perf_counter()
    service.search("machine learning 5G", per_page=20, facet_limit=None, use_cache=False)
    first_cold = time.perf_counter() - started
    warm_service = SearchService(data_dir)
    warm_seconds = warm_service.warm()
    started = time.perf_counter()
    warm_service.search("machine learning 5G", per_page=20, facet_limit=None, use_cache=False)
    first_warm = time.perf_counter() - started

    cold = time_ours(service, 1, cached=False, cold_terms=True)
    uncached = time_ours(service, args.rounds, cached=False)
    cached = time_ours(service, args.rounds, cached=True)
    naive = Naive(naive_dir)
    naive_plain = time_naive(naive, max(1, args.rounds // 2), grouped=False)
    naive_grouped = time_naive(naive, max(1, args.rounds // 2), grouped=True)
    naive.searcher.close()
    ours_mem, naive_mem = peak_memory("ours", data_dir), peak_memory("naive", naive_dir)
    http = time_http(data_dir, max(1, args.rounds // 2))
    relevance = score(service)

    n = len(queries())
    p50, p95 = percentile(uncached, 50), percentile(uncached, 95)
    b50, b95 = percentile(naive_grouped, 50), percentile(naive_grouped, 95)
    rows = [
        ("full rebuild", f"{ours_build:7.1f} s", "<= 60 s",
         f"naive build {naive_seconds:.1f} s (x{naive_seconds / ours_build:.2f})"),
        ("update of 200 changed documents", f"{report.seconds:7.2f} s", "<= 2 s",
         f"indexed={report.indexed}"),
        ("query+all facets+20 highlights p50", ms(p50), "",
         f"naive grouped {b50 * 1000:.1f} ms (x{b50 / p50:.1f} faster)"),
        ("query+all facets+20 highlights p95", ms(p95), "<= 40 ms, >= 10x",
         f"naive grouped {b95 * 1000:.1f} ms (x{b95 / p95:.1f} faster)"),
        ("  same, every cache emptied p50/p95", f"{ms(percentile(cold, 50))} / "
         f"{ms(percentile(cold, 95)).strip()}", "", "posting bitsets read again each query"),
        ("  same, answers cached p50/p95", f"{ms(percentile(cached, 50))} / "
         f"{ms(percentile(cached, 95)).strip()}", "", "repeated queries, one index version"),
        ("  naive query alone p50/p95", f"{ms(percentile(naive_plain, 50))} / "
         f"{ms(percentile(naive_plain, 95)).strip()}", "", "no facets (reference)"),
        ("HTTP search request p50/p95", f"{ms(percentile(http, 50))} / "
         f"{ms(percentile(http, 95)).strip()}", "p95 <= 50 ms",
         f"GET /api/v1/search on gunicorn; x{percentile(http, 95) / b95:.2f} the naive "
         "grouped query in-process"),
        ("first query after opening, cold", ms(first_cold), "",
         "opens the index, reads facet columns"),
        ("first query after warm() at start-up", ms(first_warm), "",
         f"warm() took {warm_seconds:.2f} s"),
        ("peak memory of a serving process", f"{ours_mem:7.1f} MB", "<= 250 MB",
         f"naive {naive_mem:.1f} MB (x{naive_mem / ours_mem:.2f})"),
        ("relevance set (top 5)", f"{relevance.passed}/{len(relevance.outcomes)}", "",
         f"score {relevance.ratio:.2f}, MRR {relevance.mrr:.2f}"),
    ]
    print(f"{n} distinct queries x {args.rounds} rounds "
          f"(facets: {', '.join(FACETS)})\n")
    for name, value, target, note in rows:
        print(f"{name:40} {value:>22}  {target:18} {note}")
    for outcome in relevance.failures():
        print(f"  relevance miss: {outcome.text!r}: {outcome.why}")
    store.close()
    failed = ours_build > 60 or report.seconds > 2 or p95 > 0.040 or b95 / p95 < 10 \
        or ours_mem > 250 or percentile(http, 95) > 0.050
    print("\nall targets met" if not failed else "\nSOME TARGETS MISSED")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
