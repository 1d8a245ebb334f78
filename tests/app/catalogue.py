"""Build the site tests' catalogue once per test run: a mirror crawl of a few series.

Series A, D and L (about 580 documents: TSAG's texts, regional tariff Recommendations,
environment and rural-access texts) are crawled from the offline mirror, one curator
decision is recorded, and the index is built. xdist workers share one build (a file lock
in the run's shared temporary folder), so the crawl runs once per `pytest` run.
"""

from __future__ import annotations

import fcntl
from pathlib import Path

from index.search import paths_for, rebuild
from index.store import Store
from index.tags.changes import TagChange
from itucat.config import Config, load_config, with_overrides
from tests.crawl_helpers import crawl
from tests.mirror import MirrorServer
from tests.mirror.names import series_letter

SERIES = {"A", "D", "L"}
CURATED = "L.1021"  # a curator marks it relevant to developing countries, with a reason
CURATOR_REASON = "Used by regulators in West Africa for e-waste rules"


def _curate(store: Store) -> None:
    """Record one curator decision through the curation API, as a curator's form does."""
    when = "2026-03-04T10:00:00+00:00"
    store.tags.apply([
        TagChange(CURATED, "developing_countries", "yes", "set", "amina", when),
        TagChange(CURATED, "region", "africa", "add", "amina", when),
    ], actor="amina", reason=CURATOR_REASON)


def build(reference: Path, data_dir: Path) -> None:
    """Crawl the subset, record the curator decision, build the index."""
    with MirrorServer(reference, subset=lambda f: series_letter(f) in SERIES) as mirror:
        # Every older edition's own summary too (the backfill, unbounded for the tests).
        crawl(mirror, data_dir, backfill=100_000)
    store = Store.open(data_dir)
    try:
        _curate(store)
        rebuild(store, paths_for(data_dir))
    finally:
        store.close()


def shared_catalogue(reference: Path, shared_root: Path) -> Path:
    """The data directory of the shared build (built by whichever worker comes first)."""
    data_dir = shared_root / "app-catalogue"
    shared_root.mkdir(parents=True, exist_ok=True)
    with (shared_root / "app-catalogue.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (data_dir / "READY").exists():
            data_dir.mkdir(parents=True, exist_ok=True)
            build(reference, data_dir)
            (data_dir / "READY").write_text("ok", encoding="utf-8")
    return data_dir


def site_config(data_dir: Path) -> Config:
    """A configuration reading this data directory (nothing from the environment)."""
    return with_overrides(load_config(env={}), store={"data_dir": str(data_dir)})
