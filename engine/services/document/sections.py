"""The strategy document: a tree of numbered sections, each saved as revisions.

Saves carry the revision they were based on. When another save landed in
between, non-overlapping changes are merged (three-way, by line) and the merge
is recorded; overlapping changes are refused with the three texts so that the
writer can resolve them. Nothing anyone writes is ever lost silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.catalog import definition_of
from engine.db import utcnow
from engine.errors import Conflict, EditConflict, InvalidInput, NotFound
from engine.i18n import msg
from engine.models import (
    AuditEvent,
    Membership,
    Process,
    Revision,
    Section,
    TransitionRecord,
    User,
)
from engine.permissions import Action, authorize, own_membership
from engine.services import audit, inputs, loading
from engine.services.document import comments, revisions
from engine.text.conflicts import compose
from engine.text.merge import normalise, three_way_merge
from engine.vocabulary import SECTION_STATUSES

MAX_BODY = 500_000


def get_section(session: Session, actor: User, section_id: Any, *, lock: bool = False) -> Section:
    """A section the actor may see (deleted ones too: they can be restored)."""
    return loading.get_item(session, actor, Section, section_id, "section", lock=lock)


def _process(session: Session, section: Section) -> Process:
    return loading.process_of(session, section.process_id)


# ------------------------------------------------------------------ the tree


@dataclass
class OutlineNode:
    section: Section
    number: str
    depth: int
    children: list[OutlineNode]


def outline(session: Session, process: Process, *, include_deleted: bool = False) -> list[OutlineNode]:
    """The section tree, numbered 1, 1.1, 1.1.1 in position order."""
    query = select(Section).where(Section.process_id == process.id)
    if not include_deleted:
        query = query.where(Section.deleted_at.is_(None))
    sections = list(session.scalars(query.order_by(Section.position, Section.id)))
    by_parent: dict[int | None, list[Section]] = {}
    ids = {s.id for s in sections}
    for section in sections:
        parent = section.parent_id if section.parent_id in ids else None
        by_parent.setdefault(parent, []).append(section)

    def build(parent: int | None, prefix: str, depth: int) -> list[OutlineNode]:
        nodes = []
        for index, section in enumerate(by_parent.get(parent, []), start=1):
            number = f"{prefix}{index}"
            nodes.append(OutlineNode(section, number, depth,
                                     build(section.id, number + ".", depth + 1)))
        return nodes

    return build(None, "", 1)


def flatten(nodes: list[OutlineNode]) -> list[OutlineNode]:
    """The outline in reading order."""
    result: list[OutlineNode] = []
    for node in nodes:
        result.append(node)
        result.extend(flatten(node.children))
    return result


def numbering(session: Session, process: Process) -> dict[int, str]:
    return {n.section.id: n.number for n in flatten(outline(session, process))}


def create_section(
    session: Session,
    actor: User,
    process: Process,
    *,
    title: str,
    parent_id: Any = None,
    position: Any = None,
    body: str = "",
) -> Section:
    authorize(session, actor, Action.EDIT, process)
    title = inputs.text(title, "title")
    parent = _parent(session, process, parent_id)
    siblings = _siblings(session, process, parent.id if parent else None)
    index = _position(position, len(siblings))
    section = Section(process_id=process.id, parent_id=parent.id if parent else None,
                      title=title, body="", revision=0, status="drafting",
                      stage_key=parent.stage_key if parent else process.state)
    session.add(section)
    siblings.insert(index, section)
    _renumber(siblings)
    session.flush()
    audit.record(session, actor, "section.created", f"Section “{title}” added", process=process,
                 subject=section, data={"title": title,
                                        "parent": parent.title if parent else None})
    if body:
        save_body(session, actor, section, body=body, base_revision=0)
    return section


def _parent(session: Session, process: Process, parent_id: Any) -> Section | None:
    if parent_id in (None, "", 0):
        return None
    try:
        parent = session.get(Section, int(parent_id))
    except (TypeError, ValueError):
        parent = None
    if parent is None or parent.process_id != process.id or parent.deleted_at is not None:
        raise InvalidInput(msg("Unknown parent section."), {"parent_id": msg("not a section of this document")})
    return parent


def _siblings(session: Session, process: Process, parent_id: int | None) -> list[Section]:
    query = select(Section).where(Section.process_id == process.id, Section.deleted_at.is_(None))
    query = query.where(Section.parent_id == parent_id if parent_id else Section.parent_id.is_(None))
    return list(session.scalars(query.order_by(Section.position, Section.id)))


def _position(value: Any, count: int) -> int:
    if value in (None, ""):
        return count
    try:
        index = int(value)
    except (TypeError, ValueError):
        raise InvalidInput(msg("position must be a whole number."), {"position": msg("not a number")}) from None
    if index < 0:
        raise InvalidInput(msg("position must be 0 or more."), {"position": msg("must be >= 0")})
    return min(index, count)


def _renumber(siblings: list[Section]) -> None:
    for index, sibling in enumerate(siblings):
        sibling.position = index


def update_section(
    session: Session,
    actor: User,
    section: Section,
    *,
    title: Any = None,
    status: Any = None,
    parent_id: Any = "unchanged",
    position: Any = None,
) -> Section:
    """Rename, change status, or move a section within the tree."""
    process = _process(session, section)
    authorize(session, actor, Action.EDIT, process)
    if section.deleted_at is not None:
        raise Conflict(msg("This section was deleted; restore it first."))
    before = {"title": section.title, "status": section.status, "parent_id": section.parent_id,
              "position": section.position}
    if title is not None:
        section.title = inputs.text(title, "title")
    if status is not None:
        section.status = inputs.choice(status, "status", SECTION_STATUSES)
    if parent_id != "unchanged" or position is not None:
        new_parent = (
            _parent(session, process, parent_id)
            if parent_id != "unchanged"
            else (session.get(Section, section.parent_id) if section.parent_id else None)
        )
        node = new_parent
        while node is not None:
            if node.id == section.id:
                raise Conflict(msg("A section cannot move inside itself."), {"parent_id": msg("cycle")})
            node = session.get(Section, node.parent_id) if node.parent_id else None
        old_siblings = [s for s in _siblings(session, process, section.parent_id) if s.id != section.id]
        _renumber(old_siblings)
        section.parent_id = new_parent.id if new_parent else None
        siblings = [s for s in _siblings(session, process, section.parent_id) if s.id != section.id]
        siblings.insert(_position(position, len(siblings)), section)
        _renumber(siblings)
    section.updated_at = utcnow()
    after = {"title": section.title, "status": section.status, "parent_id": section.parent_id,
             "position": section.position}
    if after != before:
        kind = "section.status" if before["status"] != after["status"] else "section.updated"
        summary = (
            f"Section “{section.title}”: {before['status']} → {after['status']}"
            if kind == "section.status" else f"Section “{section.title}” updated"
        )
        audit.record(session, actor, kind, summary, process=process, subject=section,
                     data={"before": before, "after": after})
    session.flush()
    return section


def delete_section(session: Session, actor: User, section: Section) -> Section:
    """Delete a section (and its subsections) softly: it stays restorable."""
    process = _process(session, section)
    authorize(session, actor, Action.EDIT, process)
    if section.deleted_at is not None:
        return section
    now = utcnow()
    stack = [section]
    while stack:
        node = stack.pop()
        node.deleted_at = now
        stack.extend(session.scalars(
            select(Section).where(Section.parent_id == node.id, Section.deleted_at.is_(None))
        ))
    _renumber([s for s in _siblings(session, process, section.parent_id)])
    audit.record(session, actor, "section.deleted", f"Section “{section.title}” deleted",
                 process=process, subject=section, data={"title": section.title})
    session.flush()
    return section


def restore_section(session: Session, actor: User, section: Section) -> Section:
    process = _process(session, section)
    authorize(session, actor, Action.EDIT, process)
    if section.deleted_at is None:
        return section
    when = section.deleted_at
    if section.parent_id:
        parent = session.get(Section, section.parent_id)
        if parent is not None and parent.deleted_at is not None:
            raise Conflict(msg("Restore the parent section first."))
    stack = [section]
    while stack:
        node = stack.pop()
        node.deleted_at = None
        stack.extend(session.scalars(
            select(Section).where(Section.parent_id == node.id, Section.deleted_at == when)
        ))
    siblings = [s for s in _siblings(session, process, section.parent_id) if s.id != section.id]
    siblings.append(section)
    _renumber(siblings)
    audit.record(session, actor, "section.restored", f"Section “{section.title}” restored",
                 process=process, subject=section, data={"title": section.title})
    session.flush()
    return section


# ------------------------------------------------------------------ saving


@dataclass(frozen=True)
class SaveResult:
    section: Section
    revision: int
    merged: bool
    changed: bool
    repeated: bool = False  # a retried save: the revision its first attempt made


def save_body(
    session: Session,
    actor: User,
    section: Section,
    *,
    body: Any,
    base_revision: Any,
    kind: str = "save",
    note: str | None = None,
    client_save_id: Any = None,
) -> SaveResult:
    """Save a new text of the section made on top of ``base_revision``.

    Raises EditConflict (with base, theirs, yours and the conflicting passages)
    when another save changed the same lines since the base revision. A save sent
    again with the same ``client_save_id`` (a retry after a timeout) returns the
    revision the first one made.
    """
    process = _process(session, section)
    authorize(session, actor, Action.EDIT, process,
              membership=own_membership(session, actor, process) if actor is not None else None)
    if not isinstance(body, str):
        raise InvalidInput(msg("body must be text."), {"body": msg("must be text")})
    if len(body) > MAX_BODY:
        raise InvalidInput(msg("The text is too long."), {"body": msg("at most %(max)s characters", max=MAX_BODY)})
    try:
        base_number = int(base_revision)
    except (TypeError, ValueError):
        raise InvalidInput(msg("base_revision must be a revision number."),
                           {"base_revision": msg("required, a whole number")}) from None
    # Lock the row so concurrent saves of this section queue up and each sees the last one.
    # (Read once: a caller that loaded the section with ``lock=True`` already holds it.)
    locked = loading.lock_row(session, Section, section.id)
    assert locked is not None
    section = locked
    if section.deleted_at is not None:
        raise Conflict(msg("This section was deleted; restore it first."))
    client_save_id = _client_save_id(client_save_id)
    if client_save_id is not None:
        first = session.scalar(select(Revision).where(
            Revision.section_id == section.id, Revision.client_save_id == client_save_id))
        if first is not None:
            return SaveResult(section, first.number, first.merged, True, repeated=True)
    if base_number < 0 or base_number > section.revision:
        raise InvalidInput(msg("Unknown base revision."), {"base_revision": msg("0..%(revision)s", revision=section.revision)})
    yours = normalise(body)
    theirs = section.body
    merged = False
    if base_number == section.revision:
        text = yours
    else:
        base = revisions.revision_body(session, section, base_number)
        result = three_way_merge(base, theirs, yours)
        if not result.clean:
            raise EditConflict(
                msg("Someone else changed the same passage since you started editing."),
                {
                    "base": base,
                    "theirs": theirs,
                    "yours": yours,
                    "base_revision": base_number,
                    "current_revision": section.revision,
                    "conflicts": [
                        {"base": c.base, "theirs": c.theirs, "yours": c.yours,
                         "base_start": c.base_start, "base_end": c.base_end}
                        for c in result.conflicts
                    ],
                    # Everything that merged cleanly, with the writer's own version of
                    # each conflicting passage: a starting point that loses nobody's work.
                    "proposal": result.resolve([c.yours for c in result.conflicts]),
                },
            )
        text = result.text
        merged = result.merged
    if text == theirs:
        return SaveResult(section, section.revision, False, False)
    number = section.revision + 1
    session.add(Revision(section_id=section.id, number=number, body=text,
                         base_revision=base_number, merged=merged, kind=kind,
                         note=note, author_id=actor.id, client_save_id=client_save_id))
    section.body = text
    section.revision = number
    section.updated_at = utcnow()
    status_before = section.status
    if section.status == "agreed":
        section.status = "drafting"
    session.flush()
    # Comments follow their quoted passage; those whose passage is gone become outdated.
    outdated = comments.reanchor(session, section)
    summary = f"Section “{section.title}” saved (revision {number}" + (", merged)" if merged else ")")
    data: dict[str, Any] = {"title": section.title, "revision": number,
                            "base_revision": base_number, "merged": merged,
                            "words": len(text.split())}
    if merged:
        data["merged_with"] = list(range(base_number + 1, number))
    if outdated:
        data["outdated_comments"] = [c.id for c in outdated]
    audit.record(session, actor, f"section.{kind}" if kind != "save" else "section.saved", summary,
                 process=process, subject=section, data=data)
    if status_before == "agreed":
        audit.record(session, actor, "section.status",
                     f"Section “{section.title}”: agreed → drafting (edited after agreement)",
                     process=process, subject=section,
                     data={"before": {"status": "agreed"}, "after": {"status": "drafting"},
                           "title": section.title, "edited_after_agreement": True})
    return SaveResult(section, number, merged, True)


def resolve_conflict(
    session: Session,
    actor: User,
    section: Section,
    *,
    base_revision: Any,
    theirs_revision: Any,
    yours: Any,
    choices: Any,
    client_save_id: Any = None,
) -> SaveResult:
    """Save a text refused for an edit conflict, each conflicting passage kept from the
    writer's version ("mine") or taken from the revision saved meanwhile ("theirs").

    The passages are found again from the three texts (the base the writer started
    from, revision ``theirs_revision``, and ``yours``), so nothing but the choices
    comes from the conflict page. The result is saved through :func:`save_body` on top
    of ``theirs_revision``: a save made since then is merged, or conflicts again.
    """
    process = _process(session, section)
    authorize(session, actor, Action.EDIT, process)
    if not isinstance(yours, str):
        raise InvalidInput(msg("body must be text."), {"body": msg("must be text")})
    if len(yours) > MAX_BODY:
        raise InvalidInput(msg("The text is too long."), {"body": msg("at most %(max)s characters", max=MAX_BODY)})
    numbers = []
    for field, value in (("base_revision", base_revision), ("theirs_revision", theirs_revision)):
        try:
            numbers.append(int(value))
        except (TypeError, ValueError):
            raise InvalidInput(msg("%(field)s must be a revision number.", field=field),
                               {field: msg("required, a whole number")}) from None
    base_number, theirs_number = numbers
    if not 0 <= base_number <= theirs_number <= section.revision:
        raise InvalidInput(msg("Unknown base revision."),
                           {"base_revision": msg("0..%(revision)s", revision=section.revision)})
    base = revisions.revision_body(session, section, base_number)
    theirs = revisions.revision_body(session, section, theirs_number)
    picked = list(choices) if isinstance(choices, list | tuple) else []
    try:
        text = compose(base, theirs, normalise(yours), picked)
    except ValueError:
        raise InvalidInput(msg("Choose, for every passage, your version or theirs."),
                           {"choices": msg("one choice per conflicting passage: mine or theirs")}
                           ) from None
    return save_body(session, actor, section, body=text, base_revision=theirs_number,
                     client_save_id=client_save_id)


def _client_save_id(value: Any) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or len(value) > 100 or not value.isprintable():
        raise InvalidInput(msg("client_save_id must be a short text."),
                           {"client_save_id": msg("at most 100 printable characters")})
    return value


def restore_revision(session: Session, actor: User, section: Section, number: Any) -> SaveResult:
    """Make an old revision's text the newest revision (nothing is overwritten)."""
    old = revisions.revision(session, section, number)
    return save_body(session, actor, section, body=old.body, base_revision=section.revision,
                     kind="restore", note=f"Restored revision {old.number}")


