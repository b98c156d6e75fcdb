"""Starting processes, reading them, and describing their stages and gates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from engine.catalog import Catalog, definition_of, pin
from engine.db import utcnow
from engine.errors import InvalidInput, NotFound
from engine.export.templates import template_names
from engine.gates import Check, evaluate_gate
from engine.i18n import LocalizedText, msg
from engine.models import AuditEvent, Membership, Process, ProcessStage, Section, User
from engine.permissions import Action, GlobalAction, authorize, authorize_global
from engine.services import assessments, audit, inputs
from engine.services import institutions as institution_service
from engine.vocabulary import DOCUMENT_LANGUAGES, SUSPENDED
from engine.workflows import RESUME_DEST, SectionSpec, WorkflowDefinition


def start_process(
    session: Session,
    actor: User,
    catalog: Catalog,
    *,
    title: str,
    workflow: str,
    country: str,
    requesting_institution_id: int,
    workflow_version: int | None = None,
    start_date: date | None = None,
    document_language: str | None = None,
) -> Process:
    """Start a process pinned to the workflow's current definition; the actor becomes lead."""
    authorize_global(session, actor, GlobalAction.START_PROCESS)
    return open_process(session, actor, catalog, title=title, workflow=workflow, country=country,
                        requesting_institution_id=requesting_institution_id,
                        workflow_version=workflow_version, start_date=start_date,
                        document_language=document_language)


def open_process(
    session: Session,
    actor: User,
    catalog: Catalog,
    *,
    title: str,
    workflow: str,
    country: str,
    requesting_institution_id: int,
    workflow_version: int | None = None,
    start_date: date | None = None,
    document_language: str | None = None,
) -> Process:
    """Create the process (the caller has checked the actor may): see ``start_process``.

    The revision of an adopted policy opens its next cycle through here, since
    the lead of a policy may revise it without the site-wide right to start any.
    """
    title = inputs.text(title, "title")
    country = inputs.text(country, "country", max_length=100)
    if not isinstance(workflow, str):
        raise InvalidInput(msg("workflow must be a workflow key."), {"workflow": msg("must be text")})
    definition = catalog.get(workflow, workflow_version)
    try:
        institution = institution_service.get(session, int(requesting_institution_id))
    except (TypeError, ValueError, NotFound):
        raise InvalidInput(
            msg("Unknown requesting institution."), {"requesting_institution_id": msg("unknown")}
        ) from None
    language = inputs.choice(document_language or "en", "language", DOCUMENT_LANGUAGES)
    pinned = pin(session, definition)
    now = utcnow()
    process = Process(
        document_language=language,
        title=title,
        country=country,
        workflow=pinned,
        requesting_institution=institution,
        state=definition.initial,
        created_by=actor,
    )
    session.add(process)
    target = start_date or now.date()
    for position, stage in enumerate(definition.stages):
        record = ProcessStage(key=stage.key, position=position)
        if not stage.terminal and stage.target_days:
            target = target + timedelta(days=stage.target_days)
            record.target_date = target
        if stage.key == definition.initial:
            record.started_at = now
            record.entries = 1
        process.stages.append(record)
    process.memberships.append(Membership(user=actor, institution=institution, role="lead"))
    session.flush()
    _create_outline(session, process, definition)
    audit.record(
        session,
        actor,
        "process.started",
        f"Process “{title}” started with workflow {definition.title} (v{definition.version})",
        process=process,
        subject=process,
        data={"workflow": definition.key, "version": definition.version, "country": country,
              "requesting_institution": institution.name, "title": title,
              "workflow_title": str(definition.title)},
    )
    return process


def _create_outline(session: Session, process: Process, definition: WorkflowDefinition) -> None:
    """Create the document's sections from the workflow's outline, in stage order."""
    position = 0

    def add(spec: SectionSpec, stage_key: str, parent: Section | None, pos: int) -> None:
        section = Section(
            process_id=process.id,
            parent_id=parent.id if parent else None,
            key=spec.key,
            stage_key=stage_key,
            title=LocalizedText.of(spec.title).get(process.document_language),
            position=pos,
        )
        session.add(section)
        session.flush()
        for child_pos, child in enumerate(spec.children):
            add(child, stage_key, section, child_pos)

    for stage in definition.stages:
        for spec in stage.sections:
            add(spec, stage.key, None, position)
            position += 1


