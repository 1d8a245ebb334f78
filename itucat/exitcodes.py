"""Own the exit codes that cron and operators see, in one enum."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """Exit codes of every `itucat` command (httpie-style: one place, documented in README)."""

    OK = 0
    PARTIAL = 1  # the run finished but some items failed
    FATAL = 2  # nothing useful happened (bad input, upstream unreachable, store unusable)
    LOCKED = 3  # another run holds the lock
