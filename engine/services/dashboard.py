"""What a person sees first: their processes and the work waiting for them.

Read-only queries for the dashboard. "Pending work" is defined here, once:

- deliverables the person owns that are not accepted yet (in processes they belong to);
- gates they can fire: processes they lead whose current stage's checklist is green;
- open comments by others in processes where they are lead or core member, newest first;
- consultations of those processes with inputs still waiting for a disposition;
- public consultations of those processes with submissions still waiting for moderation;
- open action points of meetings that the person owns, soonest due first.
- the monitoring flags of those processes in implementation or evaluation: measures past
  their end date and not completed, periods not reported, indicators off their trajectory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, contains_eager, lazyload

from engine.catalog import definition_of
from engine.gates import evaluate_gate
from engine.models import (
    ActionPoint,
    AuditEvent,
    Comment,
    Consultation,
    ConsultationInput,
    Deliverable,
    GateSummary,
    Meeting,
    Membership,
    Process,
    PublicConsultation,
    PublicSubmission,
    Section,
    User,
)
from engine.services import effects
from engine.services.gate_watch import TEXT_ONLY
from engine.services.history import Page
from engine.services.monitoring.overview import Flag, flags_of
from engine.services.processes import StageView, last_activity, list_processes, stage_views
from engine.vocabulary import SUSPENDED

EDITING_ROLES = ("lead", "core")


@dataclass(frozen=True)
class ProcessSummary:
    """One process as the dashboard lists it."""

    process: Process
    role: str | None  # the person's role; None for an administrator who is not a member
    stages: list[StageView]
    checks_met: int  # conditions of the current stage's gate met ...
    checks_total: int  # ... out of this many (from the stored GateSummary)
    terminal: bool
    last_change: datetime | None = None

    @property
    def suspended(self) -> bool:
        return self.process.state == SUSPENDED

    @property
    def gate_ready(self) -> bool:
        """The current stage's checklist is green and the process can move on."""
        return not self.terminal and not self.suspended and self.checks_met == self.checks_total


@dataclass(frozen=True)
class WaitingInputs:
    """A consultation with inputs that still need a disposition."""

    consultation: Consultation
    process: Process
    count: int


@dataclass(frozen=True)
class WaitingSubmissions:
    """A public consultation with submissions from the public still to moderate."""

    public_consultation: PublicConsultation
    process: Process
    count: int


@dataclass(frozen=True)
class WaitingAction:
    """An open action point of a meeting, owned by the person."""

    point: ActionPoint
    meeting_id: int
    meeting_title: str


