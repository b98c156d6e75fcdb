"""Request and response bodies of the work around a process: members and sign-offs,
consultations and their inputs, deliverables (conventions as in ``schemas.py``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

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


Groups = Annotated[list[Group], Field(max_length=len(STAKEHOLDER_GROUPS) * 2)]  # type: ignore[valid-type]
Invited = Annotated[list[Title], Field(max_length=200, description="Names of the institutions "
                                       "and organisations invited.")]
Count = Annotated[int, Field(strict=True, ge=0, le=1_000_000)]
ByGroup = Annotated[dict[Group, Count], Field(description="Participants by stakeholder group.")]  # type: ignore[valid-type]
BySex = Annotated[dict[Literal["female", "male", "other"], Count],
                  Field(description="Participants by sex (other: other or undisclosed).")]
Report = Annotated[str, Field(max_length=100_000, description="The report, in Markdown.")]


class ConsultationIn(In):
    stage: Annotated[str, Field(max_length=60)]
    method: Method  # type: ignore[valid-type]
    title: Title
    held_on: IsoDate | None = None
    groups: Groups = []
    summary: LongText | None = None
    invited_institutions: Invited = []
    invited_groups: Groups = []
    participants_by_group: ByGroup = {}
    participants_by_sex: BySex = {}
    report: Report | None = None


class ConsultationPatch(In):
    stage: Annotated[str, Field(max_length=60)] = absent()
    method: Method = absent()  # type: ignore[valid-type]
    title: Title = absent()
    held_on: IsoDate | None = absent()
    groups: Groups = absent()
    summary: LongText | None = absent()
    invited_institutions: Invited = absent()
    invited_groups: Groups = absent()
    participants_by_group: ByGroup = absent()
    participants_by_sex: BySex = absent()
    report: Report | None = absent()


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


class ReportFileOut(Out):
    name: str = Field(description="The sanitised original name.")
    size: int = Field(description="In bytes.")
    content_type: str = Field(description="The type read from the bytes.")
    url: str = Field(description="Where to download it "
                                 "(`GET /consultations/{consultation_id}/report-file`).")


class ConsultationOut(Out):
    id: int
    process_id: int
    stage: str
    method: Method  # type: ignore[valid-type]
    title: str
    held_on: date | None
    groups: list[str]
    summary: str
    invited_institutions: list[str]
    invited_groups: list[str]
    participants_by_group: dict[str, int]
    participants_by_sex: dict[str, int]
    report: str
    report_file: ReportFileOut | None = Field(
        description="The report as a file, beside or instead of the Markdown `report`.")
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


class FileOut(Out):
    id: int
    name: str = Field(description="The sanitised original name.")
    content_type: str = Field(description="The type read from the bytes.")
    size: int
    sha256: str
    uploaded_by: UserRef | None
    uploaded_at: datetime
    url: str = Field(description="Where to download it (`GET /files/{id}`).")


class LinkRef(In):
    kind: Literal["section", "data_source", "swot_item", "objective", "policy_option",
                  "instrument", "measure", "risk"]
    id: Id


class LinkOut(Out):
    kind: str
    id: int
    title: str


class VersionLinksIn(In):
    links: list[LinkRef] = Field(min_length=1, max_length=100)
    note: Reason | None = None


class VersionDecisionIn(In):
    decision: Literal["accept", "return"]
    note: Reason | None = Field(default=None, description="Required to return a version.")


class VersionOut(Out):
    id: int
    deliverable_id: int
    number: int
    status: Literal["submitted", "accepted", "returned", "superseded"]
    file: FileOut | None
    links: list[LinkOut]
    note: str
    created_by: UserRef | None
    created_at: datetime
    decided_by: UserRef | None
    decided_at: datetime | None
    decision_note: str


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
    versions: list[VersionOut] = Field(description="Oldest first.")
    accepted_version_id: int | None