def word_count(session: Session, process: Process) -> int:
    bodies = session.scalars(
        select(Section.body).where(Section.process_id == process.id, Section.deleted_at.is_(None))
    )
    return sum(len(b.split()) for b in bodies)


# ------------------------------------------------------------------ moving


MOVES = ("up", "down", "indent", "outdent")


def move_section(session: Session, actor: User, section: Section, direction: Any) -> Section:
    """Move a section one step: ``up``/``down`` among its siblings, ``indent`` (become the
    last subsection of the section above) or ``outdent`` (follow its parent)."""
    process = _process(session, section)
    authorize(session, actor, Action.EDIT, process)
    direction = inputs.choice(direction, "direction", MOVES)
    siblings = _siblings(session, process, section.parent_id)
    index = next(i for i, s in enumerate(siblings) if s.id == section.id)
    if direction == "up":
        if index == 0:
            raise Conflict(msg("This section is already the first at its level."))
        return update_section(session, actor, section, position=index - 1)
    if direction == "down":
        if index == len(siblings) - 1:
            raise Conflict(msg("This section is already the last at its level."))
        return update_section(session, actor, section, position=index + 1)
    if direction == "indent":
        if index == 0:
            raise Conflict(msg("The first section at its level cannot be indented: "
                           "there is no section above it to go under."))
        above = siblings[index - 1]
        return update_section(session, actor, section, parent_id=above.id, position=None)
    if section.parent_id is None:
        raise Conflict(msg("This section is already at the top level."))
    parent = session.get(Section, section.parent_id)
    assert parent is not None
    parent_siblings = _siblings(session, process, parent.parent_id)
    after = next(i for i, s in enumerate(parent_siblings) if s.id == parent.id) + 1
    return update_section(session, actor, section, parent_id=parent.parent_id or None,
                          position=after)


