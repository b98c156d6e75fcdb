"""The registry of gate condition kinds a workflow definition may use.

This is the one place that knows which condition kinds exist and which
parameters each takes. The validator checks ``[[stages.gate]]`` tables against
it, the documentation describes it, and the gate evaluator must provide one
evaluator per kind listed here (no more, no fewer).

To add a kind, add one ``ConditionKind`` entry to ``_KINDS`` below with its
parameters; the validator needs no change unless the kind refers to something
of its stage (then use ``ParamSpec.within_stage`` or ``stage_default``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from engine.vocabulary import (
    CONSULTATION_METHODS,
    COVERAGE_DIMENSIONS,
    DELIVERABLE_KINDS,
    INSTITUTION_KINDS,
    N_,
    OBJECTIVE_LEVELS,
    ROLES,
    STAKEHOLDER_GROUPS,
)

ParamType = Literal["int", "float", "str", "list[str]"]
StageList = Literal["deliverables", "consultations", "sections"]


@dataclass(frozen=True)
class ParamSpec:
    """One parameter of a condition kind.

    ``vocabulary`` restricts the values (each element, for lists) to its keys;
    ``vocabulary_name`` names one value in messages ("consultation method").
    ``within_stage`` further restricts values to what the stage itself
    declares: its required deliverable kinds or its section keys.
    Numeric bounds: ``min`` (exclusive when ``min_exclusive``) and ``max``.
    """

    name: str
    type: ParamType
    description: str
    required: bool = False
    default: Any = None
    vocabulary: Mapping[str, str] | None = None
    vocabulary_name: str | None = None
    within_stage: Literal["deliverables", "sections"] | None = None
    min: float | None = None
    max: float | None = None
    min_exclusive: bool = False

    def expectation(self) -> str:
        """Describe an acceptable value, as in "must be an integer >= 1"."""
        if self.type == "int":
            text = "an integer"
        elif self.type == "float":
            text = "a number"
        elif self.type == "str":
            text = "a string"
        else:
            text = "a list of strings"
        bounds = []
        if self.min is not None:
            bounds.append(f"{'>' if self.min_exclusive else '>='} {_number(self.min)}")
        if self.max is not None:
            bounds.append(f"<= {_number(self.max)}")
        if bounds:
            text += " " + " and ".join(bounds)
        return text

    def in_range(self, value: float) -> bool:
        """Tell whether a number lies within the bounds of this parameter."""
        if self.min is not None:
            if value < self.min or (self.min_exclusive and value == self.min):
                return False
        return self.max is None or value <= self.max


@dataclass(frozen=True)
class ConditionKind:
    """A kind of gate condition: what it checks and the parameters it takes.

    ``stage_default`` names the stage's own list that applies when the
    condition is written without any parameter (e.g. ``deliverables_accepted``
    alone means "the deliverables this stage requires").
    ``message`` is an example of the checklist line the gate shows.
    """

    key: str
    label: str
    description: str
    params: tuple[ParamSpec, ...] = ()
    stage_default: StageList | None = None
    message: str = ""
    analysis: bool = False  # reads the structured analysis (its readiness lists these)

    def param(self, name: str) -> ParamSpec:
        """Return the parameter called ``name`` (KeyError if it has none)."""
        for spec in self.params:
            if spec.name == name:
                return spec
        raise KeyError(name)

    @property
    def param_names(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.params)

    def defaults(self) -> dict[str, Any]:
        """The default value of every optional parameter that has one."""
        return {spec.name: spec.default for spec in self.params if spec.default is not None}


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


_KINDS: tuple[ConditionKind, ...] = (
    ConditionKind(
        key="lead_assigned",
        label=N_("A lead is assigned"),
        description=(
            "The process has an active lead (the focal point of the requesting institution)."
        ),
        message="No lead assigned: hand the lead to a member.",
    ),
    ConditionKind(
        key="min_members",
        label=N_("Core group formed"),
        description="At least `min` active members hold one of `roles`.",
        params=(
            ParamSpec("min", "int", "Smallest number of active members.", required=True, min=1),
            ParamSpec(
                "roles",
                "list[str]",
                "Roles that count.",
                default=("lead", "core"),
                vocabulary=ROLES,
                vocabulary_name="role",
            ),
        ),
        message="2 of 3 required core-group members in place; add 1 more.",
    ),
    ConditionKind(
        key="min_institutions",
        label=N_("Institutions represented"),
        description=(
            "At least `min` distinct institutions among the active lead and core members."
        ),
        params=(
            ParamSpec(
                "min", "int", "Smallest number of distinct institutions.", required=True, min=1
            ),
        ),
        message="1 of 2 required institutions represented in the core group; add members from 1 more.",
    ),
    ConditionKind(
        key="deliverables_accepted",
        label=N_("Deliverables accepted"),
        description=(
            "Every listed deliverable kind has an accepted deliverable in this "
            "stage. Without `kinds`: all the deliverables the stage requires."
        ),
        params=(
            ParamSpec(
                "kinds",
                "list[str]",
                "Deliverable kinds that must be accepted; each one must be required by the stage.",
                vocabulary=DELIVERABLE_KINDS,
                vocabulary_name="deliverable kind",
                within_stage="deliverables",
            ),
        ),
        stage_default="deliverables",
        message="2 of 3 required deliverables accepted; missing: SWOT analysis.",
    ),
    ConditionKind(
        key="consultations_held",
        label=N_("Consultations held"),
        description=(
            "At least `min` consultations held in this stage with one of "
            "`methods` (any method if omitted), reaching together every group "
            "in `groups`. Without any parameter: every consultation requirement "
            "of the stage."
        ),
        params=(
            ParamSpec("min", "int", "Smallest number of consultations.", default=1, min=1),
            ParamSpec(
                "methods",
                "list[str]",
                "Methods that count (any method if omitted).",
                vocabulary=CONSULTATION_METHODS,
                vocabulary_name="consultation method",
            ),
            ParamSpec(
                "groups",
                "list[str]",
                "Stakeholder groups that the consultations must reach.",
                vocabulary=STAKEHOLDER_GROUPS,
                vocabulary_name="stakeholder group",
            ),
        ),
        stage_default="consultations",
        message="1 of 2 focus group consultations held; groups not yet reached: diaspora.",
    ),
    ConditionKind(
        key="meetings_held",
        label=N_("Core-group meetings held"),
        description=(
            "At least `min` meetings of the core group recorded for this stage "
            "and held by today."
        ),
        params=(
            ParamSpec("min", "int", "Smallest number of meetings.", default=1, min=1),
        ),
        message="No core-group meeting held in this stage yet (1 needed).",
    ),
    ConditionKind(
        key="sections_agreed",
        label=N_("Sections agreed"),
        description=(
            "Every listed section has the status agreed. Without `sections`: "
            "all the sections the stage drafts, sub-sections included."
        ),
        params=(
            ParamSpec(
                "sections",
                "list[str]",
                "Section keys; each one must be drafted by this stage.",
                within_stage="sections",
            ),
        ),
        stage_default="sections",
        message="4 of 6 sections agreed; still open: Vision, Objectives.",
    ),
    ConditionKind(
        key="no_blocking_comments",
        label=N_("No blocking comments"),
        description="No blocking comment left open on any section of the document.",
        message="2 blocking comments open: ...",
    ),
    ConditionKind(
        key="inputs_decided",
        label=N_("Every input answered"),
        description=(
            "Every input received in the consultations of the stage has a disposition "
            "(accepted, partly accepted or rejected, with a reason)."
        ),
        message="2 inputs still without a decision: “Set a maximum detention period” from "
                "Velorian Refugee Council (input #12), ...",
    ),
    ConditionKind(
        key="signoff",
        label=N_("Signed off"),
        description=(
            "At least `quorum` (a share) of the signatory institutions of the core group "
            "have signed off the stage, on the text as it stands. A member signs for the "
            "top-level institution above its own (or the nearest of `signatory_kinds`); "
            "editing a section afterwards lapses the stage's sign-offs."
        ),
        params=(
            ParamSpec(
                "quorum",
                "float",
                "Share of core institutions that must sign off.",
                default=1.0,
                min=0,
                min_exclusive=True,
                max=1,
            ),
            ParamSpec(
                "signatory_kinds",
                "list[str]",
                "Kinds of institution that sign for themselves and the units under them "
                "(default: the top-level institution signs, so a department signs for its "
                "ministry).",
                default=(),
                vocabulary=INSTITUTION_KINDS,
                vocabulary_name="institution kind",
            ),
        ),
        message="3 of 4 signatory institutions signed off; waiting for: Ministry of Justice.",
    ),
    ConditionKind(
        key="assessment_complete",
        label=N_("Assessment recorded"),
        description=(
            "The steering group has rated the request against relevance, quality, ownership, "
            "impact and sustainability, with a comment on each."
        ),
        message="3 of 5 criteria assessed; not yet: impact, sustainability.",
    ),
    # Structured analysis (engine/services/analysis): they read the process's
    # analysis records, whatever stage each was made in.
    ConditionKind(
        key="inventory_covers",
        analysis=True,
        label=N_("Data sources cover the migration dimensions"),
        description=(
            "For each of `dimensions`, at least one source of the data-sources "
            "inventory covers it (+), or covers it under conditions (+/-)."
        ),
        params=(
            ParamSpec(
                "dimensions",
                "list[str]",
                "Dimensions that must be covered (all four if omitted).",
                vocabulary=COVERAGE_DIMENSIONS,
                vocabulary_name="coverage dimension",
            ),
        ),
        message="3 of 4 dimensions covered by the inventory; no source covers: emigrant stock.",
    ),
    ConditionKind(
        key="indicators_have_baselines",
        analysis=True,
        label=N_("Specific objectives measurable"),
        description=(
            "Every specific objective has at least one indicator with a baseline "
            "(value and year)."
        ),
        message=(
            "2 of 3 specific objectives have an indicator with a baseline; missing: "
            "Reduce irregular employment of migrant workers."
        ),
    ),
    ConditionKind(
        key="options_appraised",
        analysis=True,
        label=N_("Options appraised and chosen"),
        description=(
            "Every objective of `level` has at least `min` appraised options (costs and "
            "benefits written, scored on every options criterion) and one chosen option."
        ),
        params=(
            ParamSpec(
                "min", "int", "Smallest number of appraised options per objective.",
                default=2, min=1,
            ),
            ParamSpec(
                "level",
                "str",
                "Which objectives need options: general (if omitted) or specific.",
                vocabulary=OBJECTIVE_LEVELS,
                vocabulary_name="objective level",
            ),
        ),
        message=(
            "1 of 2 general objectives have at least 2 appraised options and a chosen one; "
            "missing: Improve data on emigration (1 of 2 appraised, none chosen)."
        ),
    ),
    ConditionKind(
        key="instruments_have_lead",
        analysis=True,
        label=N_("Every instrument has a lead institution"),
        description="There are instruments, and each has a lead institution.",
        message="3 of 4 instruments have a lead institution; missing: Diaspora investment fund.",
    ),
    ConditionKind(
        key="actions_complete",
        analysis=True,
        label=N_("Action plan complete"),
        description=(
            "The action plan has measures, and each has a responsible institution, an "
            "indicator (of the objectives, or an output indicator of its own), start and end "
            "dates, and a budget or an explicit \"no cost\"."
        ),
        message=(
            "4 of 6 measures are complete; missing: Train border police (no indicator, "
            "no end date)."
        ),
    ),
    # Implementation monitoring (engine/services/monitoring): progress reports,
    # validated periods and the monitoring reports of the action plan's periods.
    ConditionKind(
        key="periods_reported",
        label=N_("Reporting periods reported and validated"),
        description=(
            "Every reporting period that has ended is reported (each measure of the action "
            "plan has a progress report for it) and validated by the lead."
        ),
        message="1 of 2 past periods reported and validated; still open: 2026.",
    ),
    ConditionKind(
        key="final_report_accepted",
        label=N_("Final monitoring report accepted"),
        description=(
            "The monitoring report of the last reporting period of the action plan is "
            "accepted."
        ),
        message="The final monitoring report (2026) is not accepted yet.",
    ),
)

CONDITION_KINDS: dict[str, ConditionKind] = {kind.key: kind for kind in _KINDS}

# The conditions on the structured analysis, in the order of the methodology.
ANALYSIS_KINDS: tuple[str, ...] = tuple(kind.key for kind in _KINDS if kind.analysis)
