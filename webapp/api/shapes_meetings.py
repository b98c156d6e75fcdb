"""JSON shapes of core-group meetings."""

from __future__ import annotations

from typing import Any

from engine.models import ActionPoint, Meeting


def action_point(item: ActionPoint) -> dict[str, Any]:
    return {"id": item.id, "meeting_id": item.meeting_id, "title": item.title,
            "owner": item.owner, "owner_email": item.owner.email if item.owner else None,
            "due_on": item.due_on, "status": item.status}


def meeting(item: Meeting) -> dict[str, Any]:
    return {
        "id": item.id, "process_id": item.process_id, "stage": item.stage_key,
        "title": item.title, "held_on": item.held_on, "place": item.place,
        "online": item.online, "agenda": item.agenda, "minutes": item.minutes,
        "attendance": [{"user": a.user, "email": a.user.email, "status": a.status}
                       for a in item.attendance],
        "decisions": [{"id": d.id, "text": d.text} for d in item.decisions],
        "action_points": [action_point(p) for p in item.action_points],
        "created_at": item.created_at, "updated_at": item.updated_at,
    }
