"""Two leads' clicks at the same moment: exactly one transition applies."""

from __future__ import annotations

import threading
import uuid

import pytest
from sqlalchemy import delete, select

from engine.db import make_session_factory
from engine.errors import Conflict
from engine.models import AuditHead, Process, TransitionRecord, User
from engine.services import institutions, transitions, users
from engine.services.processes import start_process

pytestmark = pytest.mark.slow


@pytest.fixture
def committed_process(db_engine, catalog):
    """A process written for real (other connections must see it); removed afterwards."""
    factory = make_session_factory(db_engine)
    tag = uuid.uuid4().hex[:8]
    with factory() as session:
        lead = users.create_user(session, None, email=f"lead-{tag}@example.org", name="Lead",
                                 password="long enough password", may_start_processes=True)
        institution = institutions.create_institution(session, None, name=f"Ministry {tag}",
                                                      kind="ministry")
        process = start_process(session, lead, catalog, title="Race", workflow="national-policy",
                                country="X", requesting_institution_id=institution.id)
        session.commit()
        ids = (process.id, lead.id, institution.id)
    yield factory, ids
    with factory() as session:
        session.execute(delete(Process).where(Process.id == ids[0]))
        # The chain's head is not cascaded: left behind, it would continue the chain of
        # the next process that reuses this id (SQLite reuses ids).
        session.execute(delete(AuditHead).where(AuditHead.chain == f"process:{ids[0]}"))
        session.commit()


def test_exactly_one_of_two_concurrent_transitions_applies(committed_process):
    factory, (process_id, lead_id, _) = committed_process
    barrier = threading.Barrier(2, timeout=30)
    outcomes: list[str] = []
    lock = threading.Lock()

    def click(reason: str) -> None:
        barrier.wait()
        with factory() as session:
            process = session.get(Process, process_id)
            lead = session.get(User, lead_id)
            try:
                transitions.fire(session, lead, process, "advance", note=reason,
                                 override_reason=reason, expected_state="agenda_setting")
                session.commit()
                result = "applied"
            except Conflict as error:
                session.rollback()
                result = type(error).__name__
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=click, args=(f"click {n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(outcomes) == 2 and outcomes.count("applied") == 1, outcomes
    with factory() as session:
        process = session.get(Process, process_id)
        assert process.state == "policy_analysis"
        records = session.scalars(
            select(TransitionRecord).where(TransitionRecord.process_id == process_id)).all()
        assert len(records) == 1


def test_a_transition_based_on_a_stale_read_is_refused(committed_process, is_postgres):
    """Both read the process, one commits first: the other's write is refused (row version)."""
    if not is_postgres:
        pytest.skip("SQLite serialises whole transactions, so two cannot read at once")
    from engine.errors import StaleState

    factory, (process_id, lead_id, _) = committed_process
    first, second = factory(), factory()
    try:
        p1, p2 = first.get(Process, process_id), second.get(Process, process_id)
        assert p1.state == p2.state == "agenda_setting"
        transitions.fire(first, first.get(User, lead_id), p1, "advance", override_reason="first")
        first.commit()
        with pytest.raises(StaleState):
            transitions.fire(second, second.get(User, lead_id), p2, "advance",
                             override_reason="second")
        second.rollback()
    finally:
        first.close()
        second.close()