@dataclass
class PendingWork:
    deliverables: list[Deliverable] = field(default_factory=list)
    gates: list[ProcessSummary] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    inputs: list[WaitingInputs] = field(default_factory=list)
    submissions: list[WaitingSubmissions] = field(default_factory=list)
    actions: list[WaitingAction] = field(default_factory=list)
    flags: list[tuple[Process, Flag]] = field(default_factory=list)
    #: The title of each process an open comment belongs to, by process id.
    process_titles: dict[int, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return (len(self.deliverables) + len(self.gates) + len(self.comments)
                + len(self.inputs) + len(self.submissions) + len(self.actions)
                + len(self.flags))


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
    today = today or date.today()
    roles = _roles(session, actor)
    summaries = []
    processes = list_processes(session, actor)
    activity = last_activity(session, [p.id for p in processes])
    gates = gate_summaries(session, processes, today=today)
    for process in processes:
        definition = definition_of(process)
        gate = gates.get(process.id)
        met, total = (gate.met, gate.total) if gate is not None else (0, 0)
        summaries.append(
            ProcessSummary(
                process=process,
                role=roles.get(process.id),
                stages=stage_views(process, blocked=met < total, today=today),
                checks_met=met,
                checks_total=total,
                terminal=process.state in definition.terminal_states,
                last_change=activity.get(process.id, process.updated_at),
            )
        )
    return summaries


# ------------------------------------------------------------------ gate summaries
# The dashboard shows "n of m conditions met" for every process. Evaluating each
# gate on each load costs a dozen statements per process; instead the figures are
# stored per process (GateSummary), deleted by any change to the process (every
# change passes through audit.record, hence this handler), and evaluated again,
# once, by the next dashboard that needs them. They also expire at midnight.


@effects.in_transaction()
def _forget_gate_summary(session: Session, event: AuditEvent) -> None:
    """A change to a process may change its gate: drop the stored figures (not for a
    change of a section's text alone, which no gate condition reads)."""
    if event.process_id is not None and event.kind not in TEXT_ONLY:
        session.execute(delete(GateSummary).where(GateSummary.process_id == event.process_id))


def gate_summaries(
    session: Session, processes: list[Process], *, today: date
) -> dict[int, GateSummary]:
    """The stored gate figures of the processes, evaluating (and storing) the missing ones."""
    if not processes:
        return {}
    found = {
        g.process_id: g
        for g in session.scalars(
            select(GateSummary).where(GateSummary.process_id.in_([p.id for p in processes]))
        )
    }
    for process in processes:
        gate = found.get(process.id)
        if gate is not None and gate.stage_key == process.state and gate.checked_on == today:
            continue
        checks = evaluate_gate(session, process, today=today)
        met = sum(1 for c in checks if c.ok)
        if gate is None:
            gate = GateSummary(process_id=process.id)
            found[process.id] = gate
            try:
                # Two dashboards may store the same figures at once: the second one keeps its own.
                with session.begin_nested():
                    _store(session, gate, process, met, len(checks), today)
            except IntegrityError:
                session.expunge(gate)
            continue
        _store(session, gate, process, met, len(checks), today)
    session.flush()
    return found


def _store(
    session: Session, gate: GateSummary, process: Process, met: int, total: int, today: date
) -> None:
    gate.stage_key, gate.met, gate.total, gate.checked_on = process.state, met, total, today
    session.add(gate)
    session.flush()


@dataclass(frozen=True)
class Filters:
    """What the dashboard's list of processes can be narrowed to (None: any)."""

    stage: str | None = None  # the stage a process is in (its state's key)
    role: str | None = None  # the person's role; "none" for processes they are not in
    institution_id: int | None = None  # the requesting institution


def filter_processes(summaries: list[ProcessSummary], filters: Filters) -> list[ProcessSummary]:
    """The summaries that match every filter given."""

    def keep(s: ProcessSummary) -> bool:
        if filters.stage and s.process.state != filters.stage:
            return False
        if filters.role and (s.role or "none") != filters.role:
            return False
        return not (filters.institution_id
                    and s.process.requesting_institution_id != filters.institution_id)

    return [s for s in summaries if keep(s)]


def page_of(items: list[ProcessSummary], page: int, per_page: int) -> Page[ProcessSummary]:
    """One page of the dashboard's list (a page past the end shows the last one)."""
    pages = max(1, -(-len(items) // per_page))
    page = min(max(1, page), pages)
    start = (page - 1) * per_page
    return Page(items[start:start + per_page], page, per_page, len(items))


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
        rows = session.execute(
            select(ActionPoint, Meeting.title)
            .join(Meeting, Meeting.id == ActionPoint.meeting_id)
            .where(
                ActionPoint.owner_id == actor.id,
                ActionPoint.status == "open",
                ActionPoint.process_id.in_(member_of),
            )
            .order_by(ActionPoint.due_on.is_(None), ActionPoint.due_on, ActionPoint.id)
            .limit(limit)
        ).all()
        work.actions = [WaitingAction(point, point.meeting_id, title) for point, title in rows]
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
                .options(contains_eager(Comment.section))
                .order_by(Comment.created_at.desc(), Comment.id.desc())
                .limit(limit)
            )
        )
        if work.comments:
            work.process_titles = dict(session.execute(
                select(Process.id, Process.title)
                .where(Process.id.in_({c.process_id for c in work.comments}))).all())
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
        rows = session.execute(
            select(PublicConsultation, func.count(PublicSubmission.id))
            .join(PublicSubmission,
                  PublicSubmission.public_consultation_id == PublicConsultation.id)
            .where(PublicConsultation.process_id.in_(editing),
                   PublicSubmission.status == "pending")
            .group_by(PublicConsultation.id)
            .options(lazyload(PublicConsultation.consultation))
            .order_by(PublicConsultation.closes_on, PublicConsultation.id)
            .limit(limit)
        ).all()
        for public, count in rows:
            process = processes.get(public.process_id) or session.get(Process, public.process_id)
            if process is not None:
                work.submissions.append(WaitingSubmissions(public, process, int(count)))
        watched = [s.process for s in summaries if s.process.id in editing]
        for pid, flags in flags_of(session, watched, today=today).items():
            work.flags.extend((processes[pid], flag) for flag in flags)
    return work
