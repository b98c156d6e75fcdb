"""The core group: memberships, the lead's handover, and institution sign-offs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, Select, bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine.catalog import definition_of
from engine.db import utcnow
from engine.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from engine.i18n import msg
from engine.models import (
    AuditEvent,
    Invitation,
    Membership,
    Process,
    ProcessStage,
    Section,
    SignOff,
    User,
)
from engine.permissions import Action, authorize, membership_of
from engine.services import audit, effects, inputs, invitations
from engine.services import institutions as institution_service
from engine.services.users import by_email
from engine.vocabulary import ROLES
from engine.workflows import StageDef


def _membership(session: Session, process: Process, membership_id: Any) -> Membership:
    try:
        membership = session.get(Membership, int(membership_id))
    except (TypeError, ValueError):
        membership = None
    if membership is None or membership.process_id != process.id:
        raise NotFound(msg("No such member in this process."))
    return membership


def add_member(
    session: Session,
    actor: User,
    process: Process,
    *,
    email: str,
    institution_id: Any,
    role: str,
) -> Membership | Invitation:
    """Add a person, for an institution, with a role (lead only).

    An address without an active account gets an invitation instead. The page and
    the API invite in every case (``invitations.invite``): their answer must not tell
    whether an address has an account.
    """
    authorize(session, actor, Action.MANAGE, process)
    address = inputs.email(email)
    role = inputs.choice(role, "role", ROLES)
    user = by_email(session, address)
    if user is None or not user.is_active:
        if role == "lead":
            raise Conflict(msg("The process has a lead; hand the lead over instead."),
                           {"role": msg("lead")})
        return invitations.invite(session, actor, process, email=address, role=role,
                                  institution_id=institution_id)
    try:
        institution = institution_service.get(session, int(institution_id))
    except (TypeError, ValueError, NotFound):
        raise InvalidInput(msg("Unknown institution."), {"institution_id": msg("unknown")}) from None
    institution_service.check_role_institution(role, institution)
    if membership_of(session, user, process) is not None:
        raise Conflict(msg("%(name)s is already a member of this process.", name=user.name), {"email": msg("member")})
    if role == "lead" and process.lead is not None:
        raise Conflict(msg("The process has a lead; hand the lead over instead."), {"role": msg("lead")})
    membership = Membership(user=user, institution=institution, role=role)
    process.memberships.append(membership)
    session.flush()
    audit.record(
        session, actor, "member.added",
        f"{user.name} joined as {ROLES[role].lower()} for {institution.name}",
        process=process, subject=membership,
        data={"email": user.email, "name": user.name, "institution": institution.name,
              "role": role},
    )
    return membership


def end_membership(
    session: Session, actor: User, process: Process, membership_id: Any, reason: str | None = None
) -> Membership:
    """End a membership; it stays in the history."""
    authorize(session, actor, Action.MANAGE, process)
    membership = _membership(session, process, membership_id)
    if membership.ended_at is not None:
        raise Conflict(msg("This membership has already ended."))
    if membership.role == "lead":
        raise Conflict(msg("Hand the lead over to another member before ending this membership."))
    membership.ended_at = utcnow()
    membership.end_reason = inputs.optional_text(reason, "reason", max_length=2000)
    audit.record(
        session, actor, "member.ended",
        f"{membership.user.name} left the core group ({membership.institution.name})",
        process=process, subject=membership,
        data={"email": membership.user.email, "name": membership.user.name,
              "institution": membership.institution.name,
              "role": membership.role, "reason": membership.end_reason},
    )
    return membership


def hand_over_lead(
    session: Session, actor: User, process: Process, membership_id: Any, note: str | None = None
) -> Membership:
    """Make another active member the lead; the previous lead stays as a core member.

    Both role changes are kept as ended and new memberships, so the history
    shows who led when.
    """
    authorize(session, actor, Action.MANAGE, process)
    target = _membership(session, process, membership_id)
    if target.ended_at is not None:
        raise Conflict(msg("This membership has ended; choose an active member."))
    current = process.lead
    if current is not None and current.id == target.id:
        raise Conflict(msg("This member is already the lead."))
    now = utcnow()
    if current is not None:
        current.ended_at = now
        current.end_reason = "Handed the lead over"
        process.memberships.append(
            Membership(user=current.user, institution=current.institution, role="core",
                       started_at=now)
        )
    target.ended_at = now
    target.end_reason = "Became the lead"
    new_lead = Membership(user=target.user, institution=target.institution, role="lead",
                          started_at=now)
    process.memberships.append(new_lead)
    session.flush()
    audit.record(
        session, actor, "member.lead_handed_over",
        f"Lead handed over from {current.user.name if current else 'nobody'} to {target.user.name}",
        process=process, subject=new_lead,
        data={"from": current.user.email if current else None, "to": target.user.email,
              "from_name": current.user.name if current else None,
              "to_name": target.user.name,
              "note": inputs.optional_text(note, "note", max_length=2000)},
    )
    return new_lead


def sign_off(session: Session, actor: User, process: Process, institution_id: Any) -> SignOff:
    """Sign the current stage off, on the text as it stands, for the institution the actor
    represents: the signatory above the actor's own (a department signs for its ministry).

    A sign-off that lapsed because a section changed is given again on the new text.
    """
    membership = authorize(session, actor, Action.SIGN_OFF, process)
    try:
        institution = institution_service.get(session, int(institution_id))
    except (TypeError, ValueError, NotFound):
        raise InvalidInput(msg("Unknown institution."), {"institution_id": msg("unknown")}) from None
    definition = definition_of(process)
    if process.state not in definition.stage_keys or definition.stage(process.state).terminal:
        raise Conflict(msg("There is no stage to sign off now."))
    stage = definition.stage(process.state)
    signatory = (membership.institution.signatory(signatory_kinds(stage))
                 if membership is not None else None)
    if membership is None or institution.id not in (membership.institution_id, signatory.id):
        raise PermissionDenied(msg("You can sign off only for the institution you represent."))
    institution = signatory
    record = process.stage_record(process.state)
    entry = record.entries if record else 1
    existing = session.scalar(
        select(SignOff).where(
            SignOff.process_id == process.id,
            SignOff.stage_key == process.state,
            SignOff.entry == entry,
            SignOff.institution_id == institution.id,
        )
    )
    if existing is not None and existing.valid:
        raise Conflict(msg("%(name)s has already signed off this stage.", name=institution.name))
    text = document_revisions(session, process)
    if existing is not None:
        # Signed again on the edited text: the lapsed sign-off counts again.
        lapsed_by = existing.lapsed_section_title
        existing.user_id, existing.signed_at, existing.revisions = actor.id, utcnow(), text
        existing.lapsed_at = existing.lapsed_section_id = existing.lapsed_section_title = None
        session.flush()
        audit.record(
            session, actor, "signoff.given",
            f"{institution.name} signed off {stage.title} again (after “{lapsed_by}” changed)",
            process=process, subject=existing,
            data={"institution": institution.name, "renewed": True, "revisions": text},
        )
        return existing
    signoff = SignOff(process_id=process.id, stage_key=process.state, entry=entry,
                      institution_id=institution.id, user_id=actor.id, revisions=text)
    session.add(signoff)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise Conflict(msg("%(name)s has already signed off this stage.", name=institution.name)) from None
    audit.record(
        session, actor, "signoff.given",
        f"{institution.name} signed off {stage.title}",
        process=process, subject=signoff, data={"institution": institution.name,
                                                "revisions": text},
    )
    return signoff


def signatory_kinds(stage: StageDef) -> tuple[str, ...]:
    """The institution kinds that sign for themselves at this stage (its sign-off condition's
    ``signatory_kinds``); empty: the top-level institutions sign."""
    for condition in stage.gate:
        if condition.kind == "signoff":
            return tuple(stage.effective_params(condition).get("signatory_kinds") or ())
    return ()


def document_revisions(session: Session, process: Process) -> dict[str, int]:
    """The revision set of the document: each live section's revision number, by id."""
    return {
        str(section_id): revision
        for section_id, revision in session.execute(
            select(Section.id, Section.revision).where(
                Section.process_id == process.id, Section.deleted_at.is_(None)
            )
        )
    }


