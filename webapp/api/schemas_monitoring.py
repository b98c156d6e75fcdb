"""Request and response bodies of implementation monitoring (``views/monitoring.py``)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from engine.vocabulary import MEASURE_STATUSES
from webapp.api.schemas import In, Out
from webapp.api.schemas_analysis import Amount

MeasureStatus = Literal[tuple(MEASURE_STATUSES)]  # type: ignore[valid-type]
PeriodKey = Annotated[str, Field(max_length=10, pattern=r"^\d{4}(-Q[1-4])?$",
                                 examples=["2026", "2026-Q3"],
                                 description="A reporting period: a year or a quarter.")]
Note = Annotated[str, Field(max_length=4_000)]
Value = (Annotated[float, Field(strict=True, allow_inf_nan=False)]
         | Annotated[str, Field(max_length=30, examples=["12.5"])])


class ProgressIn(In):
    period: PeriodKey
    status: MeasureStatus
    spent: Amount | None = None
    note: Note = Field(default="", description="Required when the status is `delayed`: why.")


class ProgressOut(Out):
    id: int
    measure_id: int
    period: str
    status: str
    spent: str | None
    note: str
    reported_by: str | None
    reported_at: str


class IndicatorValueIn(In):
    period: PeriodKey
    value: Value
    note: Note | None = None


class IndicatorValueOut(Out):
    id: int
    indicator_id: int
    period: str
    value: float
    note: str
    recorded_by: str | None
    recorded_at: str


class PeriodIn(In):
    period: PeriodKey


class ValidationOut(Out):
    period: str
    validated: bool
    deliverable_id: int | None = Field(description="The period's monitoring report, submitted.")


class MonitoringQuery(In):
    period: PeriodKey | None = None


class ReportQuery(In):
    period: PeriodKey
    format: Literal["docx"] = "docx"


class PeriodOut(Out):
    period: str
    start: str
    end: str
    validated: bool
    missing_reports: int
    report_status: str | None


class MeasureProgressOut(Out):
    id: int
    title: str
    responsible_id: int | None
    status: str | None
    spent: str | None
    note: str | None
    due: bool
    overdue: bool
    spent_total: str
    budget: str | None


class ObjectiveRef(Out):
    id: int
    title: str


class ObjectiveProgressOut(Out):
    objective: ObjectiveRef | None
    measures: list[MeasureProgressOut]


class PointOut(Out):
    period: str
    value: float
    expected: float | None
    off_track: bool
    note: str


class TrackOut(Out):
    id: int
    name: str
    unit: str | None
    baseline: float | None
    baseline_year: int | None
    target: float | None
    target_year: int | None
    values: list[PointOut]
    off_track: bool


class BudgetYearOut(Out):
    year: int
    planned: str
    spent: str


class BudgetMeasureOut(Out):
    id: int
    planned: str | None
    spent: str
    funded: bool


class BudgetOut(Out):
    currency: str | None
    planned: str
    spent: str
    funded: str
    unfunded: str
    years: list[BudgetYearOut]
    measures: list[BudgetMeasureOut]


class FlagOut(Out):
    kind: Literal["measure_overdue", "period_unreported", "indicator_off_track"]
    title: str
    period: str | None
    ref: int | None


class MonitoringOut(Out):
    process_id: int
    frequency: str
    period: str | None
    periods: list[PeriodOut]
    objectives: list[ObjectiveProgressOut]
    indicators: list[TrackOut]
    budget: BudgetOut
    flags: list[FlagOut]
    narrative: str
