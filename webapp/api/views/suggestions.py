"""Suggested edits of a section: propose a whole text, list, accept or reject changes."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from engine.models import Suggestion, User
from engine.services import track_changes as service
from engine.services.document import sections as section_service
from engine.services.users import get_user
from webapp.api.registry import api_route
from webapp.api.schemas import EditConflictOut, ErrorOut
from webapp.api.schemas_suggestions import DecisionIn, SuggestionIn, SuggestionOut


def _user_ref(user: User | None) -> dict[str, Any] | None:
    return None if user is None else {"id": user.id, "name": user.name, "email": user.email}


def _shape(session: Session, suggestion: Suggestion) -> dict[str, Any]:
    deciders = {c.decided_by_id for c in suggestion.changes} | {suggestion.decided_by_id}
    users = {i: get_user(session, i) for i in deciders if i is not None}
    return {
        "id": suggestion.id, "section_id": suggestion.section_id,
        "author": _user_ref(suggestion.author), "author_label": suggestion.author_label,
        "base_revision": suggestion.base_revision, "body": suggestion.body,
        "status": suggestion.status, "source": suggestion.source,
        "applied_revision": suggestion.applied_revision, "created_at": suggestion.created_at,
        "decided_by": _user_ref(users.get(suggestion.decided_by_id)),
        "decided_at": suggestion.decided_at,
        "changes": [{
            "id": c.id, "position": c.position, "kind": c.kind, "old_text": c.old_text,
            "new_text": c.new_text, "base_start": c.base_start, "base_end": c.base_end,
            "context_before": c.context_before, "context_after": c.context_after,
            "status": c.status, "decided_by": _user_ref(users.get(c.decided_by_id)),
            "decided_at": c.decided_at,
        } for c in suggestion.changes],
    }


@api_route("/sections/{section_id}/suggestions", "POST", summary="Suggest an edit",
           tags=["suggestions"], body=SuggestionIn, response=SuggestionOut, status=201,
           errors=[403, 409])
def propose(session: Session, actor: User, section_id: int, body: SuggestionIn) -> dict:
    """Propose the whole text of the section, edited from `base_revision` (lead, core and
    experts). The server cuts it into word-level changes for someone who edits to accept
    or reject; 422 when the text is the same as the base revision's."""
    section = section_service.get_section(session, actor, section_id)
    suggestion = service.propose(session, actor, section, body=body.body,
                                 base_revision=body.base_revision, source="api",
                                 author_label=body.author_label, client_id=body.client_id)
    return _shape(session, suggestion)


@api_route("/sections/{section_id}/suggestions", summary="Suggested edits of a section",
           tags=["suggestions"], response=list[SuggestionOut])
def list_suggestions(session: Session, actor: User, section_id: int) -> list[dict]:
    """Every suggestion on the section, undecided ones first, each with its changes."""
    section = section_service.get_section(session, actor, section_id)
    return [_shape(session, s) for s in service.suggestions_for(session, actor, section)]


@api_route("/suggestions/{suggestion_id}/accept", "POST", summary="Accept suggested changes",
           tags=["suggestions"], body=DecisionIn, response=SuggestionOut,
           errors={403: (), 409: (EditConflictOut, ErrorOut)})
def accept_suggestion(session: Session, actor: User, suggestion_id: int,
                      body: DecisionIn) -> dict:
    """Apply all pending changes (or `change_ids`) as a new revision, merged with edits made
    since the suggestion's base revision; 409 `edit_conflict` when someone rewrote the same
    passage meanwhile (nothing is decided then)."""
    suggestion = service.get_suggestion(session, actor, suggestion_id)
    service.accept(session, actor, suggestion, body.change_ids)
    return _shape(session, suggestion)


@api_route("/suggestions/{suggestion_id}/reject", "POST", summary="Reject suggested changes",
           tags=["suggestions"], body=DecisionIn, response=SuggestionOut, errors=[403, 409])
def reject_suggestion(session: Session, actor: User, suggestion_id: int,
                      body: DecisionIn) -> dict:
    """Reject all pending changes (or `change_ids`); no reason needed, the decision is
    recorded in the history."""
    suggestion = service.get_suggestion(session, actor, suggestion_id)
    return _shape(session, service.reject(session, actor, suggestion, body.change_ids))