def deleted_sections(session: Session, process: Process) -> list[Section]:
    """Deleted sections that can be restored, newest deletion first (the tops of deleted subtrees)."""
    rows = list(session.scalars(
        select(Section).where(Section.process_id == process.id, Section.deleted_at.is_not(None))
        .order_by(Section.deleted_at.desc(), Section.id)
    ))
    by_id = {s.id: s for s in rows}
    return [s for s in rows
            if s.parent_id not in by_id or by_id[s.parent_id].deleted_at != s.deleted_at]


# ------------------------------------------------------------------ drafting team


def team_candidates(session: Session, process: Process) -> list[User]:
    """Active members who may join a drafting team (everyone but observers)."""
    rows = session.scalars(
        select(Membership).where(Membership.process_id == process.id,
                                 Membership.active_clause(),
                                 Membership.role != "observer")
    )
    users = {m.user_id: m.user for m in rows}
    return sorted(users.values(), key=lambda u: u.name.lower())


def assign_member(session: Session, actor: User, section: Section, user_id: Any) -> User:
    """Add a member of the process to the section's drafting team (lead and core only)."""
    process = _process(session, section)
    authorize(session, actor, Action.EDIT, process)
    try:
        uid = int(user_id)
    except (TypeError, ValueError):
        raise InvalidInput(msg("Choose a member."), {"user_id": msg("required")}) from None
    user = next((u for u in team_candidates(session, process) if u.id == uid), None)
    if user is None:
        raise InvalidInput(msg("Only lead, core and expert members can join a drafting team."),
                           {"user_id": msg("not an active member of this process")})
    if any(u.id == uid for u in section.team):
        raise Conflict(msg("%(name)s is already in the drafting team.", name=user.name))
    section.team.append(user)
    session.flush()
    audit.record(session, actor, "section.team_added",
                 f"{user.name} joined the drafting team of “{section.title}”",
                 process=process, subject=section,
                 data={"user": user.email, "name": user.name, "title": section.title})
    return user


