"""Implementation monitoring: progress on measures, indicator values, periods and the report.

Views parse and call one service of ``engine.services.monitoring``, which
checks who may act: the members of a measure's responsible institution report
its progress; the lead and the core group record indicator values; only the
lead validates a period.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from flask import Response, current_app, send_file
from sqlalchemy.orm import Session

from engine.models import IndicatorValue, MeasureProgress, MonitoringPeriod, User
from engine.services.loading import get_process
from engine.services.monitoring import overview, progress
from engine.services.monitoring_report import monitoring_report
from webapp.api.registry import api_route
from webapp.api.schemas_monitoring import (
    IndicatorValueIn,
    IndicatorValueOut,
    MonitoringOut,
    MonitoringQuery,
    PeriodIn,
    ProgressIn,
    ProgressOut,
    ReportQuery,
    ValidationOut,
)
from webapp.word import export_options

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
WRITE = [403, 409]


def _progress(row: MeasureProgress) -> dict[str, Any]:
    return {"id": row.id, "measure_id": row.measure_id, "period": row.period,
            "status": row.status, "spent": str(row.spent) if row.spent is not None else None,
            "note": row.note, "reported_by": row.reported_by.email if row.reported_by else None,
            "reported_at": row.reported_at.isoformat()}


def _value(row: IndicatorValue) -> dict[str, Any]:
    return {"id": row.id, "indicator_id": row.indicator_id, "period": row.period,
            "value": row.value, "note": row.note,
            "recorded_by": row.recorded_by.email if row.recorded_by else None,
            "recorded_at": row.recorded_at.isoformat()}


@api_route("/actions/{action_id}/progress", "POST", summary="Report progress on a measure",
           tags=["monitoring"], body=ProgressIn, response=ProgressOut, status=201, errors=WRITE)
def report_progress(session: Session, actor: User, action_id: int, body: ProgressIn) -> dict:
    """The status of a measure of the action plan for a reporting period, with the amount spent
    in it and a note (why, when `delayed`). Members of the measure's responsible institution
    only; a second report for the same period replaces the first until the lead validates it."""
    measure = progress.get_measure(session, actor, action_id)
    return _progress(progress.report_progress(session, actor, measure,
                                              **body.model_dump(exclude_unset=True)))


@api_route("/indicators/{indicator_id}/values", "POST", summary="Record an indicator value",
           tags=["monitoring"], body=IndicatorValueIn, response=IndicatorValueOut, status=201,
           errors=WRITE)
def record_value(session: Session, actor: User, indicator_id: int, body: IndicatorValueIn) -> dict:
    """The value an indicator reached in a reporting period (lead and core group)."""
    indicator = progress.get_indicator(session, actor, indicator_id)
    return _value(progress.record_value(session, actor, indicator,
                                        **body.model_dump(exclude_unset=True)))


@api_route("/processes/{process_id}/monitoring", summary="The monitoring of a period",
           tags=["monitoring"], query=MonitoringQuery, response=MonitoringOut)
def get_monitoring(session: Session, actor: User, process_id: int,
                   query: MonitoringQuery) -> dict:
    """Reporting periods, progress of the measures per objective for `period` (default: the
    latest period that has started), indicator trajectories, budget (planned, spent, funded),
    flags and the period's narrative."""
    process = get_process(session, actor, process_id)
    return overview.as_data(overview.read(session, process, query.period))


@api_route("/processes/{process_id}/monitoring/validations", "POST",
           summary="Validate a reporting period", tags=["monitoring"], body=PeriodIn,
           response=ValidationOut, errors=WRITE)
def validate_period(session: Session, actor: User, process_id: int, body: PeriodIn) -> dict:
    """Close a period once every measure due has a report (lead only); its monitoring report
    is submitted as a deliverable of the implementation stage."""
    process = get_process(session, actor, process_id)
    row: MonitoringPeriod = progress.validate_period(session, actor, process, period=body.period)
    return {"period": row.period, "validated": True, "deliverable_id": row.deliverable_id}


@api_route("/processes/{process_id}/monitoring-report", summary="The monitoring report",
           tags=["monitoring"], query=ReportQuery,
           files={DOCX: "Word document (`format=docx`)"})
def get_monitoring_report(session: Session, actor: User, process_id: int,
                          query: ReportQuery) -> Response:
    """The monitoring report of a period as a Word file: progress per objective, budget
    execution, indicator charts and values, delayed measures, narrative."""
    result = monitoring_report(session, actor, process_id, period=query.period, fmt=query.format,
                               **export_options(current_app.config))
    return send_file(BytesIO(result.content), mimetype=result.mimetype, as_attachment=True,
                     download_name=result.filename)