def last_activity(session: Session, process_ids: list[int]) -> dict[int, datetime]:
    """When anything last changed in each process: its newest audit event."""
    if not process_ids:
        return {}
    rows = session.execute(
        select(AuditEvent.process_id, func.max(AuditEvent.at))
        .where(AuditEvent.process_id.in_(process_ids))
        .group_by(AuditEvent.process_id)
    ).all()
    return {process_id: at for process_id, at in rows}


def list_processes(session: Session, actor: User) -> list[Process]:
    """The processes the actor belongs to (all of them for administrators), most active first.

    Activity is read from the audit log, so a section saved yesterday counts
    even though the process row itself did not change.
    """
    latest = (
        select(AuditEvent.process_id, func.max(AuditEvent.at).label("at"))
        .where(AuditEvent.process_id.is_not(None))
        .group_by(AuditEvent.process_id)
        .subquery()
    )
    query = (
        select(Process)
        .options(selectinload(Process.stages), selectinload(Process.memberships),
                 selectinload(Process.requesting_institution))
        .outerjoin(latest, latest.c.process_id == Process.id)
        .order_by(func.coalesce(latest.c.at, Process.updated_at).desc(), Process.id.desc())
    )
    if not actor.is_admin:
        query = query.where(
            Process.id.in_(
                select(Membership.process_id).where(
                    Membership.user_id == actor.id, Membership.active_clause()
                )
            )
        )
    return list(session.scalars(query))


@dataclass(frozen=True)
class StageView:
    key: str
    title: str
    status: str  # done, current, upcoming, suspended, sent_back, blocked
    terminal: bool
    target_date: date | None
    started_on: date | None
    completed_on: date | None
    overdue: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "status": self.status,
            "terminal": self.terminal,
            "target_date": self.target_date.isoformat() if self.target_date else None,
            "started_on": self.started_on.isoformat() if self.started_on else None,
            "completed_on": self.completed_on.isoformat() if self.completed_on else None,
            "overdue": self.overdue,
        }


def stage_views(
    process: Process, checks: list[Check] | None = None, *, today: date | None = None,
    blocked: bool | None = None,
) -> list[StageView]:
    """Each stage in order with its status, planned and actual dates.

    The current stage is "blocked" when one of ``checks`` fails (or, without the
    checks, when ``blocked`` says so).
    """
    if blocked is None:
        blocked = checks is not None and not all(c.ok for c in checks)
    definition = definition_of(process)
    today = today or date.today()
    active = process.working_stage
    order = list(definition.stage_keys)
    active_pos = order.index(active) if active in order else -1
    views = []
    for stage in definition.stages:
        record = process.stage_record(stage.key)
        pos = order.index(stage.key)
        started = record.started_at.date() if record and record.started_at else None
        completed = record.completed_at.date() if record and record.completed_at else None
        if stage.key == active:
            if process.state == SUSPENDED:
                status = "suspended"
            elif stage.terminal:
                status = "done"
            elif blocked:
                status = "blocked"
            else:
                status = "current"
        elif record and record.completed_at and (pos < active_pos or stage.terminal):
            status = "done"
        elif record and record.started_at and pos > active_pos:
            status = "sent_back"  # reached before, then the draft went back
        elif record and record.completed_at:
            status = "done"
        else:
            status = "upcoming"
        target = record.target_date if record else None
        finished = completed if status == "done" else None
        overdue = bool(
            target and not stage.terminal and status != "done" and (finished or today) > target
        ) or bool(target and finished and finished > target)
        views.append(
            StageView(stage.key, stage.title, status, stage.terminal, target, started,
                      completed, overdue)
        )
    return views


def available_triggers(process: Process) -> list[dict[str, Any]]:
    """The triggers that can fire from the current state, as CONTRACT describes them."""
    definition = definition_of(process)
    found = []
    for transition in definition.transitions_from(process.state):
        dest = process.suspended_from if transition.dest == RESUME_DEST else transition.dest
        found.append(
            {
                "trigger": transition.trigger,
                "dest": dest,
                "gated": transition.gated,
                "note_required": transition.note_required,
                "label": transition.label,
                "decided_by": transition.decided_by,
            }
        )
    return found


