"""Request and response bodies of invitations and notifications (conventions as in ``schemas.py``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import Field

from webapp.api.schemas import Email, Id, In, InstitutionRef, IsoDate, Out, Role, UserRef, absent

#: Roles an invitation may carry: the lead is handed over, never invited.
InvitedRole = Literal["core", "expert", "observer"]


class InvitationIn(In):
    email: Email
    role: InvitedRole
    institution_id: Id
    expires_on: IsoDate | None = absent(
        description="Last day of the membership (a visiting expert); it ends by itself after it.")


class InvitationOut(Out):
    id: int
    email: str
    role: InvitedRole
    institution: InstitutionRef
    expires_on: date | None
    created_at: datetime
    link_expires_at: datetime
    accepted_at: datetime | None


class MemberAddedOut(Out):
    """A new member, or (``invited``) an invitation sent to an address without an account.

    Both answers have the same fields; an invitation has no ``user`` or ``started_at``
    yet, and its ``id`` is the invitation's.
    """

    id: int
    invited: bool
    email: str
    user: UserRef | None
    institution: InstitutionRef
    role: Role  # type: ignore[valid-type]
    active: bool
    started_at: datetime | None
    ended_at: datetime | None
    end_reason: str | None


class NotificationOut(Out):
    id: int
    kind: str
    params: dict[str, Any]
    process_id: int | None
    text: str = Field(description="What happened, in the caller's language.")
    link: str | None = Field(description="The page it is about (path on this site).")
    created_at: datetime
    read_at: datetime | None


class MarkReadIn(In):
    ids: list[Id] | None = absent(max_length=1000, description="Left out: all of them.")


class MarkReadOut(Out):
    marked: int
    unread: int
