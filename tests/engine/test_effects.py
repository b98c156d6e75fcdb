"""Side effects hang on audit.record: in the transaction, or once it has committed."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from engine.models import Institution
from engine.services import audit, effects


@pytest.fixture
def delivered(monkeypatch) -> list[effects.Change]:
    """The changes an after-commit handler received (the registries are emptied for the test)."""
    monkeypatch.setattr(effects, "AFTER_COMMIT", [])
    monkeypatch.setattr(effects, "IN_TRANSACTION", [])
    received: list[effects.Change] = []

    @effects.after_commit()
    def collect(change: effects.Change) -> None:
        received.append(change)

    return received


def test_after_commit_handlers_run_once_per_event_only_after_the_commit(db_session, delivered):
    audit.record(db_session, None, "test.first", "First")
    audit.record(db_session, None, "test.second", "Second", data={"n": 2})
    assert delivered == []  # flushed, not committed

    db_session.commit()

    assert [(c.kind, c.summary, c.data) for c in delivered] == [
        ("test.first", "First", {}), ("test.second", "Second", {"n": 2})]
    db_session.commit()  # nothing new: nothing delivered twice
    assert len(delivered) == 2


def test_nothing_is_delivered_for_a_rolled_back_transaction(db_session, delivered):
    audit.record(db_session, None, "test.lost", "Lost")
    db_session.rollback()
    db_session.commit()
    assert delivered == []

    audit.record(db_session, None, "test.kept", "Kept")
    db_session.commit()
    assert [c.kind for c in delivered] == ["test.kept"]


def test_a_rolled_back_savepoint_takes_its_events_along(db_session, delivered):
    audit.record(db_session, None, "test.before", "Before")
    failed = db_session.begin_nested()
    audit.record(db_session, None, "test.inside", "Inside a failed savepoint")
    failed.rollback()
    with db_session.begin_nested():
        audit.record(db_session, None, "test.released", "Inside a released savepoint")
    assert delivered == []  # releasing a savepoint commits nothing

    db_session.commit()

    assert [c.kind for c in delivered] == ["test.before", "test.released"]


def test_handlers_choose_their_kinds(db_session, delivered):
    comments: list[str] = []

    @effects.after_commit("comment.*", "section.saved")
    def on_comments(change: effects.Change) -> None:
        comments.append(change.kind)

    for kind in ("comment.added", "section.saved", "section.deleted", "comment.replied"):
        audit.record(db_session, None, kind, kind)
    db_session.commit()

    assert comments == ["comment.added", "section.saved", "comment.replied"]
    assert len(delivered) == 4


def test_a_failing_after_commit_handler_is_logged_and_the_others_still_run(
    db_session, delivered, caplog
):
    @effects.after_commit("test.*")
    def broken(change: effects.Change) -> None:
        raise ValueError("mail server down")

    audit.record(db_session, None, "test.one", "One")
    with caplog.at_level(logging.ERROR, logger="engine.services.effects"):
        db_session.commit()  # does not raise: the change is committed

    assert [c.kind for c in delivered] == ["test.one"]
    assert "after-commit handler" in caplog.text and "mail server down" in caplog.text


def test_in_transaction_handlers_write_beside_the_change(db_session, delivered):
    @effects.in_transaction("test.outbox")
    def outbox(session, event) -> None:
        session.add(Institution(name=f"outbox {event.seq}", kind="ministry"))

    def rows() -> list[str]:
        return list(db_session.scalars(
            select(Institution.name).where(Institution.name.like("outbox %"))))

    audit.record(db_session, None, "test.outbox", "Written with the change")
    db_session.rollback()
    assert rows() == []  # rolled back with the change

    event = audit.record(db_session, None, "test.outbox", "Written with the change")
    db_session.commit()
    assert rows() == [f"outbox {event.seq}"]
    assert [c.kind for c in delivered] == ["test.outbox"]
