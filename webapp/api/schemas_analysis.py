"""Request and response bodies of the structured policy analysis (``views/analysis.py``).

Same conventions as ``schemas.py``: request models forbid unknown fields; in
PATCH bodies a field left out is unchanged, ``absent()`` fields may be left
out but not sent as ``null``, and fields typed ``X | None`` may be sent as
``null`` to clear them. The engine's services keep the rules that need the
database (a parent objective of the same process, a chosen option, an owner
who is a member...).
"""

from __future__ import annotations

from datetime import date, datetime
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
    MAX_ID,
    Id,
    In,
    InstitutionRef,
    IsoDate,
    LongText,
    Out,
    Title,
    UserRef,
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
Year = Annotated[int, Field(strict=True, ge=1900, le=2200)]
Rating = Annotated[int, Field(strict=True, ge=1, le=5)]
Score = Annotated[int, Field(strict=True, ge=0, le=5)]
Scale = Annotated[int, Field(strict=True, ge=1, le=5, description="1 (lowest) to 5.")]
Weight = Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False)]
Ids = Annotated[list[Id], Field(max_length=200)]
Amount = (Annotated[str, Field(max_length=30, examples=["125000.50"])]
          | Annotated[int, Field(strict=True, ge=0)]
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


# ---------------------------------------------------------------- options


class OptionIn(In):
    objective_id: Id
    title: Title
    description: LongText | None = None
    costs: LongText | None = None
    benefits: LongText | None = None
    feasibility: LongText | None = None
    viability: LongText | None = None
    assumptions: LongText | None = None
    risks: LongText | None = None
    stage: Stage | None = None


class OptionPatch(In):
    objective_id: Id = absent()
    title: Title = absent()
    description: LongText | None = absent()
    costs: LongText | None = absent()
    benefits: LongText | None = absent()
    feasibility: LongText | None = absent()
    viability: LongText | None = absent()
    assumptions: LongText | None = absent()
    risks: LongText | None = absent()
    stage: Stage = absent()


class ChooseIn(In):
    justification: LongText


class OptionOut(Out):
    id: int
    process_id: int
    objective_id: int
    stage: str
    title: str
    description: str
    costs: str
    benefits: str
    feasibility: str
    viability: str
    assumptions: str
    risks: str
    chosen: bool
    justification: str | None
    scores: list[ScoreOut]
    weighted_score: float | None
    appraised: bool = Field(description="Costs and benefits written and scored on every "
                                        "options criterion.")
    created_at: datetime
    updated_at: datetime


# ---------------------------------------------------------------- instruments


class InstrumentIn(In):
    family: Family  # type: ignore[valid-type]
    title: Title
    description: LongText | None = None
    option_id: Id | None = Field(default=None, description="A chosen option.")
    lead_institution_id: Id | None = None
    implementing_institution_ids: Ids = []
    resources: LongText | None = None
    stage: Stage | None = None


class InstrumentPatch(In):
    family: Family = absent()  # type: ignore[valid-type]
    title: Title = absent()
    description: LongText | None = absent()
    option_id: Id | None = absent()
    lead_institution_id: Id | None = absent()
    implementing_institution_ids: Ids = absent()
    resources: LongText | None = absent()
    stage: Stage = absent()


class InstrumentOut(Out):
    id: int
    process_id: int
    option_id: int | None
    stage: str
    family: str
    title: str
    description: str
    lead_institution: InstitutionRef | None
    implementing_institutions: list[InstitutionRef]
    resources: str
    scores: list[ScoreOut]
    weighted_score: float | None
    rank: int | None = Field(description="Place in the ranking by weighted score (null "
                                          "while unscored).")
    created_at: datetime
    updated_at: datetime


# ---------------------------------------------------------------- action plan


class MeasureIn(In):
    title: Title
    description: LongText | None = None
    instrument_id: Id | None = None
    objective_id: Id | None = None
    responsible_id: Id | None = None
    partner_ids: Ids = []
    start_on: IsoDate | None = None
    end_on: IsoDate | None = None
    indicator_id: Id | None = Field(default=None, description="An indicator of the objectives.")
    output_indicator: Title | None = Field(default=None,
                                           description="Or an output indicator of the measure.")
    budget: Amount | None = None
    funding_source: Annotated[str, Field(max_length=200)] | None = None
    stage: Stage | None = None


class MeasurePatch(In):
    title: Title = absent()
    description: LongText | None = absent()
    instrument_id: Id | None = absent()
    objective_id: Id | None = absent()
    responsible_id: Id | None = absent()
    partner_ids: Ids = absent()
    start_on: IsoDate | None = absent()
    end_on: IsoDate | None = absent()
    indicator_id: Id | None = absent()
    output_indicator: Title | None = absent()
    budget: Amount | None = absent()
    funding_source: Annotated[str, Field(max_length=200)] | None = absent()
    stage: Stage = absent()


class MeasureOut(Out):
    id: int
    process_id: int
    stage: str
    title: str
    description: str
    instrument_id: int | None
    objective_id: int | None
    responsible: InstitutionRef | None
    partners: list[InstitutionRef]
    start_on: date | None
    end_on: date | None
    indicator_id: int | None
    output_indicator: str | None
    indicator: str = Field(description="The indicator's name, or the output indicator.")
    budget: str | None = Field(description="Amount with two decimals, as text.")
    funding_source: str | None
    created_at: datetime
    updated_at: datetime


class YearAmount(Out):
    year: int | None = Field(description="null: measures without dates.")
    amount: str


class BudgetRow(Out):
    institution: str
    by_year: list[YearAmount]
    total: str


class BudgetOut(Out):
    """Budget by responsible institution and year, spread pro rata over the days."""

    years: list[int]
    rows: list[BudgetRow]
    by_year: list[YearAmount]
    total: str
    unbudgeted: int = Field(description="Measures without a budget.")
    currency: str = Field(description="ISO 4217 code of every amount of the action plan.")


class CurrencyIn(In):
    currency: Annotated[str, Field(max_length=3)] = Field(
        description="ISO 4217 code (`EUR`, `XOF`, `BRL`...); an empty string: the site's default.")


# ---------------------------------------------------------------- risks


class RisksQuery(In):
    status: RiskStatus | None = None  # type: ignore[valid-type]


class RiskIn(In):
    title: Title
    category: RiskCategory  # type: ignore[valid-type]
    likelihood: Scale
    impact: Scale
    description: LongText | None = None
    mitigation: LongText | None = None
    owner_user_id: Id | None = Field(default=None, description="A member of the process.")
    owner_institution_id: Id | None = None
    status: RiskStatus = "open"  # type: ignore[valid-type]
    stage: Stage | None = None


class RiskPatch(In):
    title: Title = absent()
    category: RiskCategory = absent()  # type: ignore[valid-type]
    likelihood: Scale = absent()
    impact: Scale = absent()
    description: LongText | None = absent()
    mitigation: LongText | None = absent()
    owner_user_id: Id | None = absent()
    owner_institution_id: Id | None = absent()
    status: RiskStatus = absent()  # type: ignore[valid-type]
    stage: Stage = absent()


class RiskOut(Out):
    id: int
    process_id: int
    stage: str
    title: str
    description: str
    category: str
    likelihood: int
    impact: int
    score: int = Field(description="Likelihood × impact (1-25).")
    level: Literal["low", "medium", "high"]
    mitigation: str
    owner_user: UserRef | None
    owner_institution: InstitutionRef | None
    status: str
    created_at: datetime
    updated_at: datetime


# ---------------------------------------------------------------- table of responses


class ResponseOut(Out):
    kind: Literal["input", "suggestion"]
    stage: str | None
    origin: str
    held_on: date | None
    source: str
    said: str
    disposition: str | None
    disposition_label: str
    reason: str | None
    section_id: int | None
    section_title: str | None
    revision: int | None
    decided_by: str | None
    decided_at: datetime | None


# ---------------------------------------------------------------- comments on records


class AnalysisCommentsQuery(In):
    item_type: ItemType  # type: ignore[valid-type]
    item_id: Annotated[int, Field(ge=1, le=MAX_ID)]


class AnalysisCommentIn(In):
    item_type: ItemType  # type: ignore[valid-type]
    item_id: Id
    body: LongText


class AnalysisCommentOut(Out):
    id: int
    process_id: int
    item_type: str
    item_id: int
    author: UserRef
    body: str
    created_at: datetime
