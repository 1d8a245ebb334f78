"""Own signing in and out and changing one's password (blueprint `auth`)."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from app.auth import sessions, throttle
from app.auth.forms import PasswordForm, SignInForm
from app.auth.users import SessionUser, curator_required, store
from app.curate.i18n import _c
from app.errors import error_json, wants_json
from app.params import local_path

bp = Blueprint("auth", __name__, url_prefix="/auth", template_folder="templates")


@bp.after_request
def _private(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"  # forms carry a per-session CSRF token
    return response


def safe_next(target: str | None) -> str:
    """A local path to go back to after signing in (never another site)."""
    return local_path(target, url_for("curate.home"))


def _answer(form: SignInForm, status: int, error: str | None, retry_after: int = 0
            ) -> Response:
    if wants_json() and error is not None:
        response = error_json(status, error, f"auth.{status}")
    elif wants_json():
        response = jsonify({"ok": True})
    else:
        response = current_app.make_response(
            render_template("auth/sign_in.html", form=form, error=error))
    response.status_code = status
    if status == 429:
        response.headers["Retry-After"] = str(max(1, retry_after))
    return response


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> Response:
    """Show the sign-in form; check a name and password, with throttling."""
    form = SignInForm()
    if request.method == "GET":
        if current_user.is_authenticated:
            return redirect(safe_next(request.args.get("next")))
        form.next.data = request.args.get("next", "")
        return _answer(form, 200, None)
    if not form.validate_on_submit():
        return _answer(form, 400, _c("Enter your user name and password."))
    name = (form.name.data or "").strip()
    settings = current_app.config["ITUCAT_CURATE"]
    keys = throttle.Keys.of(name, request.remote_addr)
    wait = throttle.wait_before_try(store().accounts, keys, settings)
    if wait:
        return _answer(form, 429, _c("Too many failed attempts. Please wait %(num)s seconds "
                                     "and try again.", num=wait), retry_after=wait)
    account = store().accounts.authenticate(name, form.password.data or "")
    if account is None:
        throttle.note_failure(store().accounts, keys, settings)
        return _answer(form, 401 if wants_json() else 200,
                       _c("Unknown user name or wrong password, or the account is disabled."))
    store().accounts.clear_failures(keys.pair)
    session.clear()  # nothing from before signing in carries over
    login_user(SessionUser(account))
    sessions.begin(session)
    session.permanent = True
    if wants_json():
        return jsonify({"ok": True, "user": account.name, "role": account.role})
    return redirect(safe_next(form.next.data))


@bp.route("/sign-out", methods=["POST"])
def sign_out() -> Response:
    """End every session of the account, on the server: a copied cookie is worth nothing.

    A POST with a CSRF token, so no link can sign a curator out.
    """
    if current_user.is_authenticated:
        store().accounts.end_sessions(current_user.account.id)
    logout_user()
    sessions.forget(session)
    session.clear()
    if wants_json():
        return jsonify({"ok": True})
    flash(_c("You are signed out."), "info")
    return redirect(url_for("auth.sign_in"))


@bp.route("/password", methods=["GET", "POST"])
@curator_required
def password() -> Response | str:
    """Change one's own password; every other session of the account ends."""
    form = PasswordForm()
    error = None
    if form.validate_on_submit():
        me = current_user.account
        if store().accounts.authenticate(me.name, form.current.data or "") is None:
            error = _c("The current password is wrong.")
        else:
            updated = store().accounts.reset_password(me.name, form.password.data or "",
                                                      actor=me.name)
            login_user(SessionUser(updated))  # this session goes on with the new version
            flash(_c("Your password has been changed."), "info")
            return redirect(url_for("curate.home"))
    elif request.method == "POST":
        error = "; ".join(str(e) for errors in form.errors.values() for e in errors)
    return render_template("auth/password.html", form=form, error=error)
