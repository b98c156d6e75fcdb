"""The adoption record, evaluations against the OECD-DAC criteria, and the next cycle."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from sqlalchemy import select

from engine.errors import Conflict, InvalidInput, PermissionDenied
from engine.models import AuditEvent, ProblemAnalysis, Section
from engine.services import adoption, evaluations
from engine.services.analysis import inventory, objectives
from engine.services.document import sections
from engine.storage import digest_of


def _section(session, process, key):
    return session.scalar(select(Section).where(Section.process_id == process.id,
                                                Section.key == key))


def _write(session, actor, section, body):
    return sections.save_body(session, actor, section, body=body,
                              base_revision=section.revision)


ACT = {"body": "Council of Ministers", "act_type": "government_decision",
       "act_reference": "Decision No. 412/2025", "adopted_on": "2025-03-14",
       "published_in": "Official Gazette No. 27 of 21 March 2025"}


def test_the_adoption_freezes_the_text_and_its_file(db_session, make_process, stored_files):
    process = make_process()
    lead = process.lead.user
    issues = _section(db_session, process, "issues")
    _write(db_session, lead, issues, "Irregular labour migration keeps rising.")
    process.state = "validation"
    with pytest.raises(Conflict):
        adoption.record_adoption(db_session, lead, process, **ACT)
    process.state = "adopted"
    record = adoption.record_adoption(db_session, lead, process, **ACT)
    assert record.adopted_on == date(2025, 3, 14)
    assert record.act_type == "government_decision"
    frozen = {s["section_id"]: s for s in record.sections}
    assert frozen[issues.id]["revision"] == 1
    assert frozen[issues.id]["revision_id"] == issues.revisions[-1].id
    # The file is the Word export of that text, stored under its digest.
    content = stored_files.read(record.file_sha256)
    assert digest_of(content) == record.file_sha256
    text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert "Irregular labour migration keeps rising." in text
    # Later edits change neither the record nor the stored file.
    _write(db_session, lead, issues, "A rewritten paragraph.")
    assert adoption.adopted_file(db_session, lead, process.id).content == content
    assert adoption.verify_snapshots(db_session, process.id) == []
    with pytest.raises(Conflict):
        adoption.record_adoption(db_session, lead, process, **ACT)
    kinds = db_session.scalars(select(AuditEvent.kind).where(
        AuditEvent.process_id == process.id)).all()
    assert "adoption.recorded" in kinds


def test_only_the_lead_records_the_adoption_with_valid_fields(db_session, make_process,
                                                              add_member):
    process = make_process()
    core = add_member(process, "core").user
    process.state = "adopted"
    with pytest.raises(PermissionDenied):
        adoption.record_adoption(db_session, core, process, **ACT)
    with pytest.raises(InvalidInput) as refused:
        adoption.record_adoption(db_session, process.lead.user, process,
                                 **{**ACT, "act_type": "edict", "adopted_on": "soon"})
    assert "act_type" in refused.value.details


def test_an_altered_or_missing_file_fails_verification(db_session, make_process, stored_files):
    process = make_process()
    process.state = "adopted"
    record = adoption.record_adoption(db_session, process.lead.user, process, **ACT)
    path = stored_files.path(record.file_sha256)
    path.write_bytes(path.read_bytes() + b"tampered")
    problems = adoption.verify_snapshots(db_session, process.id)
    assert len(problems) == 1 and "altered" in problems[0]
    with pytest.raises(Conflict):
        adoption.adopted_file(db_session, process.lead.user, process.id)
    path.unlink()
    assert "missing" in adoption.verify_snapshots(db_session, process.id)[0]


def _evaluated(db_session, make_process, add_member):
    """A policy with a document, indicators, and a final evaluation with decisions."""
    process = make_process()
    lead = process.lead.user
    core = add_member(process, "core").user
    _write(db_session, lead, _section(db_session, process, "issues"),
           "Emigration of nurses doubled since 2015.")
    _write(db_session, lead, _section(db_session, process, "drivers"), "Wages and housing.")
    general = objectives.create_objective(db_session, lead, process, title="Retain health staff")
    objectives.create_indicator(db_session, lead, general, name="Nurses leaving per year",
                                baseline="1200", baseline_year=2024, target="600",
                                target_year=2030)
    source = inventory.create_source(db_session, lead, process, source_type="border_cards",
                                     name="Border cards")
    process.state = "evaluation"
    evaluation = evaluations.create_evaluation(db_session, core, process, kind="final",
                                               evaluator="Independent evaluation team")
    assert [c.criterion for c in evaluation.criteria] == [
        "relevance", "coherence", "effectiveness", "efficiency", "impact", "sustainability"]
    evaluations.update_criterion(db_session, core, evaluation, "effectiveness",
                                 findings="**Half** the target was met.", rating="partly_satisfactory")
    evaluations.add_evidence(db_session, core, evaluation, "effectiveness",
                             data_source_id=source.id, note="Exit records 2025-2027")
    kept = evaluations.add_recommendation(db_session, core, evaluation, "effectiveness",
                                          text="Extend the retention bonus to rural clinics.")
    dropped = evaluations.add_recommendation(db_session, core, evaluation, "efficiency",
                                             text="Merge the two training agencies.")
    return process, lead, core, evaluation, kept, dropped


def test_an_evaluation_holds_criteria_and_the_lead_decides_recommendations(
        db_session, make_process, add_member):
    process, lead, core, evaluation, kept, dropped = _evaluated(
        db_session, make_process, add_member)
    effectiveness = next(c for c in evaluation.criteria if c.criterion == "effectiveness")
    assert effectiveness.rating == "partly_satisfactory"
    assert effectiveness.evidence[0].data_source.name == "Border cards"
    with pytest.raises(PermissionDenied):
        evaluations.decide_recommendation(db_session, core, kept, decision="accepted",
                                          reason="Agreed.")
    with pytest.raises(InvalidInput):
        evaluations.decide_recommendation(db_session, lead, kept, decision="accepted",
                                          reason="")
    evaluations.decide_recommendation(db_session, lead, kept, decision="accepted",
                                      reason="Rural clinics lose most staff.")
    evaluations.decide_recommendation(db_session, lead, dropped, decision="rejected",
                                      reason="Their mandates differ.")
    assert (kept.decision, dropped.decision) == ("accepted", "rejected")
    assert dropped.reason == "Their mandates differ."
    with pytest.raises(InvalidInput):
        evaluations.update_criterion(db_session, core, evaluation, "beauty", rating="satisfactory")


def test_starting_the_revision_carries_issues_document_and_indicators(
        db_session, make_process, add_member, catalog):
    process, lead, core, evaluation, kept, dropped = _evaluated(
        db_session, make_process, add_member)
    evaluations.decide_recommendation(db_session, lead, kept, decision="accepted", reason="Yes.")
    evaluations.decide_recommendation(db_session, lead, dropped, decision="rejected", reason="No.")
    with pytest.raises(PermissionDenied):
        evaluations.start_revision(db_session, core, catalog, process)
    process.state = "implementation"
    with pytest.raises(Conflict):
        evaluations.start_revision(db_session, lead, catalog, process)
    process.state = "evaluation"
    successor = evaluations.start_revision(db_session, lead, catalog, process,
                                           title="National health workforce policy 2028-2033")
    assert successor.state == "agenda_setting"
    assert successor.workflow.key == "national-policy"
    cycle = evaluations.cycle_of(db_session, successor)
    assert cycle.previous is process and cycle.next is None
    assert evaluations.cycle_of(db_session, process).next is successor
    # The accepted recommendation is an issue of the new agenda; the rejected one is not.
    issues = db_session.scalar(select(ProblemAnalysis).where(
        ProblemAnalysis.process_id == successor.id))
    assert issues.stage_key == "agenda_setting"
    assert "Extend the retention bonus to rural clinics." in issues.problem_statement
    assert "Merge the two training agencies." not in issues.problem_statement
    # The document is the starting draft, as revision 1 of the matching sections.
    carried = _section(db_session, successor, "issues")
    assert carried.body.strip() == "Emigration of nurses doubled since 2015."
    assert carried.revision == 1 and carried.revisions[0].number == 1
    assert _section(db_session, successor, "drivers").body.strip() == "Wages and housing."
    # Indicators keep their own baseline when no value was recorded since.
    copied = objectives.list_objectives(db_session, successor)[0].indicators[0]
    assert (copied.name, copied.baseline, copied.baseline_year) == (
        "Nurses leaving per year", "1200", 2024)
    assert (copied.target, copied.target_year) == ("600", 2030)
    with pytest.raises(Conflict):
        evaluations.start_revision(db_session, lead, catalog, process)


def test_the_latest_value_becomes_the_new_baseline(db_session, make_process, add_member,
                                                   catalog):
    from engine.models import IndicatorValue

    process, lead, *_ = _evaluated(db_session, make_process, add_member)
    indicator = objectives.list_objectives(db_session, process)[0].indicators[0]
    # Values as the monitoring of implementation records them, the later period last read.
    for period, value in (("2026", 950.0), ("2025", 900.5)):
        db_session.add(IndicatorValue(process_id=process.id, indicator_id=indicator.id,
                                      period=period, value=value, recorded_by_id=lead.id))
    db_session.flush()
    assert evaluations.latest_indicator_values(db_session, process.id) == {
        indicator.id: evaluations.LatestValue("950", "2026")}
    successor = evaluations.start_revision(db_session, lead, catalog, process)
    copied = objectives.list_objectives(db_session, successor)[0].indicators[0]
    assert (copied.baseline, copied.baseline_year) == ("950", 2026)


def test_the_history_of_an_evaluation_reads_in_french(db_session, make_process, add_member):
    from engine.event_text import describe
    from engine.i18n import render
    from engine.services import audit

    process, lead, core, evaluation, kept, dropped = _evaluated(
        db_session, make_process, add_member)
    evaluations.decide_recommendation(db_session, lead, kept, decision="accepted",
                                      reason="Yes.")
    events = {e.kind: e for e in audit.history(db_session, process)}
    opened = events["evaluation.created"]
    assert describe(opened).english() == opened.summary == "Evaluation “Final evaluation” opened"
    assert render(describe(opened), "fr") == "Évaluation « Évaluation finale » ouverte"
    assert render(describe(events["evaluation.criterion"]), "fr") == (
        "Évaluation « Évaluation finale » : critère « efficacité » mis à jour")
    assert render(describe(events["evaluation.decided"]), "fr") == (
        "Recommandation acceptée : Extend the retention bonus to rural clinics.")


def test_adoption_and_evaluations_survive_dump_and_load(db_session, make_process, add_member,
                                                        stored_files):
    import json

    from engine.archive import dump_process, load_process
    from engine.services.audit import verify
    from tests.engine.test_archive import strip_ids

    process, lead, core, evaluation, kept, dropped = _evaluated(
        db_session, make_process, add_member)
    evaluations.decide_recommendation(db_session, lead, kept, decision="accepted",
                                      reason="Rural clinics lose most staff.")
    process.state = "adopted"
    record = adoption.record_adoption(db_session, lead, process, **ACT)
    process.state = "evaluation"
    first = dump_process(db_session, process.id)
    assert first["adoption"][0]["file_sha256"] == record.file_sha256
    assert len(first["evaluations"][0]["criteria"]) == 6
    copy = load_process(db_session, json.loads(json.dumps(first)))
    second = dump_process(db_session, copy.id)
    assert strip_ids(second["adoption"]) == strip_ids(first["adoption"])
    assert strip_ids(second["evaluations"]) == strip_ids(first["evaluations"])
    assert verify(db_session, copy.id) == []
    loaded = adoption.get_adoption(db_session, copy)
    issues = next(s for s in loaded.sections if s["title"] == "Issues and context")
    assert issues["section_id"] != next(
        s for s in record.sections if s["title"] == "Issues and context")["section_id"]
    assert issues["revision_id"] is not None
    assert adoption.verify_snapshots(db_session, copy.id) == []
    effectiveness = next(c for c in evaluations.list_evaluations(db_session, copy)[0].criteria
                         if c.criterion == "effectiveness")
    assert effectiveness.evidence[0].data_source.name == "Border cards"
    assert effectiveness.recommendations[0].reason == "Rural clinics lose most staff."


def test_a_policy_adopted_through_its_gates_records_its_validated_text(
        db_session, make_process, satisfy_gate, stored_files):
    from engine.services import transitions

    process = make_process()
    lead = process.lead.user
    for _stage in ("agenda_setting", "policy_analysis", "policy_instruments", "validation"):
        satisfy_gate(process)
        transitions.fire(db_session, lead, process, "advance", note="Gate met")
    assert process.state == "adopted"
    record = adoption.record_adoption(db_session, lead, process, **ACT)
    text = "\n".join(p.text for p in Document(io.BytesIO(
        stored_files.read(record.file_sha256))).paragraphs)
    assert "VALIDATED" in text.upper() and "DRAFT" not in text.upper()
