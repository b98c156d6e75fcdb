"""The monitoring records in the process archive (``engine.archive``): calendar, progress
reports, indicator values and periods. Registered after the analysis parts (they refer to its
measures and indicators) when ``engine.composition`` imports this module.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.archive import Refs, register_part
from engine.archive import user_email as _email
from engine.archive import user_id_by_email as _user_id
from engine.models import (
    IndicatorValue,
    MeasureProgress,
    MonitoringPeriod,
    MonitoringSettings,
    Process,
)

Rows = list[dict[str, Any]]


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def dump_settings(session: Session, process: Process, refs: Refs) -> Rows:
    found = session.get(MonitoringSettings, process.id)
    if found is None:
        return []
    return [{"frequency": found.frequency,
             "starts_on": found.starts_on.isoformat() if found.starts_on else None}]


def load_settings(session: Session, process: Process, rows: Rows, refs: Refs) -> None:
    for data in rows:
        session.add(MonitoringSettings(
            process_id=process.id, frequency=data["frequency"],
            starts_on=date.fromisoformat(data["starts_on"]) if data["starts_on"] else None))
    session.flush()


def dump_progress(session: Session, process: Process, refs: Refs) -> Rows:
    return [{"measure": refs.name("measure", p.measure_id), "period": p.period,
             "status": p.status, "spent": str(p.spent) if p.spent is not None else None,
             "note": p.note, "reported_by": _email(session, p.reported_by_id),
             "reported_at": p.reported_at.isoformat()}
            for p in session.scalars(select(MeasureProgress).where(
                MeasureProgress.process_id == process.id).order_by(MeasureProgress.id))]


def load_progress(session: Session, process: Process, rows: Rows, refs: Refs) -> None:
    for data in rows:
        session.add(MeasureProgress(
            process_id=process.id, measure_id=refs.id("measure", data["measure"]),
            period=data["period"], status=data["status"],
            spent=Decimal(data["spent"]) if data["spent"] is not None else None,
            note=data["note"], reported_by_id=_user_id(session, data["reported_by"]),
            reported_at=_dt(data["reported_at"])))
    session.flush()


def dump_values(session: Session, process: Process, refs: Refs) -> Rows:
    return [{"indicator": refs.name("indicator", v.indicator_id), "period": v.period,
             "value": v.value, "note": v.note, "recorded_by": _email(session, v.recorded_by_id),
             "recorded_at": v.recorded_at.isoformat()}
            for v in session.scalars(select(IndicatorValue).where(
                IndicatorValue.process_id == process.id).order_by(IndicatorValue.id))]


def load_values(session: Session, process: Process, rows: Rows, refs: Refs) -> None:
    for data in rows:
        session.add(IndicatorValue(
            process_id=process.id, indicator_id=refs.id("indicator", data["indicator"]),
            period=data["period"], value=data["value"], note=data["note"],
            recorded_by_id=_user_id(session, data["recorded_by"]),
            recorded_at=_dt(data["recorded_at"])))
    session.flush()


def dump_periods(session: Session, process: Process, refs: Refs) -> Rows:
    return [{"period": p.period, "narrative": p.narrative,
             "validated_at": p.validated_at.isoformat() if p.validated_at else None,
             "validated_by": _email(session, p.validated_by_id),
             "deliverable": refs.name("deliverable", p.deliverable_id),
             "updated_at": p.updated_at.isoformat()}
            for p in session.scalars(select(MonitoringPeriod).where(
                MonitoringPeriod.process_id == process.id).order_by(MonitoringPeriod.id))]


def load_periods(session: Session, process: Process, rows: Rows, refs: Refs) -> None:
    for data in rows:
        session.add(MonitoringPeriod(
            process_id=process.id, period=data["period"], narrative=data["narrative"],
            validated_at=_dt(data["validated_at"]),
            validated_by_id=_user_id(session, data["validated_by"]),
            deliverable_id=refs.id("deliverable", data["deliverable"]),
            updated_at=_dt(data["updated_at"])))
    session.flush()


for _name, _dump, _load in (
    ("monitoring_settings", dump_settings, load_settings),
    ("monitoring_progress", dump_progress, load_progress),
    ("monitoring_values", dump_values, load_values),
    ("monitoring_periods", dump_periods, load_periods),
):
    register_part(_name, _dump, _load)
