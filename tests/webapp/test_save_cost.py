"""What a section save costs, in statements: a fixed number, and no gate evaluation.

No timing here (benchmarks/save_bench.py measures time); the statement count of a
save is what the code controls, and a gate evaluated on every save made a save cost
a hundred statements on a process with an analysis stage.
"""

from __future__ import annotations

import pytest
from sqlalchemy import event

from engine.services.document import sections as section_service
from tests.webapp.world import World

#: The token and its user; the section, read once and locked (its caller locks it, the
#: save finds it held); the process; the writer's own membership (not every member's);
#: the update and the revision; the comments to re-anchor; the audit head, event and
#: head update; the stage entry's sign-offs that the edit lapses, with the entry read
#: in the same statement: 12. The dashboard's gate summary is kept: no gate condition
#: reads the text.
SAVE_STATEMENTS = 12


@pytest.fixture
def world(make_world) -> World:
    return make_world("api")


def test_a_section_save_costs_a_fixed_number_of_statements(world, db_session, db_connection,
                                                           monkeypatch):
    from engine.services import gate_watch

    def evaluated(*_args, **_kwargs):
        raise AssertionError("a text save evaluated the gate")

    section = section_service.create_section(db_session, world.lead, world.process,
                                             title="Context", body="First text.\n")
    db_session.flush()
    monkeypatch.setattr(gate_watch, "evaluate_gate", evaluated)
    path = f"/sections/{section.id}"
    revision = world["lead"].get(path).get_json()["revision"]
    counts = []
    sent: list[str] = []

    def record(_conn, _cursor, statement, *_rest) -> None:
        sent.append(statement)

    event.listen(db_connection, "before_cursor_execute", record)
    try:
        for n in range(3):
            sent.clear()
            answer = world["lead"].put(path, {"body": f"Text number {n}.\n",
                                              "base_revision": revision})
            assert answer.status_code == 200, answer.get_json()
            revision = answer.get_json()["revision"]
            counts.append(len([s for s in sent if "SAVEPOINT" not in s]))
    finally:
        event.remove(db_connection, "before_cursor_execute", record)
    assert max(counts) <= SAVE_STATEMENTS, f"{counts}: {sent}"


def test_the_gate_is_still_watched_on_other_changes(world, db_session, monkeypatch):
    """A change that can move the gate (here a new member) is still looked at."""
    from engine.services import gate_watch

    looked: list[int] = []
    original = gate_watch.evaluate_gate

    def watched(session, process, *args, **kwargs):
        looked.append(process.id)
        return original(session, process, *args, **kwargs)

    monkeypatch.setattr(gate_watch, "evaluate_gate", watched)
    section = section_service.create_section(db_session, world.lead, world.process,
                                             title="Context", body="")
    assert looked == [world.process.id]
    section_service.save_body(db_session, world.lead, section, body="Text.\n",
                              base_revision=section.revision)
    assert looked == [world.process.id]


def test_a_write_reads_only_the_writers_membership_and_sees_it_end(world, db_session):
    """The narrow read a save makes still refuses a membership ended in the same transaction."""
    from engine.errors import NotFound, PermissionDenied
    from engine.models import Process
    from engine.permissions import own_membership

    section = section_service.create_section(db_session, world.lead, world.process,
                                             title="Context", body="First text.\n")
    db_session.flush()
    process = db_session.get(Process, world.process.id)
    db_session.expire(process, ["memberships"])  # as in a request: the members not loaded
    core = world.core
    mine = own_membership(db_session, core, process)
    assert mine is not None and mine.role == "core"
    assert "memberships" not in process.__dict__, "the narrow read loaded every member"
    mine.ended_at = mine.started_at  # ended in this very transaction
    assert own_membership(db_session, core, process) is None
    section = section_service.get_section(db_session, world.lead, section.id)
    with pytest.raises((NotFound, PermissionDenied)):
        section_service.save_body(db_session, core, section, body="Changed.\n",
                                  base_revision=section.revision)
