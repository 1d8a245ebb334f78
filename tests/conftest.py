"""Share the suites' fixtures: the reference material, the mirror, and the three catalogues.

- `mirror`: the offline mirror of www.itu.int, defined here once. A test module names the
  series it needs in `MIRROR_SERIES` (a string of series letters; absent: every series).
  Modules mutate their mirror (faults, upstream changes), so each module gets its own.
- `small_catalogue`: 32 documents with real titles and an index (tests/search/catalogue.py);
  read-only; the search and curator suites share it (curator tests copy it per test).
- `site_catalogue`: series A, D and L crawled from the mirror, one curator decision, an
  index (tests/app/catalogue.py); read-only; the site and browser suites share it, and
  xdist workers share one build.
- `full_catalogue`: the whole real catalogue (16,172 editions of the metadata set) with an
  index, built once per worker that needs it (the relevance set, benchmarks' queries).
- `backend`: "sqlite", and "postgresql" in the modules that say `BACKENDS = BOTH`
  (tests/backends.py): the store, curator and site tests that matter for the store run on
  both through `database_url`-taking fixtures.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.shared_paths import SKIP_REASON, reference_dir


@pytest.fixture(scope="session")
def reference() -> Path:
    """The ../shared/itu-reference folder, or skip with a clear reason when it is absent."""
    path = reference_dir()
    if path is None:
        pytest.skip(SKIP_REASON)
    return path


@pytest.fixture(scope="module")
def mirror(reference: Path, request: pytest.FixtureRequest) -> Iterator[object]:
    """The mirror of www.itu.int for this module (the series of its MIRROR_SERIES)."""
    from tests.mirror import MirrorServer
    from tests.mirror.names import series_letter

    series: str | None = getattr(request.module, "MIRROR_SERIES", None)
    subset = None if series is None else (lambda family: series_letter(family) in series)
    with MirrorServer(reference, subset=subset) as server:
        yield server


def _shared_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.getbasetemp()
    if root.name.startswith("popen-gw"):  # xdist: share one build between the workers
        root = root.parent
    return root


@pytest.fixture(scope="session")
def small_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with the 32-document test catalogue and its index (do not modify)."""
    from index.search import paths_for, rebuild
    from tests.search.catalogue import build_store

    data_dir = tmp_path_factory.mktemp("small-catalogue")
    store = build_store(data_dir)
    rebuild(store, paths_for(data_dir))
    store.close()
    return data_dir


@pytest.fixture(scope="session")
def site_catalogue(reference: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The crawled and indexed site catalogue (series A, D, L; read-only)."""
    from tests.app.catalogue import shared_catalogue

    return shared_catalogue(reference, _shared_root(tmp_path_factory))


@pytest.fixture(scope="session")
def full_catalogue(reference: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole real catalogue from the metadata set, indexed (read-only)."""
    from benchmarks.catalogue_from_metadata import build_store
    from index.search import paths_for, rebuild

    data_dir = tmp_path_factory.mktemp("full-catalogue")
    store = build_store(reference, data_dir)
    rebuild(store, paths_for(data_dir))
    store.close()
    return data_dir


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise `backend` with the module's BACKENDS (SQLite only by default)."""
    if "backend" in metafunc.fixturenames:
        backends = getattr(metafunc.module, "BACKENDS", ("sqlite",))
        metafunc.parametrize("backend", backends, scope="module")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the full-catalogue crawl (minutes, one worker) first, so that the other worker
    runs everything else beside it rather than after it."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
