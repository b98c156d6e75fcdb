"""Who is editing which section right now.

Editors send a heartbeat every few seconds while a section's editor is open; a
person counts as "editing now" until ``ttl`` seconds after their last heartbeat.
Heartbeats are rows in the database, never process memory, so every worker
process and every host serving the site sees the same people.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine.db import utcnow
from engine.models import Presence, Process, Section, User
from engine.permissions import Action, authorize

DEFAULT_TTL = 45
# Rows older than this are deleted on the next heartbeat of anyone in the process.
KEEP = timedelta(days=1)


@dataclass(frozen=True)
class Editor:
    """Someone with a section's editor open."""

    user_id: int
    name: str
    initials: str
    section_id: int
    seen_at: datetime

    def as_dict(self) -> dict[str, object]:
        return {"user_id": self.user_id, "name": self.name, "initials": self.initials,
                "section_id": self.section_id, "seen_at": self.seen_at.isoformat()}


def heartbeat(session: Session, actor: User, section: Section, *,
              now: datetime | None = None) -> None:
    """Record that the actor has this section's editor open (lead and core only)."""
    process = session.get(Process, section.process_id)
    assert process is not None
    authorize(session, actor, Action.EDIT, process)
    now = now or utcnow()
    values = {"process_id": process.id, "section_id": section.id, "user_id": actor.id,
              "seen_at": now}
    dialect = session.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        statement = insert(Presence).values(**values)
        session.execute(statement.on_conflict_do_update(
            index_elements=["section_id", "user_id"], set_={"seen_at": now},
        ))
    else:  # pragma: no cover - the two supported databases have an upsert
        changed = session.execute(
            update(Presence).where(Presence.section_id == section.id,
                                   Presence.user_id == actor.id).values(seen_at=now)
        ).rowcount
        if not changed:
            try:
                with session.begin_nested():
                    session.add(Presence(**values))
            except IntegrityError:
                pass  # another tab of the same person got there first: same effect
    session.execute(delete(Presence).where(Presence.process_id == process.id,
                                           Presence.seen_at < now - KEEP))
    session.flush()


def leave(session: Session, actor: User, section: Section) -> None:
    """The actor closed the editor: stop showing them at once."""
    session.execute(delete(Presence).where(Presence.section_id == section.id,
                                           Presence.user_id == actor.id))
    session.flush()


def _editors(session: Session, where: list, ttl: float, now: datetime | None) -> list[Editor]:
    cutoff = (now or utcnow()) - timedelta(seconds=ttl)
    rows = session.execute(
        select(Presence.user_id, User.name, Presence.section_id, Presence.seen_at)
        .join(User, User.id == Presence.user_id)
        .join(Section, Section.id == Presence.section_id)
        .where(Presence.seen_at >= cutoff, Section.deleted_at.is_(None), *where)
        .order_by(User.name, Presence.section_id)
    ).all()
    editors = []
    for user_id, name, section_id, seen_at in rows:
        initials = "".join(p[0] for p in name.split()[:3]).upper() or "?"
        editors.append(Editor(user_id, name, initials, section_id, seen_at))
    return editors


def editors(session: Session, section: Section, *, ttl: float = DEFAULT_TTL,
            now: datetime | None = None) -> list[Editor]:
    """Who is editing this section now (heartbeat within ``ttl`` seconds)."""
    return _editors(session, [Presence.section_id == section.id], ttl, now)


def process_editors(session: Session, process: Process, *, ttl: float = DEFAULT_TTL,
                    now: datetime | None = None) -> dict[int, list[Editor]]:
    """Who is editing what in the whole document, by section id."""
    found: dict[int, list[Editor]] = {}
    for editor in _editors(session, [Presence.process_id == process.id], ttl, now):
        found.setdefault(editor.section_id, []).append(editor)
    return found
