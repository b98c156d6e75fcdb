"""What is reported during implementation: progress on measures, indicator values, periods.

The members of a measure's responsible institution report its progress for a
period; the lead and the core group record indicator values and draft the
period's narrative; the lead validates the period once every measure due is
reported, which submits the period's monitoring report as a deliverable of the
implementation stage, then accepts it like any other deliverable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.catalog import definition_of
from engine.db import utcnow
from engine.errors import Conflict, InvalidInput
from engine.i18n import Items, msg
from engine.models import (
    Deliverable,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureProgress,
    MonitoringPeriod,
    MonitoringSettings,
    Process,
    User,
)
from engine.permissions import Action, authorize
from engine.services import audit, deliverables, inputs, loading
from engine.services.analysis.actions import list_measures
from engine.services.monitoring.periods import Period, calendar, check_period, settings_of
from engine.text.excerpt import excerpt
from engine.vocabulary import MEASURE_STATUSES, REPORTING_FREQUENCIES, SUSPENDED

STAGE = "implementation"
REPORTING_STAGES = ("implementation", "evaluation")
CLOSED = ("completed", "cancelled")
CENT = Decimal("0.01")


def check_monitored(process: Process) -> None:
    """Refuse unless the process's workflow has an implementation stage and is in it (or later)."""
    definition = definition_of(process)
    if STAGE not in definition.stage_keys:
        raise Conflict(msg("This process's workflow has no implementation stage."),
                       {"state": msg("no implementation stage")})
    state = process.working_stage if process.state == SUSPENDED else process.state
    if state not in REPORTING_STAGES or process.state == SUSPENDED:
        raise Conflict(msg("Progress is reported once the policy is in implementation."),
                       {"state": msg("not in implementation")})


def _today(today: date | None) -> date:
    return today or utcnow().date()


def period_record(session: Session, process: Process, key: str) -> MonitoringPeriod | None:
    return session.scalar(select(MonitoringPeriod).where(
        MonitoringPeriod.process_id == process.id, MonitoringPeriod.period == key))


def _period_row(session: Session, process: Process, key: str) -> MonitoringPeriod:
    found = period_record(session, process, key)
    if found is None:
        found = MonitoringPeriod(process_id=process.id, period=key, narrative="")
        session.add(found)
        session.flush()
    return found


def _open_period(session: Session, process: Process, key: Any, today: date | None,
                 field: str = "period") -> Period:
    measures = list_measures(session, process)
    period = check_period(key, calendar(process, settings_of(session, process), measures),
                          _today(today), field)
    record = period_record(session, process, period.key)
    if record is not None and record.validated_at is not None:
        raise Conflict(msg("The period %(period)s is validated: its reports are closed.",
                           period=period.key), {field: msg("validated")})
    return period


