"""Request and response bodies of the structured policy analysis (``views/analysis.py``).

Same conventions as ``schemas.py``: request models forbid unknown fields; in
PATCH bodies a field left out is unchanged, ``absent()`` fields may be left
out but not sent as ``null``, and fields typed ``X | None`` may be sent as
``null`` to clear them. The engine's services keep the rules that need the
database (a parent objective of the same process, a chosen option, an owner
who is a member...).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field

from engine.vocabulary import (
    ANALYSIS_ITEM_TYPES,
    COVERAGE_VALUES,
    CRITERIA_SCOPES,
    DATA_SOURCE_TYPES,
    INSTRUMENT_FAMILIES,
    PROBLEM_FIELDS,
    RISK_CATEGORIES,
    RISK_STATUSES,
    SWOT_QUADRANTS,
)
from webapp.api.schemas import (
    Id,
    In,
    InstitutionRef,
    Integral,
    LongText,
    Out,
    Title,
    absent,
)

SourceType = Literal[tuple(DATA_SOURCE_TYPES)]  # type: ignore[valid-type]
CoverageValue = Literal[tuple(COVERAGE_VALUES)]  # type: ignore[valid-type]
Quadrant = Literal[tuple(SWOT_QUADRANTS)]  # type: ignore[valid-type]
ProblemField = Literal[tuple(PROBLEM_FIELDS)]  # type: ignore[valid-type]
Scope = Literal[tuple(CRITERIA_SCOPES)]  # type: ignore[valid-type]
Family = Literal[tuple(INSTRUMENT_FAMILIES)]  # type: ignore[valid-type]
RiskCategory = Literal[tuple(RISK_CATEGORIES)]  # type: ignore[valid-type]
RiskStatus = Literal[tuple(RISK_STATUSES)]  # type: ignore[valid-type]
ItemType = Literal[tuple(ANALYSIS_ITEM_TYPES)]  # type: ignore[valid-type]

Stage = Annotated[str, Field(max_length=60, description="A stage key of the workflow; "
                                                        "default: the current stage.")]
Note = Annotated[str, Field(max_length=5_000)]
Short = Annotated[str, Field(max_length=100)]
Year = Annotated[int, Field(strict=True, ge=1900, le=2200), Integral]
Rating = Annotated[int, Field(strict=True, ge=1, le=5), Integral]
Score = Annotated[int, Field(strict=True, ge=0, le=5), Integral]
Scale = Annotated[int, Field(strict=True, ge=1, le=5, description="1 (lowest) to 5."), Integral]
Weight = Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False)]
Ids = Annotated[list[Id], Field(max_length=200)]
Amount = (Annotated[str, Field(max_length=30, examples=["125000.50"])]
          | Annotated[int, Field(strict=True, ge=0), Integral]
          | Annotated[float, Field(strict=True, ge=0, allow_inf_nan=False)])


class DeletedOut(Out):
    """What a DELETE answers: the id of the record that is gone."""

    id: int
    deleted: bool = True


# ---------------------------------------------------------------- data sources


class CoverageIn(In):
    """What a source covers: `+`, `+/-` (under conditions), `-` or `unknown`."""

    immigration_flow: CoverageValue | None = absent()  # type: ignore[valid-type]
    emigration_flow: CoverageValue | None = absent()  # type: ignore[valid-type]
    immigrant_stock: CoverageValue | None = absent()  # type: ignore[valid-type]
    emigrant_stock: CoverageValue | None = absent()  # type: ignore[valid-type]


class QualityEntry(In):
    rating: Rating | None = None
    note: Note | None = None


class QualityIn(In):
    """A rating (1-5) and a note per quality dimension of the European Statistical System;
    `null` clears a dimension."""

    relevance: QualityEntry | None = absent()
    accuracy: QualityEntry | None = absent()
    timeliness: QualityEntry | None = absent()
    comparability: QualityEntry | None = absent()
    coherence: QualityEntry | None = absent()
    accessibility: QualityEntry | None = absent()


class DataSourceIn(In):
    source_type: SourceType  # type: ignore[valid-type]
    name: Title | None = Field(default=None, description="Default: the type's name "
                                                         "(required for `other`).")
    custodian_id: Id | None = None
    coverage: CoverageIn | None = None
    quality: QualityIn | None = None
    residence_definition: Note | None = None
    length_of_stay: Annotated[str, Field(max_length=200)] | None = None
    gaps: LongText | None = None
    stage: Stage | None = None


class DataSourcePatch(In):
    source_type: SourceType = absent()  # type: ignore[valid-type]
    name: Title | None = absent()
    custodian_id: Id | None = absent()
    coverage: CoverageIn = absent(description="Only the dimensions sent change.")
    quality: QualityIn = absent(description="Only the dimensions sent change.")
    residence_definition: Note | None = absent()
    length_of_stay: Annotated[str, Field(max_length=200)] | None = absent()
    gaps: LongText | None = absent()
    stage: Stage = absent()


class CoverageOut(Out):
    immigration_flow: str
    emigration_flow: str
    immigrant_stock: str
    emigrant_stock: str


class QualityOut(Out):
    rating: int | None
    note: str | None


class DataSourceOut(Out):
    id: int
    process_id: int
    stage: str
    source_type: str
    name: str
    custodian: InstitutionRef | None
    coverage: CoverageOut
    quality: dict[str, QualityOut]
    quality_average: float | None
    residence_definition: str | None
    length_of_stay: str | None
    gaps: str | None
    created_at: datetime
    updated_at: datetime


class SourceRef(Out):
    id: int
    name: str


# ---------------------------------------------------------------- problem analysis


class ProblemIn(In):
    problem_statement: LongText = absent()
    rationale: LongText = absent()
    vision: LongText = absent()
    stage: Stage = absent()


class SwotIn(In):
    quadrant: Quadrant  # type: ignore[valid-type]
    text: Note
    stage: Stage | None = None


class SwotPatch(In):
    quadrant: Quadrant = absent()  # type: ignore[valid-type]
    text: Note = absent()


class SwotItemOut(Out):
    id: int
    process_id: int
    stage: str
    quadrant: str
    text: str
    created_at: datetime


class SwotOut(Out):
    strength: list[SwotItemOut]
    weakness: list[SwotItemOut]
    opportunity: list[SwotItemOut]
    threat: list[SwotItemOut]


class CitationIn(In):
    """Evidence for one claim (a SWOT item or a problem text) from one source or deliverable."""

    swot_item_id: Id | None = None
    field: ProblemField | None = None  # type: ignore[valid-type]
    data_source_id: Id | None = None
    deliverable_id: Id | None = None
    note: Annotated[str, Field(max_length=2_000)] | None = None


class DeliverableRef(Out):
    id: int
    title: str


class CitationOut(Out):
    id: int
    swot_item_id: int | None
    field: str | None
    data_source: SourceRef | None
    deliverable: DeliverableRef | None
    note: str | None
    created_at: datetime


class ProblemOut(Out):
    process_id: int
    stage: str | None = Field(description="null until the problem analysis is written.")
    problem_statement: str
    rationale: str
    vision: str
    updated_at: datetime | None
    swot: SwotOut
    citations: list[CitationOut]


# ---------------------------------------------------------------- objectives and indicators


class ObjectiveIn(In):
    title: Title
    description: LongText | None = None
    parent_id: Id | None = Field(default=None, description="A general objective: this one "
                                                           "is then a specific objective.")
    ndp_reference: Title | None = None
    stage: Stage | None = None


class ObjectivePatch(In):
    title: Title = absent()
    description: LongText | None = absent()
    parent_id: Id | None = absent(description="null: make it a general objective.")
    ndp_reference: Title | None = absent()
    stage: Stage = absent()


class IndicatorIn(In):
    name: Title
    unit: Short | None = None
    baseline: Short | None = None
    baseline_year: Year | None = None
    target: Short | None = None
    target_year: Year | None = None
    data_source_id: Id | None = None


class IndicatorPatch(In):
    name: Title = absent()
    unit: Short | None = absent()
    baseline: Short | None = absent()
    baseline_year: Year | None = absent()
    target: Short | None = absent()
    target_year: Year | None = absent()
    data_source_id: Id | None = absent()
    objective_id: Id = absent(description="Move the indicator to another objective.")


class IndicatorOut(Out):
    id: int
    objective_id: int
    name: str
    unit: str | None
    baseline: str | None
    baseline_year: int | None
    target: str | None
    target_year: int | None
    data_source: SourceRef | None
    has_baseline: bool
    created_at: datetime


class ObjectiveOut(Out):
    id: int
    process_id: int
    parent_id: int | None
    level: Literal["general", "specific"]
    number: str = Field(description="Outline number: 1, 1.1, 1.2, 2...")
    stage: str
    title: str
    description: str
    ndp_reference: str | None
    indicators: list[IndicatorOut]
    created_at: datetime
    updated_at: datetime


# ---------------------------------------------------------------- criteria and scores


class CriteriaQuery(In):
    scope: Scope | None = None  # type: ignore[valid-type]


class CriterionIn(In):
    scope: Scope  # type: ignore[valid-type]
    name: Annotated[str, Field(max_length=200)]
    weight: Weight = 1
    description: Annotated[str, Field(max_length=2_000)] | None = None
    stage: Stage | None = None


class CriterionPatch(In):
    name: Annotated[str, Field(max_length=200)] = absent()
    weight: Weight = absent()
    description: Annotated[str, Field(max_length=2_000)] | None = absent()
    stage: Stage = absent()


class CriterionOut(Out):
    id: int
    process_id: int
    scope: str
    stage: str
    name: str
    description: str | None
    weight: float


class ScoreIn(In):
    option_id: Id | None = Field(default=None, description="For scope `options`.")
    instrument_id: Id | None = Field(default=None, description="For scope `instruments`.")
    criterion_id: Id
    score: Score | None = Field(description="0-5; null removes the score.")


class ScoresIn(In):
    scores: Annotated[list[ScoreIn], Field(max_length=2_000)]


class ScoreOut(Out):
    criterion_id: int
    score: int


class ScoredItemOut(Out):
    id: int
    title: str
    scores: list[ScoreOut]
    weighted_score: float | None
    scored_on_all: bool


class ScoresOut(Out):
    changed: int = Field(description="How many scores changed.")
    items: list[ScoredItemOut]
