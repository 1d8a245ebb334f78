"""Locate ../shared/itu-reference (real recorded ITU responses) for tests and benchmarks."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def reference_dir() -> Path | None:
    """Return the itu-reference folder (env ITUCAT_REFERENCE_DIR or ../shared/itu-reference)."""
    candidates = []
    if os.environ.get("ITUCAT_REFERENCE_DIR"):
        candidates.append(Path(os.environ["ITUCAT_REFERENCE_DIR"]))
    candidates.append(REPO_ROOT.parent / "shared" / "itu-reference")
    for path in candidates:
        if (path / "manifest.json").is_file():
            return path
    return None


SKIP_REASON = (
    "../shared/itu-reference (real recorded ITU responses) is not present beside the checkout; "
    "set ITUCAT_REFERENCE_DIR to its path to run this test"
)
