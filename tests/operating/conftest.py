"""What an operator sees at a terminal: the real `itucat` in a child process, and its data.

`itucat(...)` runs `python -m itucat_cli` with no ITUCAT_* variable of the caller's (and
no config file, ITUCAT_CONFIG=/dev/null) unless a test passes them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.store import Store
from tests.shared_paths import REPO_ROOT

CURATOR, PASSWORD = "amina", "amina-curator-password"


def environ(**extra: str) -> dict[str, str]:
    """The caller's environment without ITUCAT_* settings, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ITUCAT_")}
    return {**env, "ITUCAT_CONFIG": os.devnull, **extra}


def itucat(*argv: str, stdin: str = "", env: dict[str, str] | None = None,
           timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the real command line; returns its exit status, stdout and stderr."""
    return subprocess.run([sys.executable, "-m", "itucat_cli", *argv], input=stdin,
                          capture_output=True, text=True, cwd=REPO_ROOT,
                          env=env or environ(), timeout=timeout, check=False)


@pytest.fixture
def catalogue(small_catalogue: Path, tmp_path: Path) -> Iterator[Path]:
    """A copy of the small catalogue (with its index) and one curator, of one's own."""
    target = tmp_path / "data"
    shutil.copytree(small_catalogue, target)
    store = Store.open(target)
    store.accounts.add(CURATOR, "curator", PASSWORD, actor="test")
    store.close()
    yield target
