"""Own the `itucat search` and `itucat index rebuild|update|status` commands."""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from typing import Any

from index.search import SearchAnswer
from itucat.config import Config
from itucat.exitcodes import ExitStatus

SORT_CHOICES = ["relevance", "newest", "oldest", "number"]


def add_parsers(subparsers: Any) -> None:
    """Add `search` and `index` (rebuild, update, status) to the command line."""
    text = "search the catalogue (the index built by `itucat index rebuild`)"
    search = subparsers.add_parser("search", help=text, description=text + ". Words are "
                                   "ANDed; \"phrases\", OR, NOT/-word, field:value (sg:13, "
                                   "type:supplement, topic:iot) and numbers (Y.3172, Y.31*).")
    search.add_argument("query", nargs="*", help="the query (empty: browse everything)")
    search.add_argument("--json", action="store_true",
                        help="print the whole answer as JSON (results, facets, suggestion)")
    search.add_argument("--filter", action="append", default=[], metavar="KEY=VALUE",
                        help="narrow by a facet, repeatable: type, topic, region, "
                        "study_group (sg), status (status=all shows superseded and withdrawn), "
                        "year, decade, language, developing_countries (dc), kind, series")
    search.add_argument("--sort", choices=SORT_CHOICES,
                        help="default: relevance (newest when there are no words)")
    search.add_argument("--page", type=int, default=1, help="page number (default 1)")
    search.add_argument("--per-page", type=int, default=10, help="results per page (max 100)")
    search.add_argument("--lang", choices=["ar", "en", "es", "fr", "ru", "zh"], default="en",
                        help="the reader's language: settles which Latin-script language a "
                        "query is in (French, Spanish or English); default en")
    search.add_argument("--as-typed", action="store_true",
                        help="search the words as typed: no translation into English, no "
                        "filter words, no spelling correction")
    search.set_defaults(func=_search)

    index = subparsers.add_parser("index", help="build or update the search index",
                                  description="Build the search index from the store.")
    actions = index.add_subparsers(dest="index_command", required=True)
    actions.add_parser("rebuild", help="build a new index and swap it in atomically")
    actions.add_parser("update", help="re-index only documents changed since the last build "
                       "(the nightly run calls this)")
    actions.add_parser("status", help="show the live index: build, documents, last update")
    index.set_defaults(func=_index)


def _filters(pairs: list[str]) -> tuple[dict[str, list[str]], list[str]]:
    filters: dict[str, list[str]] = {}
    bad = []
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            bad.append(pair)
            continue
        filters.setdefault(key.strip(), []).append(value.strip())
    return filters, bad


def _search(args: argparse.Namespace, config: Config) -> int:
    from index.search import SearchService, answer_json

    filters, bad = _filters(args.filter)
    if bad:
        print(f"itucat search: --filter needs KEY=VALUE, got {', '.join(bad)}", file=sys.stderr)
        return int(ExitStatus.FATAL)
    service = SearchService(config.data_dir, cache_size=0)
    answer = service.search(" ".join(args.query), filters, sort=args.sort, page=args.page,
                            per_page=args.per_page, use_cache=False, lang=args.lang,
                            verbatim=args.as_typed)
    if args.json:
        json.dump(answer_json(answer), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _print_text(answer)
    return int(ExitStatus.OK)


def _plain(fragment: str) -> str:
    return html.unescape(re.sub(r"</?mark>", "*", fragment))


def _print_text(answer: SearchAnswer) -> None:
    for notice in answer["notices"]:
        print(f"note: {notice}", file=sys.stderr)
    understood = answer["understood"]
    if understood:
        print(f"Searched for: {understood['searched']} (from {understood['typed']}, "
              f"{understood['language']})")
        if understood["unmapped"]:
            print(f"Not searched (no ITU-T term known): {', '.join(understood['unmapped'])}")
    if answer["corrected"]:
        print(f"Showing results for: {answer['corrected']['searched']} (typed: "
              f"{answer['corrected']['typed']}; --as-typed searches that)")
    for intent in answer["intents"]:
        print(f"Filter from your words: {intent['facet']} = {', '.join(intent['labels'])}"
              f"{' (and worldwide texts)' if intent['soft'] else ''}")
    if answer["suggestion"]:
        print(f"Did you mean: {answer['suggestion']}")
    first = (answer["page"] - 1) * answer["per_page"]
    print(f"{answer['total']} documents (page {answer['page']} of {max(1, answer['pages'])}, "
          f"sorted by {answer['sort']})")
    for i, hit in enumerate(answer["results"], first + 1):
        date = hit["approval_date"] or "undated"
        relevance = hit["developing_countries"]
        dc = ("" if not relevance["relevant"] else
              " [developing countries: confirmed by curators]"
              if relevance.get("signal") == "confirmed" else " [developing countries: suggested]")
        print(f"{i:3}. {hit['number']}  {_plain(hit['title_html']) or '(no title)'}")
        print(f"     {hit['type']}, {hit['status']}, {date}{dc}  {hit['url'] or ''}")
        for link in hit["replaced_by"]:
            print(f"     replaced by {link['number']} ({link['rule']})")
        if hit["snippet"]:
            print(f"     {_plain(hit['snippet'])}")
    for name, values in answer["facets"].items():
        if values:
            shown = ", ".join(f"{v['label']} ({v['count']})" for v in values[:6])
            print(f"  {name}: {shown}")


def _index(args: argparse.Namespace, config: Config) -> int:
    from index.search import index_status, paths_for, rebuild, update
    from index.store import Store

    paths = paths_for(config.data_dir)
    if args.index_command == "status":
        live = index_status(config.data_dir)
        if live is None:
            print(f"itucat index: no index in {paths.root} (run `itucat index rebuild`)")
            return int(ExitStatus.FATAL)
        name, state = live
        print(f"build={name} documents={len(state.get('hashes', {}))} "
              f"taxonomy={state.get('taxonomy_version')} built_at={state.get('built_at')} "
              f"updated_at={state.get('updated_at')}")
        return int(ExitStatus.OK)
    if not Store.exists(config.data_dir, config.store.database_url):
        print(f"itucat index: no catalogue in {config.data_dir} (run itucat crawl first)",
              file=sys.stderr)
        return int(ExitStatus.FATAL)
    store = Store.open(config.data_dir, config.store.database_url)
    try:
        action = rebuild if args.index_command == "rebuild" else update
        report = action(store, paths)
    finally:
        store.close()
    print(f"itucat index {report.line()}")
    return int(ExitStatus.OK)
