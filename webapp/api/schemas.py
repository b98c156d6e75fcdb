"""The API's request and response bodies, declared once.

The same models validate what clients send, shape what the API answers, and
make up the OpenAPI document (``webapp.api.openapi``). Value rules that
belong to the domain (which stage keys a workflow has, which deliverable
status may follow which) stay in the engine; these models only check types,
vocabularies and lengths so that bad input is refused with field paths.

Conventions:

* Request models forbid unknown fields, so that a typo is an error rather
  than a silently ignored change.
* In PATCH bodies a field left out is unchanged. ``absent()`` marks fields
  that may be left out but not set to ``null``; fields typed ``X | None`` may
  be set to ``null`` to clear them.
* Response models ignore extra keys, so that whatever the engine adds stays
  out of the API until it is declared here.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from engine.vocabulary import (
    CONSULTATION_METHODS,
    DELIVERABLE_KINDS,
    DELIVERABLE_STATUSES,
    DISPOSITIONS,
    INSTITUTION_KINDS,
    ROLES,
    SECTION_STATUSES,
    STAKEHOLDER_GROUPS,
)

#: Largest id a path or body may name (ids are 32-bit integer keys).
MAX_ID = 2**31 - 1

# ---------------------------------------------------------------- building blocks

Role = Literal[tuple(ROLES)]  # type: ignore[valid-type]
Method = Literal[tuple(CONSULTATION_METHODS)]  # type: ignore[valid-type]
Group = Literal[tuple(STAKEHOLDER_GROUPS)]  # type: ignore[valid-type]
InstitutionKind = Literal[tuple(INSTITUTION_KINDS)]  # type: ignore[valid-type]
DeliverableKind = Literal[tuple(DELIVERABLE_KINDS)]  # type: ignore[valid-type]
DeliverableStatus = Literal[tuple(DELIVERABLE_STATUSES)]  # type: ignore[valid-type]
Disposition = Literal[tuple(DISPOSITIONS)]  # type: ignore[valid-type]
SectionStatus = Literal[tuple(SECTION_STATUSES)]  # type: ignore[valid-type]

def _integral(value: Any) -> Any:
    # JSON has one number type: 1.0 is the integer 1 (as JSON Schema's "integer" says),
    # while true, "1" and 1.5 stay refused by the strict check that follows.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


Integral = BeforeValidator(_integral)

Id = Annotated[int, Field(strict=True, ge=1, le=MAX_ID, description="A record id."), Integral]
Position = Annotated[int, Field(strict=True, ge=0, le=MAX_ID), Integral]
Title = Annotated[str, Field(max_length=300)]
Country = Annotated[str, Field(max_length=100)]
Email = Annotated[str, Field(max_length=254, examples=["someone@example.org"])]
LongText = Annotated[str, Field(max_length=20_000)]
Reason = Annotated[str, Field(max_length=5_000)]
Flag = Annotated[bool, Field(strict=True)]


def _date_text(value: Any) -> Any:
    # Dates travel as ISO text; numbers would otherwise be read as Unix times.
    if value is None or isinstance(value, date | str):
        return value
    raise ValueError("must be a date written YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_date_text)]


def _drop_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def absent(**kwargs: Any) -> Any:
    """A field that may be left out (meaning: unchanged) but not sent as null."""
    return Field(default=None, json_schema_extra=_drop_default, **kwargs)


class In(BaseModel):
    """Base of request bodies."""

    model_config = ConfigDict(extra="forbid")


class Out(BaseModel):
    """Base of response bodies: built from dicts, or read from a model's attributes."""

    model_config = ConfigDict(extra="ignore", from_attributes=True)


# ---------------------------------------------------------------- errors


class ErrorDetail(Out):
    code: str = Field(description="Stable machine-readable code, e.g. `not_found`, `invalid`, "
                                  "`gate_not_met`, `edit_conflict`.")
    message: str = Field(description="A sentence for people.")
    details: Any = Field(
        default=None,
        description="Depends on the code: for `invalid` a map from field path to message; "
                    "for `gate_not_met` `{checks, failing}`; for `edit_conflict` "
                    "`{base, theirs, yours, conflicts, base_revision, current_revision}`.",
    )


class ErrorOut(Out):
    """Every error the API answers."""

    error: ErrorDetail


class CheckOut(Out):
    key: str
    ok: bool
    message: str
    kind: str | None = None
    fix: str | None = None


class GateFailure(Out):
    checks: list[CheckOut]
    failing: list[CheckOut]


class GateNotMetDetail(ErrorDetail):
    details: GateFailure  # type: ignore[assignment]


class GateNotMetOut(Out):
    """409 of a gated transition: the whole checklist and the failing checks."""

    error: GateNotMetDetail


class ConflictPassage(Out):
    base: str
    theirs: str
    yours: str
    base_start: int | None = None
    base_end: int | None = None


class EditConflictDetails(Out):
    base: str
    theirs: str
    yours: str
    conflicts: list[ConflictPassage]
    base_revision: int | None = None
    current_revision: int | None = None


class EditConflictDetail(ErrorDetail):
    details: EditConflictDetails  # type: ignore[assignment]


class EditConflictOut(Out):
    """409 of a save: another save changed the same passage since ``base_revision``."""

    error: EditConflictDetail


# ---------------------------------------------------------------- references


class UserRef(Out):
    id: int
    name: str
    email: str


class InstitutionRef(Out):
    id: int
    name: str


