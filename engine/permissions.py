"""Who may do what: the one place that answers it (CONTRACT's roles table)."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import Session, lazyload

from engine.db import transaction_memo, utcnow
from engine.errors import NotFound, PermissionDenied
from engine.i18n import Message, msg
from engine.models import Membership, Process, User


class Action(StrEnum):
    VIEW = "view"
    EDIT = "edit"  # sections, consultations, deliverables
    COMMENT = "comment"  # comment and reply
    SUGGEST = "suggest"  # propose edits of a section's text for someone who edits to decide
    RESOLVE_COMMENT = "resolve_comment"  # any comment (experts: their own only)
    MANAGE = "manage"  # members, transitions, gate overrides
    SIGN_OFF = "sign_off"  # for one's own institution
    ASSESS = "assess"  # the steering group's assessment of a request
    DECIDE = "decide"  # the steering group's decisions (transitions decided_by it)
    # Implementation monitoring: progress on a measure, for its responsible institution only
    # (``institution_id``: the measure's responsible institution; none: the lead reports).
    REPORT_PROGRESS = "report_progress"
    RECORD_INDICATOR = "record_indicator"  # indicator values of a period
    VALIDATE_PERIOD = "validate_period"  # close a reporting period, accept its report


class GlobalAction(StrEnum):
    CREATE_INSTITUTION = "create_institution"
    MANAGE_INSTITUTIONS = "manage_institutions"  # edit or delete
    MANAGE_USERS = "manage_users"
    START_PROCESS = "start_process"


ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    # The lead runs the process but does not decide on his own request.
    "lead": frozenset(Action) - {Action.ASSESS, Action.DECIDE},
    "core": frozenset(
        {Action.VIEW, Action.EDIT, Action.COMMENT, Action.SUGGEST, Action.RESOLVE_COMMENT,
         Action.SIGN_OFF, Action.REPORT_PROGRESS, Action.RECORD_INDICATOR}
    ),
    "expert": frozenset({Action.VIEW, Action.COMMENT, Action.SUGGEST, Action.REPORT_PROGRESS}),
    "observer": frozenset({Action.VIEW}),
    "steering": frozenset({Action.VIEW, Action.COMMENT, Action.ASSESS, Action.DECIDE}),
}


class _Lookup:
    """Marks a membership not passed in: look it up."""


LOOKUP = _Lookup()


def membership_of(session: Session, actor: User | None, process: Process) -> Membership | None:
    """The actor's active membership in the process, if any.

    Read from the process's members, which the session loads once and keeps
    current (services add and end memberships through that collection), so
    that checking several actions on one page reads the memberships once.
    """
    if actor is None:
        return None
    return next((m for m in process.active_memberships if m.user_id == actor.id), None)


# Built once (a write runs it every time); ``active_clause`` with the day as a parameter.
_OWN_MEMBERSHIP = (
    select(Membership)
    .where(Membership.process_id == bindparam("process_id"),
           Membership.user_id == bindparam("user_id"),
           Membership.ended_at.is_(None),
           or_(Membership.ends_on.is_(None), Membership.ends_on >= bindparam("today")))
    .options(lazyload(Membership.user), lazyload(Membership.institution))
    .order_by(Membership.id).limit(1)
)


def own_membership(session: Session, actor: User, process: Process) -> Membership | None:
    """``membership_of`` for a write: reads only the actor's own membership.

    A save needs no one else's: when the process's members are not loaded yet,
    one narrow statement replaces loading them all with their people and
    institutions. Kept for the transaction, so that the checks of one write read
    it once; an ended membership stops counting at once (``active`` is re-read).
    """
    if "memberships" in process.__dict__:
        return membership_of(session, actor, process)
    key = (process.id, actor.id)
    kept = transaction_memo(session, "policycycle.own_memberships").get(key)
    if kept is not None:
        return kept if kept.active else None
    found = session.scalars(_OWN_MEMBERSHIP, {"process_id": process.id, "user_id": actor.id,
                                              "today": utcnow().date()}).first()
    if found is not None:  # asked again now that the select has begun the transaction
        transaction_memo(session, "policycycle.own_memberships")[key] = found
    return found


def role_of(session: Session, actor: User | None, process: Process) -> str | None:
    membership = membership_of(session, actor, process)
    return membership.role if membership else None


def allowed(
    session: Session,
    actor: User | None,
    action: Action,
    process: Process,
    *,
    owner_id: int | None = None,
    membership: Membership | None | _Lookup = LOOKUP,
    institution_id: int | None = None,
) -> bool:
    """Whether the actor may do ``action`` on the process (``owner_id``: author of the object).

    ``membership``: the actor's membership when the caller already holds it (None: none).
    """
    try:
        authorize(session, actor, action, process, owner_id=owner_id, membership=membership,
                  institution_id=institution_id)
    except (NotFound, PermissionDenied):
        return False
    return True


def authorize(
    session: Session,
    actor: User | None,
    action: Action,
    process: Process,
    *,
    owner_id: int | None = None,
    membership: Membership | None | _Lookup = LOOKUP,
    institution_id: int | None = None,
) -> Membership | None:
    """Raise unless the actor may do ``action``; return the actor's membership.

    Non-members (other than admins) get NotFound: a process is not even shown
    to people outside it.
    """
    if actor is None or not actor.is_active:
        raise NotFound("No such process.")
    if isinstance(membership, _Lookup):
        membership = membership_of(session, actor, process)
    if membership is None:
        if actor.is_admin and action is Action.VIEW:
            return None
        if actor.is_admin:
            raise PermissionDenied(msg("Administrators see processes but do not act in them."))
        raise NotFound(msg("No such process."))
    actions = ROLE_ACTIONS[membership.role]
    if action is Action.REPORT_PROGRESS and action in actions:
        if membership.institution_id == institution_id or (
            institution_id is None and membership.role == "lead"
        ):
            return membership
        raise PermissionDenied(msg("Only members of the institution responsible for the measure "
                                   "report its progress."))
    if action in actions:
        return membership
    if (
        action is Action.RESOLVE_COMMENT
        and membership.role == "expert"
        and owner_id is not None
        and owner_id == actor.id
    ):
        return membership
    raise PermissionDenied(_denial(action, membership.role))


def authorize_global(session: Session, actor: User | None, action: GlobalAction) -> None:
    """Raise unless the actor may do a site-wide action."""
    if actor is None or not actor.is_active:
        raise PermissionDenied(msg("Sign in first."))
    if actor.is_admin:
        return
    if action is GlobalAction.START_PROCESS:
        if actor.may_start_processes:
            return  # granted by an administrator; the starter becomes the lead
        raise PermissionDenied("Only people an administrator allowed to start processes may.")
    if action is GlobalAction.CREATE_INSTITUTION and is_lead_anywhere(session, actor):
        return
    raise PermissionDenied(
        "Only administrators may do this."
        if action is not GlobalAction.CREATE_INSTITUTION
        else "Only administrators and process leads may add institutions."
    )


def allowed_global(session: Session, actor: User | None, action: GlobalAction) -> bool:
    """Whether the actor may do a site-wide action (for showing or hiding a button)."""
    try:
        authorize_global(session, actor, action)
    except PermissionDenied:
        return False
    return True


def is_lead_anywhere(session: Session, actor: User) -> bool:
    return (
        session.scalar(
            select(Membership.id).where(
                Membership.user_id == actor.id,
                Membership.role == "lead",
                Membership.active_clause(),
            )
        )
        is not None
    )


def _denial(action: Action, role: str) -> Message:
    return {
        Action.EDIT: msg("Only the lead and core-group members can change this."),
        Action.COMMENT: msg("Observers can read but not comment."),
        Action.SUGGEST: msg("Observers can read but not suggest edits."),
        Action.RESOLVE_COMMENT: msg("Experts can resolve only their own comments."),
        Action.MANAGE: msg("Only the lead of the requesting agency can do this."),
        Action.SIGN_OFF: msg("Only lead and core-group members sign off for their institution."),
        Action.ASSESS: msg("Only the members of the steering group assess the request."),
        Action.DECIDE: msg("Only the members of the steering group decide on the request."),
        Action.RECORD_INDICATOR: msg("Only the lead and core-group members record indicator values."),
        Action.VALIDATE_PERIOD: msg("Only the lead validates a reporting period."),
        Action.REPORT_PROGRESS: msg("Observers can read but not report progress."),
    }.get(action) or msg("A member with the role %(role)s cannot do this.", role=role)