def _amount(value: Any, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise InvalidInput(msg("%(field)s must be an amount.", field=field),
                           {field: msg("must be an amount")})
    try:
        amount = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise InvalidInput(msg("%(field)s must be an amount.", field=field),
                           {field: msg("must be an amount")}) from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e12"):
        raise InvalidInput(msg("%(field)s must be an amount.", field=field),
                           {field: msg("must be an amount of zero or more")})
    return amount.quantize(CENT)


def _number(value: Any, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InvalidInput(msg("%(field)s must be a number.", field=field),
                           {field: msg("must be a number")})
    try:
        number = float(str(value).strip().replace(" ", "").replace(",", "."))
    except ValueError:
        raise InvalidInput(msg("%(field)s must be a number.", field=field),
                           {field: msg("must be a number")}) from None
    if number != number or abs(number) >= 1e15:  # NaN or absurd
        raise InvalidInput(msg("%(field)s must be a number.", field=field),
                           {field: msg("must be a number")})
    return number


# ---------------------------------------------------------------- settings


def set_settings(session: Session, actor: User, process: Process, *, frequency: Any,
                 starts_on: Any = None) -> MonitoringSettings:
    """Choose yearly or quarterly reporting and the date the calendar starts (lead)."""
    authorize(session, actor, Action.MANAGE, process)
    chosen = inputs.choice(frequency, "frequency", REPORTING_FREQUENCIES)
    start = inputs.a_date(starts_on, "starts_on")
    if session.scalar(select(MeasureProgress.id).where(MeasureProgress.process_id == process.id)
                      .limit(1)) is not None:
        current = settings_of(session, process)
        if current.frequency != chosen or current.starts_on != start:
            raise Conflict(msg("Progress has been reported: the reporting calendar can no longer "
                               "change."), {"frequency": msg("progress already reported")})
    settings = session.get(MonitoringSettings, process.id)
    if settings is None:
        settings = MonitoringSettings(process_id=process.id)
        session.add(settings)
    settings.frequency, settings.starts_on, settings.updated_at = chosen, start, utcnow()
    session.flush()
    audit.record(session, actor, "monitoring.settings",
                 f"Reporting set to {chosen}" + (f" from {start.isoformat()}" if start else ""),
                 process=process, stage=STAGE,
                 data={"frequency": chosen, "starts_on": start.isoformat() if start else None})
    return settings


# ---------------------------------------------------------------- progress


def get_measure(session: Session, actor: User | None, measure_id: Any) -> Measure:
    return loading.get_item(session, actor, Measure, measure_id, "measure")


def report_progress(session: Session, actor: User, measure: Measure, *, period: Any,
                    status: Any, spent: Any = None, note: Any = None,
                    today: date | None = None) -> MeasureProgress:
    """Report a measure's status, spending and note for a period (its institution's members)."""
    process = loading.process_of(session, measure.process_id)
    authorize(session, actor, Action.REPORT_PROGRESS, process, institution_id=measure.responsible_id)
    check_monitored(process)
    chosen = inputs.choice(status, "status", MEASURE_STATUSES)
    amount = _amount(spent, "spent")
    text = inputs.text(note, "note", max_length=4000, required=chosen == "delayed")
    found = _open_period(session, process, period, today)
    row = session.scalar(select(MeasureProgress).where(
        MeasureProgress.measure_id == measure.id, MeasureProgress.period == found.key))
    if row is None:
        row = MeasureProgress(process_id=process.id, measure_id=measure.id, period=found.key)
        session.add(row)
    row.status, row.spent, row.note = chosen, amount, text
    row.reported_by_id, row.reported_at = actor.id, utcnow()
    session.flush()
    audit.record(session, actor, "monitoring.progress",
                 f"Progress on “{excerpt(measure.title)}” for {found.key}: {chosen}",
                 process=process, stage=STAGE, subject=measure,
                 data={"measure": measure.title, "period": found.key, "status": chosen,
                       "spent": str(amount) if amount is not None else None, "note": text})
    return row


# ---------------------------------------------------------------- indicators


def get_indicator(session: Session, actor: User | None, indicator_id: Any) -> Indicator:
    return loading.get_item(session, actor, Indicator, indicator_id, "indicator",
                            process_id=lambda indicator: indicator.objective.process_id)


def record_value(session: Session, actor: User, indicator: Indicator, *, period: Any,
                 value: Any, note: Any = None, today: date | None = None) -> IndicatorValue:
    """Record (or correct) an indicator's value for a period (lead and core group)."""
    process = loading.process_of(session, indicator.objective.process_id)
    authorize(session, actor, Action.RECORD_INDICATOR, process)
    check_monitored(process)
    number = _number(value, "value")
    text = inputs.text(note, "note", max_length=4000, required=False)
    found = _open_period(session, process, period, today)
    row = session.scalar(select(IndicatorValue).where(
        IndicatorValue.indicator_id == indicator.id, IndicatorValue.period == found.key))
    if row is None:
        row = IndicatorValue(process_id=process.id, indicator_id=indicator.id, period=found.key)
        session.add(row)
    row.value, row.note, row.recorded_by_id, row.recorded_at = number, text, actor.id, utcnow()
    session.flush()
    audit.record(session, actor, "monitoring.indicator_value",
                 f"Value of “{excerpt(indicator.name)}” for {found.key}: {number:g}",
                 process=process, stage=STAGE, subject=indicator,
                 data={"indicator": indicator.name, "period": found.key, "value": number,
                       "note": text})
    return row


# ---------------------------------------------------------------- periods


def save_narrative(session: Session, actor: User, process: Process, *, period: Any,
                   narrative: Any, today: date | None = None) -> MonitoringPeriod:
    """The core group's narrative of a period (Markdown), printed in its monitoring report."""
    authorize(session, actor, Action.EDIT, process)
    check_monitored(process)
    text = inputs.text(narrative, "narrative", max_length=20000, required=False)
    found = _open_period(session, process, period, today)
    row = _period_row(session, process, found.key)
    row.narrative, row.updated_at = text, utcnow()
    session.flush()
    audit.record(session, actor, "monitoring.narrative", f"Narrative of {found.key} saved",
                 process=process, stage=STAGE, data={"period": found.key})
    return row


@dataclass(frozen=True)
class Due:
    """The measures a period needs a report on, and those still missing one."""

    measures: list[Measure]
    missing: list[Measure]


def due_in(period: Period, measures: list[Measure],
           progress: list[MeasureProgress]) -> Due:
    """Measures running in the period and not closed (completed, cancelled) before it."""
    closed_before = {p.measure_id for p in progress
                     if p.status in CLOSED and p.period < period.key}
    reported = {p.measure_id for p in progress if p.period == period.key}
    due = [m for m in measures if m.id not in closed_before
           and (m.start_on or m.end_on or period.start) <= period.end
           and (m.end_on or m.start_on or period.end) >= period.start]
    return Due(due, [m for m in due if m.id not in reported])


def progress_rows(session: Session, process: Process) -> list[MeasureProgress]:
    return list(session.scalars(select(MeasureProgress).where(
        MeasureProgress.process_id == process.id).order_by(MeasureProgress.period,
                                                           MeasureProgress.measure_id)))


def validate_period(session: Session, actor: User, process: Process, *, period: Any,
                    today: date | None = None) -> MonitoringPeriod:
    """Close a period once every measure due is reported (lead); its report is submitted."""
    authorize(session, actor, Action.VALIDATE_PERIOD, process)
    check_monitored(process)
    found = _open_period(session, process, period, today)
    measures = list_measures(session, process)
    missing = due_in(found, measures, progress_rows(session, process)).missing
    if missing:
        names = Items([excerpt(m.title) for m in missing])
        raise Conflict(msg("Progress is still missing for %(period)s: %(names)s.",
                           period=found.key, names=names), {"period": msg("reports missing")})
    row = _period_row(session, process, found.key)
    row.validated_at, row.validated_by_id, row.updated_at = utcnow(), actor.id, utcnow()
    report = session.get(Deliverable, row.deliverable_id) if row.deliverable_id else None
    if report is None:
        report = deliverables.create_deliverable(
            session, actor, process, stage=STAGE, kind="monitoring_report",
            title=f"Monitoring report {found.key}")
        row.deliverable_id = report.id
    if report.status in ("draft", "returned"):
        deliverables.update_deliverable(session, actor, report, status="submitted")
    session.flush()
    audit.record(session, actor, "monitoring.validated", f"Reporting period {found.key} validated",
                 process=process, stage=STAGE, data={"period": found.key})
    return row


def accept_report(session: Session, actor: User, process: Process, *, period: Any,
                  today: date | None = None) -> Deliverable:
    """Accept a validated period's monitoring report (lead), through the deliverable's flow."""
    authorize(session, actor, Action.VALIDATE_PERIOD, process)
    check_monitored(process)
    measures = list_measures(session, process)
    found = check_period(period, calendar(process, settings_of(session, process), measures),
                         _today(today))
    row = period_record(session, process, found.key)
    report = session.get(Deliverable, row.deliverable_id) if row and row.deliverable_id else None
    if row is None or row.validated_at is None or report is None:
        raise Conflict(msg("Validate the period %(period)s before accepting its report.",
                           period=found.key), {"period": msg("not validated")})
    if report.status != "accepted":
        if report.status != "submitted":
            deliverables.update_deliverable(session, actor, report, status="submitted")
        deliverables.update_deliverable(session, actor, report, status="accepted")
    return report
