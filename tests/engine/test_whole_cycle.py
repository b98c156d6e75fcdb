"""One national policy through the whole cycle, every gate met for real through the services:
agenda setting to adoption, the adoption record, two reporting periods, a mid-term
evaluation, closure, and the revision that opens the next cycle."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from engine.errors import GateNotMet
from engine.gates import evaluate_gate
from engine.models import ProblemAnalysis, Section
from engine.services import adoption, evaluations, transitions
from engine.services.analysis import objectives
from engine.services.document import sections
from engine.services.monitoring import overview, progress


def test_a_national_policy_goes_round_the_cycle_and_opens_the_next(
        db_session, make_monitored, catalog):
    # make_monitored walks agenda setting, analysis, instruments and validation with each
    # stage's gate met (satisfy_gate), then starts the implementation of a 2024-2025 plan.
    made = make_monitored()
    process, lead = made["process"], made["lead"]
    labour, interior = made["labour_member"], made["interior_member"]
    assert process.state == "implementation"
    for key, body in (("issues", "Work permits take 74 days."),
                      ("drivers", "Three ministries handle one file.")):
        section = db_session.scalar(select(Section).where(Section.process_id == process.id,
                                                          Section.key == key))
        sections.save_body(db_session, lead, section, body=body,
                           base_revision=section.revision)

    record = adoption.record_adoption(
        db_session, lead, process, body="Council of Ministers", act_type="government_decision",
        act_reference="Decision No. 118/2024", adopted_on="2024-01-10",
        published_in="Official Gazette No. 3/2024")
    assert len(record.file_sha256) == 64

    # Two reporting periods, reported by the responsible institutions, validated by the lead.
    for period, one_stop, portal, value in (("2024", "on_track", "on_track", "13"),
                                            ("2025", "completed", "completed", "16")):
        progress.report_progress(db_session, labour, made["one_stop"], period=period,
                                 status=one_stop, spent="50000", note=f"Report {period}.")
        progress.report_progress(db_session, interior, made["portal"], period=period,
                                 status=portal, spent="25000", note=f"Report {period}.")
        progress.record_value(db_session, labour, made["indicator"], period=period,
                              value=value)
        progress.validate_period(db_session, lead, process, period=period)
    gate = {c.kind: c for c in evaluate_gate(db_session, process)}
    assert gate["periods_reported"].ok and not gate["final_report_accepted"].ok
    with pytest.raises(GateNotMet):
        transitions.fire(db_session, lead, process, "advance", note="Too early")
    progress.accept_report(db_session, lead, process, period="2025")
    assert all(c.ok for c in evaluate_gate(db_session, process))
    view = overview.read(db_session, process, "2025")
    assert view.budget.spent == Decimal("150000.00")
    transitions.fire(db_session, lead, process, "advance", note="Implementation reviewed")
    assert process.state == "evaluation"

    # A mid-term evaluation against the OECD-DAC criteria, with the lead's decisions.
    evaluation = evaluations.create_evaluation(db_session, labour, process, kind="mid_term",
                                               evaluator="National Audit Office")
    evaluations.update_criterion(db_session, labour, evaluation, "effectiveness",
                                 findings="Permits are faster.", rating="satisfactory")
    kept = evaluations.add_recommendation(db_session, labour, evaluation, "effectiveness",
                                          text="Open one-stop shops in every region.")
    dropped = evaluations.add_recommendation(db_session, labour, evaluation, "efficiency",
                                             text="Close the paper procedure at once.")
    evaluations.decide_recommendation(db_session, lead, kept, decision="accepted",
                                      reason="Within the next budget.")
    evaluations.decide_recommendation(db_session, lead, dropped, decision="rejected",
                                      reason="Rural applicants still need paper.")
    assert all(c.ok for c in evaluate_gate(db_session, process))
    transitions.fire(db_session, lead, process, "advance", note="Cycle closed")
    assert process.state == "closed"

    # The revision: the accepted recommendation is an issue, the text a starting draft, the
    # indicator's latest value its new baseline.
    successor = evaluations.start_revision(db_session, lead, catalog, process,
                                           title="National Labour Migration Policy 2029-2033")
    assert successor.state == "agenda_setting"
    assert evaluations.cycle_of(db_session, successor).previous is process
    issues = db_session.scalar(select(ProblemAnalysis).where(
        ProblemAnalysis.process_id == successor.id))
    assert "Open one-stop shops in every region." in issues.problem_statement
    assert "Close the paper procedure at once." not in issues.problem_statement
    written = {s.key: s.body for s in db_session.scalars(
        select(Section).where(Section.process_id == process.id)) if s.body.strip()}
    carried = {s.key: s.body for s in db_session.scalars(
        select(Section).where(Section.process_id == successor.id)) if s.body.strip()}
    assert written["issues"].strip() == "Work permits take 74 days."
    assert written["drivers"].strip() == "Three ministries handle one file."
    assert carried == written
    indicator = next(i for o in objectives.list_objectives(db_session, successor)
                     for i in o.indicators if i.name == made["indicator"].name)
    assert (indicator.baseline, indicator.baseline_year) == ("16", 2025)
    assert (indicator.target, indicator.target_year) == ("20", 2030)
