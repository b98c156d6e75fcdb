"""The monitoring of a process read in a few set-based queries: progress, indicators, budget, flags.

**Off its trajectory.** An indicator with a numeric baseline and target (and
their years) is expected to move along the straight line from its baseline
(reached at the end of the baseline year) to its target (at the end of the
target year). A value is *off its trajectory* when the share of the
baseline-to-target distance it has covered falls short of the share expected
at the end of its period by more than ``TOLERANCE`` (a tenth of the distance).
Going faster than planned is never a flag; an indicator whose target equals
its baseline has no trajectory to leave.

**Flags.** A measure past its end date and not completed (nor cancelled); a
reporting period that has ended and is not reported and validated; an
indicator whose latest value is off its trajectory.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.db import utcnow
from engine.models import (
    Deliverable,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureProgress,
    MonitoringPeriod,
    MonitoringSettings,
    Objective,
    Process,
)
from engine.services.analysis.actions import list_measures, spread_by_year
from engine.services.monitoring.periods import (
    Period,
    calendar,
    period_from_key,
    settings_of,
)
from engine.services.monitoring.progress import CLOSED, due_in

TOLERANCE = 0.10
ZERO = Decimal("0.00")
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def number_in(text: str | None) -> float | None:
    """The number a baseline or target is written with ("12.5", "45 %", "1,5"), or None."""
    if not text:
        return None
    found = _NUMBER.search(text.replace("\u00a0", "").replace(" ", ""))
    return float(found.group(0).replace(",", ".")) if found else None


@dataclass
class Point:
    period: str
    value: float
    expected: float | None
    off_track: bool
    note: str = ""


@dataclass
class Track:
    """An indicator's trajectory: baseline, target, the values reported, where it should be."""

    indicator: Indicator
    baseline: float | None
    target: float | None
    points: list[Point] = field(default_factory=list)

    @property
    def has_path(self) -> bool:
        i = self.indicator
        return (self.baseline is not None and self.target is not None
                and i.baseline_year is not None and i.target_year is not None
                and i.target_year > i.baseline_year)

    def expected_at(self, position: float) -> float | None:
        """The value on the straight baseline-to-target line at a position in years."""
        if not self.has_path:
            return None
        i = self.indicator
        baseline, target = float(self.baseline or 0), float(self.target or 0)
        share = (position - i.baseline_year) / (i.target_year - i.baseline_year)
        share = max(0.0, min(1.0, share))
        return baseline + share * (target - baseline)

    def is_off(self, position: float, value: float) -> bool:
        expected = self.expected_at(position)
        if expected is None or self.target == self.baseline:
            return False
        baseline, target = float(self.baseline or 0), float(self.target or 0)
        distance = target - baseline
        covered = (value - baseline) / distance
        wanted = (expected - baseline) / distance
        return wanted - covered > TOLERANCE

    def value_in(self, period: str) -> Point | None:
        return next((p for p in self.points if p.period == period), None)

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None

    @property
    def off_track(self) -> bool:
        return self.latest is not None and self.latest.off_track


@dataclass
class MeasureRow:
    measure: Measure
    progress: MeasureProgress | None  # the selected period's report
    last_status: str | None  # the latest status reported up to the selected period
    spent: Decimal  # everything reported as spent, all periods
    due: bool  # a report is due for the selected period
    overdue: bool  # past its end date and not completed


@dataclass
class ObjectiveBlock:
    objective: Objective | None
    rows: list[MeasureRow] = field(default_factory=list)


@dataclass
class PeriodState:
    period: Period
    record: MonitoringPeriod | None
    missing: int
    report_status: str | None  # the monitoring report deliverable's status

    @property
    def validated(self) -> bool:
        return self.record is not None and self.record.validated_at is not None


@dataclass
class BudgetLine:
    measure: Measure
    planned: Decimal | None
    spent: Decimal
    funded: bool


@dataclass
class Budget:
    lines: list[BudgetLine]
    years: list[tuple[int, Decimal, Decimal]]  # year, planned, spent
    planned: Decimal
    spent: Decimal
    funded: Decimal
    unfunded: Decimal
    currency: str | None


@dataclass(frozen=True)
class Flag:
    kind: str  # measure_overdue, period_unreported, indicator_off_track
    title: str  # the measure, the period or the indicator
    period: str | None = None
    ref: int | None = None


@dataclass
class Monitoring:
    process: Process
    settings: MonitoringSettings
    periods: list[PeriodState]
    selected: PeriodState | None
    blocks: list[ObjectiveBlock]
    tracks: list[Track]
    budget: Budget
    flags: list[Flag]
    today: date

    @property
    def delayed(self) -> list[MeasureRow]:
        return [r for b in self.blocks for r in b.rows
                if r.progress is not None and r.progress.status == "delayed"]

    @property
    def narrative(self) -> str:
        record = self.selected.record if self.selected else None
        return record.narrative if record is not None else ""


