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
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import fields as dc_fields
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.catalogue_from_metadata import build_store  # noqa: E402
from benchmarks.enlarge import enlarge  # noqa: E402
from benchmarks.site_server import SiteServer  # noqa: E402
from index.models import DocumentData, EditionData  # noqa: E402
from index.search import SearchService  # noqa: E402
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
    from index.search.synonyms import load_synonyms
    from index.tags.taxonomy import load_taxonomy

    started = time.perf_counter()
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
    for doc in _documents(store):
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


def _documents(store: Store) -> Iterator[Any]:
    """Every document the index holds (streamed where the code has it, as before if not)."""
    try:
        from index.search.sources import stream_documents
    except ImportError:  # the code before the streamed rebuild (the "on main" figures)
        from index.search.sources import read_sources  # type: ignore[attr-defined]

        yield from read_sources(store).docs
        return
    for batch in stream_documents(store):
        yield from batch


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
    elif kind == "rebuild":
        # The operator's command, in this process: wall and CPU seconds, peak memory.
        from itucat_cli import main as itucat

        started, cpu = time.perf_counter(), time.process_time()
        code = itucat(["--data-dir", path, "index", "rebuild"])
        print(json.dumps({"peak_mb": round(_peak_rss_mb(), 1), "code": code,
                          "seconds": time.perf_counter() - started,
                          "cpu": time.process_time() - cpu}))
        return
    elif kind == "update":
        # `itucat index update` as the nightly run makes it: a fresh process, not this
        # benchmark's, whose heap of documents and baselines slows every allocation.
        import contextlib
        import io

        from itucat_cli import main as itucat

        said = io.StringIO()
        started = time.perf_counter()
        with contextlib.redirect_stdout(said):
            code = itucat(["--data-dir", path, "index", "update"])
        seconds = time.perf_counter() - started
        inside = re.search(r"seconds=([\d.]+)", said.getvalue())
        indexed = re.search(r"indexed=(\d+)", said.getvalue())
        print(json.dumps({"code": code, "seconds": seconds,
                          "update_seconds": float(inside.group(1)) if inside else None,
                          "indexed": int(indexed.group(1)) if indexed else None}))
        return
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