class MeOut(Out):
    id: int
    name: str
    email: str
    is_admin: bool
    language: str | None = Field(
        description="Interface language (a code of the site's LANGUAGES); null: the browser's.")
    timezone: str | None = Field(
        description="IANA time zone of dates and times; null: the site's default.")
    locale: str | None = Field(default=None, description="Deprecated: the same as `language`.")


class MePatch(In):
    language: Annotated[str, Field(max_length=10)] = absent(
        description="A code of the site's LANGUAGES (`en`, `fr`...); an empty string clears it.")
    timezone: Annotated[str, Field(max_length=64)] = absent(
        description="An IANA time zone name such as `Africa/Dakar`; an empty string clears it.")


# ---------------------------------------------------------------- institutions


class InstitutionIn(In):
    name: Title
    kind: InstitutionKind
    parent_id: Id | None = None
    country: Country | None = None


class InstitutionOut(Out):
    id: int
    name: str
    full_name: str
    kind: str
    parent_id: int | None
    country: str | None


# ---------------------------------------------------------------- processes


DocumentLanguage = Literal["en", "fr", "es", "pt", "ru"]


class ProcessIn(In):
    title: Title
    workflow: Annotated[str, Field(max_length=100, examples=["national-policy"])]
    country: Country
    requesting_institution_id: Id
    workflow_version: Annotated[int, Field(strict=True, ge=1, le=MAX_ID), Integral] | None = Field(
        default=None, description="Default: the newest installed version.")
    language: DocumentLanguage | None = Field(
        default=None, description="The document language (default en).")


class ProcessPatch(In):
    title: Title | None = None
    language: DocumentLanguage | None = Field(
        default=None, description="The document language: the export prints its headings, "
                                  "annexes and dates in it.")
    supports_process_id: Id | None = Field(
        default=None, description="The policy process a technical-assistance request "
                                  "supports (one the caller can see); null removes the link.")


class WorkflowRef(Out):
    key: str
    version: int
    title: str


class StageOut(Out):
    key: str
    title: str
    status: Literal["done", "current", "upcoming", "suspended", "sent_back", "blocked"]
    terminal: bool
    target_date: date | None
    started_on: date | None
    completed_on: date | None
    overdue: bool


class GateOut(Out):
    ready: bool
    checks: list[CheckOut]


class TriggerOut(Out):
    trigger: str
    dest: str | None
    gated: bool
    note_required: bool
    label: str | None = None
    decided_by: str | None = Field(default=None, description="`steering_group`: only the "
                                   "steering group's members fire it, after their assessment.")


class ProcessLink(Out):
    id: int
    title: str


class ProcessOut(Out):
    id: int
    title: str
    country: str
    workflow: WorkflowRef
    state: str
    state_title: str
    suspended_from: str | None
    terminal: bool
    requesting_institution: InstitutionRef
    lead: UserRef | None
    stages: list[StageOut]
    gate: GateOut
    triggers: list[TriggerOut] = Field(description="What can fire from the current state.")
    export_template: str | None
    document_language: DocumentLanguage = Field(
        description="The language the document is written in; the export prints in it.")
    supports: ProcessLink | None = Field(
        default=None, description="The policy process this request supports.")
    supported_by: list[ProcessLink] = Field(
        default=[], description="The requests that support this process (those the caller "
                                "can see).")
    created_at: datetime
    updated_at: datetime


class ProcessSummary(Out):
    id: int
    title: str
    country: str
    workflow: WorkflowRef
    state: str
    requesting_institution: InstitutionRef
    role: Role | None = Field(description="The caller's role (null for administrators "  # type: ignore[valid-type]
                                          "who are not members).")
    updated_at: datetime


class TransitionIn(In):
    trigger: Annotated[str, Field(max_length=60, examples=["advance"])]
    note: Reason | None = None
    override_reason: Reason | None = Field(
        default=None, description="Fire a gated trigger although checks fail (lead only); "
                                  "recorded with the failing checks.")


class HistoryQuery(In):
    stage: Annotated[str, Field(max_length=60)] | None = None
    kind: Annotated[str, Field(max_length=60, description="Prefix, e.g. `transition.`")] | None = None
    limit: Annotated[int, Field(ge=1, le=10_000)] | None = None


class EventOut(Out):
    seq: int
    at: datetime
    actor: UserRef | None
    actor_email: str | None
    kind: str
    stage: str | None
    subject_type: str | None
    subject_id: int | None
    summary: str
    data: dict[str, Any]
    hash: str


class ExportQuery(In):
    format: Literal["docx", "md", "pdf"] = "docx"
    template: Annotated[str, Field(max_length=100, pattern=r"^[A-Za-z0-9_-]+$",
                                   description="House style (docx).")] | None = None
    with_comments: Annotated[bool | None, Field(
        description="Open comments as Word comments (default: yes in the working profile).")] = None
    profile: Annotated[Literal["publication", "working"] | None, Field(
        description="publication (default from the validation stage on) or working.")] = None
    changes_since: Annotated[str | None, Field(
        max_length=80, description="A redline: ISO 8601 date or date-time, or transition:<id>.")] = None
    languages: Annotated[str, Field(max_length=20, pattern=r"^[a-z]{2}(,[a-z]{2})?$",
                                    description=(
        "One language (`fr`: the sections' translations into it) or two side by side "
        "(`fr,en`: a two-column table per section). Default: the document language."))] | None = None
