"""What changed in a process since a person's last visit.

A visit is a run of page views with no gap longer than :data:`VISIT_GAP`; the
changes shown are those other people made after the end of the previous visit,
read from the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine.db import utcnow
from engine.models import AuditEvent, Comment, Process, Section, User, Visit
from engine.services import audit

VISIT_GAP = timedelta(minutes=30)

SECTION_EDITS = ("section.saved", "section.restore", "section.suggestion")
COMMENTS = ("comment.added", "comment.suggested", "comment.replied")


def record_visit(session: Session, actor: User, process: Process, *,
                 now: datetime | None = None) -> Visit:
    """Note that the actor is looking at the process now; returns their Visit row.

    ``previous_seen_at`` is when their previous visit ended (None on a first visit).
    """
    now = now or utcnow()
    visit = _visit(session, actor, process)
    if visit is None:
        try:
            with session.begin_nested():
                visit = Visit(process_id=process.id, user_id=actor.id, seen_at=now,
                              previous_seen_at=None)
                session.add(visit)
        except IntegrityError:  # the same person's other tab created it meanwhile
            visit = _visit(session, actor, process)
            assert visit is not None
        return visit
    if now - visit.seen_at > VISIT_GAP:
        visit.previous_seen_at = visit.seen_at
    visit.seen_at = max(now, visit.seen_at)
    session.flush()
    return visit


def _visit(session: Session, actor: User, process: Process) -> Visit | None:
    return session.scalar(
        select(Visit).where(Visit.process_id == process.id, Visit.user_id == actor.id)
    )


@dataclass
class SectionNews:
    section_id: int
    title: str
    edits: int = 0
    comments: int = 0
    editors: set[str] = field(default_factory=set)


@dataclass
class Awareness:
    """Others' changes since ``since``, counted, with the sections they touched."""

    since: datetime | None
    sections: dict[int, SectionNews] = field(default_factory=dict)
    comments: list[AuditEvent] = field(default_factory=list)
    accepted: list[AuditEvent] = field(default_factory=list)
    declined: list[AuditEvent] = field(default_factory=list)
    suggested: list[AuditEvent] = field(default_factory=list)
    structure: list[AuditEvent] = field(default_factory=list)  # added, deleted, restored
    statuses: list[AuditEvent] = field(default_factory=list)
    transitions: list[AuditEvent] = field(default_factory=list)
    comment_sections: dict[int, int] = field(default_factory=dict)  # comment id -> section id

    @property
    def edited(self) -> list[SectionNews]:
        return [n for n in self.sections.values() if n.edits]

    @property
    def empty(self) -> bool:
        return not (self.edited or self.comments or self.accepted or self.declined
                    or self.structure or self.statuses or self.transitions)

    @property
    def changed_section_ids(self) -> set[int]:
        return {sid for sid, n in self.sections.items() if n.edits or n.comments}


def changes_since(session: Session, actor: User, process: Process,
                  since: datetime | None) -> Awareness:
    """What other people did in the process after ``since`` (nothing when None)."""
    news = Awareness(since)
    if since is None:
        return news
    events = list(session.scalars(
        select(AuditEvent).where(AuditEvent.chain == audit.chain_for(process.id),
                                 AuditEvent.at > since)
        .where((AuditEvent.actor_id != actor.id) | AuditEvent.actor_id.is_(None))
        .order_by(AuditEvent.seq)
    ))
    comment_ids = {e.subject_id for e in events
                   if e.subject_type == "Comment" and e.subject_id is not None}
    if comment_ids:
        news.comment_sections = dict(session.execute(
            select(Comment.id, Comment.section_id).where(Comment.id.in_(comment_ids))
        ).all())
    titles = dict(session.execute(
        select(Section.id, Section.title).where(Section.process_id == process.id)
    ).all())

    def about(section_id: int | None) -> SectionNews | None:
        if section_id is None or section_id not in titles:
            return None
        return news.sections.setdefault(section_id, SectionNews(section_id, titles[section_id]))

    for event in events:
        who = event.actor.name if event.actor else (event.actor_email or "")
        if event.kind in SECTION_EDITS:
            item = about(event.subject_id)
            if item:
                item.edits += 1
                item.editors.add(who)
        elif event.kind in COMMENTS:
            news.comments.append(event)
            if event.kind == "comment.suggested":
                news.suggested.append(event)
            item = about(news.comment_sections.get(event.subject_id or 0))
            if item:
                item.comments += 1
        elif event.kind == "comment.suggestion_accepted":
            news.accepted.append(event)
        elif event.kind == "comment.suggestion_declined":
            news.declined.append(event)
        elif event.kind in ("section.created", "section.deleted", "section.restored"):
            news.structure.append(event)
        elif event.kind == "section.status":
            news.statuses.append(event)
        elif event.kind.startswith("transition."):
            news.transitions.append(event)
    return news
