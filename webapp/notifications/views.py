"""The inbox page, marking notifications read, and the bell's count on every page."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required

from engine.errors import InvalidInput
from engine.services import notifications as service
from webapp.auth import actor
from webapp.database import get_session
from webapp.forms import MarkReadForm
from webapp.notifications import bp

PER_PAGE = 25


@bp.app_context_processor
def _bell() -> dict[str, Any]:
    """The unread count the bell in the header shows (signed-in pages only)."""
    user = actor()
    if user is None:
        return {}
    return {"unread_notifications": service.unread_count(get_session(), user)}


@bp.route("/notifications")
@login_required
def inbox():  # noqa: ANN201
    page = service.inbox(get_session(), actor(), page=request.args.get("page", 1),
                         per_page=PER_PAGE)

    def page_url(number: int) -> str:
        return url_for("notifications.inbox", page=number)

    return render_template("notifications/inbox.html", page=page, page_url=page_url,
                           form=MarkReadForm(formdata=None))


@bp.route("/notifications/read", methods=["POST"])
@login_required
def mark_read():  # noqa: ANN201
    """Mark one notification read (field ``id``) or all of them (no ``id``)."""
    form = MarkReadForm()
    if not form.validate_on_submit():
        flash(_("The form expired; try again."), "error")
        return redirect(url_for("notifications.inbox"))
    wanted = form.id.data
    try:
        count = service.mark_read(get_session(), actor(), [wanted] if wanted else None)
    except InvalidInput:
        flash(_("No such notification."), "error")
        return redirect(url_for("notifications.inbox"))
    if not wanted:
        flash(ngettext("%(num)d notification marked read.", "%(num)d notifications marked read.",
                       count), "success")
    return redirect(url_for("notifications.inbox", page=request.args.get("page", 1)))
