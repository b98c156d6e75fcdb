"""Invitations: a lead invites an e-mail address into the process with a role.

The mail carries a single-use link (only its SHA-256 digest is stored) that
works for ``INVITATION_LIFETIME``. A newcomer sets a name and a password
there; a person who already has an account under that address signs in and
accepts. Either way the membership starts then, with the invitation's role,
institution and optional last day (``ends_on``: a visiting expert's membership
stops being active after it, see ``Membership.active``).
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.db import utcnow
from engine.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from engine.i18n import msg
from engine.models import Invitation, Membership, Process, User
from engine.permissions import Action, authorize, membership_of
from engine.security import token_digest
from engine.services import audit, inputs, outbox
from engine.services import institutions as institution_service
from engine.services.passwords import check_password
from engine.services.users import by_email, create_user
from engine.vocabulary import ROLES

INVITATION_LIFETIME = timedelta(days=14)
#: Roles an invitation may carry (the lead is handed over, never invited).
INVITABLE_ROLES = {key: label for key, label in ROLES.items() if key != "lead"}


def _institution(session: Session, institution_id: Any):  # noqa: ANN202 - Institution
    try:
        return institution_service.get(session, int(institution_id))
    except (TypeError, ValueError, NotFound):
        raise InvalidInput(msg("Unknown institution."), {"institution_id": msg("unknown")}) from None


def invite(
    session: Session,
    actor: User,
    process: Process,
    *,
    email: Any,
    role: Any,
    institution_id: Any,
    ends_on: Any = None,
) -> Invitation:
    """Invite an address into the process (lead only) and queue the mail with its link."""
    authorize(session, actor, Action.MANAGE, process)
    address = inputs.email(email)
    if isinstance(role, str) and role == "lead":
        raise Conflict(msg("The process has a lead; hand the lead over instead."), {"role": msg("lead")})
    role = inputs.choice(role, "role", INVITABLE_ROLES)
    institution = _institution(session, institution_id)
    institution_service.check_role_institution(role, institution)
    last_day = inputs.a_date(ends_on, "expires_on")
    if last_day is not None and last_day < utcnow().date():
        raise InvalidInput(msg("The end date is in the past."), {"expires_on": msg("in the past")})
    existing = by_email(session, address)
    if existing is not None and membership_of(session, existing, process) is not None:
        raise Conflict(msg("%(name)s is already a member of this process.", name=existing.name),
                       {"email": msg("member")})
    raw = secrets.token_urlsafe(32)
    invitation = Invitation(process_id=process.id, email=address, role=role,
                            institution_id=institution.id, ends_on=last_day,
                            invited_by_id=actor.id, token_hash=token_digest(raw),
                            expires_at=utcnow() + INVITATION_LIFETIME)
    session.add(invitation)
    session.flush()
    outbox.queue_mail(
        session, existing if existing is not None and existing.is_active else address,
        "invitation",
        {"token": raw, "process_title": process.title, "inviter": actor.name, "role": role,
         "institution": institution.name, "ends_on": last_day,
         "days": INVITATION_LIFETIME.days, "has_account": existing is not None},
    )
    audit.record(session, actor, "invitation.sent",
                 f"{address} invited as {ROLES[role].lower()} for {institution.name}",
                 process=process, subject=invitation,
                 data={"email": address, "role": role, "institution": institution.name,
                       "ends_on": last_day.isoformat() if last_day else None})
    return invitation


def pending(session: Session, actor: User, process: Process) -> list[Invitation]:
    """Invitations of the process not yet accepted and still valid (lead only)."""
    authorize(session, actor, Action.MANAGE, process)
    return list(session.scalars(
        select(Invitation).where(Invitation.process_id == process.id,
                                 Invitation.accepted_at.is_(None),
                                 Invitation.expires_at > utcnow())
        .order_by(Invitation.created_at.desc())))


def valid_invitation(session: Session, raw: str) -> Invitation:
    """The unused, unexpired invitation of this token; NotFound otherwise."""
    invitation = session.scalar(select(Invitation).where(
        Invitation.token_hash == token_digest(raw or "")))
    if invitation is None or invitation.accepted_at is not None or invitation.expires_at <= utcnow():
        raise NotFound(msg("This invitation link is not valid: it was used, it expired or it is "
                           "wrong. Ask the lead of the process for a new one."))
    return invitation


def account_for(session: Session, invitation: Invitation) -> User | None:
    """The existing account under the invited address, if any (it must sign in to accept)."""
    return by_email(session, invitation.email)


def _join(session: Session, user: User, invitation: Invitation) -> Membership:
    process = session.get(Process, invitation.process_id)
    assert process is not None
    if membership_of(session, user, process) is not None:
        raise Conflict(msg("%(name)s is already a member of this process.", name=user.name),
                       {"email": msg("member")})
    membership = Membership(user=user, institution=invitation.institution, role=invitation.role,
                            ends_on=invitation.ends_on)
    process.memberships.append(membership)
    invitation.accepted_at = utcnow()
    invitation.accepted_by_id = user.id
    session.flush()
    audit.record(
        session, user, "invitation.accepted",
        f"{user.name} accepted the invitation and joined as {ROLES[invitation.role].lower()} "
        f"for {invitation.institution.name}",
        process=process, subject=membership,
        data={"email": user.email, "name": user.name, "institution": invitation.institution.name,
              "role": invitation.role, "invitation": invitation.id,
              "ends_on": invitation.ends_on.isoformat() if invitation.ends_on else None},
    )
    return membership


def accept_as_newcomer(session: Session, raw: str, *, name: Any, password: Any) -> Membership:
    """Create the account of the invited address with a name and password, and join."""
    invitation = valid_invitation(session, raw)
    if account_for(session, invitation) is not None:
        raise Conflict(msg("An account with this email already exists: sign in to accept."),
                       {"email": msg("already used")})
    name = inputs.text(name, "name", max_length=200)
    check_password(password, email=invitation.email, name=name)
    user = create_user(session, None, email=invitation.email, name=name, password=password)
    return _join(session, user, invitation)


def accept(session: Session, actor: User, raw: str) -> Membership:
    """The signed-in holder of the invited address accepts and joins."""
    invitation = valid_invitation(session, raw)
    if actor is None or not actor.is_active:
        raise PermissionDenied(msg("Sign in first."))
    if actor.email.lower() != invitation.email.lower():
        raise PermissionDenied(msg("This invitation is for another e-mail address."))
    return _join(session, actor, invitation)
