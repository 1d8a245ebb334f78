"""Own curator sign-in: Flask-Login sessions, CSRF protection, secure cookies (`auth`).

`init_app(app)` (called by the app factory) sets up:
- Flask-Login with strong session protection; the user is reloaded from the store on
  every request (app/auth/users.py), so disabling an account ends its sessions at once;
- Flask-WTF's CSRFProtect for the whole app: every POST, PUT, PATCH or DELETE needs a
  valid token (form field `csrf_token` or header `X-CSRFToken`), or it is answered 400;
- session cookies HttpOnly, SameSite=Lax, Secure unless debugging or testing
  (setting curate.secure_cookies), expiring after curate.session_hours.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, redirect, request, url_for
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from werkzeug.wrappers import Response

from app.auth.users import load_user
from app.auth.views import bp
from app.curate.i18n import _c
from app.curate.settings import curate_config

__all__ = ["bp", "init_app"]

csrf = CSRFProtect()


def _unauthorized() -> Response:
    from app.errors import error_json, wants_json

    if wants_json():
        return error_json(401, _c("Sign in as a curator first."), "auth.sign_in_required")
    here = (request.script_root + request.full_path).rstrip("?")
    return redirect(url_for("auth.sign_in", next=here))


def init_app(app: Flask) -> None:
    """Set up sessions, CSRF protection and the `auth` blueprint."""
    settings = curate_config(app.config.get("ITUCAT_CONFIG"))
    app.config["ITUCAT_CURATE"] = settings
    secure = {"on": True, "off": False}.get(settings.secure_cookies,
                                            not (app.debug or app.testing))
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=secure,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=settings.session_hours),
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
    )
    manager = LoginManager()
    manager.session_protection = "strong"
    manager.user_loader(load_user)
    manager.unauthorized_handler(_unauthorized)
    manager.init_app(app)
    if "csrf" not in app.extensions:
        csrf.init_app(app)
    app.register_blueprint(bp)
