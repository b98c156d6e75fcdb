"""Page-ready reads of the strategy document: comment tallies, last revisions, the
people named in threads. Set-based: one query each, nothing lazy-loaded in a loop.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.models import Comment, Process, Revision, Section, User
from engine.services.document.sections import numbering
from engine.services.track_changes import pending_counts


@dataclass(frozen=True)
class CommentTallies:
    """Per section id: open top-level comments, the blocking ones among them, and
    suggestions waiting for a decision."""

    open: dict[int, int] = field(default_factory=dict)
    blocking: dict[int, int] = field(default_factory=dict)
    pending: dict[int, int] = field(default_factory=dict)


def comment_tallies(session: Session, process: Process) -> CommentTallies:
    """How many comments each section of the process has open, blocking and pending."""
    open_counts: dict[int, int] = {}
    blocking_counts: dict[int, int] = {}
    for section_id, blocking, count in session.execute(
        select(Comment.section_id, Comment.blocking, func.count(Comment.id))
        .where(Comment.process_id == process.id, Comment.parent_id.is_(None),
               Comment.status == "open")
        .group_by(Comment.section_id, Comment.blocking)
    ):
        open_counts[section_id] = open_counts.get(section_id, 0) + count
        if blocking:
            blocking_counts[section_id] = blocking_counts.get(section_id, 0) + count
    pending = {section_id: count for section_id, count in session.execute(
        select(Comment.section_id, func.count(Comment.id))
        .where(Comment.process_id == process.id, Comment.suggestion_status == "pending")
        .group_by(Comment.section_id)
    )}
    # Suggested edits count with the suggestions made in comments.
    for section_id, count in pending_counts(session, process).items():
        pending[section_id] = pending.get(section_id, 0) + count
    return CommentTallies(open_counts, blocking_counts, pending)


def section_number(session: Session, section: Section) -> str | None:
    """The section's number in its document's outline ("2.1"); None for a deleted one."""
    process = session.get(Process, section.process_id)
    assert process is not None
    return numbering(session, process).get(section.id)


def last_revision(session: Session, section: Section) -> Revision | None:
    """The section's latest saved revision (None before the first save)."""
    return session.scalar(select(Revision).where(Revision.section_id == section.id)
                          .order_by(Revision.number.desc()).limit(1))


def revisions_after(session: Session, section: Section, number: int) -> list[Revision]:
    """The revisions saved after revision ``number``, oldest first."""
    return list(session.scalars(
        select(Revision).where(Revision.section_id == section.id, Revision.number > number)
        .order_by(Revision.number)))


def deciders(session: Session, comments: Iterable[Comment]) -> dict[int, User]:
    """The people who decided a suggestion or resolved a comment among ``comments``, by id."""
    ids = set()
    for comment in comments:
        ids.update(i for i in (comment.decided_by_id, comment.resolved_by_id) if i)
    if not ids:
        return {}
    return {u.id: u for u in session.scalars(select(User).where(User.id.in_(ids)))}
