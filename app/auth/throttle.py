"""Own sign-in throttling, after OWASP's authentication guidance.

Failed sign-ins are remembered in the store (so every worker sees them) under two keys:

- the (user name, address) pair: `curate.signin_attempts` failures are free, then each
  further try must wait, 15 s at first and twice as long after every failure, up to
  `curate.signin_window`; the right password from another address is never held back;
- the address alone: `curate.signin_address_limit` failures within the window (any
  names) make that address wait until enough of them are older than the window.
A name is never locked from everywhere: a stranger who fails with a curator's name only
slows themselves down. Behind a reverse proxy set `app.trusted_proxies`, or every
client has the proxy's address. Refused tries are not counted and check no password.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from index.store.accounts import AccountRepository
from itucat.config import CurateConfig

FIRST_DELAY = 15.0  # seconds to wait after the free attempts are used up
clock: Callable[[], float] = time.time  # tests move time forward through this


@dataclass(frozen=True)
class Keys:
    """Where one sign-in attempt's failures are counted."""

    pair: str
    address: str

    @classmethod
    def of(cls, name: str, address: str | None) -> Keys:
        where = (address or "unknown")[:64]
        return cls(f"pair:{name.strip().lower()[:80]}|{where}", f"ip:{where}")

    def all(self) -> list[str]:
        return [self.pair, self.address]


def pair_delay(failures: int, settings: CurateConfig) -> float:
    """How long the pair waits after its last failure (0 while attempts are free)."""
    if failures < settings.signin_attempts:
        return 0.0
    return min(float(settings.signin_window),
               FIRST_DELAY * 2 ** (failures - settings.signin_attempts))


def wait_before_try(accounts: AccountRepository, keys: Keys, settings: CurateConfig) -> int:
    """Seconds before this (name, address) may try again; 0 means now."""
    now = clock()
    window = float(settings.signin_window)
    wait = 0.0
    pair = accounts.failure_times(keys.pair, window, now=now)
    if pair:
        wait = pair[-1] + pair_delay(len(pair), settings) - now
    limit = max(1, settings.signin_address_limit)
    address = accounts.failure_times(keys.address, window, now=now)
    if len(address) >= limit:
        # The address may try again when fewer than `limit` failures are in the window.
        wait = max(wait, address[len(address) - limit] + window - now)
    return max(0, math.ceil(wait))


def note_failure(accounts: AccountRepository, keys: Keys, settings: CurateConfig) -> None:
    """Count a failed sign-in for the pair and the address."""
    accounts.note_failure(keys.all(), settings.signin_window, now=clock())
