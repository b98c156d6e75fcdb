"""Core-group meetings: attendance, minutes, decisions and action points."""

from __future__ import annotations

from io import BytesIO

from flask import Response, current_app, send_file
from sqlalchemy.orm import Session

from engine.models import User
from engine.services import meetings as service
from engine.services.loading import get_process
from engine.services.minutes import DOCX, export_minutes
from webapp.api import shapes_meetings as shapes
from webapp.api.registry import api_route
from webapp.api.schemas_meetings import (
    ActionPointOut,
    ActionPointPatch,
    MeetingIn,
    MeetingOut,
    MeetingPatch,
)
from webapp.api.schemas_work import StageQuery
from webapp.word import export_options


@api_route("/processes/{process_id}/meetings", summary="List meetings", tags=["meetings"],
           query=StageQuery, response=list[MeetingOut])
def list_meetings(session: Session, actor: User, process_id: int,
                  query: StageQuery) -> list[dict]:
    """Meetings of the core group, latest first; `?stage=` filters."""
    process = get_process(session, actor, process_id)
    return [shapes.meeting(m) for m in service.list_meetings(session, process, query.stage)]


@api_route("/processes/{process_id}/meetings", "POST", summary="Record a meeting",
           tags=["meetings"], body=MeetingIn, response=MeetingOut, status=201, errors=[403])
def create_meeting(session: Session, actor: User, process_id: int, body: MeetingIn) -> dict:
    """Record a meeting of the core group (lead and core): attendance of members by e-mail
    address, minutes in Markdown, decisions and action points. Action points with an owner
    appear in the owner's "waiting for you"."""
    process = get_process(session, actor, process_id)
    meeting = service.create_meeting(session, actor, process, **body.model_dump())
    return shapes.meeting(meeting)


@api_route("/meetings/{meeting_id}", summary="Read a meeting", tags=["meetings"],
           response=MeetingOut)
def get_meeting(session: Session, actor: User, meeting_id: int) -> dict:
    """One meeting with its attendance, decisions and action points."""
    return shapes.meeting(service.get_meeting(session, actor, meeting_id))


@api_route("/meetings/{meeting_id}", "PATCH", summary="Change a meeting", tags=["meetings"],
           body=MeetingPatch, response=MeetingOut, errors=[403])
def update_meeting(session: Session, actor: User, meeting_id: int, body: MeetingPatch) -> dict:
    """Change the fields sent; a list sent replaces the old one."""
    meeting = service.get_meeting(session, actor, meeting_id)
    service.update_meeting(session, actor, meeting, **body.model_dump(exclude_unset=True))
    return shapes.meeting(meeting)


@api_route("/action-points/{point_id}", "PATCH", summary="Mark an action point done or open",
           tags=["meetings"], body=ActionPointPatch, response=ActionPointOut, errors=[403])
def update_action_point(session: Session, actor: User, point_id: int,
                        body: ActionPointPatch) -> dict:
    """Lead and core, or the action point's owner."""
    point = service.get_action_point(session, actor, point_id)
    service.set_action_point_status(session, actor, point, body.status)
    return shapes.action_point(point)


@api_route("/meetings/{meeting_id}/minutes", summary="The minutes as a Word document",
           tags=["meetings"], files={DOCX: "Word document in the house style"})
def meeting_minutes(session: Session, actor: User, meeting_id: int) -> Response:
    """The meeting's minutes, attendance, decisions and action points as .docx."""
    content, filename, mimetype = export_minutes(session, actor, meeting_id,
                                                 **export_options(current_app.config))
    return send_file(BytesIO(content), mimetype=mimetype, as_attachment=True,
                     download_name=filename)
