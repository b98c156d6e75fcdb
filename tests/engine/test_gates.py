"""Each gate condition kind blocks with its exact message, and passes once met."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from engine.gates import EVALUATORS, evaluate_gate
from engine.services import consultations, deliverables, members, transitions
from engine.services.document import comments, sections
from engine.services.document.sections import flatten, outline
from engine.workflows.condition_kinds import CONDITION_KINDS


def checks_by_key(session, process):
    return {c.key: c for c in evaluate_gate(session, process)}


def test_every_condition_kind_has_exactly_one_evaluator():
    assert set(EVALUATORS) == set(CONDITION_KINDS)


def test_agenda_setting_checklist_messages(db_session, make_process, add_member):
    process = make_process()
    checks = checks_by_key(db_session, process)
    assert checks["lead_assigned"].ok
    assert checks["lead_assigned"].message.startswith("Lead assigned: Lead Person")
    assert not checks["core_group_formed"].ok
    assert checks["core_group_formed"].message == (
        "1 of 3 required core-group members in place; add 2 more."
    )
    assert checks["min_institutions"].message == (
        "1 of 2 required institutions represented in the core group; add members from 1 more."
    )
    assert checks["deliverables_accepted"].message == (
        "0 of 3 required deliverables accepted; missing: Issues paper, "
        "First map of stakeholders, Mandate of the process."
    )
    assert checks["deliverables_accepted"].fix == "deliverables"
    add_member(process, "core")
    add_member(process, "expert")  # experts do not count
    checks = checks_by_key(db_session, process)
    assert checks["core_group_formed"].message == (
        "2 of 3 required core-group members in place; add 1 more."
    )
    assert checks["min_institutions"].ok


def test_deliverables_count_only_when_accepted(db_session, make_process):
    process = make_process()
    lead = process.lead.user
    for kind in ("issues_paper", "stakeholder_map"):
        item = deliverables.create_deliverable(db_session, lead, process, stage="agenda_setting",
                                               kind=kind)
        deliverables.update_deliverable(db_session, lead, item, status="submitted")
    check = checks_by_key(db_session, process)["deliverables_accepted"]
    assert check.message.startswith("0 of 3 required deliverables accepted")
    deliverables.update_deliverable(db_session, lead, item, status="accepted")
    check = checks_by_key(db_session, process)["deliverables_accepted"]
    assert check.message == (
        "1 of 3 required deliverables accepted; missing: Issues paper, Mandate of the process."
    )


def _to_stage(db_session, process, satisfy_gate, key):
    while process.state != key:
        satisfy_gate(process)
        transitions.fire(db_session, process.lead.user, process, "advance", note="ok")


def test_consultations_must_be_held_and_reach_groups(db_session, make_process, satisfy_gate):
    process = make_process()
    _to_stage(db_session, process, satisfy_gate, "policy_analysis")
    lead = process.lead.user
    check = checks_by_key(db_session, process)["consultations_held"]
    assert check.message == (
        "0 of 1 required consultation held; missing: Survey or focus groups with migrants "
        "and the diaspora (0 of 1 held)."
    )
    # Planned for next month: not held yet.
    consultations.create_consultation(
        db_session, lead, process, stage="policy_analysis", method="focus_group",
        title="Planned focus group", held_on=(date.today() + timedelta(days=30)).isoformat(),
        groups=["migrants", "diaspora"])
    assert not checks_by_key(db_session, process)["consultations_held"].ok
    consultations.create_consultation(
        db_session, lead, process, stage="policy_analysis", method="survey",
        title="Diaspora survey", held_on=date.today().isoformat(), groups=["diaspora"])
    check = checks_by_key(db_session, process)["consultations_held"]
    assert check.message == (
        "0 of 1 required consultation held; missing: Survey or focus groups with migrants "
        "and the diaspora (not yet reached: Migrants and their representatives)."
    )
    consultations.create_consultation(
        db_session, lead, process, stage="policy_analysis", method="focus_group",
        title="Migrants' focus group", held_on=date.today().isoformat(), groups=["migrants"])
    assert checks_by_key(db_session, process)["consultations_held"].ok


def test_sections_agreed_lists_open_sections(db_session, make_process, satisfy_gate):
    process = make_process()
    _to_stage(db_session, process, satisfy_gate, "policy_analysis")
    check = checks_by_key(db_session, process)["sections_agreed"]
    assert check.message.startswith("0 of 10 sections agreed; still open: Situation analysis, ")
    lead = process.lead.user
    for node in flatten(outline(db_session, process)):
        if node.section.stage_key == "policy_analysis":
            sections.update_section(db_session, lead, node.section, status="agreed")
    assert checks_by_key(db_session, process)["sections_agreed"].ok
    # Editing an agreed section sends it back to drafting, and the gate sees it.
    target = next(n.section for n in flatten(outline(db_session, process)) if n.section.key == "swot")
    sections.save_body(db_session, lead, target, body="Strengths: a new text.", base_revision=0)
    assert target.status == "drafting"
    check = checks_by_key(db_session, process)["sections_agreed"]
    assert check.message == (
        "9 of 10 sections agreed; still open: Strengths, weaknesses, opportunities and threats."
    )


def test_blocking_comment_holds_gate_and_is_named(db_session, make_process, satisfy_gate,
                                                    add_member):
    process = make_process()
    _to_stage(db_session, process, satisfy_gate, "policy_analysis")
    expert = add_member(process, "expert").user
    section = next(n.section for n in flatten(outline(db_session, process))
                   if n.section.key == "swot")
    comment = comments.add_comment(db_session, expert, section,
                                   body="The 2019 figures contradict the census.", blocking=True)
    comments.add_comment(db_session, expert, section, body="Minor: style.", blocking=False)
    check = checks_by_key(db_session, process)["no_blocking_comments"]
    assert not check.ok
    assert check.message == (
        "1 blocking comment open: “The 2019 figures contradict the census.” on "
        f"Strengths, weaknesses, opportunities and threats by {expert.name} "
        f"(comment #{comment.id})."
    )
    comments.resolve(db_session, expert, comment)  # experts resolve their own
    assert checks_by_key(db_session, process)["no_blocking_comments"].ok


def test_signoff_waits_for_every_core_institution(db_session, make_process, satisfy_gate,
                                                  make_institution, add_member):
    process = make_process()
    _to_stage(db_session, process, satisfy_gate, "validation")
    core = [m for m in process.active_memberships if m.role in ("lead", "core")]
    institutions = {m.institution_id: m for m in core}
    check = checks_by_key(db_session, process)["signoff"]
    assert check.message.startswith(f"0 of {len(institutions)} signatory institutions signed off; waiting for: ")
    first = next(iter(institutions.values()))
    members.sign_off(db_session, first.user, process, first.institution_id)
    check = checks_by_key(db_session, process)["signoff"]
    assert check.message.startswith(f"1 of {len(institutions)} signatory institutions signed off")
    assert first.institution.name not in check.message.split("waiting for:")[1]
    for membership in institutions.values():
        if membership is not first:
            members.sign_off(db_session, membership.user, process, membership.institution_id)
    assert checks_by_key(db_session, process)["signoff"].ok


def test_signoff_only_for_own_institution(db_session, make_process, add_member, make_institution):
    from engine.errors import Conflict, PermissionDenied

    process = make_process()
    other = make_institution("Ministry of Justice")
    member = add_member(process, "core")
    with pytest.raises(PermissionDenied):
        members.sign_off(db_session, member.user, process, other.id)
    expert = add_member(process, "expert")
    with pytest.raises(PermissionDenied):
        members.sign_off(db_session, expert.user, process, expert.institution_id)
    members.sign_off(db_session, member.user, process, member.institution_id)
    with pytest.raises(Conflict):
        members.sign_off(db_session, member.user, process, member.institution_id)


def test_validation_waits_until_every_input_has_a_decision(db_session, make_process,
                                                           satisfy_gate):
    from engine.errors import GateNotMet

    process = make_process()
    _to_stage(db_session, process, satisfy_gate, "validation")
    satisfy_gate(process)
    lead = process.lead.user
    hearing = consultations.create_consultation(
        db_session, lead, process, stage="validation", method="public_hearing",
        title="Hearing on the draft", held_on=(date.today() - timedelta(days=1)).isoformat(),
        groups=["civil_society"], summary="Held.")
    items = [consultations.add_input(db_session, lead, hearing, source=f"Association {n}",
                                     text=f"Point number {n} on detention.") for n in range(5)]
    consultations.set_disposition(db_session, lead, items[0], disposition="accepted",
                                  reason="Taken up in measure 1.")
    check = checks_by_key(db_session, process)["inputs_decided"]
    assert not check.ok
    assert check.message == (
        f"4 inputs still without a decision: “Point number 1 on detention.” from Association 1 "
        f"(input #{items[1].id}); “Point number 2 on detention.” from Association 2 "
        f"(input #{items[2].id}); “Point number 3 on detention.” from Association 3 "
        f"(input #{items[3].id}) and 1 more.")
    with pytest.raises(GateNotMet) as refused:
        transitions.fire(db_session, lead, process, "advance", note="Validated.")
    assert f"input #{items[1].id}" in str(refused.value.details)
    assert process.state == "validation"
    # An input of another stage does not hold this gate.
    earlier = consultations.create_consultation(
        db_session, lead, process, stage="policy_analysis", method="survey", title="Survey",
        held_on=date.today().isoformat(), groups=[], summary="")
    consultations.add_input(db_session, lead, earlier, source="Someone", text="Later.")
    for item in items[1:4]:
        consultations.set_disposition(db_session, lead, item, disposition="rejected",
                                      reason="Outside the scope of the Strategy.")
    check = checks_by_key(db_session, process)["inputs_decided"]
    assert check.message == (f"1 input still without a decision: “Point number 4 on "
                             f"detention.” from Association 4 (input #{items[4].id}).")
    consultations.set_disposition(db_session, lead, items[4], disposition="partly",
                                  reason="The Foreigners Act sets the periods.")
    assert checks_by_key(db_session, process)["inputs_decided"].ok
    transitions.fire(db_session, lead, process, "advance", note="Validated.")
    assert process.state == "adopted"
def test_a_blocking_comment_holds_agenda_setting_though_its_gate_does_not_list_it(
        db_session, make_process, satisfy_gate, add_member):
    from engine.errors import GateNotMet

    process = make_process()
    satisfy_gate(process)
    from engine.catalog import definition_of

    stage_gate = [c.kind for c in definition_of(process).stage("agenda_setting").gate]
    assert "no_blocking_comments" not in stage_gate
    assert all(c.ok for c in evaluate_gate(db_session, process))
    expert = add_member(process, "expert").user
    section = next(n.section for n in flatten(outline(db_session, process))
                   if n.section.key == "mandate")
    comment = comments.add_comment(db_session, expert, section,
                                   body="The mandate omits the regions.", blocking=True)
    check = checks_by_key(db_session, process)["no_blocking_comments"]
    assert not check.ok
    assert check.message == (
        "1 blocking comment open: “The mandate omits the regions.” on Mandate and scope of the "
        f"process by {expert.name} (comment #{comment.id})."
    )
    with pytest.raises(GateNotMet):
        transitions.fire(db_session, process.lead.user, process, "advance", note="Go")
    assert process.state == "agenda_setting"
    comments.resolve(db_session, expert, comment)
    assert all(c.ok for c in evaluate_gate(db_session, process))
    transitions.fire(db_session, process.lead.user, process, "advance", note="Go")
    assert process.state == "policy_analysis"


def test_agenda_setting_gates_its_consultation(db_session, make_process):
    process = make_process()
    check = checks_by_key(db_session, process)["consultations_held"]
    assert not check.ok
    assert check.message == (
        "0 of 1 required consultation held; missing: Meeting with interest groups to map "
        "stakeholders (0 of 1 held)."
    )
