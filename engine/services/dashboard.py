"""What a person sees first: their processes and the work waiting for them.

Read-only queries for the dashboard. "Pending work" is defined here, once:

- deliverables the person owns that are not accepted yet (in processes they belong to);
- gates they can fire: processes they lead whose current stage's checklist is green;
- open comments by others in processes where they are lead or core member, newest first;
- consultations of those processes with inputs still waiting for a disposition.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.catalog import definition_of
from engine.gates import Check, evaluate_gate
from engine.models import (
    Comment,
    Consultation,
    ConsultationInput,
    Deliverable,
    Membership,
    Process,
    Section,
    User,
)
from engine.services.processes import StageView, last_activity, list_processes, stage_views
from engine.vocabulary import SUSPENDED

EDITING_ROLES = ("lead", "core")


@dataclass(frozen=True)
class ProcessSummary:
    """One process as the dashboard lists it."""

    process: Process
    role: str | None  # the person's role; None for an administrator who is not a member
    stages: list[StageView]
    checks: list[Check]
    terminal: bool
    last_change: datetime | None = None

    @property
    def suspended(self) -> bool:
        return self.process.state == SUSPENDED

    @property
    def gate_ready(self) -> bool:
        """The current stage's checklist is green and the process can move on."""
        return not self.terminal and not self.suspended and all(c.ok for c in self.checks)

    @property
    def checks_met(self) -> int:
        return sum(1 for c in self.checks if c.ok)


@dataclass(frozen=True)
class WaitingInputs:
    """A consultation with inputs that still need a disposition."""

    consultation: Consultation
    process: Process
    count: int


@dataclass
class PendingWork:
    deliverables: list[Deliverable] = field(default_factory=list)
    gates: list[ProcessSummary] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    inputs: list[WaitingInputs] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.deliverables) + len(self.gates) + len(self.comments) + len(self.inputs)


def _roles(session: Session, actor: User) -> dict[int, str]:
    """The actor's active role in each process they belong to."""
    rows = session.execute(
        select(Membership.process_id, Membership.role).where(
            Membership.user_id == actor.id, Membership.active_clause()
        )
    ).all()
    return {process_id: role for process_id, role in rows}


def my_processes(
    session: Session, actor: User, *, today: date | None = None
) -> list[ProcessSummary]:
    """The actor's processes (all of them for administrators), most recently changed first."""
    roles = _roles(session, actor)
    summaries = []
    processes = list_processes(session, actor)
    activity = last_activity(session, [p.id for p in processes])
    for process in processes:
        definition = definition_of(process)
        checks = evaluate_gate(session, process, today=today)
        summaries.append(
            ProcessSummary(
                process=process,
                role=roles.get(process.id),
                stages=stage_views(process, checks, today=today),
                checks=checks,
                terminal=process.state in definition.terminal_states,
                last_change=activity.get(process.id, process.updated_at),
            )
        )
    return summaries


def pending_work(
    session: Session,
    actor: User,
    summaries: list[ProcessSummary] | None = None,
    *,
    today: date | None = None,
    limit: int = 8,
) -> PendingWork:
    """Everything waiting for the actor, as defined in this module's docstring."""
    if summaries is None:
        summaries = my_processes(session, actor, today=today)
    roles = _roles(session, actor)
    member_of = list(roles)
    editing = [pid for pid, role in roles.items() if role in EDITING_ROLES]
    work = PendingWork()
    if member_of:
        work.deliverables = list(
            session.scalars(
                select(Deliverable)
                .where(
                    Deliverable.owner_id == actor.id,
                    Deliverable.status != "accepted",
                    Deliverable.process_id.in_(member_of),
                )
                # Dated ones first, soonest first; undated at the end (portable NULLS LAST).
                .order_by(Deliverable.due_on.is_(None), Deliverable.due_on, Deliverable.id)
            )
        )
    work.gates = [s for s in summaries if s.role == "lead" and s.gate_ready]
    if editing:
        work.comments = list(
            session.scalars(
                select(Comment)
                .join(Section, Section.id == Comment.section_id)
                .where(
                    Comment.process_id.in_(editing),
                    Comment.parent_id.is_(None),
                    Comment.status == "open",
                    Comment.author_id != actor.id,
                    Section.deleted_at.is_(None),
                )
                .order_by(Comment.created_at.desc(), Comment.id.desc())
                .limit(limit)
            )
        )
        rows = session.execute(
            select(Consultation, func.count(ConsultationInput.id))
            .join(ConsultationInput, ConsultationInput.consultation_id == Consultation.id)
            .where(
                Consultation.process_id.in_(editing),
                ConsultationInput.disposition.is_(None),
            )
            .group_by(Consultation.id)
            .order_by(Consultation.held_on.is_(None), Consultation.held_on, Consultation.id)
            .limit(limit)
        ).all()
        processes = {s.process.id: s.process for s in summaries}
        for consultation, count in rows:
            process = processes.get(consultation.process_id) or session.get(
                Process, consultation.process_id
            )
            if process is not None:
                work.inputs.append(WaitingInputs(consultation, process, int(count)))
    return work
