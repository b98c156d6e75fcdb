"""Deliverables: what each stage must produce, who owns it, and its status."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.db import utcnow
from engine.errors import Conflict, InvalidInput
from engine.i18n import msg
from engine.models import (
    DataSource,
    Deliverable,
    DeliverableVersion,
    Instrument,
    Measure,
    Objective,
    PolicyOption,
    Process,
    Risk,
    Section,
    SwotItem,
    User,
)
from engine.permissions import Action, authorize, membership_of
from engine.services import audit, files, inputs, loading
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


# ------------------------------------------------------------------ versions

#: What a version may link to: kind -> (model, the attribute that names the item).
LINK_KINDS: dict[str, tuple[type, str]] = {
    "section": (Section, "title"),
    "data_source": (DataSource, "name"),
    "swot_item": (SwotItem, "text"),
    "objective": (Objective, "title"),
    "policy_option": (PolicyOption, "title"),
    "instrument": (Instrument, "title"),
    "measure": (Measure, "title"),
    "risk": (Risk, "title"),
}
DECISIONS = {"accept": "accepted", "return": "returned"}


def _links(session: Session, process: Process, links: Any) -> list[dict[str, Any]]:
    """``[{kind, id}]`` checked against the process; each keeps the item's title of the day."""
    if links in (None, ""):
        return []
    if not isinstance(links, list) or len(links) > 100:
        raise InvalidInput(msg("Links must be a list of items."), {"links": msg("not a list")})
    checked: list[dict[str, Any]] = []
    for link in links:
        kind = link.get("kind") if isinstance(link, dict) else None
        target = LINK_KINDS.get(kind) if isinstance(kind, str) else None
        try:
            item_id = int(link.get("id")) if isinstance(link, dict) else 0
        except (TypeError, ValueError):
            item_id = 0
        item = session.get(target[0], item_id) if target and 0 < item_id < 2**31 else None
        if (item is None or item.process_id != process.id
                or getattr(item, "deleted_at", None) is not None):
            raise InvalidInput(msg("A linked item is not part of this process."),
                               {"links": msg("no such item in this process")})
        entry = {"kind": kind, "id": item_id,
                 "title": str(getattr(item, target[1]) or "")[:300]}
        if entry not in checked:
            checked.append(entry)
    return checked


def add_version(
    session: Session,
    actor: User,
    deliverable: Deliverable,
    *,
    data: bytes | None = None,
    filename: str | None = None,
    links: Any = None,
    note: Any = None,
    max_bytes: int = files.DEFAULT_MAX_BYTES,
) -> DeliverableVersion:
    """A new version of the deliverable: an uploaded file, or links to sections or analysis
    items. It waits for the lead's decision; the deliverable counts as submitted."""
    process = loading.process_of(session, deliverable.process_id)
    authorize(session, actor, Action.EDIT, process)
    checked = _links(session, process, links)
    stored = None
    if data is not None or filename:
        stored = files.store_upload(session, actor, process, data or b"", filename,
                                    max_bytes=max_bytes)
    elif not checked:
        raise InvalidInput(msg("A version is a file or links to sections or analysis items."),
                           {"file": msg("required"), "links": msg("required")})
    number = max((v.number for v in deliverable.versions), default=0) + 1
    version = DeliverableVersion(
        number=number, file=stored, links=checked,
        note=inputs.optional_text(note, "note", max_length=5000) or "",
        status="submitted", created_by_id=actor.id)
    deliverable.versions.append(version)
    before = deliverable.status
    if deliverable.status != "accepted":
        deliverable.status = "submitted"
    session.flush()
    audit.record(session, actor, "deliverable.version",
                 f"Deliverable “{deliverable.title}”: version {number} submitted",
                 process=process, stage=deliverable.stage_key, subject=deliverable,
                 data={"version": number, "file": _file_data(version), "links": checked,
                       "before": before, "status": deliverable.status})
    return version


def get_version(session: Session, actor: User, version_id: Any) -> DeliverableVersion:
    return loading.get_item(session, actor, DeliverableVersion, version_id, "version",
                            process_id=lambda v: v.deliverable.process_id)


def decide_version(
    session: Session, actor: User, version: DeliverableVersion, *, decision: Any, note: Any = None,
) -> DeliverableVersion:
    """The lead accepts or returns one version, with a note (required to return it).

    Accepting records the version as the deliverable's accepted one (an earlier
    accepted version becomes ``superseded``) and the deliverable as accepted.
    """
    deliverable = version.deliverable
    process = loading.process_of(session, deliverable.process_id)
    authorize(session, actor, Action.MANAGE, process)
    decision = inputs.choice(decision, "decision", DECISIONS)
    text = inputs.optional_text(note, "note", max_length=5000) or ""
    if decision == "return" and not text.strip():
        raise InvalidInput(msg("Say why the version is returned."), {"note": msg("required")})
    if version.status != "submitted":
        raise Conflict(msg("Version %(number)s has already been decided.", number=version.number),
                       {"decision": msg("already decided")})
    status = DECISIONS[decision]
    if status == "accepted":
        for other in deliverable.versions:
            if other is not version and other.status == "accepted":
                other.status = "superseded"
        deliverable.status = "accepted"
    elif accepted_version(deliverable) is None:
        deliverable.status = "returned"
    version.status = status
    version.decided_by_id = actor.id
    version.decided_at = utcnow()
    version.decision_note = text
    session.flush()
    audit.record(session, actor, f"deliverable.version_{status}",
                 f"Deliverable “{deliverable.title}”: version {version.number} {status}",
                 process=process, stage=deliverable.stage_key, subject=deliverable,
                 data={"version": version.number, "status": status, "note": text,
                       "file": _file_data(version)})
    return version


def accepted_version(deliverable: Deliverable) -> DeliverableVersion | None:
    """The version the lead accepted last (None when there is none)."""
    accepted = [v for v in deliverable.versions if v.status == "accepted"]
    return accepted[-1] if accepted else None


def _file_data(version: DeliverableVersion) -> dict[str, Any] | None:
    if version.file is None:
        return None
    return {"id": version.file.id, "name": version.file.name, "sha256": version.file.sha256,
            "size": version.file.size, "type": version.file.content_type}


def link_choices(session: Session, process: Process) -> list[tuple[str, list[tuple[int, str]]]]:
    """What a version may link to in the process, by kind: ``[(kind, [(id, title)])]``."""
    choices = []
    for kind, (model, attribute) in LINK_KINDS.items():
        column = getattr(model, attribute)
        query = select(model.id, column).where(model.process_id == process.id)  # type: ignore[attr-defined]
        if kind == "section":
            query = query.where(Section.deleted_at.is_(None)).order_by(Section.position, Section.id)
        else:
            query = query.order_by(model.id)  # type: ignore[attr-defined]
        rows = [(row[0], str(row[1] or "")[:120]) for row in session.execute(query)]
        if rows:
            choices.append((kind, rows))
    return choices
