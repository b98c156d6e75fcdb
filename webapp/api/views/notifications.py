"""Invitations into a process, and the caller's inbox of notifications."""

from __future__ import annotations

from sqlalchemy.orm import Session

from engine.models import User
from engine.services import invitations as invitation_service
from engine.services import notifications as service
from engine.services.loading import get_process
from webapp.api import shapes_notify
from webapp.api.registry import Paged, PageQuery, api_route
from webapp.api.schemas_notify import (
    InvitationIn,
    InvitationOut,
    MarkReadIn,
    MarkReadOut,
    NotificationOut,
)

#: The unread count beside a page of the inbox.
UNREAD_HEADER = {"description": "How many of the caller's notifications are unread.",
                 "schema": {"type": "integer", "minimum": 0}}


@api_route("/processes/{process_id}/invitations", "POST", summary="Invite someone by e-mail",
           tags=["members"], body=InvitationIn, response=InvitationOut, status=201,
           errors=[403, 409])
def invite(session: Session, actor: User, process_id: int, body: InvitationIn) -> dict:
    """Mail a single-use link (14 days) to join with a role for an institution (lead only).

    A newcomer sets a name and password through it; an account holder signs in and
    accepts. With `expires_on` the membership ends by itself after that day."""
    process = get_process(session, actor, process_id)
    invitation = invitation_service.invite(
        session, actor, process, email=body.email, role=body.role,
        institution_id=body.institution_id, ends_on=body.expires_on)
    return shapes_notify.invitation(invitation)


@api_route("/me/notifications", summary="The caller's notifications", tags=["account"],
           response=list[NotificationOut], headers={"X-Unread-Count": UNREAD_HEADER})
def notifications(session: Session, actor: User, page: PageQuery) -> Paged:
    """The inbox, newest first, one page at a time; `X-Unread-Count` says how many of
    all the caller's notifications are unread (the bell's figure)."""
    found = service.inbox(session, actor, page=page.page, per_page=page.per_page,
                          nearest=False)
    return Paged([shapes_notify.notification(n) for n in found.items], found.total,
                 headers={"X-Unread-Count": str(service.unread_count(session, actor))})


@api_route("/me/notifications/read", "POST", summary="Mark notifications read",
           tags=["account"], body=MarkReadIn, response=MarkReadOut)
def mark_read(session: Session, actor: User, body: MarkReadIn) -> dict:
    """Mark the given notifications (or, without `ids`, all of them) read."""
    marked = service.mark_read(session, actor, body.ids)
    return {"marked": marked, "unread": service.unread_count(session, actor)}