def describe(session: Session, process: Process, *, today: date | None = None,
             viewer: User | None = None) -> dict[str, Any]:
    """The process as the API and the overview show it (``viewer``: whose links are shown)."""
    definition = definition_of(process)
    checks = evaluate_gate(session, process, today=today)
    lead = process.lead
    state_title = (
        definition.stage(process.state).title
        if process.state in definition.stage_keys
        else "Suspended"
    )
    return {
        "id": process.id,
        "title": process.title,
        "country": process.country,
        "workflow": {"key": definition.key, "version": definition.version,
                     "title": definition.title},
        "state": process.state,
        "state_title": state_title,
        "suspended_from": process.suspended_from if process.state == SUSPENDED else None,
        "terminal": process.state in definition.terminal_states,
        "requesting_institution": {"id": process.requesting_institution.id,
                                   "name": process.requesting_institution.name},
        "lead": {"id": lead.user.id, "name": lead.user.name, "email": lead.user.email}
        if lead else None,
        "stages": [v.as_dict() for v in stage_views(process, checks, today=today)],
        "gate": {"ready": all(c.ok for c in checks), "checks": [c.as_dict() for c in checks]},
        "triggers": available_triggers(process),
        "export_template": process.export_template,
        "document_language": process.document_language,
        "supports": ({"id": process.supports.id, "title": process.supports.title}
                     if process.supports is not None else None),
        "supported_by": [{"id": p.id, "title": p.title}
                         for p in assessments.supporting(session, process, viewer)],
        "created_at": process.created_at.isoformat(),
        "updated_at": process.updated_at.isoformat(),
    }


def set_stage_target(
    session: Session, actor: User, process: Process, stage_key: str, target: date | None
) -> ProcessStage:
    """Plan when a stage should be finished (lead only)."""
    authorize(session, actor, Action.MANAGE, process)
    record = process.stage_record(stage_key)
    if record is None:
        raise InvalidInput(msg("Unknown stage."), {"stage": msg("unknown")})
    before = record.target_date.isoformat() if record.target_date else None
    record.target_date = target
    audit.record(session, actor, "stage.target_set",
                 f"Target date of {stage_key} set to {target.isoformat() if target else 'none'}",
                 process=process, stage=stage_key,
                 data={"before": before, "after": target.isoformat() if target else None})
    return record


def set_export_template(
    session: Session, actor: User, process: Process, template: str | None,
    templates_dir: str | None = None,
) -> None:
    """Choose the house style this process exports with (None: the configured default)."""
    authorize(session, actor, Action.MANAGE, process)
    before = process.export_template
    name = inputs.optional_text(template, "template", max_length=100)
    if name is not None:
        name = inputs.choice(name, "template", template_names(templates_dir))
    process.export_template = name
    audit.record(session, actor, "process.template_set", "House style for the export changed",
                 process=process, data={"before": before, "after": process.export_template})


UNCHANGED = object()


def update_process(
    session: Session, actor: User, process: Process, *, title: Any = None, language: Any = None,
    supports_process_id: Any = UNCHANGED,
) -> Process:
    """Rename a process, change its document language, or name the policy process it
    supports (lead only); None leaves the title and language, ``supports_process_id=None``
    removes the link."""
    authorize(session, actor, Action.MANAGE, process)
    if supports_process_id is not UNCHANGED:
        assessments.link_supported_process(session, actor, process, supports_process_id)
    before = {"title": process.title, "language": process.document_language}
    if title is not None:
        process.title = inputs.text(title, "title")
    if language is not None:
        process.document_language = inputs.choice(language, "language", DOCUMENT_LANGUAGES)
    after = {"title": process.title, "language": process.document_language}
    if after == before:
        return process
    session.flush()
    changed = [key for key in after if after[key] != before[key]]
    audit.record(session, actor, "process.updated",
                 "Process changed: " + ", ".join(f"{k} {before[k]} → {after[k]}" for k in changed),
                 process=process, subject=process,
                 data={"before": {k: before[k] for k in changed},
                       "after": {k: after[k] for k in changed}})
    return process
