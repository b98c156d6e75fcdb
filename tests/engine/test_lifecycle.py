"""Each shipped workflow walked through the services, gates met for real."""

from __future__ import annotations

import pytest

from engine.catalog import definition_of
from engine.errors import GateNotMet
from engine.gates import evaluate_gate
from engine.services import transitions
from engine.services.audit import verify


def _paths(definition, start):
    """Every path of gated/ungated main triggers from start to a terminal state (no loops)."""
    paths = []

    def walk(state, path, seen):
        if state in definition.terminal_states:
            paths.append(path)
            return
        for t in definition.transitions_from(state):
            if t.trigger in ("suspend", "resume") or t.dest in seen:
                continue
            walk(t.dest, [*path, (state, t)], seen | {t.dest})

    walk(start, [], {start})
    return paths


@pytest.mark.parametrize("workflow", ["national-policy", "sectoral-action-plan", "technical-assistance"])
def test_every_terminal_state_is_reached_through_the_services(
    workflow, catalog, db_session, make_process, satisfy_gate
):
    definition = catalog.get(workflow)
    reached = set()
    for path in _paths(definition, definition.initial):
        process = make_process(workflow=workflow, title=f"{workflow} walk")
        lead = process.lead.user
        for state, transition in path:
            assert process.state == state
            actor = lead
            if transition.decided_by:
                # The steering group decides, after its assessment (which satisfy_gate makes).
                satisfy_gate(process)
                actor = next(m.user for m in process.active_memberships if m.role == "steering")
            if transition.gated:
                checks = evaluate_gate(db_session, process)
                if checks and not all(c.ok for c in checks):
                    with pytest.raises(GateNotMet) as refused:
                        transitions.fire(db_session, actor, process, transition.trigger,
                                         note="Moving on")
                    assert refused.value.details["failing"]
                satisfy_gate(process)
                checks = evaluate_gate(db_session, process)
                assert all(c.ok for c in checks), [c.message for c in checks if not c.ok]
            transitions.fire(db_session, actor, process, transition.trigger,
                             note="Decision recorded in the minutes")
            assert process.state == transition.dest
        reached.add(process.state)
        assert verify(db_session, process.id) == []
    assert reached == set(definition.terminal_states)


def test_national_policy_walks_agenda_to_adoption(db_session, make_process, satisfy_gate):
    process = make_process()
    lead = process.lead.user
    visited = [process.state]
    while process.state != "adopted":
        satisfy_gate(process)
        transitions.fire(db_session, lead, process, "advance", note="Stage complete")
        visited.append(process.state)
    assert visited == ["agenda_setting", "policy_analysis", "policy_instruments", "validation",
                       "adopted"]
    stages = {s.key: s for s in process.stages}
    assert all(stages[k].completed_at is not None for k in visited[:-1])
    assert stages["adopted"].started_at is not None
    assert not definition_of(process).stage("adopted").terminal
    assert definition_of(process).stage("closed").terminal