def _tracks(indicators: list[Indicator], values: list[IndicatorValue],
            upto: str | None = None) -> list[Track]:
    by_indicator: dict[int, list[IndicatorValue]] = defaultdict(list)
    for value in values:
        by_indicator[value.indicator_id].append(value)
    tracks = []
    for indicator in indicators:
        track = Track(indicator, number_in(indicator.baseline), number_in(indicator.target))
        for value in sorted(by_indicator[indicator.id], key=lambda v: v.period):
            found = period_from_key(value.period)
            if found is None or (upto is not None and value.period > upto):
                continue
            track.points.append(Point(value.period, value.value, track.expected_at(found.position),
                                      track.is_off(found.position, value.value), value.note))
        tracks.append(track)
    return tracks


def read(session: Session, process: Process, period: str | None = None, *,
         today: date | None = None) -> Monitoring:
    """Everything the monitoring page, the API and the report show, for one selected period.

    ``period`` None: the latest period that has started. Unknown keys fall back to it.
    """
    today = today or utcnow().date()
    settings = settings_of(session, process)
    measures = list_measures(session, process)
    periods = calendar(process, settings, measures)
    progress = list(session.scalars(select(MeasureProgress).where(
        MeasureProgress.process_id == process.id).order_by(MeasureProgress.period)))
    records = {r.period: r for r in session.scalars(select(MonitoringPeriod).where(
        MonitoringPeriod.process_id == process.id))}
    report_ids = [r.deliverable_id for r in records.values() if r.deliverable_id]
    reports = {d.id: d.status for d in session.scalars(
        select(Deliverable).where(Deliverable.id.in_(report_ids)))} if report_ids else {}
    indicators = list(session.scalars(
        select(Indicator).join(Objective).where(Objective.process_id == process.id)
        .order_by(Objective.id, Indicator.id)))
    values = list(session.scalars(select(IndicatorValue).where(
        IndicatorValue.process_id == process.id)))

    states = []
    for p in periods:
        record = records.get(p.key)
        states.append(PeriodState(
            p, record, len(due_in(p, measures, progress).missing),
            reports.get(record.deliverable_id) if record and record.deliverable_id else None))
    started = [s for s in states if s.period.has_started(today)]
    selected = next((s for s in states if s.period.key == period), None) or (
        started[-1] if started else (states[0] if states else None))

    by_measure: dict[int, list[MeasureProgress]] = defaultdict(list)
    for row in progress:
        by_measure[row.measure_id].append(row)
    due_ids = {m.id for m in due_in(selected.period, measures, progress).measures} if selected \
        else set()
    blocks: dict[int | None, ObjectiveBlock] = {}
    rows = []
    for measure in measures:
        history = by_measure[measure.id]
        upto = [h for h in history if selected is None or h.period <= selected.period.key]
        current = next((h for h in history if selected and h.period == selected.period.key), None)
        last = upto[-1].status if upto else None
        latest = history[-1].status if history else None
        row = MeasureRow(
            measure, current, last,
            sum((h.spent for h in history if h.spent is not None), ZERO),
            measure.id in due_ids,
            measure.end_on is not None and measure.end_on < today and latest not in CLOSED,
        )
        rows.append(row)
        objective = measure.objective or (measure.instrument.option.objective
                                          if measure.instrument and measure.instrument.option
                                          else None)
        key = objective.id if objective is not None else None
        blocks.setdefault(key, ObjectiveBlock(objective)).rows.append(row)

    tracks = _tracks(indicators, values, selected.period.key if selected else None)
    budget = _budget(process, rows, progress)
    flags = [Flag("measure_overdue", r.measure.title, ref=r.measure.id) for r in rows if r.overdue]
    flags += [Flag("period_unreported", s.period.key, s.period.key) for s in states
              if s.period.is_past(today) and not s.validated]
    flags += [Flag("indicator_off_track", t.indicator.name, t.latest.period, t.indicator.id)
              for t in _tracks(indicators, values) if t.off_track and t.latest is not None]
    ordered = sorted(blocks.values(), key=lambda b: (b.objective is None,
                                                     b.objective.id if b.objective else 0))
    return Monitoring(process, settings, states, selected, ordered, tracks, budget, flags, today)


def _budget(process: Process, rows: list[MeasureRow], progress: list[MeasureProgress]) -> Budget:
    lines = [BudgetLine(r.measure, r.measure.budget, r.spent, bool(r.measure.funding_source))
             for r in rows]
    planned_by_year: dict[int, Decimal] = defaultdict(lambda: ZERO)
    spent_by_year: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for r in rows:
        m = r.measure
        if m.budget is None:
            continue
        if m.start_on and m.end_on:
            for year, amount in spread_by_year(m.budget, m.start_on, m.end_on).items():
                planned_by_year[year] += amount
        elif m.start_on or m.end_on:
            only = m.start_on or m.end_on
            assert only is not None
            planned_by_year[only.year] += m.budget
    for row in progress:
        found = period_from_key(row.period)
        if found is not None and row.spent is not None:
            spent_by_year[found.year] += row.spent
    years = sorted(set(planned_by_year) | set(spent_by_year))
    planned = sum((line.planned for line in lines if line.planned is not None), ZERO)
    funded = sum((line.planned for line in lines if line.planned is not None and line.funded),
                 ZERO)
    return Budget(lines, [(y, planned_by_year[y], spent_by_year[y]) for y in years], planned,
                  sum((line.spent for line in lines), ZERO), funded, planned - funded,
                  process.currency)


