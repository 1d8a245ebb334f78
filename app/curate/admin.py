"""Own user management on the web (administrators only): add, disable, enable, reset, role."""

from __future__ import annotations

from dataclasses import asdict

from flask import abort, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from app.auth.users import actor, admin_required
from app.curate.common import done, failed, page, store, text_arg
from app.curate.i18n import _c
from app.curate.views import bp
from index import accounts

ACTIONS = ("disable", "enable", "reset-password", "role")


def _problem(exc: accounts.AccountError) -> str:
    text = str(exc)
    if "exists already" in text:
        return _c("A user of that name exists already.")
    if "at least" in text:
        return _c("A password needs at least %(num)s characters.", num=accounts.MIN_PASSWORD)
    if "user name" in text:
        return _c("A user name is 2 to 80 letters, digits or . _ @ - characters.")
    if "no user" in text:
        return _c("There is no such user.")
    return _c("This change is not possible: %(problem)s", problem=text)


@bp.route("/users")
@admin_required
def users() -> Response | str:
    """Every account (JSON twin; never any password hash)."""
    found = [asdict(u) for u in accounts.list_users(store())]
    return page("curate/users.html", {"users": found}, roles=accounts.ROLES,
                min_password=accounts.MIN_PASSWORD)


@bp.route("/users", methods=["POST"])
@admin_required
def add_user() -> Response:
    """Create an account."""
    here = url_for("curate.users")
    try:
        user = accounts.add_user(store(), text_arg("name", limit=100), text_arg("role"),
                                 request.form.get("password", ""), actor=actor())
    except accounts.AccountError as exc:
        return failed(_problem(exc), here)
    return done(_c("User %(name)s added.", name=user.name), here, status=201)


@bp.route("/users/<name>/<action>", methods=["POST"])
@admin_required
def change_user(name: str, action: str) -> Response:
    """Disable, enable, reset the password of, or change the role of an account."""
    here = url_for("curate.users")
    if action not in ACTIONS:
        abort(404)
    if accounts.get_user(store(), name) is None:
        abort(404)
    if name.lower() == current_user.name.lower() and action in ("disable", "role"):
        return failed(_c("You cannot disable yourself or change your own role."), here, 409)
    try:
        if action == "reset-password":
            accounts.reset_password(store(), name, request.form.get("password", ""),
                                    actor=actor())
            message = _c("New password set for %(name)s; their sessions have ended.",
                         name=name)
        elif action == "role":
            accounts.set_role(store(), name, text_arg("role"), actor=actor())
            message = _c("Role of %(name)s changed.", name=name)
        else:
            accounts.set_active(store(), name, action == "enable", actor=actor())
            message = (_c("%(name)s enabled.", name=name) if action == "enable"
                       else _c("%(name)s disabled; their sessions have ended.", name=name))
    except accounts.AccountError as exc:
        return failed(_problem(exc), here)
    return done(message, here)
