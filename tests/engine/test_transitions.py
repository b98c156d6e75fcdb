"""Transitions: gates, overrides, notes, suspension, handover, versions, audit."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, update

from engine.catalog import Catalog, definition_of
from engine.errors import (
    Conflict,
    GateNotMet,
    InvalidInput,
    InvalidTransition,
    NotFound,
    PermissionDenied,
)
from engine.gates import evaluate_gate
from engine.models import AuditEvent, TransitionRecord
from engine.services import consultations, members, transitions
from engine.services.audit import history, verify
from engine.services.processes import available_triggers, describe, stage_views, start_process

DATA = Path(__file__).parent / "data"


@pytest.fixture
def pilot_catalog(tmp_path):
    shutil.copy(DATA / "pilot-v1.toml", tmp_path / "pilot.toml")
    return Catalog(tmp_path)


@pytest.fixture
def pilot(db_session, pilot_catalog, make_user, make_institution):
    lead = make_user("Pilot Lead")
    lead.may_start_processes = True
    institution = make_institution("Pilot Ministry")
    return start_process(db_session, lead, pilot_catalog, title="Pilot", workflow="pilot",
                         country="Ruritania", requesting_institution_id=institution.id)


def test_parameterised_conditions_messages(db_session, pilot, add_member):
    lead = pilot.lead.user
    checks = {c.kind: c for c in evaluate_gate(db_session, pilot)}
    assert checks["consultations_held"].message == (
        "0 of 2 workshop or round table consultations held; groups not yet reached: "
        "civil society, diaspora."
    )
    assert checks["min_members"].message == "0 of 2 required members in place; add 2 more."
    assert checks["signoff"].message == (
        "0 of 1 signatory institution (1 needed) signed off; waiting for: Pilot Ministry."
    )
    for n, groups in enumerate((["civil_society"], ["diaspora"])):
        consultations.create_consultation(
            db_session, lead, pilot, stage="drafting", method="workshop", title=f"W{n}",
            held_on=date.today().isoformat(), groups=groups)
    consultations.create_consultation(
        db_session, lead, pilot, stage="drafting", method="survey", title="Not counted",
        held_on=date.today().isoformat(), groups=["media"])
    checks = {c.kind: c for c in evaluate_gate(db_session, pilot)}
    assert checks["consultations_held"].ok
    assert checks["consultations_held"].message == (
        "2 workshop or round table consultations held, reaching civil society, diaspora."
    )
    # Quorum 0.5 of two institutions: one sign-off is enough.
    core = add_member(pilot, "core")
    members.sign_off(db_session, core.user, pilot, core.institution_id)
    checks = {c.kind: c for c in evaluate_gate(db_session, pilot)}
    assert checks["signoff"].ok, checks["signoff"].message


def test_gate_refusal_carries_failing_checks_and_override_is_recorded(db_session, pilot):
    lead = pilot.lead.user
    with pytest.raises(GateNotMet) as refused:
        transitions.fire(db_session, lead, pilot, "advance", note="Try")
    failing = refused.value.details["failing"]
    assert {c["kind"] for c in failing} == {"consultations_held", "min_members", "signoff"}
    assert pilot.state == "drafting"
    transitions.fire(db_session, lead, pilot, "advance", note="Minister's instruction",
                     override_reason="The minister asked for the draft before the summit.")
    assert pilot.state == "review"
    record = db_session.scalars(select(TransitionRecord).where(
        TransitionRecord.process_id == pilot.id)).one()
    assert record.override_reason == "The minister asked for the draft before the summit."
    assert {c["kind"] for c in record.failing_checks} == {"consultations_held", "min_members",
                                                          "signoff"}
    event = history(db_session, pilot, kind="transition")[-1]
    assert event.summary.endswith("(gate overridden)")
    assert event.data["override_reason"].startswith("The minister")
    assert len(event.data["failing_checks"]) == 3


def test_send_back_needs_a_note(db_session, pilot):
    lead = pilot.lead.user
    transitions.fire(db_session, lead, pilot, "advance", override_reason="pilot")
    with pytest.raises(InvalidInput) as refused:
        transitions.fire(db_session, lead, pilot, "send_back")
    assert "note" in refused.value.details
    assert pilot.state == "review"
    transitions.fire(db_session, lead, pilot, "send_back", note="Figures must be checked again.")
    assert pilot.state == "drafting"
    views = {v.key: v.status for v in stage_views(pilot)}
    assert views["review"] == "sent_back"
    assert pilot.stage_record("drafting").entries == 2


def test_unknown_or_impossible_trigger(db_session, pilot):
    with pytest.raises(InvalidTransition) as refused:
        transitions.fire(db_session, pilot.lead.user, pilot, "send_back", note="x")
    assert "Possible now: advance, suspend" in refused.value.message
    with pytest.raises(InvalidTransition):
        transitions.fire(db_session, pilot.lead.user, pilot, "explode")


def test_only_the_lead_fires(db_session, pilot, add_member, make_user):
    core = add_member(pilot, "core").user
    expert = add_member(pilot, "expert").user
    for actor in (core, expert):
        with pytest.raises(PermissionDenied):
            transitions.fire(db_session, actor, pilot, "advance", override_reason="x")
    with pytest.raises(NotFound):
        transitions.fire(db_session, make_user(), pilot, "advance", override_reason="x")


def test_suspend_and_resume_to_the_stage_left(db_session, make_process, satisfy_gate):
    process = make_process()
    lead = process.lead.user
    satisfy_gate(process)
    transitions.fire(db_session, lead, process, "advance", note="ok")
    assert [t["trigger"] for t in available_triggers(process)] == ["advance", "suspend"]
    with pytest.raises(InvalidInput):
        transitions.fire(db_session, lead, process, "suspend")  # the reason is required
    transitions.fire(db_session, lead, process, "suspend", note="Parliamentary elections")
    assert process.state == "suspended"
    assert process.suspended_from == "policy_analysis"
    assert {v.key: v.status for v in stage_views(process)}["policy_analysis"] == "suspended"
    assert available_triggers(process) == [{"trigger": "resume", "dest": "policy_analysis",
                                            "gated": False, "note_required": False,
                                            "label": available_triggers(process)[0]["label"],
                                            "decided_by": None}]
    with pytest.raises(InvalidTransition):
        transitions.fire(db_session, lead, process, "advance", note="x")
    transitions.fire(db_session, lead, process, "resume", note="New government in place")
    assert process.state == "policy_analysis"
    assert process.suspended_from is None
    assert process.stage_record("policy_analysis").entries == 1  # never left


def test_lead_handover_is_recorded(db_session, make_process, add_member):
    process = make_process()
    old = process.lead
    new = add_member(process, "core")
    members.hand_over_lead(db_session, old.user, process, new.id, note="Focal point moved")
    assert process.lead.user_id == new.user_id
    roles = {(m.user_id, m.role) for m in process.active_memberships}
    assert (old.user_id, "core") in roles
    assert old.ended_at is not None and new.ended_at is not None  # history kept
    with pytest.raises(PermissionDenied):
        transitions.fire(db_session, old.user, process, "advance", override_reason="x")
    event = history(db_session, process, kind="member.lead_handed_over")[0]
    assert event.data["from"] == old.user.email and event.data["to"] == new.user.email
    with pytest.raises(Conflict):
        members.end_membership(db_session, new.user, process, process.lead.id)


def test_pinned_version_survives_an_edited_workflow_file(db_session, tmp_path, make_user,
                                                        make_institution):
    shutil.copy(DATA / "pilot-v1.toml", tmp_path / "pilot.toml")
    lead = make_user()
    lead.may_start_processes = True
    institution = make_institution()
    process = start_process(db_session, lead, Catalog(tmp_path), title="Pinned",
                            workflow="pilot", country="X", requesting_institution_id=institution.id)
    # The file is changed in place (same version!) and a version 2 is added.
    text = (tmp_path / "pilot.toml").read_text()
    (tmp_path / "pilot.toml").write_text(text.replace('title = "Review"', 'title = "Peer review"'))
    (tmp_path / "pilot-v2.toml").write_text(
        text.replace("version = 1", "version = 2").replace('key = "review"', 'key = "checking"')
        .replace('source = "review"', 'source = "checking"').replace('dest = "review"', 'dest = "checking"'))
    fresh = Catalog(tmp_path)
    assert fresh.get("pilot").version == 2
    definition = definition_of(process)
    assert definition.version == 1
    assert definition.stage("review").title == "Review"
    transitions.fire(db_session, lead, process, "advance", override_reason="test")
    assert process.state == "review"
    other = start_process(db_session, lead, fresh, title="New", workflow="pilot", country="X",
                          requesting_institution_id=institution.id)
    assert definition_of(other).version == 2
    assert "checking" in definition_of(other).stage_keys


def test_describe_matches_the_contract_shape(db_session, make_process):
    process = make_process()
    data = describe(db_session, process)
    assert data["workflow"] == {"key": "national-policy", "version": 2,
                                "title": "National policy or strategy"}
    assert data["state"] == "agenda_setting"
    assert [s["key"] for s in data["stages"]] == [
        "agenda_setting", "policy_analysis", "policy_instruments", "validation", "adopted",
        "implementation", "evaluation", "closed"]
    assert data["stages"][0]["status"] == "blocked"
    assert data["gate"]["ready"] is False
    assert {"key", "ok", "message"} <= set(data["gate"]["checks"][0])
    assert {"trigger": "advance", "dest": "policy_analysis", "gated": True,
            "note_required": False} .items() <= data["triggers"][0].items()


def test_audit_verify_detects_an_edited_row(db_session, make_process, add_member):
    process = make_process()
    add_member(process, "core")
    add_member(process, "expert")
    assert verify(db_session, process.id) == []
    target = history(db_session, process)[1]
    db_session.execute(update(AuditEvent).where(AuditEvent.id == target.id)
                       .values(summary="Nothing happened here"))
    db_session.expire_all()
    problems = verify(db_session, process.id)
    assert [p.seq for p in problems] == [target.seq]
    assert "changed" in problems[0].message


def test_audit_verify_detects_a_removed_row(db_session, make_process, add_member):
    process = make_process()
    add_member(process, "core")
    add_member(process, "core")
    events = history(db_session, process)
    db_session.delete(events[1])
    db_session.flush()
    db_session.expire_all()
    assert verify(db_session, process.id)
