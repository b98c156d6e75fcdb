"""Request and response bodies of the work around a process: members and sign-offs,
consultations and their inputs, deliverables (conventions as in ``schemas.py``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import Field

from engine.vocabulary import STAKEHOLDER_GROUPS
from webapp.api.schemas import (
    DeliverableKind,
    DeliverableStatus,
    Disposition,
    Email,
    Group,
    Id,
    In,
    InstitutionRef,
    IsoDate,
    LongText,
    Method,
    Out,
    Reason,
    Role,
    Title,
    UserRef,
    absent,
)

# ---------------------------------------------------------------- members


class MemberIn(In):
    email: Email
    institution_id: Id
    role: Role  # type: ignore[valid-type]


class MembersQuery(In):
    include_ended: bool = Field(default=False, description="Also list ended memberships.")


class EndMembershipQuery(In):
    reason: Reason | None = None


class HandOverIn(In):
    note: Reason | None = None


class MemberOut(Out):
    id: int
    user: UserRef
    institution: InstitutionRef
    role: Role  # type: ignore[valid-type]
    active: bool
    started_at: datetime
    ended_at: datetime | None
    end_reason: str | None


class SignOffIn(In):
    institution_id: Id


class SignOffOut(Out):
    id: int
    stage: str
    entry: int
    institution: InstitutionRef
    user: UserRef
    signed_at: datetime
    valid: bool = Field(description="false once a section was edited after the sign-off")
    revisions: dict[str, int] = Field(
        description="the text it approved: each section's revision number, by section id")
    lapsed_at: datetime | None = None
    lapsed_section_id: int | None = None
    lapsed_section_title: str | None = None


# ---------------------------------------------------------------- consultations


class ConsultationIn(In):
    stage: Annotated[str, Field(max_length=60)]
    method: Method  # type: ignore[valid-type]
    title: Title
    held_on: IsoDate | None = None
    groups: Annotated[list[Group], Field(max_length=len(STAKEHOLDER_GROUPS) * 2)] = []  # type: ignore[valid-type]
    summary: LongText | None = None


class ConsultationPatch(In):
    stage: Annotated[str, Field(max_length=60)] = absent()
    method: Method = absent()  # type: ignore[valid-type]
    title: Title = absent()
    held_on: IsoDate | None = absent()
    groups: Annotated[list[Group], Field(max_length=len(STAKEHOLDER_GROUPS) * 2)] = absent()  # type: ignore[valid-type]
    summary: LongText | None = absent()


class StageQuery(In):
    stage: Annotated[str, Field(max_length=60)] | None = None


class InputIn(In):
    source: Title
    text: LongText


class DispositionIn(In):
    disposition: Disposition  # type: ignore[valid-type]
    reason: Reason
    section_id: Id | None = None


class InputOut(Out):
    id: int
    consultation_id: int
    source: str
    text: str
    disposition: Disposition | None  # type: ignore[valid-type]
    reason: str | None
    section_id: int | None
    revision_number: int | None
    decided_by: UserRef | None
    decided_at: datetime | None
    created_at: datetime


class ConsultationOut(Out):
    id: int
    process_id: int
    stage: str
    method: Method  # type: ignore[valid-type]
    title: str
    held_on: date | None
    groups: list[str]
    summary: str
    created_at: datetime
    inputs: list[InputOut]


# ---------------------------------------------------------------- deliverables


class DeliverableIn(In):
    stage: Annotated[str, Field(max_length=60)]
    kind: DeliverableKind  # type: ignore[valid-type]
    title: Title | None = Field(default=None, description="Default: the kind's name.")
    owner_email: Email | None = None
    due_on: IsoDate | None = None


class DeliverablePatch(In):
    status: DeliverableStatus = absent(  # type: ignore[valid-type]
        description="Allowed changes: draft→submitted, submitted→accepted|returned, "
                    "returned→submitted|draft, accepted→returned (409 otherwise).")
    title: Title = absent()
    owner_email: Email | None = absent(description="null: no owner.")
    due_on: IsoDate | None = absent()


class DeliverableOut(Out):
    id: int
    process_id: int
    stage: str
    kind: str
    title: str
    owner: UserRef | None
    due_on: date | None
    status: DeliverableStatus  # type: ignore[valid-type]
    created_at: datetime
    updated_at: datetime
