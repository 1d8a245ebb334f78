"""Own the summary backfill: each run asks ITU for at most N older editions' own summaries.

The current edition's summary comes with the family's header; every older edition has its
own (J.163's 2001 and 2007 texts differ), one request each. A first harvest fetching ~9,000
of them would blow its request budget, so each run takes at most `crawler.backfill`
(default 300) editions still without one, newest first (the oldest gaps come last), and the
archive fills in over the following weeks. Source: the edition's SUM-HTM fragment when
ITU's editions list names one, else getRecHdrDetail for that idrec. A 404 or an empty
answer means ITU has no summary: recorded, not asked again. A passing failure leaves the
gap for the next run (a warning, never a failed item: nothing the reader had is at stake).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from crawler import urls
from crawler.fetch import FetchError
from crawler.parse.common import ParseError
from crawler.parse.mws import parse_rec_header
from crawler.parse.summary import parse_summary
from index.lineage_models import SummaryGap

if TYPE_CHECKING:
    from crawler.crawl import Source
    from index.store import Store

log = logging.getLogger("itucat.crawl")


@dataclass(frozen=True)
class BackfillResult:
    """What one run's backfill did."""

    fetched: int  # editions asked (summaries found or ITU has none)
    requests: int  # HTTP requests it made (retries included)
    remaining: int  # editions still without their own summary


def summary_source_url(gap: SummaryGap) -> tuple[str, str]:
    """(URL, source name) the backfill reads an edition's summary from."""
    if gap.summary_url and "SUM-HTM" in gap.summary_url.upper():
        return urls.canonical(gap.summary_url), "SUM-HTM"
    return urls.header(gap.idrec), "mws"


def backfill_summaries(store: Store, source: Source, budget: int,
                       replay: bool = False) -> BackfillResult:
    """Fill up to `budget` summary gaps (every archived one when replaying)."""
    before = source.requests
    gaps = store.summaries.gaps(store.summaries.gap_count() if replay else budget)
    fetched = 0
    for gap in gaps:
        url, kind = summary_source_url(gap)
        try:
            page = source.get(url)
        except FetchError as exc:
            if exc.status in (404, 410):
                store.summaries.save(gap.idrec, None, "none")
                fetched += 1
            elif not replay:
                log.warning("summary of %s not fetched (%s): asked again next run",
                            gap.label, exc.reason)
            continue
        try:
            if kind == "SUM-HTM":
                summary, title = parse_summary(page.body, url), None
            else:
                header = parse_rec_header(page.body, url)
                summary = header.summary if header else None
                title = header.title if header else None
        except ParseError as exc:
            log.warning("%s: %s (recorded as no summary)", url, exc)
            summary, title = None, None
        store.summaries.save(gap.idrec, summary, kind if summary else "none", title)
        fetched += 1
    remaining = store.summaries.gap_count()
    return BackfillResult(fetched, source.requests - before, remaining)
