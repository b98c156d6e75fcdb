"""The action plan: measures with who, when, how measured and with which money; totals.

Budget totals by year spread each measure's budget **pro rata over the days**
it runs in each calendar year (start and end dates included); the shares are
rounded to the cent and the last year takes the rounding remainder, so the
years always add up to the budget. A measure without dates is counted in an
"undated" column; one without a responsible institution under "No
responsible institution".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.errors import InvalidInput
from engine.i18n import msg
from engine.models import Indicator, Instrument, Measure, MeasurePartner, Objective, Process, User
from engine.services import inputs, loading
from engine.services.analysis import common

FIELDS = ("title", "description", "instrument_id", "objective_id", "responsible_id",
          "partner_ids", "start_on", "end_on", "indicator_id", "output_indicator", "budget",
          "funding_source", "no_cost", "stage")
CENT = Decimal("0.01")
NO_RESPONSIBLE = "No responsible institution"


def list_measures(session: Session, process: Process) -> list[Measure]:
    return common.read_once(session, ("measures", process.id), lambda: list(session.scalars(
        select(Measure).where(Measure.process_id == process.id).order_by(Measure.id)
    )))


def get_measure(session: Session, actor: User | None, measure_id: Any) -> Measure:
    return loading.get_item(session, actor, Measure, measure_id, "measure")


def create_measure(
    session: Session,
    actor: User,
    process: Process,
    *,
    title: Any,
    description: Any = None,
    instrument_id: Any = None,
    objective_id: Any = None,
    responsible_id: Any = None,
    partner_ids: Any = None,
    start_on: Any = None,
    end_on: Any = None,
    indicator_id: Any = None,
    output_indicator: Any = None,
    budget: Any = None,
    funding_source: Any = None,
    no_cost: Any = False,
    stage: Any = None,
) -> Measure:
    """A measure of the action plan, under an instrument and/or an objective.

    ``budget`` is an amount (text like "125000.50", or a number); dates are
    ISO ``YYYY-MM-DD``; ``indicator_id`` names an indicator of the objectives,
    ``output_indicator`` describes one of the measure itself.
    """
    common.can_edit(session, actor, process)
    measure = Measure(process_id=process.id, stage_key=common.stage_for(process, stage),
                      title=inputs.text(title, "title"))
    _apply(session, process, measure, {
        "description": description, "instrument_id": instrument_id,
        "objective_id": objective_id, "responsible_id": responsible_id,
        "partner_ids": partner_ids, "start_on": start_on, "end_on": end_on,
        "indicator_id": indicator_id, "output_indicator": output_indicator, "budget": budget,
        "funding_source": funding_source, "no_cost": no_cost,
    })
    session.add(measure)
    session.flush()
    common.record(session, actor, process, "analysis.measure.created",
                  f"Measure “{measure.title}” added to the action plan", measure,
                  after=snapshot(measure))
    return measure


def update_measure(session: Session, actor: User, measure: Measure, **changes: Any) -> Measure:
    process = loading.process_of(session, measure.process_id)
    common.can_edit(session, actor, process)
    common.unknown_fields(changes, FIELDS)
    with common.recorded_update(session, actor, process, measure, snapshot,
                                "analysis.measure.updated",
                                lambda m: f"Measure “{m.title}” updated"):
        if "title" in changes:
            measure.title = inputs.text(changes["title"], "title")
        if "stage" in changes:
            measure.stage_key = common.stage_for(process, changes["stage"])
        _apply(session, process, measure, {k: v for k, v in changes.items()
                                           if k not in ("title", "stage")})
    return measure


def delete_measure(session: Session, actor: User, measure: Measure) -> None:
    process = loading.process_of(session, measure.process_id)
    common.can_edit(session, actor, process)
    before = snapshot(measure)
    common.delete_comments(session, "measure", measure.id)
    common.record(session, actor, process, "analysis.measure.deleted",
                  f"Measure “{measure.title}” removed from the action plan", measure,
                  before=before)
    session.delete(measure)
    session.flush()


def set_currency(session: Session, actor: User, process: Process, currency: Any) -> Process:
    """Set the ISO 4217 currency of the action plan's amounts (empty: the site's default)."""
    common.can_edit(session, actor, process)
    before = process.currency
    process.currency = inputs.currency(currency)
    if process.currency != before:
        session.flush()
        common.record(session, actor, process, "analysis.currency.changed",
                      f"Currency of the action plan: {process.currency or 'the default'}",
                      process, before={"currency": before}, after={"currency": process.currency},
                      stage=process.working_stage)
    return process


def _apply(session: Session, process: Process, measure: Measure, values: dict[str, Any]) -> None:
    if "description" in values:
        measure.description = common.long_text(values["description"], "description")
    if "instrument_id" in values:
        measure.instrument = common.ref(session, Instrument, values["instrument_id"],
                                        "instrument_id", "instrument", process)
    if "objective_id" in values:
        measure.objective = common.ref(session, Objective, values["objective_id"],
                                       "objective_id", "objective", process)
    if "responsible_id" in values:
        measure.responsible = common.institution(session, values["responsible_id"],
                                                 "responsible_id")
    if "partner_ids" in values:
        wanted = common.institutions(session, values["partner_ids"], "partner_ids")
        common.replace_links(measure.partner_links, wanted, MeasurePartner)
    start = inputs.a_date(values["start_on"], "start_on") if "start_on" in values \
        else measure.start_on
    end = inputs.a_date(values["end_on"], "end_on") if "end_on" in values else measure.end_on
    if start and end and end < start:
        raise InvalidInput(msg("The measure ends before it starts."), {"end_on": msg("before start_on")})
    measure.start_on, measure.end_on = start, end
    if "indicator_id" in values:
        indicator = common.ref(session, Indicator, values["indicator_id"], "indicator_id",
                               "indicator")
        if indicator is not None and indicator.objective.process_id != process.id:
            raise InvalidInput(msg("Unknown indicator."),
                               {"indicator_id": msg("not an indicator of this process")})
        measure.indicator = indicator
    if "output_indicator" in values:
        measure.output_indicator = inputs.optional_text(values["output_indicator"],
                                                        "output_indicator")
    if "budget" in values:
        measure.budget = common.money(values["budget"], "budget")
    if "funding_source" in values:
        measure.funding_source = inputs.optional_text(values["funding_source"],
                                                      "funding_source", max_length=200)
    if "no_cost" in values:
        measure.no_cost = inputs.flag(values["no_cost"], "no_cost")


def snapshot(measure: Measure) -> dict[str, Any]:
    return {
        "stage": measure.stage_key,
        "title": measure.title,
        "description": measure.description,
        "instrument": measure.instrument.title if measure.instrument is not None else None,
        "objective": measure.objective.title if measure.objective is not None else None,
        "responsible": common.name_of(measure.responsible),
        "partners": [p.name for p in measure.partners],
        "start_on": measure.start_on.isoformat() if measure.start_on else None,
        "end_on": measure.end_on.isoformat() if measure.end_on else None,
        "indicator": measure.indicator.name if measure.indicator is not None else None,
        "output_indicator": measure.output_indicator,
        "budget": str(measure.budget) if measure.budget is not None else None,
        "funding_source": measure.funding_source,
        "no_cost": bool(measure.no_cost),
    }


def objective_of(measure: Measure) -> Objective | None:
    """The measure's objective, or the one its instrument's option serves."""
    if measure.objective is not None:
        return measure.objective
    instrument = measure.instrument
    if instrument is not None and instrument.option is not None:
        return instrument.option.objective
    return None


# ------------------------------------------------------------------ budget


def spread_by_year(amount: Decimal, start: date, end: date) -> dict[int, Decimal]:
    """Share ``amount`` between calendar years in proportion to the days in each."""
    days = (end - start).days + 1
    shares: dict[int, Decimal] = {}
    given = Decimal("0")
    years = list(range(start.year, end.year + 1))
    for y in years:
        if y == years[-1]:
            shares[y] = amount - given
            break
        first = max(start, date(y, 1, 1))
        last = min(end, date(y, 12, 31))
        part = (amount * ((last - first).days + 1) / days).quantize(CENT, ROUND_HALF_UP)
        shares[y] = part
        given += part
    return shares


@dataclass
class BudgetTotals:
    """Budget by responsible institution (rows) and year (columns)."""

    years: list[int] = field(default_factory=list)
    rows: list[tuple[str, dict[int | None, Decimal], Decimal]] = field(default_factory=list)
    by_year: dict[int | None, Decimal] = field(default_factory=dict)
    total: Decimal = Decimal("0.00")
    undated: bool = False  # some budget has no dates (column key None)
    unbudgeted: int = 0  # measures without a budget
    currency: str | None = None  # the process's ISO 4217 code; None: the site's default


def budget_totals(session: Session, process: Process) -> BudgetTotals:
    """Budget per responsible institution and year (see the module notes for the spread)."""
    per: dict[str, dict[int | None, Decimal]] = {}
    result = BudgetTotals(currency=process.currency)
    for measure in list_measures(session, process):
        if measure.budget is None:
            if not measure.no_cost:  # a measure that costs nothing lacks no budget
                result.unbudgeted += 1
            continue
        who = measure.responsible.name if measure.responsible is not None else NO_RESPONSIBLE
        row = per.setdefault(who, {})
        if measure.start_on and measure.end_on:
            shares: dict[int | None, Decimal] = dict(
                spread_by_year(measure.budget, measure.start_on, measure.end_on))
        elif measure.start_on or measure.end_on:
            only = measure.start_on or measure.end_on
            assert only is not None
            shares = {only.year: measure.budget}
        else:
            shares = {None: measure.budget}
            result.undated = True
        for y, amount in shares.items():
            row[y] = row.get(y, Decimal("0")) + amount
            result.by_year[y] = result.by_year.get(y, Decimal("0")) + amount
        result.total += measure.budget
    result.years = sorted(y for y in result.by_year if y is not None)
    names = sorted(per, key=lambda n: (n == NO_RESPONSIBLE, n.casefold()))
    result.rows = [(name, per[name], sum(per[name].values(), Decimal("0"))) for name in names]
    return result


@dataclass(frozen=True)
class TimelineRow:
    measure: Measure
    start: date
    end: date


def timeline(session: Session, process: Process) -> tuple[list[TimelineRow], list[Measure]]:
    """Measures with dates in start order (a measure with one date lasts that day), and the undated."""
    dated: list[TimelineRow] = []
    undated: list[Measure] = []
    for measure in list_measures(session, process):
        start = measure.start_on or measure.end_on
        end = measure.end_on or measure.start_on
        if start is None or end is None:
            undated.append(measure)
        else:
            dated.append(TimelineRow(measure, start, end))
    dated.sort(key=lambda r: (r.start, r.end, r.measure.id))
    return dated, undated
