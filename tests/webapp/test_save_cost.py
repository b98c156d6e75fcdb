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

#: The token and its user, the section (read, then locked) with its team, the process
#: and its memberships, the update, the revision, the comments to re-anchor, the audit
#: head, event and head update: 14 (and BEGIN, COMMIT); then the stage's entry and its
#: valid sign-offs, which an edit of the text lapses: 16. The dashboard's gate summary
#: is kept: no gate condition reads the text.
SAVE_STATEMENTS = 16


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
