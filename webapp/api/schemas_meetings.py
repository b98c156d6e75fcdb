"""Request and response bodies of core-group meetings (conventions as in ``schemas.py``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field

from webapp.api.schemas import (
    Email,
    Flag,
    In,
    IsoDate,
    LongText,
    Out,
    Reason,
    Title,
    UserRef,
    absent,
)

Minutes = Annotated[str, Field(max_length=200_000, description="Markdown.")]
AttendanceStatus = Literal["present", "excused", "absent"]
PointStatus = Literal["open", "done"]


class AttendanceIn(In):
    email: Email = Field(description="A member of the process.")
    status: AttendanceStatus = "present"


class DecisionIn(In):
    text: Reason


class ActionPointIn(In):
    title: Annotated[str, Field(max_length=500)]
    owner_email: Email | None = Field(default=None, description="A member of the process.")
    due_on: IsoDate | None = None
    status: PointStatus = "open"


class MeetingIn(In):
    title: Title
    held_on: IsoDate
    stage: Annotated[str, Field(max_length=60)] | None = Field(
        default=None, description="Default: the process's current stage.")
    place: Title | None = None
    online: Flag = False
    agenda: LongText | None = None
    minutes: Minutes | None = None
    attendance: list[AttendanceIn] = Field(default_factory=list, max_length=200)
    decisions: list[DecisionIn] = Field(default_factory=list, max_length=200)
    action_points: list[ActionPointIn] = Field(default_factory=list, max_length=200)


class MeetingPatch(In):
    title: Title = absent()
    held_on: IsoDate = absent()
    stage: Annotated[str, Field(max_length=60)] = absent()
    place: Title | None = absent()
    online: Flag = absent()
    agenda: LongText | None = absent()
    minutes: Minutes | None = absent()
    attendance: list[AttendanceIn] = absent(max_length=200, description="Replaces the list.")
    decisions: list[DecisionIn] = absent(max_length=200, description="Replaces the list.")
    action_points: list[ActionPointIn] = absent(max_length=200,
                                                description="Replaces the list.")


class ActionPointPatch(In):
    status: PointStatus


class AttendanceOut(Out):
    user: UserRef
    email: str
    status: AttendanceStatus


class DecisionOut(Out):
    id: int
    text: str


class ActionPointOut(Out):
    id: int
    meeting_id: int
    title: str
    owner: UserRef | None
    owner_email: str | None
    due_on: date | None
    status: PointStatus


class MeetingOut(Out):
    id: int
    process_id: int
    stage: str
    title: str
    held_on: date
    place: str
    online: bool
    agenda: str
    minutes: str
    attendance: list[AttendanceOut]
    decisions: list[DecisionOut]
    action_points: list[ActionPointOut]
    created_at: datetime
    updated_at: datetime
