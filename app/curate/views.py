"""Own the workspace blueprint `curate` and its start page.

Every route requires a signed-in curator (admins for user management); every POST is
checked for a CSRF token by Flask-WTF before the view runs. Pages are never cached.
"""

from __future__ import annotations

from flask import Blueprint
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from werkzeug.wrappers import Response

from app.auth.users import curator_required
from app.curate.common import back, home_url, page, refused, store
from index.store import StoreConflict
from index.store.audit import AuditQuery

bp = Blueprint("curate", __name__, url_prefix="/curate", template_folder="templates",
               static_folder="static", static_url_path="/static")


@bp.after_request
def _private(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(StoreConflict)
def _conflict(exc: StoreConflict) -> Response:
    """Two curators wrote the same decision at the same moment: nothing was half-done."""
    return refused(exc, back(home_url()))


@bp.route("/")
@curator_required
def home() -> Response | str:
    """The workspace: recent batches and recent changes (JSON twin)."""
    recent = store().audit.entries(AuditQuery(), limit=15)
    return page("curate/home.html", {"user": current_user.name, "role": current_user.account.role,
                                     "batches": store().batches.recent(limit=10),
                                     "recent": recent})


@bp.route("/csrf.json")
@curator_required
def csrf_token() -> Response:
    """A CSRF token for JSON clients (send it back in the X-CSRFToken header)."""
    from flask import jsonify

    return jsonify({"ok": True, "csrf_token": generate_csrf()})
