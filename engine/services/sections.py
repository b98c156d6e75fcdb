"""The strategy document: a tree of numbered sections, each saved as revisions.

Saves carry the revision they were based on. When another save landed in
between, non-overlapping changes are merged (three-way, by line) and the merge
is recorded; overlapping changes are refused with the three texts so that the
writer can resolve them. Nothing anyone writes is ever lost silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.db import utcnow
from engine.errors import Conflict, EditConflict, InvalidInput, NotFound
from engine.models import Process, Revision, Section, User
from engine.permissions import Action, authorize
from engine.services import audit, inputs
from engine.text.merge import normalise, three_way_merge
from engine.vocabulary import SECTION_STATUSES

MAX_BODY = 500_000


def get_section(session: Session, actor: User, section_id: Any, *, lock: bool = False) -> Section:
    """A section the actor may see (deleted ones too: they can be restored)."""
    from engine.services.processes import get_process

    try:
        sid = int(section_id)
    except (TypeError, ValueError):
        raise NotFound("No such section.") from None
    if lock:
        section = session.execute(
            select(Section).where(Section.id == sid).with_for_update().execution_options(
                populate_existing=True
            )
        ).scalar_one_or_none()
    else:
        section = session.get(Section, sid)
    if section is None:
        raise NotFound("No such section.")
    get_process(session, actor, section.process_id)
    return section


def _process(session: Session, section: Section) -> Process:
    process = session.get(Process, section.process_id)
    assert process is not None
    return process


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
        raise InvalidInput("Unknown parent section.", {"parent_id": "not a section of this document"})
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
        raise InvalidInput("position must be a whole number.", {"position": "not a number"}) from None
    if index < 0:
        raise InvalidInput("position must be 0 or more.", {"position": "must be >= 0"})
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
        raise Conflict("This section was deleted; restore it first.")
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
                raise Conflict("A section cannot move inside itself.", {"parent_id": "cycle"})
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
            raise Conflict("Restore the parent section first.")
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


def save_body(
    session: Session,
    actor: User,
    section: Section,
    *,
    body: Any,
    base_revision: Any,
    kind: str = "save",
    note: str | None = None,
) -> SaveResult:
    """Save a new text of the section made on top of ``base_revision``.

    Raises EditConflict (with base, theirs, yours and the conflicting passages)
    when another save changed the same lines since the base revision.
    """
    process = _process(session, section)
    authorize(session, actor, Action.EDIT, process)
    if not isinstance(body, str):
        raise InvalidInput("body must be text.", {"body": "must be text"})
    if len(body) > MAX_BODY:
        raise InvalidInput("The text is too long.", {"body": f"at most {MAX_BODY} characters"})
    try:
        base_number = int(base_revision)
    except (TypeError, ValueError):
        raise InvalidInput("base_revision must be a revision number.",
                           {"base_revision": "required, a whole number"}) from None
    # Lock the row so concurrent saves of this section queue up and each sees the last one.
    section = session.execute(
        select(Section).where(Section.id == section.id).with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()
    if section.deleted_at is not None:
        raise Conflict("This section was deleted; restore it first.")
    if base_number < 0 or base_number > section.revision:
        raise InvalidInput("Unknown base revision.", {"base_revision": f"0..{section.revision}"})
    yours = normalise(body)
    theirs = section.body
    merged = False
    if base_number == section.revision:
        text = yours
    else:
        base = _revision_body(session, section, base_number)
        result = three_way_merge(base, theirs, yours)
        if not result.clean:
            raise EditConflict(
                "Someone else changed the same passage since you started editing.",
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
                },
            )
        text = result.text
        merged = result.merged
    if text == theirs:
        return SaveResult(section, section.revision, False, False)
    number = section.revision + 1
    session.add(Revision(section_id=section.id, number=number, body=text,
                         base_revision=base_number, merged=merged, kind=kind,
                         note=note, author_id=actor.id))
    section.body = text
    section.revision = number
    section.updated_at = utcnow()
    status_before = section.status
    if section.status == "agreed":
        section.status = "drafting"
    session.flush()
    summary = f"Section “{section.title}” saved (revision {number}" + (", merged)" if merged else ")")
    audit.record(session, actor, f"section.{kind}" if kind != "save" else "section.saved", summary,
                 process=process, subject=section,
                 data={"revision": number, "base_revision": base_number, "merged": merged,
                       "words": len(text.split())})
    if status_before == "agreed":
        audit.record(session, actor, "section.status",
                     f"Section “{section.title}”: agreed → drafting (edited after agreement)",
                     process=process, subject=section,
                     data={"before": {"status": "agreed"}, "after": {"status": "drafting"}})
    return SaveResult(section, number, merged, True)


def _revision_body(session: Session, section: Section, number: int) -> str:
    if number == 0:
        return ""
    body = session.scalar(
        select(Revision.body).where(Revision.section_id == section.id, Revision.number == number)
    )
    if body is None:
        raise InvalidInput("Unknown base revision.", {"base_revision": "not found"})
    return body


def revisions(session: Session, section: Section) -> list[Revision]:
    return list(session.scalars(
        select(Revision).where(Revision.section_id == section.id).order_by(Revision.number)
    ))


def revision(session: Session, section: Section, number: Any) -> Revision:
    try:
        n = int(number)
    except (TypeError, ValueError):
        raise NotFound("No such revision.") from None
    found = session.scalar(
        select(Revision).where(Revision.section_id == section.id, Revision.number == n)
    )
    if found is None:
        raise NotFound("No such revision.")
    return found


def restore_revision(session: Session, actor: User, section: Section, number: Any) -> SaveResult:
    """Make an old revision's text the newest revision (nothing is overwritten)."""
    old = revision(session, section, number)
    return save_body(session, actor, section, body=old.body, base_revision=section.revision,
                     kind="restore", note=f"Restored revision {old.number}")


def word_count(session: Session, process: Process) -> int:
    bodies = session.scalars(
        select(Section.body).where(Section.process_id == process.id, Section.deleted_at.is_(None))
    )
    return sum(len(b.split()) for b in bodies)


def revision_count(session: Session, process: Process) -> int:
    return session.scalar(
        select(func.count(Revision.id)).join(Section).where(Section.process_id == process.id)
    ) or 0
