"""Own who is signed in: the Flask-Login user, the loader, and the role checks.

The session stores "<user id>:<session version>". The loader reads the account on every
request, so signing out, a disabled account, a reset password (each bumps the version) or
a deleted row ends every session of the account at that request; it also checks the
session's idle and absolute lifetimes (app/auth/sessions.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, current_app, session
from flask_login import UserMixin, current_user

from app.auth import sessions
from index.store import Store
from index.store.accounts import User


class SessionUser(UserMixin):
    """A signed-in curator or administrator."""

    def __init__(self, account: User) -> None:
        self.account = account

    def get_id(self) -> str:
        return f"{self.account.id}:{self.account.session_version}"

    @property
    def is_active(self) -> bool:
        return self.account.active

    @property
    def name(self) -> str:
        """The account name (recorded in the audit log)."""
        return self.account.name

    @property
    def is_admin(self) -> bool:
        """Administrators also manage users."""
        return self.account.is_admin


def store() -> Store:
    """The app's catalogue store."""
    return current_app.extensions["itucat_catalogue"].store


def load_user(session_id: str) -> SessionUser | None:
    """The user of a session, or None when it no longer holds (disabled, reset, unknown)."""
    user_id, _, version = (session_id or "").partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    account = store().accounts.by_id(int(user_id))
    if account is None or not account.active or account.session_version != int(version):
        return None
    if not sessions.still_valid(session, current_app.config["ITUCAT_CURATE"]):
        return None
    return SessionUser(account)


def actor() -> str:
    """The name of the signed-in user."""
    return current_user.name


def curator_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Only signed-in, active curators and admins (others go to sign-in, or 401 in JSON)."""
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
        return view(*args, **kwargs)
    return wrapped


def admin_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Only signed-in administrators (a curator gets 403)."""
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)
    return wrapped
