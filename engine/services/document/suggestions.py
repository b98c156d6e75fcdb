"""Suggestions: comments that propose replacement text for their quoted passage.

Accepting one saves a new revision of the section through the merge path, so
it sits on top of sections, comments and revisions.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from engine.errors import Conflict
from engine.i18n import msg
from engine.models import Comment, Section, User
from engine.permissions import Action, authorize
from engine.services import audit, inputs, loading
from engine.services.document import comments, revisions, sections
from engine.text.anchors import apply_suggestion


def _pending_suggestion(comment: Comment) -> None:
    if comment.parent_id is not None or comment.suggestion is None:
        raise Conflict(msg("This comment carries no suggestion."))
    if comment.suggestion_status != "pending":
        raise Conflict(msg("This suggestion was already %(suggestion_status)s.",
                           suggestion_status=comment.suggestion_status))


def accept_suggestion(session: Session, actor: User, comment: Comment) -> Comment:
    """Apply a suggestion as a new revision, through the merge path, and resolve the thread.

    The replacement is made on the revision the suggestion was written against and
    saved with that revision as its base, so edits made since merge with it; if
    somebody rewrote the same passage meanwhile, EditConflict is raised and nothing
    changes (the suggestion stays pending).
    """
    process = loading.process_of(session, comment.process_id)
    authorize(session, actor, Action.EDIT, process)
    _pending_suggestion(comment)
    section = session.get(Section, comment.section_id)
    assert section is not None
    assert comment.quote is not None
    assert comment.suggestion is not None
    base_number = comment.revision_number or 0
    original = revisions.revision_body(session, section, base_number)
    new_text = apply_suggestion(original, comment.quote, comment.suggestion)
    if new_text is None:
        raise Conflict(msg("The quoted passage cannot be found in the revision the suggestion "
                           "was made on; edit the text by hand or decline the suggestion."))
    author = session.get(User, comment.author_id)
    result = sections.save_body(
        session, actor, section, body=new_text, base_revision=base_number, kind="suggestion",
        note=f"Suggestion #{comment.id} by {author.name if author else 'unknown'} accepted",
    )
    comment.suggestion_status = "accepted"
    comment.decided_by_id = actor.id
    comment.applied_revision = result.revision
    comments.close_thread(comment, actor)
    session.flush()
    audit.record(session, actor, "comment.suggestion_accepted",
                 f"Suggestion #{comment.id} on “{section.title}” accepted "
                 f"(revision {result.revision}{', merged' if result.merged else ''})",
                 process=process, subject=comment,
                 data={"section": section.title, "quote": comment.quote,
                       "suggestion": comment.suggestion, "revision": result.revision,
                       "merged": result.merged, "based_on": base_number})
    return comment


def decline_suggestion(session: Session, actor: User, comment: Comment, reason: Any) -> Comment:
    """Decline a suggestion, saying why (the reason is shown to its author), and resolve it."""
    process = loading.process_of(session, comment.process_id)
    authorize(session, actor, Action.EDIT, process)
    _pending_suggestion(comment)
    reason = inputs.text(reason, "reason", max_length=5000)
    comment.suggestion_status = "declined"
    comment.decision_reason = reason
    comment.decided_by_id = actor.id
    comments.close_thread(comment, actor)
    session.flush()
    section = session.get(Section, comment.section_id)
    audit.record(session, actor, "comment.suggestion_declined",
                 f"Suggestion #{comment.id} on “{section.title if section else '?'}” declined",
                 process=process, subject=comment,
                 data={"quote": comment.quote, "suggestion": comment.suggestion,
                       "reason": reason})
    return comment
