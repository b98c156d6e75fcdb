"""The steering group's assessment of a technical-assistance request, and the link from a
request to the policy process it supports.

The steering group (members with the role "steering", from donor institutions) rates the
request against relevance, quality, ownership, impact and sustainability before it decides;
``transitions.fire`` refuses a decision while a criterion is not rated.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.catalog import definition_of
from engine.db import utcnow
from engine.errors import Conflict, InvalidInput, NotFound
from engine.i18n import Items, msg
from engine.models import Assessment, Membership, Process, User
from engine.permissions import Action, authorize
from engine.services import audit, inputs, loading
from engine.vocabulary import ASSESSMENT_CRITERIA, ASSESSMENT_RATINGS

MAX_COMMENT = 5000


def decided_by_steering_group(process: Process) -> bool:
    """Whether the process's workflow has decisions taken by a steering group."""
    return any(t.decided_by == "steering_group" for t in definition_of(process).transitions)


def awaiting_decision(process: Process) -> bool:
    """Whether a steering-group decision can be taken from the current state."""
    return any(t.decided_by == "steering_group"
               for t in definition_of(process).transitions_from(process.state))


def ratings(session: Session, process: Process) -> dict[str, Assessment]:
    """The assessment so far, by criterion."""
    return {a.criterion: a for a in session.scalars(
        select(Assessment).where(Assessment.process_id == process.id).order_by(Assessment.id))}


def missing_criteria(session: Session, process: Process) -> list[str]:
    """The criteria not rated yet, in the order of the methodology."""
    done = ratings(session, process)
    return [key for key in ASSESSMENT_CRITERIA if key not in done]


def assess(session: Session, actor: User, process: Process, *, criterion: Any, rating: Any,
           comment: Any) -> Assessment:
    """Rate one criterion (a steering-group member, while the request is before the group)."""
    authorize(session, actor, Action.ASSESS, process)
    if not awaiting_decision(process):
        raise Conflict(msg("The request is not before the steering group now."))
    criterion = inputs.choice(criterion, "criterion", ASSESSMENT_CRITERIA)
    value = inputs.choice(str(rating) if isinstance(rating, int) and not isinstance(rating, bool)
                          else rating, "rating", ASSESSMENT_RATINGS)
    text = inputs.text(comment, "comment", max_length=MAX_COMMENT)
    row = ratings(session, process).get(criterion)
    before = {"rating": row.rating, "comment": row.comment} if row is not None else None
    if row is None:
        row = Assessment(process_id=process.id, criterion=criterion, rating=int(value),
                         comment=text, assessed_by_id=actor.id)
        session.add(row)
    else:
        row.rating, row.comment, row.assessed_by_id = int(value), text, actor.id
        row.assessed_at = utcnow()
    session.flush()
    audit.record(
        session, actor, "assessment.rated",
        f"Assessment: {criterion} rated {value} of 4",
        process=process, subject=row,
        data={"criterion": criterion, "rating": int(value), "comment": text,
              "before": before},
    )
    return row


def require_complete(session: Session, process: Process) -> None:
    """Refuse a steering-group decision until every criterion is rated."""
    missing = missing_criteria(session, process)
    if missing:
        raise Conflict(
            msg("Record the assessment before deciding; not yet rated: %(criteria)s.",
                criteria=Items([msg(ASSESSMENT_CRITERIA[k]) for k in missing], lower=True)),
            {"missing": missing})


def link_supported_process(session: Session, actor: User, process: Process,
                           supported_id: Any) -> Process:
    """Say which policy process a request supports (the lead; None removes the link).

    The actor must be able to see the supported process; a request cannot support itself.
    """
    authorize(session, actor, Action.MANAGE, process)
    before = process.supports.title if process.supports is not None else None
    if supported_id in (None, ""):
        process.supports = None
    else:
        try:
            other = loading.get_process(session, actor, supported_id)
        except NotFound:  # unknown or hidden: the same answer
            raise InvalidInput(msg("Unknown process."),
                               {"supports_process_id": msg("unknown")}) from None
        if other.id == process.id:
            raise InvalidInput(msg("A process cannot support itself."),
                               {"supports_process_id": msg("this process")})
        process.supports = other
    after = process.supports.title if process.supports is not None else None
    if after == before:
        return process
    session.flush()
    audit.record(
        session, actor, "process.supports",
        f"Supports: {after}" if after else f"No longer supports: {before}",
        process=process, subject=process,
        data={"before": before, "after": after, "process_id": process.supports_process_id},
    )
    return process


def supporting(session: Session, process: Process, viewer: User | None = None) -> list[Process]:
    """The processes (technical-assistance requests) that support this one; given a
    ``viewer``, only those the viewer may see (administrators see every one)."""
    found = list(session.scalars(
        select(Process).where(Process.supports_process_id == process.id).order_by(Process.id)))
    if not found or viewer is None or viewer.is_admin:
        return found
    # Only when there are some: the viewer's memberships among them (one more read).
    visible = set(session.scalars(select(Membership.process_id).where(
        Membership.user_id == viewer.id, Membership.active_clause(),
        Membership.process_id.in_([p.id for p in found]))))
    return [p for p in found if p.id in visible]
