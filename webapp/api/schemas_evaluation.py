"""Request and response bodies after the decision: the adoption record, evaluations, the
next cycle and the portfolio (conventions as in ``schemas.py``)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field

from engine.services.portfolio import DIRECTIONS, SORT_KEYS
from engine.vocabulary import (
    ACT_TYPES,
    EVALUATION_CRITERIA,
    EVALUATION_KINDS,
    EVALUATION_RATINGS,
    RECOMMENDATION_DECISIONS,
)
from webapp.api.schemas import (
    MAX_ID,
    Id,
    In,
    IsoDate,
    LongText,
    Out,
    Reason,
    Title,
    UserRef,
    absent,
)

ActType = Literal[tuple(ACT_TYPES)]  # type: ignore[valid-type]
EvaluationKind = Literal[tuple(EVALUATION_KINDS)]  # type: ignore[valid-type]
Criterion = Literal[tuple(EVALUATION_CRITERIA)]  # type: ignore[valid-type]
Rating = Literal[tuple(EVALUATION_RATINGS)]  # type: ignore[valid-type]
Decision = Literal[tuple(RECOMMENDATION_DECISIONS)]  # type: ignore[valid-type]

# ---------------------------------------------------------------- adoption


class AdoptionIn(In):
    body: Title = Field(description="The approving body, e.g. the Council of Ministers.")
    act_type: ActType  # type: ignore[valid-type]
    act_reference: Annotated[str, Field(max_length=200, examples=["Decision No. 412/2025"])]
    adopted_on: IsoDate
    published_in: Annotated[str, Field(max_length=300)] | None = Field(
        default=None, description="Where the act was published, e.g. the Official Gazette issue.")


class FrozenSectionOut(Out):
    section_id: int
    number: str
    title: str
    revision: int
    revision_id: int | None


class AdoptionOut(Out):
    id: int
    process_id: int
    body: str
    act_type: ActType  # type: ignore[valid-type]
    act_reference: str
    adopted_on: date
    published_in: str | None
    sections: list[FrozenSectionOut] = Field(
        description="The adopted text: each section's revision at adoption, in reading order.")
    file_sha256: str = Field(description="sha256 of the stored Word file of the adopted text.")
    file_name: str
    file_size: int
    file_url: str
    recorded_by: UserRef
    recorded_at: datetime


# ---------------------------------------------------------------- evaluations


class EvaluationIn(In):
    kind: EvaluationKind  # type: ignore[valid-type]
    title: Title | None = None
    evaluator: Title | None = None
    completed_on: IsoDate | None = None


class CriterionPatch(In):
    findings: LongText = absent(description="Markdown.")
    rating: Rating | None = Field(default=None, description="null clears it.")  # type: ignore[valid-type]


class EvidenceIn(In):
    data_source_id: Id | None = None
    deliverable_id: Id | None = None
    note: Reason | None = None


class RecommendationIn(In):
    text: Reason


class DecisionIn(In):
    decision: Literal["accepted", "rejected"]
    reason: Reason


class EvidenceOut(Out):
    id: int
    kind: Literal["data_source", "deliverable"]
    item_id: int
    title: str
    note: str | None


class RecommendationOut(Out):
    id: int
    evaluation_id: int
    criterion: Criterion  # type: ignore[valid-type]
    text: str
    decision: Decision  # type: ignore[valid-type]
    reason: str | None
    decided_by: UserRef | None
    decided_at: datetime | None


class CriterionOut(Out):
    id: int
    criterion: Criterion  # type: ignore[valid-type]
    findings: str = Field(description="Markdown.")
    findings_html: str = Field(description="The findings rendered and sanitised.")
    rating: Rating | None  # type: ignore[valid-type]
    evidence: list[EvidenceOut]
    recommendations: list[RecommendationOut]


class EvaluationOut(Out):
    id: int
    process_id: int
    kind: EvaluationKind  # type: ignore[valid-type]
    title: str | None = Field(description="null: named after its kind.")
    evaluator: str | None
    completed_on: date | None
    created_at: datetime
    criteria: list[CriterionOut]


# ---------------------------------------------------------------- the next cycle


class RevisionIn(In):
    title: Title | None = Field(default=None, description="Default: the policy's title.")


class ProcessRef(Out):
    id: int
    title: str
    state: str


class CycleOut(Out):
    previous: ProcessRef | None = Field(description="The policy this one revises.")
    next: ProcessRef | None = Field(description="The revision started from this one.")


# ---------------------------------------------------------------- portfolio


class PortfolioQuery(In):
    sort: Literal[tuple(SORT_KEYS)] = "next_deadline"  # type: ignore[valid-type]
    direction: Literal[tuple(DIRECTIONS)] = "asc"  # type: ignore[valid-type]
    institution: Annotated[int, Field(ge=1, le=MAX_ID)] | None = Field(default=None,
                                   description="Only the policies this institution requested.")


class PortfolioRowOut(Out):
    id: int
    title: str
    country: str
    workflow: str
    state: str
    stage_title: str
    requesting_institution_id: int
    requesting_institution: str
    next_deadline: date | None
    next_deadline_kind: Literal["stage", "deliverable"] | None
    overdue: bool
    currency: str | None
    budget_planned: Decimal | None
    budget_spent: Decimal | None = Field(description="null: not monitored yet.")
    measures_delayed: int | None = Field(description="null: not monitored yet.")
    indicators_off_track: int | None = Field(description="null: not monitored yet.")
