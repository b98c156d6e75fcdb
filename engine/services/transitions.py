"""Firing triggers: the lead moves the process, through its gate or over it with a reason."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from engine.catalog import definition_of
from engine.db import utcnow
from engine.errors import GateNotMet, InvalidInput, InvalidTransition, StaleState
from engine.gates import evaluate_gate
from engine.i18n import msg, nmsg
from engine.machine import machine_for
from engine.models import Process, TransitionRecord, User
from engine.permissions import Action, authorize
from engine.services import assessments, audit, inputs
from engine.vocabulary import SUSPENDED
from engine.workflows import RESUME_DEST


def fire(
    session: Session,
    actor: User,
    process: Process,
    trigger: Any,
    *,
    note: str | None = None,
    override_reason: str | None = None,
    expected_state: str | None = None,
    today: date | None = None,
) -> Process:
    """Fire ``trigger``; raise GateNotMet with the checklist when the gate is closed.

    A closed gate can be overridden by the lead with a written reason; the
    override and the failing checks are recorded. ``expected_state`` (sent by
    forms) refuses a trigger aimed at a state the process has already left,
    so a double click cannot move a process twice.
    """
    definition = definition_of(process)
    candidates = ([t for t in definition.transitions_from(process.state) if t.trigger == trigger]
                  if isinstance(trigger, str) else [])
    # The steering group decides the transitions the workflow gives it; the lead the rest.
    decided = bool(candidates) and candidates[0].decided_by is not None
    authorize(session, actor, Action.DECIDE if decided else Action.MANAGE, process)
    if expected_state is not None and expected_state != process.state:
        now_at = (definition.stage(process.state).title if process.state in definition.stage_keys
                  else "Suspended")
        raise StaleState(
            msg("The process has moved on to %(stage)s in the meantime; check the page again.", stage=now_at),
            {"state": process.state, "expected_state": expected_state},
        )
    if not isinstance(trigger, str) or not trigger:
        raise InvalidInput(msg("trigger is required."), {"trigger": msg("is required")})
    if not candidates:
        possible = sorted({t.trigger for t in definition.transitions_from(process.state)})
        raise InvalidTransition(
            f"“{trigger}” is not possible from {process.state}."
            + (f" Possible now: {', '.join(possible)}." if possible else " No trigger is possible."),
            {"state": process.state, "possible": possible},
        )
    transition = candidates[0]
    note = inputs.optional_text(note, "note", max_length=5000)
    override_reason = inputs.optional_text(override_reason, "override_reason", max_length=5000)
    if transition.note_required and not note:
        raise InvalidInput(
            msg("A note is required: say why."), {"note": msg("required for %(trigger)s", trigger=trigger)}
        )
    failing: list[dict[str, Any]] = []
    if decided:
        assessments.require_complete(session, process)
        override_reason = None  # overriding a gate is the lead's power, not the deciders'
    if transition.gated:
        checks = evaluate_gate(session, process, today=today)
        failing = [c.as_dict() for c in checks if not c.ok]
        if failing and not override_reason:
            raise GateNotMet(
                nmsg("The gate of %(stage)s is not met: %(failing)s of %(count)s checks fail.",
                     "The gate of %(stage)s is not met: %(failing)s of %(count)s checks fail.",
                     len(checks), stage=definition.stage(process.state).title,
                     failing=len(failing)),
                {"checks": [c.as_dict() for c in checks], "failing": failing},
            )
    source = process.state
    if trigger == "suspend" or transition.dest == SUSPENDED:
        process.suspended_from = source
    dest = process.suspended_from if transition.dest == RESUME_DEST else transition.dest
    now = utcnow()
    used_override = bool(failing) and bool(override_reason)
    try:
        # Flush once, explicitly: the optimistic lock on the process row is
        # checked there, and a lost race becomes StaleState, not a crash.
        with session.no_autoflush:
            machine_for(definition).fire(process, trigger, gate_open=True)
            if process.state != dest:  # the machine and the definition must agree
                raise InvalidTransition(msg("%(trigger)s led to %(state)s, expected %(dest)s.", trigger=trigger, state=process.state, dest=dest))
            _update_stage_dates(process, source, dest, trigger, now)
            if dest != SUSPENDED:
                process.suspended_from = None
            process.updated_at = now
            record = TransitionRecord(
                process_id=process.id,
                trigger=trigger,
                source=source,
                dest=dest,
                actor_id=actor.id,
                note=note,
                override_reason=override_reason if used_override else None,
                failing_checks=failing if used_override else None,
                at=now,
            )
            session.add(record)
        session.flush()
    except StaleDataError:
        raise StaleState(
            msg("Someone else moved this process at the same moment; reload and check again.")
        ) from None
    title = {s.key: s.title for s in definition.stages}
    summary = f"{trigger.replace('_', ' ').capitalize()}: {title.get(source, source)} → {title.get(dest, dest)}"
    if used_override:
        summary += " (gate overridden)"
    audit.record(
        session, actor, f"transition.{trigger}", summary, process=process, stage=source,
        subject=record,
        data={"trigger": trigger, "source": source, "dest": dest, "note": note,
              "override_reason": override_reason if used_override else None,
              "failing_checks": failing if used_override else []},
        at=now,
    )
    return process


def _update_stage_dates(process: Process, source: str, dest: str, trigger: str, now: Any) -> None:
    """Close the stage left (unless merely suspended) and open the stage entered."""
    if dest == SUSPENDED:
        return
    left = process.stage_record(source)
    if left is not None and source != SUSPENDED:
        left.completed_at = now
    if trigger == "resume" or source == SUSPENDED:
        return  # the stage was never left: it goes on
    entered = process.stage_record(dest)
    if entered is not None:
        entered.started_at = now
        entered.completed_at = now if _is_terminal(process, dest) else None
        entered.entries = (entered.entries or 0) + 1


def _is_terminal(process: Process, key: str) -> bool:
    return key in definition_of(process).terminal_states