def unassign_member(session: Session, actor: User, section: Section, user_id: Any) -> None:
    """Take someone off the section's drafting team (lead and core only)."""
    process = _process(session, section)
    authorize(session, actor, Action.EDIT, process)
    try:
        uid = int(user_id)
    except (TypeError, ValueError):
        raise InvalidInput(msg("Choose a member."), {"user_id": msg("required")}) from None
    user = next((u for u in section.team if u.id == uid), None)
    if user is None:
        raise NotFound(msg("This person is not in the drafting team."))
    section.team.remove(user)
    session.flush()
    audit.record(session, actor, "section.team_removed",
                 f"{user.name} left the drafting team of “{section.title}”",
                 process=process, subject=section,
                 data={"user": user.email, "name": user.name, "title": section.title})


# ------------------------------------------------------------------ the document over time


def _deleted_at(session: Session, process: Process, when: datetime) -> set[int]:
    """Ids of sections that were deleted (themselves, not via a parent) at ``when``."""
    events = session.execute(
        select(AuditEvent.subject_id, AuditEvent.kind)
        .where(AuditEvent.chain == audit.chain_for(process.id),
               AuditEvent.kind.in_(("section.deleted", "section.restored")),
               AuditEvent.at <= when)
        .order_by(AuditEvent.seq)
    ).all()
    state: dict[int, bool] = {}
    for subject_id, kind in events:
        if subject_id is not None:
            state[subject_id] = kind == "section.deleted"
    return {sid for sid, deleted in state.items() if deleted}


