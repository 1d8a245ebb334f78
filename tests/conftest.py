"""Share fixtures: the real reference material, temporary data directories."""

from __future__ import annotations

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
