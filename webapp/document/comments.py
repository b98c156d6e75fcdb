"""Comments on a section: adding one (with a suggestion, or blocking), replying,
resolving and reopening, and accepting or declining a suggestion."""

from __future__ import annotations

from typing import Any

from flask import flash, request
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from engine.errors import Conflict, EditConflict, InvalidInput
from engine.services.document import comments as comment_service
from engine.services.document import suggestions as suggestion_service
from webapp.database import get_session
from webapp.document import bp
from webapp.document.common import (
    back_to_section,
    comment_of,
    flash_error,
    me,
    section_and_process,
)
from webapp.document.sections import render_section


def _comment_form() -> dict[str, Any]:
    form = request.form
    return {
        "body": form.get("body", ""),
        "quote": form.get("quote", ""),
        "blocking": form.get("blocking") in ("on", "1", "true", "yes"),
        "suggestion": form.get("suggestion", ""),
        "with_suggestion": bool(form.get("suggestion", "").strip()),
    }


@bp.post("/sections/<int:section_id>/comments")
@login_required
def add_comment(section_id: int) -> Any:
    section, process = section_and_process(section_id)
    data = _comment_form()
    suggestion = data["suggestion"] if data["with_suggestion"] else None
    try:
        comment = comment_service.add_comment(
            get_session(), me(), section, body=data["body"], quote=data["quote"] or None,
            blocking=data["blocking"], suggestion=suggestion,
        )
    except (InvalidInput, Conflict) as error:
        # Keep what they wrote: show the form again, filled in, with the reason.
        flash(error.message, "error")
        return render_section(section, process, status=422, comment_form=data,
                              comment_error=error.message)
    if comment.suggestion is not None:
        flash(_("Suggestion added. A lead or core-group member can accept it in one click."),
              "success")
    elif comment.blocking:
        flash(_("Blocking comment added: the stage cannot move on until it is resolved."),
              "success")
    else:
        flash(_("Comment added."), "success")
    return back_to_section(section.id, f"comment-{comment.id}")


@bp.post("/comments/<int:comment_id>/replies")
@login_required
def reply(comment_id: int) -> Response:
    comment = comment_of(comment_id)
    try:
        answer = comment_service.reply(get_session(), me(), comment,
                                       body=request.form.get("body", ""))
    except InvalidInput as error:
        flash_error(error)
        return back_to_section(comment.section_id, f"comment-{comment.id}")
    flash(_("Reply added."), "success")
    return back_to_section(comment.section_id, f"comment-{answer.id}")


@bp.post("/comments/<int:comment_id>/resolve")
@login_required
def resolve(comment_id: int) -> Response:
    comment = comment_of(comment_id)
    try:
        comment_service.resolve(get_session(), me(), comment)
    except Conflict as error:
        flash_error(error)
    else:
        flash(_("Comment #%(id)s resolved.", id=comment.id), "success")
    return back_to_section(comment.section_id, f"comment-{comment.id}")


@bp.post("/comments/<int:comment_id>/reopen")
@login_required
def reopen(comment_id: int) -> Response:
    comment = comment_of(comment_id)
    try:
        comment_service.reopen(get_session(), me(), comment)
    except Conflict as error:
        flash_error(error)
    else:
        flash(_("Comment #%(id)s reopened.", id=comment.id), "success")
    return back_to_section(comment.section_id, f"comment-{comment.id}")


@bp.post("/comments/<int:comment_id>/accept")
@login_required
def accept(comment_id: int) -> Response:
    comment = comment_of(comment_id)
    try:
        suggestion_service.accept_suggestion(get_session(), me(), comment)
    except EditConflict:
        get_session().rollback()
        flash(_("The quoted passage was rewritten since the suggestion was made, so it cannot be "
                "applied automatically. Edit the text by hand, or decline the suggestion."),
              "error")
        return back_to_section(comment.section_id, f"comment-{comment.id}")
    except Conflict as error:
        flash_error(error)
        return back_to_section(comment.section_id, f"comment-{comment.id}")
    flash(_("Suggestion accepted: saved as revision %(n)s.", n=comment.applied_revision),
          "success")
    return back_to_section(comment.section_id, f"comment-{comment.id}")


@bp.post("/comments/<int:comment_id>/decline")
@login_required
def decline(comment_id: int) -> Response:
    comment = comment_of(comment_id)
    try:
        suggestion_service.decline_suggestion(get_session(), me(), comment,
                                           request.form.get("reason", ""))
    except (InvalidInput, Conflict) as error:
        flash_error(error)
        return back_to_section(comment.section_id, f"comment-{comment.id}")
    flash(_("Suggestion declined; the reason is shown with it."), "success")
    return back_to_section(comment.section_id, f"comment-{comment.id}")
