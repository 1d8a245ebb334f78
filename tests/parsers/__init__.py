"""Parser tests: every recorded ITU response of each kind, plus hand-checked real values.

Helpers here list the recorded files at collection time (so each file is its own test id)
and map them to the URL they were recorded from (manifest.json). The files are read at test
time through the `reference` fixture, which skips when ../shared/itu-reference is absent.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from tests.shared_paths import reference_dir

STATUSES = {"In force", "Superseded", "Withdrawn"}
LANGUAGES = {"English", "French", "Spanish", "Arabic", "Chinese", "Russian", "Multilingual"}


def reference_params(subdir: str, pattern: str = "*") -> list:
    """One pytest param per recorded file (relative path), or a placeholder that will skip."""
    root = reference_dir()
    if root is None:
        # The `reference` fixture skips with its reason before the placeholder is used.
        return [pytest.param(None, id="reference-absent")]
    files = sorted(p for p in (root / subdir).glob(pattern) if p.is_file())
    return [pytest.param(str(p.relative_to(root)), id=p.name) for p in files]


@functools.lru_cache(maxsize=2)
def _manifest(root: str) -> dict[str, str]:
    entries = json.loads((Path(root) / "manifest.json").read_text(encoding="utf-8"))
    return {e["file"]: e["url"] for e in entries}


def recorded_url(reference: Path, rel: str) -> str:
    """The URL a recorded file was fetched from, per manifest.json."""
    return _manifest(str(reference))[rel]


def truncations(body: bytes) -> list[bytes]:
    """Cut a real body at a spread of points (including mid-tag / mid-string)."""
    n = len(body)
    return [body[: int(n * f)] for f in (0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99)] + [body[:-1]]
