"""Records as the API shows them: plain dicts, validated by the response models of schemas.py."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from engine.models import (
    AuditEvent,
    Comment,
    Consultation,
    ConsultationInput,
    Deliverable,
    Institution,
    Membership,
    Process,
    Revision,
    Section,
    SignOff,
    User,
)
from engine.workflows import WorkflowDefinition


def user_ref(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.id, "name": user.name, "email": user.email}


def institution_ref(institution: Institution) -> dict[str, Any]:
    return {"id": institution.id, "name": institution.name}


def me(user: User) -> dict[str, Any]:
    return {"id": user.id, "name": user.name, "email": user.email, "is_admin": user.is_admin,
            "locale": user.locale}


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
    data = definition.to_dict()
    data["transitions"] = [
        {**t.to_dict(), "implicit": t in definition.implicit_transitions}
        for t in definition.all_transitions
    ]
    data["states"] = list(definition.states)
    data["terminal_states"] = list(definition.terminal_states)
    data["triggers"] = list(definition.triggers)
    return data


def institution(item: Institution) -> dict[str, Any]:
    return {"id": item.id, "name": item.name, "full_name": item.full_name, "kind": item.kind,
            "parent_id": item.parent_id, "country": item.country}


def process_summary(process: Process, role: str | None) -> dict[str, Any]:
    return {
        "id": process.id,
        "title": process.title,
        "country": process.country,
        "workflow": {"key": process.workflow.key, "version": process.workflow.version,
                     "title": process.workflow.title},
        "state": process.state,
        "requesting_institution": institution_ref(process.requesting_institution),
        "role": role,
        "updated_at": process.updated_at,
    }


def member(membership: Membership) -> dict[str, Any]:
    return {
        "id": membership.id,
        "user": user_ref(membership.user),
        "institution": institution_ref(membership.institution),
        "role": membership.role,
        "active": membership.ended_at is None,
        "started_at": membership.started_at,
        "ended_at": membership.ended_at,
        "end_reason": membership.end_reason,
    }


def signoff(item: SignOff) -> dict[str, Any]:
    return {"id": item.id, "stage": item.stage_key, "entry": item.entry,
            "institution": institution_ref(item.institution), "user": user_ref(item.user),
            "signed_at": item.signed_at}


def consultation_input(item: ConsultationInput) -> dict[str, Any]:
    return {
        "id": item.id,
        "consultation_id": item.consultation_id,
        "source": item.source,
        "text": item.text,
        "disposition": item.disposition,
        "reason": item.reason,
        "section_id": item.section_id,
        "revision_number": item.revision_number,
        "decided_by": user_ref(item.decided_by),
        "decided_at": item.decided_at,
        "created_at": item.created_at,
    }


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
        "created_at": item.created_at,
        "inputs": [consultation_input(i) for i in item.inputs],
    }


def deliverable(item: Deliverable) -> dict[str, Any]:
    return {
        "id": item.id,
        "process_id": item.process_id,
        "stage": item.stage_key,
        "kind": item.kind,
        "title": item.title,
        "owner": user_ref(item.owner),
        "due_on": item.due_on,
        "status": item.status,
        "created_at": item.created_at,
        "updated_at": item.updated_at,
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


def revision(item: Revision, *, with_body: bool = False) -> dict[str, Any]:
    data = {
        "number": item.number,
        "base_revision": item.base_revision,
        "merged": item.merged,
        "kind": item.kind,
        "note": item.note,
        "author": user_ref(item.author),
        "created_at": item.created_at,
    }
    if with_body:
        data["body"] = item.body
    return data


def comment(session: Session, item: Comment) -> dict[str, Any]:
    return {
        "id": item.id,
        "section_id": item.section_id,
        "parent_id": item.parent_id,
        "author": user_ref(item.author),
        "body": item.body,
        "quote": item.quote,
        "blocking": item.blocking,
        "status": item.status,
        "revision_number": item.revision_number,
        "suggestion": item.suggestion,
        "suggestion_status": item.suggestion_status,
        "resolved_by": user_ref(session.get(User, item.resolved_by_id))
        if item.resolved_by_id else None,
        "resolved_at": item.resolved_at,
        "created_at": item.created_at,
        "replies": [comment(session, reply) for reply in item.replies],
    }


def event(item: AuditEvent) -> dict[str, Any]:
    return {
        "seq": item.seq,
        "at": item.at,
        "actor": user_ref(item.actor),
        "actor_email": item.actor_email,
        "kind": item.kind,
        "stage": item.stage,
        "subject_type": item.subject_type,
        "subject_id": item.subject_id,
        "summary": item.summary,
        "data": item.data or {},
        "hash": item.hash,
    }
