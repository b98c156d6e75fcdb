"""The core group: memberships, the lead's handover, and sign-offs."""

from __future__ import annotations

from sqlalchemy.orm import Session

from engine.models import User
from engine.services import invitations
from engine.services import members as service
from engine.services.loading import get_process
from webapp.api import shapes, shapes_notify
from webapp.api.registry import api_route
from webapp.api.schemas_notify import MemberAddedOut
from webapp.api.schemas_work import (
    EndMembershipQuery,
    HandOverIn,
    MemberIn,
    MemberOut,
    MembersQuery,
    SignOffIn,
    SignOffOut,
)


@api_route("/processes/{process_id}/members", summary="List members", tags=["members"],
           query=MembersQuery, response=list[MemberOut])
def list_members(session: Session, actor: User, process_id: int, query: MembersQuery) -> list[dict]:
    """Active memberships; `?include_ended=true` adds the ended ones."""
    process = get_process(session, actor, process_id)
    memberships = process.memberships if query.include_ended else process.active_memberships
    return [shapes.member(m) for m in memberships]


@api_route("/processes/{process_id}/members", "POST", summary="Add a member", tags=["members"],
           body=MemberIn, response=MemberAddedOut, status=201, errors=[403, 409])
def add_member(session: Session, actor: User, process_id: int, body: MemberIn) -> dict:
    """Invite a person, for an institution, with a role (lead only). The answer is the
    invitation (`invited`: true) whether or not the address has an account, so it never
    tells which; the person is listed among the members once they accept."""
    process = get_process(session, actor, process_id)
    added = invitations.invite(session, actor, process, email=body.email,
                               institution_id=body.institution_id, role=body.role)
    return shapes_notify.member_added(added)


@api_route("/processes/{process_id}/members/{member_id}", "DELETE", summary="End a membership",
           tags=["members"], query=EndMembershipQuery, response=MemberOut, errors=[403, 409])
def end_membership(session: Session, actor: User, process_id: int, member_id: int,
                   query: EndMembershipQuery) -> dict:
    """End a membership (lead only); it stays in the history. Answers the ended membership."""
    process = get_process(session, actor, process_id)
    membership = service.end_membership(session, actor, process, member_id, reason=query.reason)
    return shapes.member(membership)


@api_route("/processes/{process_id}/members/{member_id}/lead", "POST",
           summary="Hand the lead over", tags=["members"], body=HandOverIn, response=MemberOut,
           errors=[403, 409])
def hand_over_lead(session: Session, actor: User, process_id: int, member_id: int,
                   body: HandOverIn) -> dict:
    """Make another active member the lead; the previous lead stays as a core member.
    Answers the new lead membership (it has a new id)."""
    process = get_process(session, actor, process_id)
    return shapes.member(service.hand_over_lead(session, actor, process, member_id,
                                                note=body.note))


@api_route("/processes/{process_id}/signoffs", summary="Sign-offs of the current stage",
           tags=["members"], response=list[SignOffOut])
def list_signoffs(session: Session, actor: User, process_id: int) -> list[dict]:
    """The institutions that signed the current stage (its current entry) off."""
    process = get_process(session, actor, process_id)
    return [shapes.signoff(s) for s in service.signoffs(session, process)]


@api_route("/processes/{process_id}/signoffs", "POST", summary="Sign the current stage off",
           tags=["members"], body=SignOffIn, response=SignOffOut, status=201, errors=[403, 409])
def sign_off(session: Session, actor: User, process_id: int, body: SignOffIn) -> dict:
    """Sign the current stage off for the institution the caller represents."""
    process = get_process(session, actor, process_id)
    return shapes.signoff(service.sign_off(session, actor, process, body.institution_id))
