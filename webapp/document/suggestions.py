"""Suggested edits on the section page: send a proposed text, accept or reject its changes.

Plain forms, so that experts can suggest and members decide without JavaScript;
the editor posts the same forms. The rules live in ``engine.services.track_changes``.
"""

from __future__ import annotations

from uuid import uuid4

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required
from werkzeug.wrappers import Response

from engine.errors import Conflict, EditConflict, InvalidInput
from engine.services import track_changes
from engine.services.document import sections as section_service
from webapp.auth import actor
from webapp.database import get_session
from webapp.document import bp


@bp.app_template_global()
def new_client_id() -> str:
    """A fresh id for a form's save, so that sending the same form twice saves once."""
    return uuid4().hex


def _to_section(section_id: int, anchor: str = "suggestions") -> Response:
    return redirect(url_for("document.section", section_id=section_id) + f"#{anchor}")


def _change_ids() -> list[str] | None:
    """The changes a decision names: ``change_id`` fields (several allowed); none: all."""
    chosen = request.form.getlist("change_id")
    return chosen or None


def _refused(error: Exception) -> None:
    get_session().rollback()
    flash(getattr(error, "message", str(error)), "error")


@bp.post("/sections/<int:section_id>/suggestions")
@login_required
def propose(section_id: int) -> Response:
    session = get_session()
    me = actor()
    section = section_service.get_section(session, me, section_id)
    try:
        suggestion = track_changes.propose(
            session, me, section, body=request.form.get("body", ""),
            base_revision=request.form.get("base_revision"),
            client_id=request.form.get("client_save_id") or None)
    except (InvalidInput, Conflict) as error:
        _refused(error)
        return _to_section(section.id, "edit")
    flash(ngettext("Suggestion sent with %(num)s change. Someone who edits the text will "
                   "accept or reject it.",
                   "Suggestion sent with %(num)s changes. Someone who edits the text will "
                   "accept or reject them.", len(suggestion.changes)), "success")
    return _to_section(section.id, f"suggestion-{suggestion.id}")


@bp.post("/suggestions/<int:suggestion_id>/accept")
@login_required
def accept_suggestion(suggestion_id: int) -> Response:
    session = get_session()
    suggestion = track_changes.get_suggestion(session, actor(), suggestion_id)
    try:
        result = track_changes.accept(session, actor(), suggestion, _change_ids())
    except EditConflict:
        get_session().rollback()
        flash(_("Someone rewrote the same passage since the suggestion was made, so it cannot "
                "be applied automatically. Edit the text by hand, or reject the change."), "error")
        return _to_section(suggestion.section_id, f"suggestion-{suggestion.id}")
    except (InvalidInput, Conflict) as error:
        _refused(error)
        return _to_section(suggestion.section_id, f"suggestion-{suggestion.id}")
    flash(_("Accepted: saved as revision %(n)s.", n=result.revision), "success")
    return _to_section(suggestion.section_id, f"suggestion-{suggestion.id}")


@bp.post("/suggestions/<int:suggestion_id>/reject")
@login_required
def reject_suggestion(suggestion_id: int) -> Response:
    session = get_session()
    suggestion = track_changes.get_suggestion(session, actor(), suggestion_id)
    try:
        track_changes.reject(session, actor(), suggestion, _change_ids())
    except (InvalidInput, Conflict) as error:
        _refused(error)
        return _to_section(suggestion.section_id, f"suggestion-{suggestion.id}")
    flash(_("Rejected; the text is unchanged."), "success")
    return _to_section(suggestion.section_id, f"suggestion-{suggestion.id}")