def _open_signoffs(entry: Any) -> Select[tuple[SignOff]]:
    """The sign-offs of a stage entry that have not lapsed, oldest first."""
    return select(SignOff).where(
        SignOff.process_id == bindparam("process_id"),
        SignOff.stage_key == bindparam("stage_key"),
        SignOff.entry == entry,
        SignOff.lapsed_at.is_(None),
    ).order_by(SignOff.id)


# Built once: a save runs it every time, and building a statement costs more than running it.
_OPEN_SIGNOFFS = _open_signoffs(func.coalesce(
    select(ProcessStage.entries).where(ProcessStage.process_id == bindparam("process_id"),
                                       ProcessStage.key == bindparam("stage_key"))
    .scalar_subquery(), 1))


@effects.in_transaction("section.saved", "section.suggestion", "section.restore")
def _lapse_signoffs(session: Session, event: AuditEvent) -> None:
    """A section's text changed: the stage's sign-offs given on another text lapse."""
    if event.process_id is None or event.subject_id is None:
        return
    process = session.get(Process, event.process_id)
    if process is None:
        return
    stage_key = process.working_stage
    revision = (event.data or {}).get("revision")
    if "stages" in process.__dict__:  # already loaded: no need to ask the database
        record = process.stage_record(stage_key)
        entry = func.coalesce(bindparam("entry", record.entries if record else 1, Integer), 1)
        query = _open_signoffs(entry)
    else:  # every save passes here: one statement, not the stages and then the sign-offs
        query = _OPEN_SIGNOFFS
    given = session.scalars(query, {"process_id": process.id, "stage_key": stage_key}).all()
    title = (event.data or {}).get("title") or ""
    actor = session.get(User, event.actor_id) if event.actor_id else None
    for signoff in given:
        if (signoff.revisions or {}).get(str(event.subject_id)) == revision:
            continue
        signoff.lapsed_at = utcnow()
        signoff.lapsed_section_id = event.subject_id
        signoff.lapsed_section_title = title
        session.flush()
        audit.record(
            session, actor, "signoff.lapsed",
            f"The sign-off of {signoff.institution.name} lapsed: “{title}” was edited after it",
            process=process, stage=stage_key, subject=signoff,
            data={"institution": signoff.institution.name, "section": title,
                  "section_id": event.subject_id, "revision": revision,
                  "signed_by": signoff.user.name},
        )


def signoffs(session: Session, process: Process, stage_key: str | None = None) -> list[SignOff]:
    """Sign-offs of the current entry of a stage (default: the current stage)."""
    key = stage_key or process.state
    record = process.stage_record(key)
    entry = record.entries if record else 0
    return list(
        session.scalars(
            select(SignOff)
            .where(SignOff.process_id == process.id, SignOff.stage_key == key,
                   SignOff.entry == entry)
            .order_by(SignOff.signed_at)
        )
    )
