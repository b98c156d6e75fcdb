"""The portfolio: every policy a person may see, with its stage, figures and next deadline.

Administrators see every process; anyone else the processes they belong to.
``institution`` narrows the list to the policies an institution requested. The
rows are built in a fixed number of set-based queries whatever their number, then
sorted and paged here.

The monitoring columns (measures delayed, indicators off track, budget spent)
come from ``monitoring_figures``, the one place that reads the monitoring of
implementation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.catalog import definition_of
from engine.db import utcnow
from engine.errors import InvalidInput
from engine.i18n import msg
from engine.models import Deliverable, Measure, MeasureProgress, Process, User
from engine.services import inputs
from engine.services.analysis.tables import to_csv
from engine.services.monitoring import overview as monitoring_overview
from engine.services.processes import list_processes
from engine.vocabulary import SUSPENDED

SORT_KEYS = ("title", "stage", "next_deadline", "budget_planned", "budget_spent",
             "measures_delayed", "indicators_off_track", "institution")
DIRECTIONS = ("asc", "desc")


@dataclass(frozen=True)
class MonitoringFigures:
    """What the monitoring of implementation says about one policy (None: not monitored)."""

    measures_delayed: int | None = None
    indicators_off_track: int | None = None
    budget_spent: Decimal | None = None


@dataclass
class PortfolioRow:
    id: int
    title: str
    country: str
    workflow: str
    state: str
    stage_title: Any  # the workflow's multilingual title; the web layer translates it
    institution_id: int
    institution: str
    currency: str | None
    next_deadline: date | None
    next_deadline_kind: str | None  # "stage" or "deliverable"
    overdue: bool
    budget_planned: Decimal | None
    monitoring: MonitoringFigures = field(default_factory=MonitoringFigures)

    @property
    def measures_delayed(self) -> int | None:
        return self.monitoring.measures_delayed

    @property
    def indicators_off_track(self) -> int | None:
        return self.monitoring.indicators_off_track

    @property
    def budget_spent(self) -> Decimal | None:
        return self.monitoring.budget_spent


def monitoring_figures(session: Session, processes: list[Process], *,
                       today: date | None = None) -> dict[int, MonitoringFigures]:
    """Delayed measures, off-track indicators and money spent per process, by process id.

    Only policies under monitoring (in implementation or evaluation) have figures; the
    others have none (the portfolio shows a dash, never a zero that would claim all is
    well). A measure counts as delayed when its latest report says so or when its end
    date has passed and it is not completed; an indicator is off track as the monitoring
    page defines it. A fixed number of queries, whatever the number of processes.
    """
    flags = monitoring_overview.flags_of(session, processes, today=today)
    if not flags:
        return {}
    ids = list(flags)
    latest: dict[int, tuple[int, str]] = {}
    spent: dict[int, Decimal] = {}
    for row in session.scalars(select(MeasureProgress).where(
            MeasureProgress.process_id.in_(ids)).order_by(MeasureProgress.period)):
        latest[row.measure_id] = (row.process_id, row.status)
        if row.spent is not None:
            spent[row.process_id] = spent.get(row.process_id, Decimal(0)) + row.spent
    figures: dict[int, MonitoringFigures] = {}
    for process_id, found in flags.items():
        delayed = {measure for measure, (pid, status) in latest.items()
                   if pid == process_id and status == "delayed"}
        delayed |= {f.ref for f in found if f.kind == "measure_overdue"}
        figures[process_id] = MonitoringFigures(
            measures_delayed=len(delayed),
            indicators_off_track=sum(1 for f in found if f.kind == "indicator_off_track"),
            budget_spent=spent.get(process_id, Decimal(0)))
    return figures


def portfolio(
    session: Session, actor: User, *, institution: Any = None, sort: Any = None,
    direction: Any = None, today: date | None = None,
) -> list[PortfolioRow]:
    """Every policy the actor may see, sorted (default: next deadline first)."""
    sort_key = inputs.choice(sort or "next_deadline", "sort", SORT_KEYS)
    order = inputs.choice(direction or "asc", "direction", DIRECTIONS)
    processes = list_processes(session, actor)
    if institution not in (None, ""):
        try:
            wanted = int(institution)
        except (TypeError, ValueError):
            raise InvalidInput(msg("institution must be an institution id."),
                               {"institution": msg("must be an id")}) from None
        processes = [p for p in processes if p.requesting_institution_id == wanted]
    rows = _rows(session, processes, today or utcnow().date())
    return sort_rows(rows, sort_key, order)


def institutions_of(session: Session, actor: User) -> list[tuple[int, str]]:
    """The requesting institutions of the policies the actor sees (for the filter)."""
    seen = {p.requesting_institution_id: p.requesting_institution.name
            for p in list_processes(session, actor)}
    return sorted(seen.items(), key=lambda item: item[1].lower())


def _rows(session: Session, processes: list[Process], today: date) -> list[PortfolioRow]:
    ids = [p.id for p in processes]
    budgets: dict[int, Decimal] = {}
    dues: dict[int, date] = {}
    if ids:
        budgets = dict(session.execute(
            select(Measure.process_id, func.sum(Measure.budget))
            .where(Measure.process_id.in_(ids), Measure.budget.is_not(None))
            .group_by(Measure.process_id)).all())
        dues = dict(session.execute(
            select(Deliverable.process_id, func.min(Deliverable.due_on))
            .where(Deliverable.process_id.in_(ids), Deliverable.due_on.is_not(None),
                   Deliverable.status != "accepted")
            .group_by(Deliverable.process_id)).all())
    figures = monitoring_figures(session, processes, today=today)
    rows = []
    for process in processes:
        definition = definition_of(process)
        stage = process.working_stage
        title: Any = (definition.stage(stage).title if stage in definition.stage_keys
                      else stage)
        deadline, kind = _next_deadline(process, dues.get(process.id))
        rows.append(PortfolioRow(
            id=process.id, title=process.title, country=process.country,
            workflow=definition.key, state=process.state, stage_title=title,
            institution_id=process.requesting_institution_id,
            institution=process.requesting_institution.name, currency=process.currency,
            next_deadline=deadline, next_deadline_kind=kind,
            overdue=deadline is not None and deadline < today and process.state != SUSPENDED,
            budget_planned=budgets.get(process.id),
            monitoring=figures.get(process.id, MonitoringFigures()),
        ))
    return rows


def _next_deadline(process: Process, due: date | None) -> tuple[date | None, str | None]:
    """The earliest open date: the current stage's target or a deliverable still due."""
    record = process.stage_record(process.working_stage)
    target = record.target_date if record is not None and record.completed_at is None else None
    candidates = [(d, k) for d, k in ((target, "stage"), (due, "deliverable")) if d is not None]
    return min(candidates) if candidates else (None, None)


