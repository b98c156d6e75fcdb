"""Request and response bodies of the workflow definitions (conventions as in ``schemas.py``)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from webapp.api.schemas import (
    MAX_ID,
    In,
    Out,
)

# ---------------------------------------------------------------- workflows


class StageRef(Out):
    key: str
    title: str


class WorkflowSummary(Out):
    key: str
    version: int
    title: str
    description: str = ""
    stages: list[StageRef]


class SectionSpecOut(Out):
    key: str
    title: str
    sections: list[SectionSpecOut] = []


class DeliverableSpecOut(Out):
    kind: str
    title: str


class ConsultationRequirementOut(Out):
    title: str
    min: int
    methods: list[str]
    groups: list[str]


class ConditionOut(Out):
    kind: str
    key: str
    label: str | None = None
    params: dict[str, Any] = {}


class StageDefOut(Out):
    key: str
    title: str
    description: str = ""
    target_days: int | None = None
    terminal: bool
    sections: list[SectionSpecOut]
    deliverables: list[DeliverableSpecOut]
    consultations: list[ConsultationRequirementOut]
    gate: list[ConditionOut]


class TransitionDefOut(Out):
    trigger: str
    source: list[str]
    dest: str = Field(description="A stage key, `suspended`, or `@previous` (resume).")
    gated: bool
    note_required: bool
    label: str | None = None
    implicit: bool = Field(description="Built in (suspend, resume) rather than declared.")


class WorkflowOut(Out):
    key: str
    version: int
    title: str
    description: str = ""
    initial: str
    suspendable: bool
    stages: list[StageDefOut]
    transitions: list[TransitionDefOut]
    states: list[str]
    terminal_states: list[str]
    triggers: list[str]


class WorkflowQuery(In):
    version: Annotated[int, Field(ge=1, le=MAX_ID)] | None = None
