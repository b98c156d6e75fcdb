"""Request and response bodies of the structured analysis, second part: options,
instruments, the action plan, risks, the table of responses and comments on records
(``views/analysis_plan.py``).

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
from webapp.api.schemas_analysis import (
    Amount,
    Family,
    Ids,
    ItemType,
    RiskCategory,
    RiskStatus,
    Scale,
    ScoreOut,
    Stage,
)

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
    no_cost: bool = Field(default=False,
                          description="The measure costs nothing: it needs no budget.")
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
    no_cost: bool = absent()
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
    no_cost: bool = Field(description="The measure costs nothing: it needs no budget.")
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
