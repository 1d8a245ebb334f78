"""Own user management on the web (administrators only): add, disable, enable, reset, role."""

from __future__ import annotations

from dataclasses import asdict

from flask import abort, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from app.auth.users import actor, admin_required
from app.curate.common import done, failed, page, refused, store, text_arg
from app.curate.i18n import _c
from app.curate.views import bp
from index.errors import AccountError
from index.store.accounts import MIN_PASSWORD, ROLES

ACTIONS = ("disable", "enable", "reset-password", "role")


@bp.route("/users")
@admin_required
def users() -> Response | str:
    """Every account (JSON twin; never any password hash)."""
    found = [asdict(u) for u in store().accounts.all()]
    return page("curate/users.html", {"users": found}, roles=ROLES,
                min_password=MIN_PASSWORD)


@bp.route("/users", methods=["POST"])
@admin_required
def add_user() -> Response:
    """Create an account."""
    here = url_for("curate.users")
    try:
        user = store().accounts.add(text_arg("name", limit=100), text_arg("role"),
                                    request.form.get("password", ""), actor=actor())
    except AccountError as exc:
        return refused(exc, here)
    return done(_c("User %(name)s added.", name=user.name), here, status=201)


@bp.route("/users/<name>/<action>", methods=["POST"])
@admin_required
def change_user(name: str, action: str) -> Response:
    """Disable, enable, reset the password of, or change the role of an account."""
    here = url_for("curate.users")
    if action not in ACTIONS:
        abort(404)
    if store().accounts.get(name) is None:
        abort(404)
    if name.lower() == current_user.name.lower() and action in ("disable", "role"):
        return failed(_c("You cannot disable yourself or change your own role."), here, 409)
    try:
        if action == "reset-password":
            store().accounts.reset_password(name, request.form.get("password", ""),
                                            actor=actor())
            message = _c("New password set for %(name)s; their sessions have ended.",
                         name=name)
        elif action == "role":
            store().accounts.set_role(name, text_arg("role"), actor=actor())
            message = _c("Role of %(name)s changed.", name=name)
        else:
            store().accounts.set_active(name, action == "enable", actor=actor())
            message = (_c("%(name)s enabled.", name=name) if action == "enable"
                       else _c("%(name)s disabled; their sessions have ended.", name=name))
    except AccountError as exc:
        return refused(exc, here)
    return done(message, here)
