"""Core-group meetings: title, date, place, agenda, attendance, minutes, decisions and
action points (with an owner, a due date and a status)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.catalog import definition_of
from engine.errors import InvalidInput
from engine.i18n import msg
from engine.models import (
    ActionPoint,
    Meeting,
    MeetingAttendance,
    MeetingDecision,
    Process,
    User,
)
from engine.permissions import Action, authorize, membership_of
from engine.services import audit, inputs, loading
from engine.services.users import by_email
from engine.vocabulary import ACTION_POINT_STATUSES, ATTENDANCE

MAX_ITEMS = 200
MINUTES_LENGTH = 200_000


def _stage(process: Process, value: Any) -> str:
    definition = definition_of(process)
    allowed = [s.key for s in definition.stages if not s.terminal]
    if value in (None, ""):
        state = process.working_stage
        return state if state in allowed else allowed[-1]
    return inputs.choice(value, "stage", allowed)


def _member(session: Session, process: Process, email: Any, field: str) -> User:
    user = by_email(session, inputs.email(email, field))
    if user is None or membership_of(session, user, process) is None:
        raise InvalidInput(msg("%(email)s is not a member of this process.", email=str(email)),
                           {field: msg("not a member")})
    return user


def _list(value: Any, field: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        raise InvalidInput(msg("%(field)s must be a list.", field=field),
                           {field: msg("not a list")})
    return value


def _entry(value: Any, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidInput(msg("%(field)s must be a list.", field=field),
                           {field: msg("not a list")})
    return value


def _attendance(session: Session, process: Process, value: Any) -> list[MeetingAttendance]:
    rows: list[MeetingAttendance] = []
    seen: set[int] = set()
    for entry in _list(value, "attendance"):
        entry = _entry(entry, "attendance")
        user = _member(session, process, entry.get("email"), "attendance")
        if user.id in seen:
            raise InvalidInput(msg("%(email)s is listed twice.", email=user.email),
                               {"attendance": msg("listed twice")})
        seen.add(user.id)
        status = inputs.choice(entry.get("status") or "present", "attendance", ATTENDANCE)
        rows.append(MeetingAttendance(user=user, status=status))
    return rows


def _decisions(value: Any) -> list[MeetingDecision]:
    rows = []
    for position, entry in enumerate(_list(value, "decisions")):
        text = _entry(entry, "decisions").get("text")
        rows.append(MeetingDecision(position=position,
                                    text=inputs.text(text, "decisions", max_length=5000)))
    return rows


def _action_points(session: Session, process: Process, value: Any) -> list[ActionPoint]:
    rows = []
    for entry in _list(value, "action_points"):
        entry = _entry(entry, "action_points")
        owner = entry.get("owner_email")
        rows.append(ActionPoint(
            process_id=process.id,
            title=inputs.text(entry.get("title"), "action_points", max_length=500),
            owner=_member(session, process, owner, "action_points") if owner else None,
            due_on=inputs.a_date(entry.get("due_on"), "action_points"),
            status=inputs.choice(entry.get("status") or "open", "action_points",
                                 ACTION_POINT_STATUSES),
        ))
    return rows


def _fields(meeting: Meeting, changes: dict[str, Any]) -> None:
    if "title" in changes:
        meeting.title = inputs.text(changes["title"], "title")
    if "held_on" in changes:
        held_on = inputs.a_date(changes["held_on"], "held_on", required=True)
        assert held_on is not None
        meeting.held_on = held_on
    if "place" in changes:
        meeting.place = inputs.optional_text(changes["place"], "place", max_length=300) or ""
    if "online" in changes:
        meeting.online = bool(changes["online"])
    if "agenda" in changes:
        meeting.agenda = inputs.optional_text(changes["agenda"], "agenda") or ""
    if "minutes" in changes:
        meeting.minutes = inputs.optional_text(changes["minutes"], "minutes",
                                               max_length=MINUTES_LENGTH) or ""


def may_record(session: Session, actor: User, process: Process) -> None:
    """Refuse (PermissionDenied) whoever may not record or change meetings of the process."""
    authorize(session, actor, Action.EDIT, process)


def create_meeting(session: Session, actor: User, process: Process, **fields: Any) -> Meeting:
    """Record a meeting of the core group (lead and core)."""
    authorize(session, actor, Action.EDIT, process)
    meeting = Meeting(process_id=process.id, stage_key=_stage(process, fields.get("stage")),
                      created_by_id=actor.id, title="", place="", agenda="", minutes="")
    _fields(meeting, {"title": fields.get("title"), "held_on": fields.get("held_on"),
                      **{k: v for k, v in fields.items()
                         if k in ("place", "online", "agenda", "minutes")}})
    meeting.attendance = _attendance(session, process, fields.get("attendance"))
    meeting.decisions = _decisions(fields.get("decisions"))
    meeting.action_points = _action_points(session, process, fields.get("action_points"))
    session.add(meeting)
    session.flush()
    audit.record(session, actor, "meeting.created", f"Meeting “{meeting.title}” recorded",
                 process=process, stage=meeting.stage_key, subject=meeting,
                 data=snapshot(meeting))
    return meeting


def update_meeting(session: Session, actor: User, meeting: Meeting, **changes: Any) -> Meeting:
    """Change the fields given; a list given (attendance, decisions, action points) replaces
    the old one."""
    process = loading.process_of(session, meeting.process_id)
    authorize(session, actor, Action.EDIT, process)
    before = snapshot(meeting)
    if "stage" in changes:
        meeting.stage_key = _stage(process, changes["stage"])
    _fields(meeting, changes)
    if changes.get("attendance") is not None:
        rows = _attendance(session, process, changes["attendance"])
        meeting.attendance = []
        session.flush()  # the old rows go before the new ones (one row per person)
        meeting.attendance = rows
    if changes.get("decisions") is not None:
        meeting.decisions = _decisions(changes["decisions"])
    if changes.get("action_points") is not None:
        meeting.action_points = _action_points(session, process, changes["action_points"])
    session.flush()
    after = snapshot(meeting)
    if after != before:
        audit.record(session, actor, "meeting.updated", f"Meeting “{meeting.title}” updated",
                     process=process, stage=meeting.stage_key, subject=meeting,
                     data={"before": before, "after": after})
    return meeting


def get_meeting(session: Session, actor: User, meeting_id: Any) -> Meeting:
    return loading.get_item(session, actor, Meeting, meeting_id, "meeting")


def list_meetings(session: Session, process: Process, stage: str | None = None) -> list[Meeting]:
    query = select(Meeting).where(Meeting.process_id == process.id)
    if stage:
        query = query.where(Meeting.stage_key == stage)
    return list(session.scalars(query.order_by(Meeting.held_on.desc(), Meeting.id.desc())))


def get_action_point(session: Session, actor: User, point_id: Any) -> ActionPoint:
    return loading.get_item(session, actor, ActionPoint, point_id, "action point")


def set_action_point_status(session: Session, actor: User, point: ActionPoint,
                            status: Any) -> ActionPoint:
    """Mark an action point done (or open again): lead and core, or its owner."""
    process = loading.process_of(session, point.process_id)
    if point.owner_id != actor.id or membership_of(session, actor, process) is None:
        authorize(session, actor, Action.EDIT, process)
    status = inputs.choice(status, "status", ACTION_POINT_STATUSES)
    if status != point.status:
        before = point.status
        point.status = status
        session.flush()
        audit.record(session, actor, "meeting.action_point",
                     f"Action point “{point.title}”: {before} → {status}",
                     process=process, stage=point.meeting.stage_key, subject=point.meeting,
                     data={"action_point": point.id, "title": point.title,
                           "before": before, "after": status})
    return point


def snapshot(meeting: Meeting) -> dict[str, Any]:
    return {
        "stage": meeting.stage_key,
        "title": meeting.title,
        "held_on": meeting.held_on.isoformat() if meeting.held_on else None,
        "place": meeting.place,
        "online": meeting.online,
        "agenda": meeting.agenda,
        "minutes_length": len(meeting.minutes or ""),
        "attendance": [{"email": a.user.email, "status": a.status} for a in meeting.attendance],
        "decisions": [d.text for d in meeting.decisions],
        "action_points": [{"title": p.title, "owner": p.owner.email if p.owner else None,
                           "due_on": p.due_on.isoformat() if p.due_on else None,
                           "status": p.status} for p in meeting.action_points],
    }