def as_data(view: Monitoring) -> dict[str, Any]:
    """The JSON answer of ``GET /processes/{id}/monitoring``."""
    def money(value: Decimal | None) -> str | None:
        return str(value) if value is not None else None

    selected = view.selected
    return {
        "process_id": view.process.id,
        "frequency": view.settings.frequency or "yearly",
        "period": selected.period.key if selected else None,
        "periods": [{"period": s.period.key, "start": s.period.start.isoformat(),
                     "end": s.period.end.isoformat(), "validated": s.validated,
                     "missing_reports": s.missing, "report_status": s.report_status}
                    for s in view.periods],
        "objectives": [{
            "objective": {"id": b.objective.id, "title": b.objective.title} if b.objective
            else None,
            "measures": [{
                "id": r.measure.id, "title": r.measure.title,
                "responsible_id": r.measure.responsible_id,
                "status": r.progress.status if r.progress else None,
                "spent": money(r.progress.spent) if r.progress else None,
                "note": r.progress.note if r.progress else None,
                "due": r.due, "overdue": r.overdue, "spent_total": money(r.spent),
                "budget": money(r.measure.budget),
            } for r in b.rows],
        } for b in view.blocks],
        "indicators": [{
            "id": t.indicator.id, "name": t.indicator.name, "unit": t.indicator.unit,
            "baseline": t.baseline, "baseline_year": t.indicator.baseline_year,
            "target": t.target, "target_year": t.indicator.target_year,
            "values": [{"period": p.period, "value": p.value, "expected": p.expected,
                        "off_track": p.off_track, "note": p.note} for p in t.points],
            "off_track": t.off_track,
        } for t in view.tracks],
        "budget": {
            "currency": view.budget.currency, "planned": money(view.budget.planned),
            "spent": money(view.budget.spent), "funded": money(view.budget.funded),
            "unfunded": money(view.budget.unfunded),
            "years": [{"year": y, "planned": money(p), "spent": money(s)}
                      for y, p, s in view.budget.years],
            "measures": [{"id": line.measure.id, "planned": money(line.planned),
                          "spent": money(line.spent), "funded": line.funded}
                         for line in view.budget.lines],
        },
        "flags": [{"kind": f.kind, "title": f.title, "period": f.period, "ref": f.ref}
                  for f in view.flags],
        "narrative": view.narrative,
    }


MONITORED_STATES = ("implementation", "evaluation")


def flags_of(session: Session, processes: list[Process], *,
             today: date | None = None) -> dict[int, list[Flag]]:
    """The flags of many processes at once (the dashboard): a fixed number of queries.

    Only processes in implementation or evaluation are read; the others have no flags.
    """
    today = today or utcnow().date()
    watched = {p.id: p for p in processes if p.state in MONITORED_STATES}
    found: dict[int, list[Flag]] = {pid: [] for pid in watched}
    if not watched:
        return found
    ids = list(watched)
    measures = list(session.scalars(select(Measure).where(Measure.process_id.in_(ids))
                                    .order_by(Measure.id)))
    progress = list(session.scalars(select(MeasureProgress).where(
        MeasureProgress.process_id.in_(ids)).order_by(MeasureProgress.period)))
    settings = {s.process_id: s for s in session.scalars(
        select(MonitoringSettings).where(MonitoringSettings.process_id.in_(ids)))}
    validated = {(r.process_id, r.period) for r in session.scalars(select(MonitoringPeriod).where(
        MonitoringPeriod.process_id.in_(ids), MonitoringPeriod.validated_at.is_not(None)))}
    indicators = list(session.scalars(
        select(Indicator).join(Objective).where(Objective.process_id.in_(ids))
        .order_by(Objective.id, Indicator.id)))
    values = list(session.scalars(select(IndicatorValue).where(
        IndicatorValue.process_id.in_(ids))))
    latest: dict[int, str] = {}
    for row in progress:
        latest[row.measure_id] = row.status
    by_process: dict[int, list[Measure]] = defaultdict(list)
    for measure in measures:
        by_process[measure.process_id].append(measure)
        if (measure.end_on is not None and measure.end_on < today
                and latest.get(measure.id) not in CLOSED):
            found[measure.process_id].append(
                Flag("measure_overdue", measure.title, ref=measure.id))
    for pid, process in watched.items():
        chosen = settings.get(pid) or MonitoringSettings(process_id=pid, frequency="yearly")
        for period in calendar(process, chosen, by_process[pid]):
            if period.is_past(today) and (pid, period.key) not in validated:
                found[pid].append(Flag("period_unreported", period.key, period.key))
    owner = {i.id: i.objective.process_id for i in indicators}
    for track in _tracks(indicators, values):
        if track.off_track and track.latest is not None:
            found[owner[track.indicator.id]].append(Flag(
                "indicator_off_track", track.indicator.name, track.latest.period,
                track.indicator.id))
    return found
