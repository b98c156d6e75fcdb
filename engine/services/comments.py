"""Comments on sections: threads, blocking remarks, and suggested replacements."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.db import utcnow
from engine.errors import Conflict, InvalidInput, NotFound
from engine.models import Comment, Process, Section, User
from engine.permissions import Action, authorize
from engine.services import audit, inputs


def get_comment(session: Session, actor: User, comment_id: Any) -> Comment:
    from engine.services.processes import get_process

    try:
        comment = session.get(Comment, int(comment_id))
    except (TypeError, ValueError):
        comment = None
    if comment is None:
        raise NotFound("No such comment.")
    get_process(session, actor, comment.process_id)
    return comment


def _process(session: Session, process_id: int) -> Process:
    process = session.get(Process, process_id)
    assert process is not None
    return process


def add_comment(
    session: Session,
    actor: User,
    section: Section,
    *,
    body: Any,
    quote: Any = None,
    blocking: Any = False,
    suggestion: Any = None,
) -> Comment:
    """Comment on a section, optionally on a quoted passage, optionally blocking the gate.

    A comment with ``suggestion`` proposes replacement text for its quote.
    """
    process = _process(session, section.process_id)
    authorize(session, actor, Action.COMMENT, process)
    if section.deleted_at is not None:
        raise Conflict("This section was deleted.")
    body = inputs.text(body, "body", max_length=20000)
    quote = inputs.optional_text(quote, "quote", max_length=5000)
    if suggestion is not None and not isinstance(suggestion, str):
        raise InvalidInput("suggestion must be text.", {"suggestion": "must be text"})
    if suggestion is not None and not quote:
        raise InvalidInput("A suggestion replaces a quoted passage: quote it.",
                           {"quote": "required with a suggestion"})
    if not isinstance(blocking, bool):
        raise InvalidInput("blocking must be true or false.", {"blocking": "must be a boolean"})
    anchor = None
    if quote:
        from engine.text.anchors import locate

        found = locate(quote, section.body)
        if found is None:
            raise InvalidInput("The quoted passage is not in the section's text.",
                               {"quote": "not found in the current text"})
        anchor = found.start
    comment = Comment(
        process_id=process.id, section_id=section.id, author_id=actor.id, body=body,
        quote=quote, anchor_start=anchor, revision_number=section.revision,
        blocking=blocking, status="open",
        suggestion=suggestion, suggestion_status="pending" if suggestion is not None else None,
    )
    session.add(comment)
    session.flush()
    kind = "comment.suggested" if suggestion is not None else "comment.added"
    audit.record(session, actor, kind,
                 f"{'Blocking comment' if blocking else 'Comment'} on “{section.title}”"
                 + (" with a suggestion" if suggestion is not None else ""),
                 process=process, subject=comment,
                 data={"section": section.title, "body": body, "quote": quote,
                       "blocking": blocking, "suggestion": suggestion})
    return comment


def reply(session: Session, actor: User, comment: Comment, *, body: Any) -> Comment:
    process = _process(session, comment.process_id)
    authorize(session, actor, Action.COMMENT, process)
    root = comment if comment.parent_id is None else session.get(Comment, comment.parent_id)
    assert root is not None
    answer = Comment(process_id=process.id, section_id=root.section_id, parent_id=root.id,
                     author_id=actor.id, body=inputs.text(body, "body", max_length=20000),
                     status="open")
    session.add(answer)
    session.flush()
    audit.record(session, actor, "comment.replied", f"Reply to comment #{root.id}",
                 process=process, subject=answer, data={"to": root.id, "body": answer.body})
    return answer


def resolve(session: Session, actor: User, comment: Comment) -> Comment:
    process = _process(session, comment.process_id)
    authorize(session, actor, Action.RESOLVE_COMMENT, process, owner_id=comment.author_id)
    if comment.parent_id is not None:
        raise Conflict("Resolve the thread, not a reply.")
    if comment.status == "resolved":
        raise Conflict("This comment is already resolved.")
    comment.status = "resolved"
    comment.resolved_by_id = actor.id
    comment.resolved_at = utcnow()
    audit.record(session, actor, "comment.resolved", f"Comment #{comment.id} resolved",
                 process=process, subject=comment,
                 data={"blocking": comment.blocking, "body": comment.body})
    return comment


def reopen(session: Session, actor: User, comment: Comment) -> Comment:
    process = _process(session, comment.process_id)
    authorize(session, actor, Action.RESOLVE_COMMENT, process, owner_id=comment.author_id)
    if comment.parent_id is not None:
        raise Conflict("Reopen the thread, not a reply.")
    if comment.status == "open":
        raise Conflict("This comment is already open.")
    comment.status = "open"
    comment.resolved_by_id = None
    comment.resolved_at = None
    audit.record(session, actor, "comment.reopened", f"Comment #{comment.id} reopened",
                 process=process, subject=comment, data={"blocking": comment.blocking})
    return comment


def threads(session: Session, section: Section) -> list[Comment]:
    """Top-level comments of a section, oldest first, with their replies loaded."""
    return list(session.scalars(
        select(Comment)
        .where(Comment.section_id == section.id, Comment.parent_id.is_(None))
        .order_by(Comment.id)
    ))
