"""Own how long a curator's session lives, and ending every session of an account.

The session is Flask's signed cookie. It names the account with its session version
("<user id>:<version>", app/auth/users.py) and carries when the session began and when it
was last used. Every request checks, on the server:

- the version against the account's: signing out, disabling the account and a password
  reset bump it, so every copy of every cookie of that account stops working at once,
  from any address or browser (Flask-Login's "strong" protection alone does not: with a
  permanent session it only marks a session non-fresh);
- the idle lifetime (`curate.session_hours` without a request) and the absolute one
  (`curate.session_max_hours` after signing in, however active): a cookie cannot be kept
  alive forever by using it.
The timestamps are signed with the cookie, so a client cannot move them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, MutableMapping
from typing import Any

from itucat.config import CurateConfig

STARTED = "_itucat_started"
SEEN = "_itucat_seen"
TOUCH_EVERY = 60.0  # seconds: the last-use stamp moves at most once a minute

clock: Callable[[], float] = time.time  # tests move time forward through this


def begin(session: MutableMapping[str, Any]) -> None:
    """Stamp a new session (right after signing in)."""
    now = clock()
    session[STARTED] = now
    session[SEEN] = now


def still_valid(session: MutableMapping[str, Any], settings: CurateConfig) -> bool:
    """Whether the session is within both lifetimes; moves its last-use stamp if so."""
    now = clock()
    started = session.get(STARTED)
    seen = session.get(SEEN)
    if not isinstance(started, int | float) or not isinstance(seen, int | float):
        return False  # a session from before these stamps existed: sign in again
    if now - started > settings.session_max_hours * 3600:
        return False
    if now - seen > settings.session_hours * 3600:
        return False
    if now - seen >= TOUCH_EVERY:
        session[SEEN] = now
    return True


def forget(session: MutableMapping[str, Any]) -> None:
    """Drop the stamps (with the rest of the session, on signing out)."""
    session.pop(STARTED, None)
    session.pop(SEEN, None)
