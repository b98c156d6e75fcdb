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
from sqlalchemy.orm import Session

from engine.errors import NotFound
from engine.i18n import Message, msg
from engine.models import Process, User
from engine.permissions import Action, authorize

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
        item = session.execute(
            select(model).where(model.id == key)  # type: ignore[attr-defined]
            .with_for_update().execution_options(populate_existing=True)
        ).scalar_one_or_none()
    else:
        item = session.get(model, key)
    if item is None:
        raise NotFound(_not_found(what))
    owner = process_id(item) if process_id is not None else item.process_id  # type: ignore[attr-defined]
    authorize(session, actor, Action.VIEW, process_of(session, owner))
    return item