def probe(kind: str, path: Path) -> dict[str, Any]:
    """Run a probe in a fresh process (its own peak memory) and read what it printed."""
    out = subprocess.run([sys.executable, __file__, "--serve-probe", kind, str(path)],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    found: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return found


def peak_memory(kind: str, path: Path) -> float:
    return float(probe(kind, path)["peak_mb"])


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
    parser.add_argument("--scale", type=int, default=4,
                        help="also measure at this many times the catalogue (1: skip)")
    parser.add_argument("--serve-probe", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_probe:
        serve_probe(*args.serve_probe)
        return 0
    try:  # a baseline of the table: say so now, not after minutes of building
        import tantivy  # noqa: F401
    except ImportError:
        print("benchmarks/search.py needs tantivy for its baseline: "
              ".venv/bin/pip install -e '.[bench]'", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="itucat-search-bench-"))
    try:
        return run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def time_plain(engines: dict[str, Any], rounds: int) -> dict[str, list[float]]:
    """Latencies of the plain (text-only) queries through each engine's search(text),
    side by side: each query goes to every engine in turn, so that a noisy moment of the
    machine falls on all of them rather than on whichever ran then (sub-millisecond p95s
    of a baseline are otherwise a matter of luck, and so is their ratio)."""
    timings: dict[str, list[float]] = {name: [] for name in engines}
    texts = [t for t, f in queries() if t.strip() and not f]
    for _ in range(rounds):
        for text in texts:
            for name, search in engines.items():
                started = time.perf_counter()
                search(text)
                timings[name].append(time.perf_counter() - started)
    return timings


@dataclass
class Scale:
    """Every figure measured on one size of the catalogue."""

    label: str
    documents: int
    rebuild: dict[str, Any]
    update_none: dict[str, Any]  # `itucat index update` in a fresh process (probe)
    update_200: dict[str, Any]
    ours: list[float]  # query + all facets + highlights, match cache emptied
    ours_plain: list[float]  # text-only queries, same
    cached: list[float]
    cold: list[float]
    naive_grouped: list[float]
    naive_plain: list[float]
    tantivy: list[float]
    tantivy_full: list[float]
    fts5: list[float]
    naive_seconds: float
    tantivy_seconds: float


def measure(label: str, store: Store, data_dir: Path, work: Path, rounds: int) -> Scale:
    """Rebuild (fresh process), update, then time our engine and every baseline."""
    from benchmarks.baselines import Fts5, Tantivy, rows_of

    docs = list(_documents(store))
    rebuilt = probe("rebuild", data_dir)
    update_none = probe("update", data_dir)
    change_documents(store, 200)
    update_200 = probe("update", data_dir)
    naive_dir = work / f"naive-{label}"
    naive_seconds = naive_build(store, naive_dir)
    rows = rows_of(docs)
    tantivy = Tantivy(rows, work / f"tantivy-{label}")
    fts5 = Fts5(rows)

    service = SearchService(data_dir)
    service.warm()
    cold = time_ours(service, 1, cached=False, cold_terms=True)
    uncached = time_ours(service, rounds, cached=False)
    cached = time_ours(service, rounds, cached=True)

    def ours_plain(text: str) -> None:
        service.pool.view().matches.clear()
        service.search(text, per_page=20, facet_limit=None, use_cache=False)

    plain_times = time_plain({"ours": ours_plain, "tantivy": tantivy.search,
                              "tantivy_full": tantivy.search_full, "fts5": fts5.search},
                             rounds)
    plain, tantivy_times = plain_times["ours"], plain_times["tantivy"]
    tantivy_full, fts5_times = plain_times["tantivy_full"], plain_times["fts5"]
    naive = Naive(naive_dir)
    naive_plain = time_naive(naive, max(1, rounds // 2), grouped=False)
    naive_grouped = time_naive(naive, max(1, rounds // 2), grouped=True)
    naive.searcher.close()
    service.close()
    return Scale(label, len(docs), rebuilt, update_none, update_200,
                 uncached, plain, cached, cold, naive_grouped, naive_plain, tantivy_times,
                 tantivy_full, fts5_times, naive_seconds, tantivy.build_seconds)


def p(values: list[float], at: float) -> float:
    return percentile(values, at) * 1000


def print_scale(s: Scale) -> None:
    cpu_ms = s.rebuild["cpu"] * 1000 / max(1, s.documents)
    t95, o95, f95 = p(s.tantivy, 95), p(s.ours_plain, 95), p(s.tantivy_full, 95)
    rows = [
        ("index rebuild (itucat, fresh process)", f"{s.rebuild['seconds']:.1f} s",
         f"{cpu_ms:.2f} ms CPU/doc, peak RSS {s.rebuild['peak_mb']:.0f} MB",
         "<= 2 ms/doc, <= 300 MB"),
        ("index update, nothing changed (fresh)", f"{s.update_none['seconds']:.2f} s",
         f"{s.update_none['update_seconds']:.2f} s after start-up", "<= 0.5 s"),
        ("index update, 200 changed (fresh)", f"{s.update_200['seconds']:.2f} s",
         f"{s.update_200['update_seconds']:.2f} s after start-up, "
         f"indexed={s.update_200['indexed']}", "<= 1 s"),
        ("plain query p50/p95 (ours)", f"{p(s.ours_plain, 50):.1f} / {o95:.1f} ms",
         "answer + all facets + highlights", ""),
        ("  tantivy, same work p50/p95", f"{p(s.tantivy_full, 50):.2f} / {f95:.2f} ms",
         f"ours / tantivy p95 = x{o95 / f95:.1f} (count, top 20, snippets, 5 facets)",
         "<= x5"),
        ("  tantivy, top 20 alone p50/p95", f"{p(s.tantivy, 50):.2f} / {t95:.2f} ms",
         f"ours / tantivy p95 = x{o95 / t95:.1f}", ""),
        ("  SQLite FTS5 p50/p95", f"{p(s.fts5, 50):.2f} / {p(s.fts5, 95):.2f} ms",
         f"ours / FTS5 p95 = x{o95 / p(s.fts5, 95):.1f}", ""),
        ("  naive Whoosh (no facets) p50/p95",
         f"{p(s.naive_plain, 50):.1f} / {p(s.naive_plain, 95):.1f} ms",
         f"ours / naive p95 = x{o95 / p(s.naive_plain, 95):.2f}", ""),
        ("every query, facets, highlights p50/p95",
         f"{p(s.ours, 50):.1f} / {p(s.ours, 95):.1f} ms",
         f"naive grouped p95 {p(s.naive_grouped, 95):.1f} ms "
         f"(x{p(s.naive_grouped, 95) / p(s.ours, 95):.1f} faster)", ""),
        ("  every cache emptied p50/p95", f"{p(s.cold, 50):.1f} / {p(s.cold, 95):.1f} ms",
         "posting bitsets read again", ""),
        ("  answers cached p50/p95", f"{p(s.cached, 50):.2f} / {p(s.cached, 95):.2f} ms",
         "", ""),
        ("baseline builds", f"naive {s.naive_seconds:.1f} s",
         f"tantivy {s.tantivy_seconds:.1f} s", ""),
    ]
    print(f"\n== {s.label}: {s.documents} documents ==")
    for name, value, note, goal in rows:
        print(f"{name:42} {value:>24}  {goal:24} {note}")


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
    print(f"cpus: {os.cpu_count()}  python: {sys.version.split()[0]}  "
          f"{len(queries())} queries x {args.rounds} rounds")

    one = measure("1x", store, data_dir, work, args.rounds)
    print_scale(one)
    ours_mem, naive_mem = peak_memory("ours", data_dir), peak_memory("naive", work / "naive-1x")
    service = SearchService(data_dir)
    relevance = score(service)
    service.close()
    http = time_http(data_dir, max(1, args.rounds // 2))
    print(f"{'HTTP search request p50/p95 (gunicorn)':42} "
          f"{percentile(http, 50) * 1000:>10.1f} / {percentile(http, 95) * 1000:.1f} ms  "
          f"{'p95 <= 50 ms':24} GET /api/v1/search")
    print(f"{'peak memory of a serving process':42} {ours_mem:>21.1f} MB  {'<= 250 MB':24} "
          f"naive {naive_mem:.1f} MB")
    print(f"{'relevance set (top 5)':42} {relevance.passed:>16}/{len(relevance.outcomes)}"
          f"       {'':24} score {relevance.ratio:.2f}, MRR {relevance.mrr:.2f}")
    store.close()
    if args.scale <= 1:
        return 0

    big_dir = work / f"data-{args.scale}x"
    big_dir.mkdir()
    shutil.copy2(data_dir / "catalogue.sqlite", big_dir / "catalogue.sqlite")
    big = Store.open(big_dir)
    started = time.perf_counter()
    added = enlarge(big, args.scale)
    print(f"\nenlarged to {args.scale}x: {added} synthetic copies saved in "
          f"{time.perf_counter() - started:.0f} s (benchmarks/enlarge.py)")
    many = measure(f"{args.scale}x", big, big_dir, work, max(1, args.rounds // 2))
    big.close()
    print_scale(many)
    print(f"\n== growth {args.scale}x / 1x ==")
    for name, a, b in (
        ("plain query p95, ours", one.ours_plain, many.ours_plain),
        ("plain query p95, tantivy (same work)", one.tantivy_full, many.tantivy_full),
        ("plain query p95, tantivy (top 20 alone)", one.tantivy, many.tantivy),
        ("plain query p95, SQLite FTS5", one.fts5, many.fts5),
        ("plain query p95, naive Whoosh", one.naive_plain, many.naive_plain),
        ("every query + facets p95, ours", one.ours, many.ours),
    ):
        print(f"{name:42} x{p(b, 95) / p(a, 95):.2f}   (goal for ours: <= x2)")
    print(f"{'rebuild peak RSS':42} {one.rebuild['peak_mb']:.0f} MB -> "
          f"{many.rebuild['peak_mb']:.0f} MB   (goal: <= 300 MB at any size)")
    print(f"{'update, nothing changed':42} {one.update_none['seconds']:.2f} s -> "
          f"{many.update_none['seconds']:.2f} s")
    print(f"{'update, 200 changed':42} {one.update_200['seconds']:.2f} s -> "
          f"{many.update_200['seconds']:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