def document_as_of(session: Session, process: Process, when: datetime) -> dict[int, str]:
    """Text of every section that existed at ``when`` (created, not deleted), by section id."""
    sections = list(session.scalars(select(Section).where(Section.process_id == process.id)))
    by_id = {s.id: s for s in sections}
    deleted = _deleted_at(session, process, when)

    def gone(section: Section) -> bool:
        node: Section | None = section
        seen: set[int] = set()
        while node is not None and node.id not in seen:
            if node.id in deleted:
                return True
            seen.add(node.id)
            node = by_id.get(node.parent_id) if node.parent_id else None
        return False

    present = [s.id for s in sections if s.created_at <= when and not gone(s)]
    return revisions.bodies_as_of(session, present, when)


@dataclass(frozen=True)
class ComparePoint:
    """A moment the document can be compared at: the start, a stage transition, now."""

    key: str  # "start", "now", "transition:<id>"
    label: str
    at: datetime


def compare_points(session: Session, process: Process) -> list[ComparePoint]:
    """The process start, each stage transition (oldest first) and now."""
    try:
        titles = {s.key: s.title for s in definition_of(process).stages}
    except Exception:  # noqa: BLE001 - a broken definition must not hide the document
        titles = {}
    points = [ComparePoint("start", "Process started", _started_at(session, process))]
    for record in session.scalars(
        select(TransitionRecord).where(TransitionRecord.process_id == process.id)
        .order_by(TransitionRecord.at, TransitionRecord.id)
    ):
        label = (f"{record.trigger.replace('_', ' ').capitalize()}: "
                 f"{titles.get(record.source, record.source)} → {titles.get(record.dest, record.dest)}")
        points.append(ComparePoint(f"transition:{record.id}", label, record.at))
    points.append(ComparePoint("now", "Now", utcnow()))
    return points


