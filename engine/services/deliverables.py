"""Deliverables: what each stage must produce, who owns it, and its status."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.errors import Conflict, InvalidInput
from engine.i18n import msg
from engine.models import Deliverable, Process, User
from engine.permissions import Action, authorize, membership_of
from engine.services import audit, inputs, loading
from engine.services.consultations import stage_key
from engine.services.users import by_email
from engine.vocabulary import DELIVERABLE_FLOW, DELIVERABLE_KINDS, DELIVERABLE_STATUSES


def _owner(session: Session, process: Process, email: Any) -> User | None:
    if email in (None, ""):
        return None
    user = by_email(session, inputs.email(email, "owner_email"))
    if user is None or membership_of(session, user, process) is None:
        raise InvalidInput(
            msg("The owner must be a member of this process."), {"owner_email": msg("not a member")}
        )
    return user


def create_deliverable(
    session: Session,
    actor: User,
    process: Process,
    *,
    stage: str,
    kind: str,
    title: str | None = None,
    owner_email: str | None = None,
    due_on: Any = None,
) -> Deliverable:
    authorize(session, actor, Action.EDIT, process)
    kind = inputs.choice(kind, "kind", DELIVERABLE_KINDS)
    deliverable = Deliverable(
        process_id=process.id,
        stage_key=stage_key(process, stage),
        kind=kind,
        title=inputs.text(title, "title", required=False) or DELIVERABLE_KINDS[kind],
        owner=_owner(session, process, owner_email),
        due_on=inputs.a_date(due_on, "due_on"),
        status="draft",
    )
    session.add(deliverable)
    session.flush()
    audit.record(session, actor, "deliverable.created", f"Deliverable “{deliverable.title}” added",
                 process=process, stage=deliverable.stage_key, subject=deliverable,
                 data=_snapshot(deliverable))
    return deliverable


def get_deliverable(session: Session, actor: User, deliverable_id: Any) -> Deliverable:
    return loading.get_item(session, actor, Deliverable, deliverable_id, "deliverable")


def update_deliverable(
    session: Session, actor: User, deliverable: Deliverable, **changes: Any
) -> Deliverable:
    """Change status (along the allowed flow), title, owner or due date."""
    process = session.get(Process, deliverable.process_id)
    assert process is not None
    authorize(session, actor, Action.EDIT, process)
    before = _snapshot(deliverable)
    if "status" in changes and changes["status"] != deliverable.status:
        status = inputs.choice(changes["status"], "status", DELIVERABLE_STATUSES)
        if status not in DELIVERABLE_FLOW[deliverable.status]:
            allowed = ", ".join(sorted(DELIVERABLE_FLOW[deliverable.status]))
            raise Conflict(
                msg("A %(status)s deliverable can only become: %(allowed)s.", status=deliverable.status, allowed=allowed),
                {"status": msg("allowed from %(status)s: %(allowed)s", status=deliverable.status, allowed=allowed)},
            )
        deliverable.status = status
    if "title" in changes:
        deliverable.title = inputs.text(changes["title"], "title")
    if "owner_email" in changes:
        deliverable.owner = _owner(session, process, changes["owner_email"])
    if "due_on" in changes:
        deliverable.due_on = inputs.a_date(changes["due_on"], "due_on")
    after = _snapshot(deliverable)
    if after != before:
        kind = "deliverable.status" if before["status"] != after["status"] else "deliverable.updated"
        summary = (
            f"Deliverable “{deliverable.title}”: {before['status']} → {after['status']}"
            if kind == "deliverable.status"
            else f"Deliverable “{deliverable.title}” updated"
        )
        audit.record(session, actor, kind, summary, process=process, stage=deliverable.stage_key,
                     subject=deliverable, data={"before": before, "after": after})
    return deliverable


def _snapshot(deliverable: Deliverable) -> dict[str, Any]:
    return {
        "stage": deliverable.stage_key,
        "kind": deliverable.kind,
        "title": deliverable.title,
        "owner": deliverable.owner.email if deliverable.owner else None,
        "due_on": deliverable.due_on.isoformat() if deliverable.due_on else None,
        "status": deliverable.status,
    }


def list_deliverables(session: Session, process: Process, stage: str | None = None) -> list[Deliverable]:
    query = select(Deliverable).where(Deliverable.process_id == process.id)
    if stage:
        query = query.where(Deliverable.stage_key == stage)
    return list(session.scalars(query.order_by(Deliverable.stage_key, Deliverable.id)))
