"""Implementation monitoring: periods reported and validated, gates met for real, flags."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.catalog import Catalog, definition_of
from engine.errors import Conflict, GateNotMet, InvalidInput, InvalidTransition, PermissionDenied
from engine.gates import evaluate_gate
from engine.models import Deliverable, Process
from engine.services import transitions
from engine.services.monitoring import overview, progress
from engine.services.processes import start_process

DATA = Path(__file__).parent / "data"


def _walk_to(db_session, process, satisfy_gate, state):
    lead = process.lead.user
    while process.state != state:
        satisfy_gate(process)
        transitions.fire(db_session, lead, process, "advance", note="Stage complete")


@pytest.fixture
def adopted(make_monitored):
    made = make_monitored(implementation=False)
    return made["process"], made


def test_walks_adopted_implementation_evaluation_closed(db_session, adopted, add_member):
    process, made = adopted
    lead = process.lead.user
    transitions.fire(db_session, lead, process, "advance", note="Implementation starts")
    assert process.state == "implementation"
    checks = {c.kind: c for c in evaluate_gate(db_session, process)}
    assert not checks["periods_reported"].ok
    assert "0 of 2 past periods" in checks["periods_reported"].message
    assert not checks["final_report_accepted"].ok
    with pytest.raises(GateNotMet):
        transitions.fire(db_session, lead, process, "advance", note="Too early")

    labour = add_member(process, "core", institution=made["labour"]).user
    interior = add_member(process, "expert", institution=made["interior"]).user  # experts report
    # The lead's institution is not responsible for the measure: it may not report on it.
    with pytest.raises(PermissionDenied):
        progress.report_progress(db_session, lead, made["one_stop"], period="2024",
                                 status="on_track", note="x")
    with pytest.raises(PermissionDenied):
        progress.report_progress(db_session, interior, made["one_stop"], period="2024",
                                 status="on_track", note="x")
    with pytest.raises(InvalidInput) as bad:
        progress.report_progress(db_session, labour, made["one_stop"], period="2031",
                                 status="on_track", note="x")
    assert "period" in bad.value.details
    with pytest.raises(InvalidInput) as no_reason:
        progress.report_progress(db_session, labour, made["one_stop"], period="2025",
                                 status="delayed", note="")
    assert "note" in no_reason.value.details

    progress.report_progress(db_session, labour, made["one_stop"], period="2024",
                             status="on_track", spent="40000", note="Premises found.")
    with pytest.raises(Conflict):  # the portal's report is missing
        progress.validate_period(db_session, lead, process, period="2024")
    progress.report_progress(db_session, interior, made["portal"], period="2024",
                             status="on_track", spent="20000", note="Tender launched.")
    progress.record_value(db_session, labour, made["indicator"], period="2024", value="11")
    with pytest.raises(PermissionDenied):  # only the lead validates
        progress.validate_period(db_session, labour, process, period="2024")
    progress.validate_period(db_session, lead, process, period="2024")
    with pytest.raises(Conflict):  # a validated period is closed
        progress.report_progress(db_session, labour, made["one_stop"], period="2024",
                                 status="delayed", note="Second thoughts.")
    progress.record_value(db_session, labour, made["indicator"], period="2025", value="10.5",
                          note="Staff shortage")

    progress.report_progress(db_session, labour, made["one_stop"], period="2025",
                             status="delayed", spent="30000", note="Premises not ready.")
    progress.report_progress(db_session, interior, made["portal"], period="2025",
                             status="completed", spent="29000", note="Live since June.")
    checks = {c.kind: c for c in evaluate_gate(db_session, process)}
    assert "1 of 2 past periods" in checks["periods_reported"].message
    progress.validate_period(db_session, lead, process, period="2025")
    checks = {c.kind: c for c in evaluate_gate(db_session, process)}
    assert checks["periods_reported"].ok
    assert not checks["final_report_accepted"].ok
    with pytest.raises(PermissionDenied):
        progress.accept_report(db_session, labour, process, period="2025")
    progress.accept_report(db_session, lead, process, period="2025")
    assert all(c.ok for c in evaluate_gate(db_session, process))
    report = db_session.scalar(select(Deliverable).where(
        Deliverable.process_id == process.id, Deliverable.kind == "monitoring_report",
        Deliverable.title == "Monitoring report 2025"))
    assert report.status == "accepted" and report.stage_key == "implementation"

    view = overview.read(db_session, process, "2025")
    assert [(r.measure.title, r.progress.status) for b in view.blocks for r in b.rows] == [
        ("Open a one-stop shop", "delayed"), ("Online permit portal", "completed")]
    assert [r.progress.note for r in view.delayed] == ["Premises not ready."]
    assert view.budget.planned == Decimal("150000.00")
    assert view.budget.spent == Decimal("119000.00")
    assert (view.budget.funded, view.budget.unfunded) == (Decimal("100000.00"),
                                                            Decimal("50000.00"))
    assert [(y, s) for y, _p, s in view.budget.years] == [(2024, Decimal("60000.00")),
                                                          (2025, Decimal("59000.00"))]
    track = next(t for t in view.tracks if t.indicator.id == made["indicator"].id)
    assert [(p.period, p.value, p.off_track) for p in track.points] == [
        ("2024", 11.0, False), ("2025", 10.5, True)]
    kinds = {(f.kind, f.title) for f in view.flags}
    assert ("measure_overdue", "Open a one-stop shop") in kinds
    assert ("indicator_off_track", "Permits issued within 30 days (%)") in kinds
    assert not any(f.kind == "period_unreported" for f in view.flags)

    transitions.fire(db_session, lead, process, "advance", note="Evaluation starts")
    assert process.state == "evaluation"
    transitions.fire(db_session, lead, process, "advance", note="Cycle closed")
    assert process.state == "closed"
    assert definition_of(process).stage("closed").terminal


def test_off_trajectory_is_relative_to_the_straight_path():
    class Indicator:
        baseline_year, target_year = 2020, 2030

    up = overview.Track(Indicator(), 0.0, 100.0)
    assert up.expected_at(2025) == pytest.approx(50)
    assert not up.is_off(2025, 41)  # 9 points behind: within the tolerance
    assert up.is_off(2025, 39)
    assert not up.is_off(2025, 90)  # ahead is never a flag
    down = overview.Track(Indicator(), 100.0, 0.0)  # a falling target
    assert down.is_off(2025, 61) and not down.is_off(2025, 59)
    flat = overview.Track(Indicator(), 5.0, 5.0)
    assert not flat.is_off(2025, 0)
    assert overview.number_in("45 %") == 45 and overview.number_in("1,5") == 1.5


def test_reporting_only_in_implementation(db_session, adopted, add_member):
    process, made = adopted
    labour = add_member(process, "core", institution=made["labour"]).user
    with pytest.raises(Conflict):
        progress.report_progress(db_session, labour, made["one_stop"], period="2024",
                                 status="on_track", note="Too early")


def test_quarterly_calendar(db_session, adopted):
    process, _made = adopted
    progress.set_settings(db_session, process.lead.user, process, frequency="quarterly")
    view = overview.read(db_session, process, today=date(2025, 5, 1))
    keys = [s.period.key for s in view.periods]
    assert keys[:2] == ["2024-Q1", "2024-Q2"] and keys[-1] == "2025-Q4" and len(keys) == 8
    assert view.selected.period.key == "2025-Q2"
    assert {f.period for f in view.flags if f.kind == "period_unreported"} == {
        "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1"}


def test_a_process_pinned_to_version_1_keeps_its_definition(
        tmp_path, db_session, make_user, make_institution, satisfy_gate, catalog):
    """Processes started on version 1 stay there: adopted is still their last, terminal stage."""
    shutil.copy(DATA / "national-policy-v1.toml", tmp_path / "national-policy.toml")
    old = Catalog(tmp_path)
    lead = make_user("Old lead")
    lead.may_start_processes = True
    process = start_process(db_session, lead, old, title="Policy of 2023",
                            workflow="national-policy", country="Ruritania",
                            requesting_institution_id=make_institution().id)
    assert catalog.get("national-policy").version == 2
    db_session.expire_all()
    process = db_session.get(Process, process.id)
    definition = definition_of(process)
    assert definition.version == 1
    assert definition.terminal_states == ("adopted",)
    assert "implementation" not in definition.stage_keys
    _walk_to(db_session, process, satisfy_gate, "adopted")
    assert process.state == "adopted"
    assert list(definition.transitions_from("adopted")) == []
    with pytest.raises(InvalidTransition):
        transitions.fire(db_session, lead, process, "advance", note="On to implementation")
    assert process.state == "adopted"
    new = start_process(db_session, lead, catalog, title="Policy of 2026",
                        workflow="national-policy", country="Ruritania",
                        requesting_institution_id=make_institution().id)
    assert definition_of(new).version == 2
    assert "implementation" in definition_of(new).stage_keys


def test_flags_reach_the_lead_and_core_group_once(db_session, make_monitored):
    from engine.models import Notification
    from engine.services.monitoring import alerts

    made = make_monitored()
    process, lead, labour = made["process"], made["lead"], made["labour_member"]
    progress.record_value(db_session, labour, made["indicator"], period="2025", value="10.2")
    told = db_session.scalars(select(Notification).where(
        Notification.kind == "monitoring_flag")).all()
    assert {n.params["flag"] for n in told} == {"indicator_off_track"}
    told_to = {n.user_id for n in told}
    assert lead.id in told_to and labour.id not in told_to  # not the one who recorded it
    assert made["interior_member"].id not in told_to  # experts are not told
    today = date(2026, 3, 1)
    first = alerts.notify_flags(db_session, today)
    flags = {(n.params["flag"], n.params["title"]) for n in db_session.scalars(
        select(Notification).where(Notification.kind == "monitoring_flag",
                                   Notification.user_id == labour.id))}
    assert ("measure_overdue", "Open a one-stop shop") in flags
    assert ("period_unreported", "2024") in flags and ("period_unreported", "2025") in flags
    assert first > 0
    assert alerts.notify_flags(db_session, today) == 0  # each flag is told once
    assert process.id in overview.flags_of(db_session, [process], today=today)


def test_the_portfolio_reads_its_monitoring_columns_from_the_reports(db_session, make_monitored,
                                                                    make_process):
    from engine.services import portfolio

    made = make_monitored()
    process, lead = made["process"], made["lead"]
    labour, interior = made["labour_member"], made["interior_member"]
    assert process.state == "implementation"
    progress.report_progress(db_session, labour, made["one_stop"], period="2024",
                             status="delayed", spent="40000", note="Premises not found.")
    progress.report_progress(db_session, interior, made["portal"], period="2024",
                             status="on_track", spent="20000", note="Tender launched.")
    progress.record_value(db_session, labour, made["indicator"], period="2024", value="11")
    progress.record_value(db_session, labour, made["indicator"], period="2025", value="9")
    row = next(r for r in portfolio.portfolio(db_session, lead, today=date(2026, 1, 15))
               if r.id == process.id)
    # The one-stop shop is reported delayed; the portal is past its end date, not completed.
    assert row.measures_delayed == 2
    assert row.indicators_off_track == 1
    assert row.budget_spent == Decimal("60000.00")
    # A policy not yet under monitoring has no figures: a dash, not a zero.
    other = make_process(lead=lead, title="Border management strategy")
    quiet = next(r for r in portfolio.portfolio(db_session, lead, today=date(2026, 1, 15))
                 if r.id == other.id)
    assert (quiet.measures_delayed, quiet.indicators_off_track, quiet.budget_spent) == (
        None, None, None)


def test_the_archive_keeps_the_monitoring(db_session, make_monitored):
    import json

    from engine.archive import dump_process, load_process
    from tests.engine.test_archive import strip_ids

    made = make_monitored()
    process, lead, labour = made["process"], made["lead"], made["labour_member"]
    progress.set_settings(db_session, lead, process, frequency="yearly", starts_on="2024-01-01")
    progress.report_progress(db_session, labour, made["one_stop"], period="2024",
                             status="on_track", spent="40000", note="Premises found.")
    progress.report_progress(db_session, made["interior_member"], made["portal"],
                             period="2024", status="on_track", note="Tender out.")
    progress.record_value(db_session, labour, made["indicator"], period="2024", value="11")
    progress.save_narrative(db_session, labour, process, period="2024", narrative="Good.")
    progress.validate_period(db_session, lead, process, period="2024")
    first = dump_process(db_session, process.id)
    assert len(first["monitoring_progress"]) == 2
    assert first["monitoring_periods"][0]["deliverable"].startswith("deliverable-")
    copy = load_process(db_session, json.loads(json.dumps(first)))
    assert strip_ids(dump_process(db_session, copy.id)) == strip_ids(first)
    view = overview.read(db_session, copy, "2024")
    assert view.selected.validated and view.selected.report_status == "submitted"
    assert view.narrative == "Good."
