"""API shapes of invitations and notifications (conventions as in ``shapes.py``)."""

from __future__ import annotations

from typing import Any

from engine.models import Invitation, Membership, Notification
from webapp.api import shapes
from webapp.notifications.text import describe, link


def invitation(item: Invitation) -> dict[str, Any]:
    return {"id": item.id, "email": item.email, "role": item.role,
            "institution": item.institution, "expires_on": item.ends_on,
            "created_at": item.created_at, "link_expires_at": item.expires_at,
            "accepted_at": item.accepted_at}


def member_added(item: Membership | Invitation) -> dict[str, Any]:
    """A member just added, or the invitation sent instead: the same fields either way."""
    if isinstance(item, Invitation):
        return {"id": item.id, "invited": True, "email": item.email, "user": None,
                "institution": item.institution, "role": item.role, "active": False,
                "started_at": None, "ended_at": None, "end_reason": None}
    return {**shapes.member(item), "invited": False, "email": item.user.email}


def notification(item: Notification) -> dict[str, Any]:
    return {"id": item.id, "kind": item.kind, "params": item.params or {},
            "process_id": item.process_id, "text": describe(item), "link": link(item),
            "created_at": item.created_at, "read_at": item.read_at}
