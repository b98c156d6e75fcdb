"""Gate checklists read outside a stage move: the readiness of the analysis and the
gate that open blocking comments hold.

The pages show these lines; only here are gates walked and evaluators called
outside ``engine.gates.evaluate_gate``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from engine.catalog import definition_of
from engine.gates import EVALUATORS, Check, GateContext, evaluate_gate, gate_conditions
from engine.models import Process
from engine.vocabulary import SUSPENDED
from engine.workflows import Condition, StageDef
from engine.workflows.condition_kinds import ANALYSIS_KINDS


@dataclass(frozen=True)
class ReadinessLine:
    """One analysis condition as checked now, with the stage whose gate holds it (or None)."""

    check: Check
    stage: str | None


@dataclass(frozen=True)
class HeldGate:
    """The check of the gate that open blocking comments hold."""

    ok: bool
    message: str
    stage: str  # the title of the stage whose gate has the condition
    current: bool  # whether that stage is the one the process is in


def analysis_readiness(session: Session, process: Process, *,
                       today: date | None = None) -> list[ReadinessLine]:
    """Every analysis condition, as the workflow's gates check it (or with its defaults,
    against the first stage, when no gate has it)."""
    definition = definition_of(process)
    found: dict[str, tuple[StageDef, Condition]] = {}
    for stage in definition.stages:
        for condition in stage.gate:
            if condition.kind in ANALYSIS_KINDS and condition.kind not in found:
                found[condition.kind] = (stage, condition)
    lines = []
    for kind in ANALYSIS_KINDS:
        stage, condition = found.get(kind, (definition.stages[0], Condition(kind, kind)))
        context = GateContext(session, process, definition, stage, today or date.today())
        lines.append(ReadinessLine(EVALUATORS[kind](context, condition),
                                   stage.title if kind in found else None))
    return lines


def blocking_comments_gate(session: Session, process: Process) -> HeldGate | None:
    """The gate that open blocking comments hold: the current stage's, or the next one
    whose gate has a "no blocking comments" condition. None when no stage has one."""
    definition = definition_of(process)
    keys = list(definition.stage_keys)
    state = process.suspended_from if process.state == SUSPENDED else process.state
    for key in keys[keys.index(state):] if state in keys else []:
        stage = definition.stage(key)
        if any(c.kind == "no_blocking_comments" for c in gate_conditions(definition, stage)):
            checks = evaluate_gate(session, process, key)
            check = next(c for c in checks if c.kind == "no_blocking_comments")
            return HeldGate(ok=check.ok, message=check.message, stage=stage.title,
                            current=key == state)
    return None
