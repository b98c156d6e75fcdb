"""Checklists read outside a stage move: the analysis readiness and the gate held by
blocking comments."""

from __future__ import annotations

from engine.services.checklists import analysis_readiness, blocking_comments_gate
from engine.services.document import comments as comment_service
from engine.services.document import sections as section_service
from engine.services.transitions import fire


def test_readiness_lists_every_analysis_condition_with_the_stage_that_checks_it(
        db_session, make_process):
    process = make_process()
    lines = analysis_readiness(db_session, process)
    assert [line.check.kind for line in lines] == [
        "inventory_covers", "indicators_have_baselines", "options_appraised",
        "instruments_have_lead", "actions_complete"]
    assert [line.stage for line in lines] == [
        "Policy analysis", "Policy analysis", "Policy analysis", "Policy instruments",
        "Policy instruments"]
    assert not any(line.check.ok for line in lines)
    assert lines[0].check.message.startswith("0 of 4 dimensions covered by the inventory")


def test_blocking_comments_hold_the_current_gated_stage(db_session, make_process):
    # Agenda setting does not list the condition; the engine adds it to every gated advance.
    process = make_process()
    lead = process.lead.user
    held = blocking_comments_gate(db_session, process)
    assert held is not None
    assert (held.ok, held.stage, held.current) == (True, "Agenda setting", True)
    section = section_service.flatten(section_service.outline(db_session, process))[0].section
    comment_service.add_comment(db_session, lead, section, body="Not agreed.", blocking=True)
    held = blocking_comments_gate(db_session, process)
    assert held is not None
    assert not held.ok
    assert held.stage == "Agenda setting"


def test_a_finished_process_has_no_gate_to_hold(db_session, make_process, satisfy_gate):
    from engine.catalog import definition_of

    process = make_process()
    # Adopted is not the end any more: implementation and evaluation follow, then closed.
    while not definition_of(process).stage(process.state).terminal:
        satisfy_gate(process)
        fire(db_session, process.lead.user, process, "advance", note="Done")
    assert process.state == "closed"
    assert blocking_comments_gate(db_session, process) is None
