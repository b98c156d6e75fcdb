"""Core-group meetings: the list, one meeting with its minutes, the forms that record and
change one, action points marked done, and the minutes as a Word document."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from flask import abort, current_app, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import login_required

from engine.errors import Conflict, InvalidInput
from engine.models import Meeting, Process
from engine.services import meetings as meeting_service
from engine.services.minutes import export_minutes
from webapp.auth import actor
from webapp.database import get_session
from webapp.templating import t
from webapp.word import export_options
from webapp.workspace import bp
from webapp.workspace.common import default_stage, failed, load, render, stage_options

#: Empty action-point rows offered by the form (no JavaScript adds rows).
BLANK_ROWS = 3
MAX_ROWS = 60


def _meeting(process: Process, meeting_id: int) -> Meeting:
    meeting = meeting_service.get_meeting(get_session(), actor(), meeting_id)
    if meeting.process_id != process.id:
        abort(404)
    return meeting


def _values(meeting: Meeting | None, process: Process) -> dict[str, Any]:
    """What the form shows: the meeting's values, or a new meeting's defaults."""
    if meeting is None:
        return {"title": "", "held_on": "", "stage": default_stage(process), "place": "",
                "online": False, "agenda": "", "minutes": "", "attendance": {},
                "decisions": "", "action_points": []}
    return {
        "title": meeting.title, "held_on": meeting.held_on.isoformat(),
        "stage": meeting.stage_key, "place": meeting.place, "online": meeting.online,
        "agenda": meeting.agenda, "minutes": meeting.minutes,
        "attendance": {a.user.email: a.status for a in meeting.attendance},
        "decisions": "\n".join(d.text for d in meeting.decisions),
        "action_points": [{"title": p.title, "owner_email": p.owner.email if p.owner else "",
                           "due_on": p.due_on.isoformat() if p.due_on else "",
                           "status": p.status} for p in meeting.action_points],
    }


def _posted(process: Process) -> dict[str, Any]:
    """The form as the service's fields (and as the form's values, to show them again)."""
    form = request.form
    attendance = {}
    for membership in process.active_memberships:
        status = form.get(f"attendance-{membership.user_id}", "")
        if status:
            attendance[membership.user.email] = status
    points = []
    rows = form.get("rows", "")
    for n in range(min(int(rows) if rows.isdigit() else 0, MAX_ROWS)):
        title = form.get(f"ap-{n}-title", "").strip()
        if title:
            points.append({"title": title, "owner_email": form.get(f"ap-{n}-owner") or None,
                           "due_on": form.get(f"ap-{n}-due") or None,
                           "status": form.get(f"ap-{n}-status") or "open"})
    return {
        "title": form.get("title", ""), "held_on": form.get("held_on", ""),
        "stage": form.get("stage", ""), "place": form.get("place", ""),
        "online": form.get("online") == "1", "agenda": form.get("agenda", ""),
        "minutes": form.get("minutes", ""), "attendance": attendance,
        "decisions": form.get("decisions", ""), "action_points": points,
    }


def _fields(values: dict[str, Any]) -> dict[str, Any]:
    decisions = [{"text": line.strip()} for line in values["decisions"].splitlines()
                 if line.strip()]
    return {**values, "held_on": values["held_on"] or None,
            "attendance": [{"email": e, "status": s} for e, s in values["attendance"].items()],
            "decisions": decisions,
            "action_points": [{**p, "owner_email": p["owner_email"] or None}
                              for p in values["action_points"]]}


def _form(process: Process, meeting: Meeting | None, values: dict[str, Any],
          status: int = 200, error: str | None = None):  # noqa: ANN202
    rows = [*values["action_points"], *({"title": "", "owner_email": "", "due_on": "",
                                         "status": "open"} for _n in range(BLANK_ROWS))]
    members = sorted(process.active_memberships, key=lambda m: m.user.name)
    return render("workspace/meeting_form.html", process, "meetings", status, meeting=meeting,
                  values=values, rows=rows, members=members, stages=stage_options(process),
                  error=error)


@bp.route("/processes/<int:process_id>/meetings")
@login_required
def meetings(process_id: int):  # noqa: ANN201
    process = load(process_id)
    items = meeting_service.list_meetings(get_session(), process)
    return render("workspace/meetings.html", process, "meetings", meetings=items)


@bp.route("/processes/<int:process_id>/meetings/new")
@login_required
def new_meeting(process_id: int):  # noqa: ANN201
    process = load(process_id)
    meeting_service.may_record(get_session(), actor(), process)
    return _form(process, None, _values(None, process))


@bp.route("/processes/<int:process_id>/meetings", methods=["POST"])
@login_required
def create_meeting(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    values = _posted(process)
    try:
        meeting = meeting_service.create_meeting(session, actor(), process, **_fields(values))
    except (InvalidInput, Conflict) as error:
        failed(session)
        return _form(load(process_id), None, values, 422, t(error))
    flash(_("Meeting “%(title)s” recorded.", title=meeting.title), "success")
    return redirect(url_for("workspace.meeting", process_id=process_id, meeting_id=meeting.id))


@bp.route("/processes/<int:process_id>/meetings/<int:meeting_id>")
@login_required
def meeting(process_id: int, meeting_id: int):  # noqa: ANN201
    process = load(process_id)
    item = _meeting(process, meeting_id)
    memberships = {m.user_id: m for m in process.memberships}
    return render("workspace/meeting.html", process, "meetings", meeting=item,
                  memberships=memberships, me=actor())


@bp.route("/processes/<int:process_id>/meetings/<int:meeting_id>/edit")
@login_required
def edit_meeting(process_id: int, meeting_id: int):  # noqa: ANN201
    process = load(process_id)
    item = _meeting(process, meeting_id)
    meeting_service.may_record(get_session(), actor(), process)
    return _form(process, item, _values(item, process))


@bp.route("/processes/<int:process_id>/meetings/<int:meeting_id>", methods=["POST"])
@login_required
def update_meeting(process_id: int, meeting_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    item = _meeting(process, meeting_id)
    values = _posted(process)
    try:
        meeting_service.update_meeting(session, actor(), item, **_fields(values))
    except (InvalidInput, Conflict) as error:
        failed(session)
        process = load(process_id)
        return _form(process, _meeting(process, meeting_id), values, 422, t(error))
    flash(_("Meeting “%(title)s” updated.", title=item.title), "success")
    return redirect(url_for("workspace.meeting", process_id=process_id, meeting_id=meeting_id))


@bp.route("/processes/<int:process_id>/meetings/<int:meeting_id>/action-points/<int:point_id>",
          methods=["POST"])
@login_required
def action_point_status(process_id: int, meeting_id: int, point_id: int):  # noqa: ANN201
    """Mark an action point done, or open again (lead, core, or its owner)."""
    session = get_session()
    process = load(process_id)
    item = _meeting(process, meeting_id)
    point = meeting_service.get_action_point(session, actor(), point_id)
    if point.meeting_id != item.id:
        abort(404)
    try:
        meeting_service.set_action_point_status(session, actor(), point,
                                                request.form.get("status", ""))
    except (InvalidInput, Conflict) as error:
        failed(session)
        flash(t(error), "error")
    else:
        message = (_("“%(title)s” marked done.", title=point.title) if point.status == "done"
                   else _("“%(title)s” is open again.", title=point.title))
        flash(message, "success")
    return redirect(url_for("workspace.meeting", process_id=process_id, meeting_id=meeting_id,
                            _anchor=f"action-{point_id}"))


@bp.route("/processes/<int:process_id>/meetings/<int:meeting_id>/minutes.docx")
@login_required
def meeting_minutes(process_id: int, meeting_id: int):  # noqa: ANN201
    """The minutes as a Word document in the house style."""
    process = load(process_id)
    item = _meeting(process, meeting_id)
    content, filename, mimetype = export_minutes(get_session(), actor(), item.id,
                                                 **export_options(current_app.config))
    return send_file(BytesIO(content), mimetype=mimetype, as_attachment=True,
                     download_name=filename)
