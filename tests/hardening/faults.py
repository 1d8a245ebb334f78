"""Real storage faults for tests: a read-only disk and a full disk, each holding a data dir.

As root (CI) they are real mounts: a read-only bind mount, a small tmpfs filled up. As
another user a read-only folder is made with chmod, and a full disk is skipped.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


def _umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True)


@contextmanager
def read_only_copy(source: Path, tmp: Path) -> Iterator[Path]:
    """A copy of a data directory on a disk that cannot be written."""
    writable = tmp / "rw"
    shutil.copytree(source, writable)
    if os.geteuid() != 0:
        for path in [writable, *writable.rglob("*")]:
            path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
        try:
            yield writable
        finally:
            for path in [writable, *writable.rglob("*")]:
                path.chmod(path.stat().st_mode | stat.S_IWUSR)
        return
    mounted = tmp / "ro"
    mounted.mkdir()
    if not (_mount("--bind", str(writable), str(mounted))
            and _mount("-o", "remount,ro,bind", str(mounted))):
        _umount(mounted)
        pytest.skip("cannot make a read-only bind mount here")
    try:
        yield mounted
    finally:
        _umount(mounted)


def fill_up(target: Path) -> None:
    """Leave no free byte on the (small) disk holding `target`."""
    fd = os.open(target.parent / "filler", os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        for block in (1 << 20, 1 << 16, 1 << 12, 1 << 9, 1):
            try:
                while True:
                    os.write(fd, b"\0" * block)
            except OSError:
                continue
    finally:
        os.close(fd)


@contextmanager
def full_disk_copy(source: Path, tmp: Path, full: bool = True) -> Iterator[Path]:
    """A copy of a data directory on a small disk with no free space left (or, with
    `full=False`, a little, until the test calls `fill_up`)."""
    if os.geteuid() != 0:
        pytest.skip("a full disk needs a tmpfs mount (root)")
    size = sum(p.stat().st_size for p in source.rglob("*") if p.is_file())
    disk = tmp / "disk"
    disk.mkdir()
    if not _mount("-t", "tmpfs", "-o", f"size={size + 4 * 1024 * 1024}", "tmpfs", str(disk)):
        pytest.skip("cannot mount a tmpfs here")
    try:
        target = disk / "data"
        shutil.copytree(source, target)
        if full:
            fill_up(target)
        yield target
    finally:
        _umount(disk)