def _started_at(session: Session, process: Process) -> datetime:
    """When the process was started, its outline included (the "process.started" event)."""
    at = session.scalar(
        select(AuditEvent.at).where(AuditEvent.chain == audit.chain_for(process.id),
                                    AuditEvent.kind == "process.started")
        .order_by(AuditEvent.seq).limit(1)
    )
    return at or process.created_at


def resolve_point(session: Session, process: Process, value: Any) -> datetime:
    """A compare point key, an ISO date (its end of day, UTC) or an ISO datetime, as a datetime."""
    from datetime import UTC, date, time, timedelta

    if isinstance(value, datetime):
        return value
    text = str(value or "").strip()
    if text in ("", "now"):
        return utcnow()
    if text == "start":
        return _started_at(session, process)
    if text.startswith("transition:"):
        try:
            record = session.get(TransitionRecord, int(text.split(":", 1)[1]))
        except ValueError:
            record = None
        if record is None or record.process_id != process.id:
            raise InvalidInput(msg("Unknown stage transition."), {"point": msg("not a transition of this process")})
        return record.at
    try:
        day = date.fromisoformat(text)
    except ValueError:
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise InvalidInput(msg("Give a date as YYYY-MM-DD."), {"point": msg("not a date")}) from None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC) - timedelta(microseconds=1)


@dataclass(frozen=True)
class SectionChange:
    """One section in a comparison of the whole document between two moments."""

    section: Section
    number: str
    op: str  # added, removed, changed, unchanged
    old: str
    new: str


def compare_document(
    session: Session, actor: User, process: Process, old_at: datetime, new_at: datetime
) -> list[SectionChange]:
    """Every section's change between two moments, in outline order (removed ones last)."""
    authorize(session, actor, Action.VIEW, process)
    before = document_as_of(session, process, old_at)
    after = document_as_of(session, process, new_at)
    nodes = flatten(outline(session, process, include_deleted=True))
    live = numbering(session, process)  # deleted sections have no number
    changes: list[SectionChange] = []
    for node in nodes:
        sid = node.section.id
        if sid not in before and sid not in after:
            continue
        old, new = before.get(sid), after.get(sid)
        if old is None:
            op = "added"
        elif new is None:
            op = "removed"
        elif normalise(old) != normalise(new):
            op = "changed"
        else:
            op = "unchanged"
        changes.append(SectionChange(node.section, live.get(sid, ""), op, old or "", new or ""))
    return changes
