"""Own curator accounts: users with roles, hashed passwords, sessions, sign-in throttling.

Passwords are hashed with scrypt (werkzeug's default KDF) and never stored or logged in
clear. Disabling a user or resetting a password bumps `session_version`, which is part
of the session identity, so every session of that user ends on its next request.
Every change is audited.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from index import schema
from index.errors import AccountError, StoreReadOnly
from index.models import now
from index.store import audit
from index.store.base import Repository

log = logging.getLogger("itucat.store")

ROLES = ("curator", "admin")
MIN_PASSWORD = 10
MAX_PASSWORD = 1024  # a longer "password" is a denial-of-service attempt on the KDF
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,79}$")


@cache
def _dummy_hash() -> str:
    """A hash checked when the name is unknown, so timing does not reveal which names exist."""
    return generate_password_hash("unknown-user-dummy-password")


@dataclass(frozen=True)
class User:
    """A curator or administrator account (never carries the password hash)."""

    id: int
    name: str
    role: str
    active: bool
    session_version: int
    created_at: str
    last_login: str | None

    @property
    def is_admin(self) -> bool:
        """Administrators also manage users."""
        return self.role == "admin"


def _user(row: Any) -> User:
    return User(row.id, row.name, row.role, bool(row.active), row.session_version,
                row.created_at, row.last_login)


def check_name(name: str) -> str:
    """A valid user name, or AccountError."""
    if not _NAME.match(name or ""):
        raise AccountError("account.bad_name", "a user name is 2-80 letters, digits or "
                           ". _ @ - and starts with a letter or digit")
    return name


def check_password(password: str) -> str:
    """A password long enough (and not absurdly long), or AccountError."""
    if len(password or "") < MIN_PASSWORD:
        raise AccountError("account.password_short",
                           "a password needs at least {min} characters", min=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        raise AccountError("account.password_long",
                           "a password has at most {max} characters", max=MAX_PASSWORD)
    return password


# -- sign-in throttling -----------------------------------------------------------------


class AccountRepository(Repository):
    """Curator and administrator accounts, and sign-in throttling (store.accounts)."""

    def add(self, name: str, role: str, password: str, *, actor: str) -> User:
        """Create an account."""
        check_name(name)
        if role not in ROLES:
            raise AccountError("account.bad_role", "role must be one of {roles}",
                               roles=", ".join(ROLES))
        check_password(password)
        u = schema.users
        with self._write() as conn:
            if conn.execute(select(u.c.id).where(func.lower(u.c.name) == name.lower())).first():
                raise AccountError("account.exists", "user {name!r} exists already", name=name)
            conn.execute(insert(u).values(name=name, role=role, active=True, session_version=1,
                                          password_hash=generate_password_hash(password),
                                          created_at=now()))
            audit.record(conn, actor, "user.add", value=name, after={"role": role, "active": True})
        return self._existing(name)

    def get(self, name: str) -> User | None:
        """The account of that name (case-insensitive), or None."""
        u = schema.users
        with self._read() as conn:
            row = conn.execute(select(u).where(func.lower(u.c.name) == (name or "").lower())
                               ).first()
        return _user(row) if row else None

    def by_id(self, user_id: int) -> User | None:
        """The account with that id, or None."""
        with self._read() as conn:
            row = conn.execute(select(schema.users).where(schema.users.c.id == user_id)).first()
        return _user(row) if row else None

    def all(self) -> list[User]:
        """Every account, by name."""
        with self._read() as conn:
            rows = conn.execute(select(schema.users).order_by(schema.users.c.name))
            return [_user(r) for r in rows]

    def _existing(self, name: str) -> User:
        user = self.get(name)
        if user is None:
            raise AccountError("account.unknown", "no user {name!r}", name=name)
        return user

    def set_active(self, name: str, active: bool, *, actor: str) -> User:
        """Disable (ending every session at once) or enable an account."""
        user = self._existing(name)
        u = schema.users
        with self._write() as conn:
            conn.execute(update(u).where(u.c.id == user.id).values(
                active=active, session_version=u.c.session_version + 1))
            audit.record(conn, actor, "user.enable" if active else "user.disable", value=user.name,
                         before={"active": user.active}, after={"active": active})
        return self._existing(name)

    def set_role(self, name: str, role: str, *, actor: str) -> User:
        """Make an account a curator or an administrator."""
        if role not in ROLES:
            raise AccountError("account.bad_role", "role must be one of {roles}",
                               roles=", ".join(ROLES))
        user = self._existing(name)
        u = schema.users
        with self._write() as conn:
            conn.execute(update(u).where(u.c.id == user.id).values(role=role))
            audit.record(conn, actor, "user.role", value=user.name, before={"role": user.role},
                         after={"role": role})
        return self._existing(name)

    def end_sessions(self, user_id: int) -> None:
        """End every session of an account (signing out): its session version moves on."""
        u = schema.users
        with self._write() as conn:
            conn.execute(update(u).where(u.c.id == user_id).values(
                session_version=u.c.session_version + 1))

    def reset_password(self, name: str, password: str, *, actor: str) -> User:
        """Set a new password; every session of the user ends."""
        check_password(password)
        user = self._existing(name)
        u = schema.users
        with self._write() as conn:
            conn.execute(update(u).where(u.c.id == user.id).values(
                password_hash=generate_password_hash(password),
                session_version=u.c.session_version + 1))
            audit.record(conn, actor, "user.reset_password", value=user.name)
        return self._existing(name)

    def authenticate(self, name: str, password: str) -> User | None:
        """The active user whose name and password match, else None (same cost either way)."""
        u = schema.users
        password = (password or "")[:MAX_PASSWORD]
        with self._read() as conn:
            row = conn.execute(select(u).where(func.lower(u.c.name) == (name or "").lower()[:80])
                               ).first()
        if row is None:
            check_password_hash(_dummy_hash(), password)
            return None
        if not check_password_hash(row.password_hash, password) or not row.active:
            return None
        try:
            with self._write() as conn:
                conn.execute(update(u).where(u.c.id == row.id).values(last_login=now()))
        except StoreReadOnly:
            pass  # a read-only store still lets a curator sign in and read
        return _user(row)

    def failure_times(self, key: str, window: float, limit: int = 1000,
                      now: float | None = None) -> list[float]:
        """When the key's failed sign-ins within the last `window` seconds were, oldest first."""
        f = schema.signin_failures.c
        now = time.time() if now is None else now
        with self._read() as conn:
            rows = conn.execute(select(f.at).where(f.key == key[:200], f.at > now - window)
                                .order_by(f.at.desc()).limit(limit))
            return sorted(float(r[0]) for r in rows)

    def recent_failures(self, key: str, window: float) -> int:
        """How many failed sign-ins a key ("pair:x|y", "ip:y") has within `window` seconds."""
        return len(self.failure_times(key, window))

    def note_failure(self, keys: list[str], window: float, now: float | None = None) -> None:
        """Remember a failed sign-in under each key (and forget failures older than the window).

        On a read-only store nothing can be remembered: the failure is only logged.
        """
        f = schema.signin_failures
        stamp = time.time() if now is None else now
        try:
            with self._write() as conn:
                conn.execute(delete(f).where(f.c.at < stamp - window))
                conn.execute(insert(f), [{"key": k[:200], "at": stamp} for k in keys])
        except StoreReadOnly:
            log.warning("read-only store: failed sign-in not counted (%s)", keys[-1])

    def clear_failures(self, key: str) -> None:
        """Forget a key's failures (after a successful sign-in); nothing on a read-only store."""
        f = schema.signin_failures
        try:
            with self._write() as conn:
                conn.execute(delete(f).where(f.c.key == key[:200]))
        except StoreReadOnly:
            pass
