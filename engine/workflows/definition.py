"""Workflow definitions as immutable values.

A ``WorkflowDefinition`` is what a workflow TOML file says once validated:
stages (with the sections they draft, the deliverables and consultations they
require and their gate) and transitions. Build one with
``engine.workflows.loader.parse_file`` or ``engine.workflows.loader.from_dict``;
both validate.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from engine.i18n import LocalizedText
from engine.vocabulary import N_, SUSPENDED

from .condition_kinds import CONDITION_KINDS

#: Destination of the implicit ``resume`` transition: the stage the process
#: was in when it was suspended.
RESUME_DEST = "@previous"
SUSPEND_TRIGGER = "suspend"
RESUME_TRIGGER = "resume"

__all__ = [
    "RESUME_DEST",
    "RESUME_TRIGGER",
    "SUSPENDED",
    "SUSPEND_TRIGGER",
    "Condition",
    "ConsultationRequirement",
    "DeliverableSpec",
    "LocalizedText",
    "Params",
    "SectionSpec",
    "StageDef",
    "TransitionDef",
    "WorkflowDefinition",
]


def _text(value: str | None, translations: bool) -> Any:
    """A title as data: with its translations (a language table) or only in English."""
    if translations and isinstance(value, LocalizedText):
        return value.to_data()
    return None if value is None else str(value)


class Params(Mapping[str, Any]):
    """A read-only, hashable mapping of condition parameters.

    Values are ints, floats, strings or tuples of strings.
    """

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, Any] | None = None) -> None:
        self._items = dict(items or {})

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._items.items())))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._items == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"Params({self._items!r})"


@dataclass(frozen=True)
class SectionSpec:
    """A section of the strategy document that a stage drafts."""

    key: str
    title: str
    children: tuple[SectionSpec, ...] = ()

    def walk(self, depth: int = 0) -> Iterator[tuple[SectionSpec, int]]:
        """Yield this section and its descendants, depth first, with their depth."""
        yield self, depth
        for child in self.children:
            yield from child.walk(depth + 1)

    def to_dict(self, *, translations: bool = True) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": _text(self.title, translations),
            "sections": [child.to_dict(translations=translations) for child in self.children],
        }


@dataclass(frozen=True)
class DeliverableSpec:
    """A deliverable a stage requires."""

    kind: str
    title: str

    def to_dict(self, *, translations: bool = True) -> dict[str, Any]:
        return {"kind": self.kind, "title": _text(self.title, translations)}


@dataclass(frozen=True)
class ConsultationRequirement:
    """Consultations a stage requires: how many, by which methods, reaching whom.

    Empty ``methods`` means any method; every group in ``groups`` must be
    reached by at least one of the consultations counted.
    """

    title: str
    min: int = 1
    methods: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()

    def to_dict(self, *, translations: bool = True) -> dict[str, Any]:
        return {
            "title": _text(self.title, translations),
            "min": self.min,
            "methods": list(self.methods),
            "groups": list(self.groups),
        }


@dataclass(frozen=True)
class Condition:
    """One gate condition. ``params`` holds only what the author wrote."""

    kind: str
    key: str
    params: Params = Params()
    label: str | None = None

    def to_dict(self, *, translations: bool = True) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "key": self.key,
            "label": _text(self.label, translations),
            "params": {
                name: list(value) if isinstance(value, tuple) else value
                for name, value in self.params.items()
            },
        }


@dataclass(frozen=True)
class StageDef:
    """A stage of the workflow."""

    key: str
    title: str
    description: str = ""
    target_days: int | None = None
    terminal: bool = False
    sections: tuple[SectionSpec, ...] = ()
    deliverables: tuple[DeliverableSpec, ...] = ()
    consultations: tuple[ConsultationRequirement, ...] = ()
    gate: tuple[Condition, ...] = ()

    def all_sections(self) -> Iterator[tuple[SectionSpec, int]]:
        """Yield every section this stage drafts, depth first, with its depth (0 = top)."""
        for section in self.sections:
            yield from section.walk()

    @property
    def section_keys(self) -> tuple[str, ...]:
        return tuple(section.key for section, _depth in self.all_sections())

    @property
    def deliverable_kinds(self) -> tuple[str, ...]:
        return tuple(spec.kind for spec in self.deliverables)

    def condition(self, key: str) -> Condition:
        """Return the gate condition with this key (KeyError if none)."""
        for condition in self.gate:
            if condition.key == key:
                return condition
        raise KeyError(key)

    def effective_params(self, condition: Condition) -> dict[str, Any]:
        """The parameters a gate evaluator should apply for ``condition``.

        Registry defaults, then the stage's own lists for a condition written
        without parameters, then the author's values. ``consultations_held``
        always comes out as ``{"requirements": tuple[ConsultationRequirement]}``:
        the stage's requirements when written bare, otherwise one requirement
        made of its ``min``/``methods``/``groups``.
        """
        kind = CONDITION_KINDS[condition.kind]
        if condition.kind == "consultations_held":
            if not condition.params:
                return {"requirements": self.consultations}
            values = {**kind.defaults(), **condition.params}
            requirement = ConsultationRequirement(
                title=condition.label or kind.label,
                min=values["min"],
                methods=tuple(values.get("methods", ())),
                groups=tuple(values.get("groups", ())),
            )
            return {"requirements": (requirement,)}
        values = kind.defaults()
        if not condition.params:
            if kind.stage_default == "deliverables":
                values["kinds"] = self.deliverable_kinds
            elif kind.stage_default == "sections":
                values["sections"] = self.section_keys
        values.update(condition.params)
        return values

    def to_dict(self, *, translations: bool = True) -> dict[str, Any]:
        tr = translations
        return {
            "key": self.key,
            "title": _text(self.title, tr),
            "description": _text(self.description, tr),
            "target_days": self.target_days,
            "terminal": self.terminal,
            "sections": [section.to_dict(translations=tr) for section in self.sections],
            "deliverables": [spec.to_dict(translations=tr) for spec in self.deliverables],
            "consultations": [spec.to_dict(translations=tr) for spec in self.consultations],
            "gate": [condition.to_dict(translations=tr) for condition in self.gate],
        }


#: Who may decide a transition instead of the lead: the members of the process's
#: steering group (role "steering"), who assess the request first.
DECIDERS: dict[str, str] = {"steering_group": "the steering group"}


@dataclass(frozen=True)
class TransitionDef:
    """A transition: ``trigger`` moves a process from any of ``sources`` to ``dest``.

    ``sources`` is already expanded (no ``"*"``). ``dest`` is ``RESUME_DEST``
    for the implicit resume transition.
    """

    trigger: str
    sources: tuple[str, ...]
    dest: str
    gated: bool = False
    note_required: bool = False
    label: str | None = None
    #: Who decides instead of the lead (``DECIDERS``), e.g. the steering group.
    decided_by: str | None = None

    def to_dict(self, *, translations: bool = True) -> dict[str, Any]:
        data = {
            "trigger": self.trigger,
            "source": list(self.sources),
            "dest": self.dest,
            "gated": self.gated,
            "note_required": self.note_required,
            "label": _text(self.label, translations),
        }
        if self.decided_by is not None:  # absent in older definitions: their digest stays
            data["decided_by"] = self.decided_by
        return data


@dataclass(frozen=True)
class WorkflowDefinition:
    """A validated workflow: one ``(key, version)``; processes are pinned to it."""

    key: str
    version: int
    title: str
    initial: str
    stages: tuple[StageDef, ...]
    transitions: tuple[TransitionDef, ...]
    description: str = ""
    suspendable: bool = True
    #: The languages every text of the file is written in (English always).
    languages: tuple[str, ...] = ("en",)

    # -- lookups ---------------------------------------------------------

    def stage(self, key: str) -> StageDef:
        """Return the stage called ``key``; KeyError if the workflow has none."""
        for stage in self.stages:
            if stage.key == key:
                return stage
        raise KeyError(key)

    @property
    def stage_keys(self) -> tuple[str, ...]:
        return tuple(stage.key for stage in self.stages)

    @property
    def states(self) -> tuple[str, ...]:
        """Every state a process can be in: the stages, plus ``suspended`` if suspendable."""
        return self.stage_keys + ((SUSPENDED,) if self.suspendable else ())

    @property
    def terminal_states(self) -> tuple[str, ...]:
        return tuple(stage.key for stage in self.stages if stage.terminal)

    @property
    def triggers(self) -> tuple[str, ...]:
        """Every trigger, declared ones first, in order, each once."""
        seen: dict[str, None] = {}
        for transition in self.all_transitions:
            seen.setdefault(transition.trigger, None)
        return tuple(seen)

    @cached_property
    def implicit_transitions(self) -> tuple[TransitionDef, ...]:
        """The built-in ``suspend`` and ``resume`` transitions (empty if not suspendable)."""
        if not self.suspendable:
            return ()
        active = tuple(stage.key for stage in self.stages if not stage.terminal)
        return (
            TransitionDef(
                trigger=SUSPEND_TRIGGER,
                sources=active,
                dest=SUSPENDED,
                note_required=True,
                label=N_("Suspend the process"),
            ),
            TransitionDef(
                trigger=RESUME_TRIGGER,
                sources=(SUSPENDED,),
                dest=RESUME_DEST,
                label=N_("Resume the process where it stopped"),
            ),
        )

    @property
    def all_transitions(self) -> tuple[TransitionDef, ...]:
        """Declared transitions followed by the implicit suspend/resume ones."""
        return self.transitions + self.implicit_transitions

    def transitions_from(self, state: str) -> list[TransitionDef]:
        """The transitions a process in ``state`` may take, declared ones first."""
        return [t for t in self.all_transitions if state in t.sources]

    def next_stage(self, key: str) -> str | None:
        """The stage the main line leads to from ``key``.

        The destination of the ``advance`` transition if there is one, else of
        the first declared transition leading to a stage listed after ``key``;
        None for terminal stages and dead ends.
        """
        self.stage(key)  # KeyError for an unknown stage
        order = {stage_key: index for index, stage_key in enumerate(self.stage_keys)}
        outgoing = [t for t in self.transitions if key in t.sources]
        for transition in outgoing:
            if transition.trigger == "advance":
                return transition.dest
        for transition in outgoing:
            if order[transition.dest] > order[key]:
                return transition.dest
        return None

    def all_sections(self) -> Iterator[tuple[str, SectionSpec, int]]:
        """Yield ``(stage_key, section, depth)`` for every section, in document order."""
        for stage in self.stages:
            for section, depth in stage.all_sections():
                yield stage.key, section, depth

    # -- serialisation ---------------------------------------------------

    def to_dict(self, *, translations: bool = True) -> dict[str, Any]:
        """A plain, JSON-able dict; ``from_dict`` turns it back into an equal definition.

        Texts written in several languages come out as language tables (what
        the pinned copy of a process stores); with ``translations=False`` every
        text is its English string (what the API serves).
        """
        tr = translations
        data = {
            "key": self.key,
            "version": self.version,
            "title": _text(self.title, tr),
            "description": _text(self.description, tr),
            "initial": self.initial,
            "suspendable": self.suspendable,
            "stages": [stage.to_dict(translations=tr) for stage in self.stages],
            "transitions": [transition.to_dict(translations=tr) for transition in self.transitions],
        }
        if tr and self.languages != ("en",):
            data["languages"] = list(self.languages)
        return data

    @cached_property
    def digest(self) -> str:
        """SHA-256 of the canonical JSON of ``to_dict()``: changes whenever the content does."""
        canonical = json.dumps(
            self.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
