"""Loading a process, or an item of a process, for an actor.

The one place that pairs a lookup by id with the permission to see what was
found: every ``get_*`` service (sections, comments, consultations,
deliverables, the records of the analysis) loads through here. An id that is
not a number, a missing row and a process the actor may not see all end the
same way as for a missing process. It imports only models, errors and
permissions, so any service can use it without an import cycle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, lazyload

from engine.db import transaction_memo
from engine.errors import NotFound
from engine.i18n import Message, msg
from engine.models import Process, User
from engine.permissions import Action, authorize, own_membership

T = TypeVar("T")

# Whole sentences for translators; other kinds of item fall back to the generic one.
_NOT_FOUND = {
    "comment": "No such comment.",
    "consultation": "No such consultation.",
    "deliverable": "No such deliverable.",
    "input": "No such input.",
    "section": "No such section.",
}


def _not_found(what: str) -> Message:
    sentence = _NOT_FOUND.get(what)
    return msg(sentence) if sentence else msg("No such %(what)s.", what=what)


def get_process(session: Session, actor: User | None, process_id: Any) -> Process:
    """The process, if the actor may see it (NotFound otherwise)."""
    try:
        pid = int(process_id)
    except (TypeError, ValueError):
        raise NotFound(msg("No such process.")) from None
    process = session.get(Process, pid)
    if process is None:
        raise NotFound(msg("No such process."))
    _keep(session, process)
    authorize(session, actor, Action.VIEW, process)
    return process


def _keep(session: Session, process: Process) -> None:
    """Hold the process for the session's life (the identity map holds rows only weakly).

    A request checks permissions on the same process several times (loading
    an item, then the service): kept, it and its memberships are read once.
    """
    session.info.setdefault("policycycle.processes", {})[process.id] = process


def process_of(session: Session, process_id: int) -> Process:
    """The process an item already loaded belongs to (no permission check: the caller makes it)."""
    process = session.get(Process, process_id)
    assert process is not None
    _keep(session, process)
    return process


def lock_row(session: Session, model: type[T], key: int) -> T | None:
    """The row read ``FOR UPDATE`` and refreshed, once per transaction.

    A service that must hold the row's lock (a save) calls it again after its
    caller already locked the row: the second call reads nothing.
    """
    if (model, key) in transaction_memo(session, "policycycle.locked"):
        item = session.get(model, key)
        if item is not None:
            return item
    item = session.execute(
        select(model).where(model.id == key)  # type: ignore[attr-defined]
        .with_for_update().execution_options(populate_existing=True)
        # A write touches few of the row's relations: each loads if and when it is read.
        .options(lazyload("*"))
    ).scalar_one_or_none()
    if item is not None:  # asked again now that the select has begun the transaction
        transaction_memo(session, "policycycle.locked")[(model, key)] = True
    return item


def get_item(
    session: Session,
    actor: User | None,
    model: type[T],
    item_id: Any,
    what: str,
    *,
    process_id: Callable[[T], int] | None = None,
    lock: bool = False,
) -> T:
    """An item of a process that the actor may see (NotFound ``No such <what>.`` otherwise).

    ``process_id`` reads the owning process's id from an item that does not carry
    it itself; ``lock`` reads the row ``FOR UPDATE`` and refreshes it.
    """
    try:
        key = int(item_id)
    except (TypeError, ValueError):
        raise NotFound(_not_found(what)) from None
    item: T | None
    if lock:
        item = lock_row(session, model, key)
    else:
        item = session.get(model, key)
    if item is None:
        raise NotFound(_not_found(what))
    owner = process_id(item) if process_id is not None else item.process_id  # type: ignore[attr-defined]
    process = process_of(session, owner)
    if lock and actor is not None:  # a write: only the writer's own membership is needed
        authorize(session, actor, Action.VIEW, process,
                  membership=own_membership(session, actor, process))
    else:
        authorize(session, actor, Action.VIEW, process)
    return item