def sort_rows(rows: list[PortfolioRow], key: str, order: str) -> list[PortfolioRow]:
    """Sorted by one column; rows without a value come last whichever the direction."""
    def value(row: PortfolioRow) -> Any:
        if key == "stage":
            return str(row.stage_title).lower()
        if key in ("title", "institution"):
            return str(getattr(row, key)).lower()
        return getattr(row, key)

    present = [r for r in rows if value(r) is not None]
    missing = [r for r in rows if value(r) is None]
    present.sort(key=lambda r: (value(r), r.id), reverse=order == "desc")
    return present + sorted(missing, key=lambda r: r.id)


CSV_COLUMNS = ("id", "title", "country", "institution", "stage", "next_deadline",
               "budget_planned", "budget_spent", "measures_delayed", "indicators_off_track",
               "currency")


def as_csv(rows: list[PortfolioRow], header: list[str] | None = None,
           stage_title: Any = str) -> str:
    """The rows as CSV with a header line; text a spreadsheet would run is neutralised."""
    def cell(value: Any) -> str:
        return "" if value is None else str(value)

    table = (list(header or CSV_COLUMNS), [
        [cell(r.id), r.title, r.country, r.institution, cell(stage_title(r.stage_title)),
         cell(r.next_deadline), cell(r.budget_planned), cell(r.budget_spent),
         cell(r.measures_delayed), cell(r.indicators_off_track), cell(r.currency)]
        for r in rows])
    return to_csv(table)
