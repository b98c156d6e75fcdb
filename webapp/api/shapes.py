"""Records as the API shows them where schemas.py's models do not simply read the model's
attributes (``from_attributes``): renamed or computed fields, values needing the session."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from engine.models import (
    AuditEvent,
    Comment,
    Consultation,
    Deliverable,
    Membership,
    Process,
    Section,
    SignOff,
    User,
)
from engine.services.deliverables import accepted_version
from engine.services.users import get_user
from engine.workflows import WorkflowDefinition
from webapp.api.shapes_versions import version


def me(user: User) -> dict[str, Any]:
    return {"id": user.id, "name": user.name, "email": user.email, "is_admin": user.is_admin,
            "language": user.language, "timezone": user.timezone, "locale": user.language}


def workflow_summary(definition: WorkflowDefinition) -> dict[str, Any]:
    return {
        "key": definition.key,
        "version": definition.version,
        "title": definition.title,
        "description": definition.description,
        "stages": [{"key": s.key, "title": s.title} for s in definition.stages],
    }


def workflow(definition: WorkflowDefinition) -> dict[str, Any]:
    """``to_dict()`` with the implicit transitions, the states and the triggers added."""
    data = definition.to_dict(translations=False)  # the API speaks English
    data["transitions"] = [
        {**t.to_dict(translations=False), "implicit": t in definition.implicit_transitions}
        for t in definition.all_transitions
    ]
    data["states"] = list(definition.states)
    data["terminal_states"] = list(definition.terminal_states)
    data["triggers"] = list(definition.triggers)
    return data


def process_summary(process: Process, role: str | None) -> dict[str, Any]:
    return {
        "id": process.id,
        "title": process.title,
        "country": process.country,
        "workflow": process.workflow,
        "state": process.state,
        "requesting_institution": process.requesting_institution,
        "role": role,
        "updated_at": process.updated_at,
    }


def member(membership: Membership) -> dict[str, Any]:
    return {
        "id": membership.id,
        "user": membership.user,
        "institution": membership.institution,
        "role": membership.role,
        "active": membership.active,
        "started_at": membership.started_at,
        "ended_at": membership.ended_at,
        "end_reason": membership.end_reason,
    }


def signoff(item: SignOff) -> dict[str, Any]:
    return {"id": item.id, "stage": item.stage_key, "entry": item.entry,
            "institution": item.institution, "user": item.user,
            "signed_at": item.signed_at, "valid": item.valid,
            "revisions": dict(item.revisions or {}), "lapsed_at": item.lapsed_at,
            "lapsed_section_id": item.lapsed_section_id,
            "lapsed_section_title": item.lapsed_section_title}


def consultation(item: Consultation) -> dict[str, Any]:
    return {
        "id": item.id,
        "process_id": item.process_id,
        "stage": item.stage_key,
        "method": item.method,
        "title": item.title,
        "held_on": item.held_on,
        "groups": list(item.groups or []),
        "summary": item.summary,
        "invited_institutions": list(item.invited_institutions or []),
        "invited_groups": list(item.invited_groups or []),
        "participants_by_group": dict(item.participants_by_group or {}),
        "participants_by_sex": dict(item.participants_by_sex or {}),
        "report": item.report or "",
        "report_file": report_file(item),
        "created_at": item.created_at,
        "inputs": list(item.inputs),
    }


def report_file(item: Consultation) -> dict[str, Any] | None:
    stored = item.report_file
    if stored is None:
        return None
    return {"name": stored.name, "size": stored.size, "content_type": stored.content_type,
            "url": f"/api/v1/consultations/{item.id}/report-file"}


def deliverable(item: Deliverable) -> dict[str, Any]:
    return {
        "id": item.id,
        "process_id": item.process_id,
        "stage": item.stage_key,
        "kind": item.kind,
        "title": item.title,
        "owner": item.owner,
        "due_on": item.due_on,
        "status": item.status,
        "created_at": item.created_at,
        "updated_at": item.updated_at,
        "versions": [version(v) for v in item.versions],
        "accepted_version_id": accepted.id if (accepted := accepted_version(item)) else None,
    }


def section(item: Section, number: str | None) -> dict[str, Any]:
    return {
        "id": item.id,
        "process_id": item.process_id,
        "parent_id": item.parent_id,
        "number": number,
        "key": item.key,
        "stage": item.stage_key,
        "title": item.title,
        "body": item.body,
        "revision": item.revision,
        "status": item.status,
        "position": item.position,
        "deleted": item.deleted_at is not None,
        "created_at": item.created_at,
        "updated_at": item.updated_at,
    }


def outline_node(node: Any) -> dict[str, Any]:
    item: Section = node.section
    return {
        "id": item.id,
        "number": node.number,
        "key": item.key,
        "stage": item.stage_key,
        "title": item.title,
        "status": item.status,
        "revision": item.revision,
        "children": [outline_node(child) for child in node.children],
    }


def comment(session: Session, item: Comment) -> dict[str, Any]:
    return {
        "id": item.id,
        "section_id": item.section_id,
        "parent_id": item.parent_id,
        "author": item.author,
        "body": item.body,
        "quote": item.quote,
        "blocking": item.blocking,
        "status": item.status,
        "revision_number": item.revision_number,
        "suggestion": item.suggestion,
        "suggestion_status": item.suggestion_status,
        "resolved_by": get_user(session, item.resolved_by_id)
        if item.resolved_by_id else None,
        "resolved_at": item.resolved_at,
        "created_at": item.created_at,
        # Replies hang from the thread's first comment, never from a reply.
        "replies": [comment(session, reply) for reply in item.replies]
        if item.parent_id is None else [],
    }


def event(item: AuditEvent) -> dict[str, Any]:
    return {
        "seq": item.seq,
        "at": item.at,
        "actor": item.actor,
        "actor_email": item.actor_email,
        "kind": item.kind,
        "stage": item.stage,
        "subject_type": item.subject_type,
        "subject_id": item.subject_id,
        "summary": item.summary,
        "data": item.data or {},
        "hash": item.hash,
    }
