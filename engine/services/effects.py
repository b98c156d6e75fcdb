"""What follows from a change: the one point where side effects hang.

Every change to a process passes through ``audit.record``, which hands each
event it writes to :func:`dispatch`. Two kinds of subscriber listen here:

- ``@in_transaction(kinds...)``: runs at once, inside the transaction that made
  the change, with the session and the ``AuditEvent`` row. Use it for what must
  commit or vanish *with* the change: outbox rows, derived records. It may
  write through the session; an error it raises aborts the change (the request
  answers with an error and rolls back).
- ``@after_commit(kinds...)``: runs once per event after the transaction that
  made the change has committed, and never if it rolled back (nor for events
  made inside a savepoint that was rolled back). Use it for what must not
  happen unless the change is safe: waking a mail worker, pushing a
  notification, clearing a cache. It receives a :class:`Change` (plain data:
  the session is finished and must not be used), and an error it raises is
  logged, not raised: the change is already committed.

A notification therefore takes two steps: an ``in_transaction`` handler writes
an outbox row beside the change, and an ``after_commit`` handler wakes whoever
delivers it. Kinds are audit event kinds (``"comment.added"``) or patterns
(``"comment.*"``); no kinds means every event. Handlers are registered where
they are defined, by a module that ``engine.composition`` imports.

The pending events live in ``session.info``; the web request's single commit
(``webapp.database``) and the command line's commits release them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from fnmatch import fnmatchcase
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session, SessionTransaction

from engine.models import AuditEvent

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Change:
    """An audit event as after-commit handlers see it: plain values, no database session."""

    kind: str
    process_id: int | None
    stage: str | None
    actor_id: int | None
    actor_email: str | None
    subject_type: str | None
    subject_id: int | None
    summary: str
    data: dict[str, Any]
    at: datetime
    seq: int

    @classmethod
    def of(cls, event: AuditEvent) -> Change:
        return cls(event.kind, event.process_id, event.stage, event.actor_id, event.actor_email,
                   event.subject_type, event.subject_id, event.summary, dict(event.data or {}),
                   event.at, event.seq)


InTransaction = Callable[[Session, AuditEvent], None]
AfterCommit = Callable[[Change], None]

IN_TRANSACTION: list[tuple[tuple[str, ...], InTransaction]] = []
AFTER_COMMIT: list[tuple[tuple[str, ...], AfterCommit]] = []

_PENDING = "policycycle.pending_changes"


def in_transaction(*kinds: str) -> Callable[[InTransaction], InTransaction]:
    """Register a handler run inside the change's transaction (e.g. to write an outbox row)."""

    def register(handler: InTransaction) -> InTransaction:
        IN_TRANSACTION.append((kinds, handler))
        return handler

    return register


def after_commit(*kinds: str) -> Callable[[AfterCommit], AfterCommit]:
    """Register a handler run once per event after its transaction committed."""

    def register(handler: AfterCommit) -> AfterCommit:
        AFTER_COMMIT.append((kinds, handler))
        return handler

    return register


def _matches(kinds: tuple[str, ...], kind: str) -> bool:
    return not kinds or any(fnmatchcase(kind, pattern) for pattern in kinds)


def dispatch(session: Session, event: AuditEvent) -> None:
    """Called by ``audit.record`` for each event it writes (nothing else calls it)."""
    for kinds, handler in IN_TRANSACTION:
        if _matches(kinds, event.kind):
            handler(session, event)
    if not AFTER_COMMIT:
        return
    pending = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = []
        _listen(session)
    # Remember the innermost transaction, so that a savepoint rolled back takes its events along.
    pending.append((session.get_nested_transaction() or session.get_transaction(),
                    Change.of(event)))


def _listen(session: Session) -> None:
    if not sa_event.contains(session, "after_commit", _after_commit):
        sa_event.listen(session, "after_commit", _after_commit)
        sa_event.listen(session, "after_soft_rollback", _after_rollback)


def _within(transaction: SessionTransaction | None, ancestor: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is ancestor:
            return True
        transaction = transaction.parent
    return False


def _after_rollback(session: Session, previous: SessionTransaction) -> None:
    pending = session.info.get(_PENDING)
    if not pending:
        return
    if previous.parent is None:  # the whole transaction: nothing happened
        pending.clear()
    else:
        pending[:] = [(txn, change) for txn, change in pending if not _within(txn, previous)]


def _after_commit(session: Session) -> None:
    if session.get_nested_transaction() is not None:
        return  # a savepoint was released: the changes are not committed yet
    pending = session.info.get(_PENDING)
    if not pending:
        return
    changes = [change for _txn, change in pending]
    pending.clear()
    for change in changes:
        for kinds, handler in list(AFTER_COMMIT):
            if _matches(kinds, change.kind):
                try:
                    handler(change)
                except Exception:  # noqa: BLE001 - the change is committed; report, go on
                    log.exception("after-commit handler %r failed for %s", handler, change.kind)
