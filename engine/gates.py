"""Gate conditions evaluated into the checklist a lead reads before moving a stage on.

Each condition kind of ``engine.workflows.condition_kinds`` has exactly one
evaluator here, registered with ``@evaluator("kind")``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.catalog import definition_of
from engine.models import (
    Comment,
    Consultation,
    Deliverable,
    Institution,
    Process,
    Section,
    SignOff,
)
from engine.services.analysis import actions, instruments, inventory, objectives, options
from engine.text.excerpt import excerpt
from engine.vocabulary import (
    CONSULTATION_METHODS,
    COVERAGE_DIMENSIONS,
    DELIVERABLE_KINDS,
    STAKEHOLDER_GROUPS,
)
from engine.workflows import Condition, StageDef, WorkflowDefinition


@dataclass(frozen=True)
class Check:
    """One line of the checklist."""

    key: str
    ok: bool
    message: str
    kind: str
    fix: str | None = None  # the workspace page where the gap is closed

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class GateContext:
    session: Session
    process: Process
    definition: WorkflowDefinition
    stage: StageDef
    today: date

    @property
    def entry(self) -> int:
        record = self.process.stage_record(self.stage.key)
        return record.entries if record is not None else 0

    def core_memberships(self) -> list:
        return [m for m in self.process.active_memberships if m.role in ("lead", "core")]


Evaluator = Callable[[GateContext, Condition], Check]
EVALUATORS: dict[str, Evaluator] = {}


def evaluator(kind: str) -> Callable[[Evaluator], Evaluator]:
    def register(func: Evaluator) -> Evaluator:
        EVALUATORS[kind] = func
        return func

    return register


def evaluate_gate(
    session: Session, process: Process, stage_key: str | None = None, *, today: date | None = None
) -> list[Check]:
    """The checklist of a stage (default: the current one). Terminal stages have none."""
    definition = definition_of(process)
    key = stage_key or process.state
    if key not in definition.stage_keys:
        return []
    context = GateContext(session, process, definition, definition.stage(key), today or date.today())
    return [EVALUATORS[c.kind](context, c) for c in context.stage.gate]


def _check(condition: Condition, ok: bool, message: str, fix: str | None) -> Check:
    return Check(key=condition.key, ok=ok, message=message, kind=condition.kind, fix=fix)


def _names(items: list[str], limit: int = 4) -> str:
    shown = items[:limit]
    rest = len(items) - len(shown)
    return ", ".join(shown) + (f" and {rest} more" if rest > 0 else "")


def _labels(keys: list[str] | tuple[str, ...], vocabulary: dict[str, str]) -> list[str]:
    return [vocabulary.get(k, k) for k in keys]


@evaluator("lead_assigned")
def _lead_assigned(ctx: GateContext, condition: Condition) -> Check:
    lead = ctx.process.lead
    if lead is None:
        return _check(condition, False, "No lead assigned: hand the lead to a member.", "members")
    return _check(
        condition, True, f"Lead assigned: {lead.user.name} ({lead.institution.name}).", "members"
    )


@evaluator("min_members")
def _min_members(ctx: GateContext, condition: Condition) -> Check:
    params = ctx.stage.effective_params(condition)
    roles = tuple(params["roles"])
    needed = int(params["min"])
    have = len({m.user_id for m in ctx.process.active_memberships if m.role in roles})
    what = "core-group members" if set(roles) <= {"lead", "core"} else "members"
    if have >= needed:
        return _check(condition, True, f"{have} {what} in place ({needed} needed).", "members")
    return _check(
        condition,
        False,
        f"{have} of {needed} required {what} in place; add {needed - have} more.",
        "members",
    )


@evaluator("min_institutions")
def _min_institutions(ctx: GateContext, condition: Condition) -> Check:
    needed = int(ctx.stage.effective_params(condition)["min"])
    have = len({m.institution_id for m in ctx.core_memberships()})
    if have >= needed:
        return _check(
            condition, True, f"{have} institutions represented in the core group.", "members"
        )
    return _check(
        condition,
        False,
        f"{have} of {needed} required institutions represented in the core group; "
        f"add members from {needed - have} more.",
        "members",
    )


@evaluator("deliverables_accepted")
def _deliverables_accepted(ctx: GateContext, condition: Condition) -> Check:
    kinds = list(ctx.stage.effective_params(condition)["kinds"])
    titles = {d.kind: d.title for d in ctx.stage.deliverables}
    accepted = set(
        ctx.session.scalars(
            select(Deliverable.kind).where(
                Deliverable.process_id == ctx.process.id,
                Deliverable.stage_key == ctx.stage.key,
                Deliverable.status == "accepted",
                Deliverable.kind.in_(kinds),
            )
        )
    )
    missing = [titles.get(k) or DELIVERABLE_KINDS.get(k, k) for k in kinds if k not in accepted]
    done = len(kinds) - len(missing)
    if not missing:
        return _check(
            condition, True, f"All {len(kinds)} required deliverables accepted.", "deliverables"
        )
    return _check(
        condition,
        False,
        f"{done} of {len(kinds)} required deliverables accepted; missing: {_names(missing)}.",
        "deliverables",
    )


def _held(ctx: GateContext) -> list[Consultation]:
    return list(
        ctx.session.scalars(
            select(Consultation).where(
                Consultation.process_id == ctx.process.id,
                Consultation.stage_key == ctx.stage.key,
                Consultation.held_on.is_not(None),
                Consultation.held_on <= ctx.today,
            )
        )
    )


def _consultation_gap(
    held: list[Consultation], minimum: int, methods: tuple[str, ...], groups: tuple[str, ...]
) -> tuple[int, list[str]]:
    """How many matching consultations were held, and which required groups none reached."""
    matching = [c for c in held if not methods or c.method in methods]
    reached = {g for c in matching for g in (c.groups or [])}
    return len(matching), [g for g in groups if g not in reached]


@evaluator("consultations_held")
def _consultations_held(ctx: GateContext, condition: Condition) -> Check:
    held = _held(ctx)
    requirements = ctx.stage.effective_params(condition)["requirements"]
    if not condition.params:
        # No parameters: the stage's own consultation requirements.
        gaps = []
        for requirement in requirements:
            count, missing = _consultation_gap(
                held, requirement.min, requirement.methods, requirement.groups
            )
            if count < requirement.min:
                gaps.append(f"{requirement.title} ({count} of {requirement.min} held)")
            elif missing:
                gaps.append(
                    f"{requirement.title} (not yet reached: "
                    f"{', '.join(_labels(missing, STAKEHOLDER_GROUPS))})"
                )
        total = len(requirements)
        if not gaps:
            return _check(
                condition, True, f"All {total} required consultations held.", "consultations"
            )
        return _check(
            condition,
            False,
            f"{total - len(gaps)} of {total} required consultations held; missing: "
            f"{'; '.join(gaps)}.",
            "consultations",
        )
    minimum, methods, groups = requirements[0].min, requirements[0].methods, requirements[0].groups
    count, missing = _consultation_gap(held, minimum, methods, groups)
    kind = " or ".join(_labels(methods, CONSULTATION_METHODS)).lower() if methods else ""
    noun = f"{kind} consultations" if kind else "consultations"
    problems = []
    if count < minimum:
        problems.append(f"{count} of {minimum} {noun} held")
    if missing:
        problems.append(
            "groups not yet reached: " + ", ".join(_labels(missing, STAKEHOLDER_GROUPS)).lower()
        )
    if not problems:
        reached = f", reaching {', '.join(_labels(groups, STAKEHOLDER_GROUPS)).lower()}" if groups else ""
        return _check(condition, True, f"{count} {noun} held{reached}.", "consultations")
    return _check(condition, False, "; ".join(problems).capitalize() + ".", "consultations")


@evaluator("sections_agreed")
def _sections_agreed(ctx: GateContext, condition: Condition) -> Check:
    keys = list(ctx.stage.effective_params(condition)["sections"])
    sections = {
        s.key: s
        for s in ctx.session.scalars(
            select(Section).where(
                Section.process_id == ctx.process.id,
                Section.key.in_(keys),
                Section.deleted_at.is_(None),
            )
        )
    }
    titles = {s.key: s.title for s, _depth in ctx.stage.all_sections()}
    open_ = [
        (sections[k].title if k in sections else titles.get(k, k))
        for k in keys
        if k not in sections or sections[k].status != "agreed"
    ]
    if not open_:
        return _check(condition, True, f"All {len(keys)} sections of this stage agreed.", "document")
    return _check(
        condition,
        False,
        f"{len(keys) - len(open_)} of {len(keys)} sections agreed; still open: {_names(open_)}.",
        "document",
    )


@evaluator("no_blocking_comments")
def _no_blocking_comments(ctx: GateContext, condition: Condition) -> Check:
    rows = ctx.session.execute(
        select(Comment, Section.title)
        .join(Section, Section.id == Comment.section_id)
        .where(
            Comment.process_id == ctx.process.id,
            Comment.blocking.is_(True),
            Comment.status == "open",
            Comment.parent_id.is_(None),
            Section.deleted_at.is_(None),
        )
        .order_by(Comment.id)
    ).all()
    if not rows:
        return _check(condition, True, "No blocking comments open.", "document")
    described = [
        f"“{excerpt(c.body)}” on {title} by {c.author.name} (comment #{c.id})" for c, title in rows
    ]
    noun = "comment" if len(rows) == 1 else "comments"
    return _check(
        condition,
        False,
        f"{len(rows)} blocking {noun} open: {_names(described, 3)}.",
        "document",
    )


@evaluator("signoff")
def _signoff(ctx: GateContext, condition: Condition) -> Check:
    quorum = float(ctx.stage.effective_params(condition)["quorum"])
    institutions = {m.institution_id: m.institution for m in ctx.core_memberships()}
    if not institutions:
        return _check(condition, False, "No core institutions to sign off yet.", "members")
    signed = set(
        ctx.session.scalars(
            select(SignOff.institution_id).where(
                SignOff.process_id == ctx.process.id,
                SignOff.stage_key == ctx.stage.key,
                SignOff.entry == ctx.entry,
            )
        )
    )
    have = len(signed & set(institutions))
    needed = max(1, math.ceil(quorum * len(institutions) - 1e-9))
    waiting: list[Institution] = [i for k, i in institutions.items() if k not in signed]
    scope = "core institutions" if quorum >= 1 else f"core institutions ({needed} needed)"
    if have >= needed:
        return _check(
            condition, True, f"{have} of {len(institutions)} {scope} signed off.", "members"
        )
    return _check(
        condition,
        False,
        f"{have} of {len(institutions)} {scope} signed off; waiting for: "
        f"{_names([i.name for i in waiting])}.",
        "members",
    )


# ------------------------------------------------------------------ structured analysis
# The analysis conditions read the whole process's analysis (whatever stage
# each record was made in): work sent back to an earlier stage keeps counting.


def _all(count: int, singular: str, plural: str) -> str:
    return f"The {singular}" if count == 1 else f"All {count} {plural}"


def _every(
    condition: Condition, total: int, gaps: list[str], singular: str, plural: str,
    requirement: str, fix: str, *, limit: int = 4,
) -> Check:
    """'All n <plural> have <requirement>.', or 'k of n <plural> have ...; missing: ...'."""
    if not gaps:
        verb = "has" if total == 1 else "have"
        return _check(condition, True, f"{_all(total, singular, plural)} {verb} {requirement}.",
                      fix)
    return _check(
        condition,
        False,
        f"{total - len(gaps)} of {total} {plural} have {requirement}; missing: "
        f"{_names(gaps, limit)}.",
        fix,
    )


@evaluator("inventory_covers")
def _inventory_covers(ctx: GateContext, condition: Condition) -> Check:
    dimensions = list(ctx.stage.effective_params(condition).get("dimensions") or COVERAGE_DIMENSIONS)
    sources = inventory.list_sources(ctx.session, ctx.process)
    summary = inventory.coverage_summary(sources, dimensions)

    def words(keys: list[str]) -> str:
        return ", ".join(COVERAGE_DIMENSIONS[k].lower() for k in keys)

    fix = "analysis/inventory"
    if summary.uncovered:
        covered = len(dimensions) - len(summary.uncovered)
        return _check(
            condition,
            False,
            f"{covered} of {len(dimensions)} dimensions covered by the inventory; "
            f"no source covers: {words(summary.uncovered)}.",
            fix,
        )
    noun = "source" if len(sources) == 1 else "sources"
    partly = f" (only under conditions: {words(summary.partly)})" if summary.partly else ""
    what = _all(len(dimensions), "dimension", "dimensions")
    return _check(
        condition,
        True,
        f"{what} covered by the {len(sources)} {noun} of the inventory{partly}.",
        fix,
    )


@evaluator("indicators_have_baselines")
def _indicators_have_baselines(ctx: GateContext, condition: Condition) -> Check:

    specific = objectives.specific_objectives(ctx.session, ctx.process)
    fix = "analysis/objectives"
    if not specific:
        return _check(
            condition,
            False,
            "No specific objectives yet: add them under the general objectives, each with an "
            "indicator and its baseline.",
            fix,
        )
    missing = [excerpt(o.title) for o in specific if not any(i.has_baseline for i in o.indicators)]
    return _every(condition, len(specific), missing, "specific objective",
                  "specific objectives", "an indicator with a baseline", fix)


@evaluator("options_appraised")
def _options_appraised(ctx: GateContext, condition: Condition) -> Check:

    params = ctx.stage.effective_params(condition)
    minimum = int(params["min"])
    level = str(params.get("level", "general"))  # the kind documents "general if omitted"
    rows = [a for a in options.appraisal(ctx.session, ctx.process) if a.objective.level == level]
    fix = "analysis/options"
    noun = f"{level} objectives"
    if not rows:
        return _check(
            condition, False, f"No {noun} yet: define them, then appraise their options.", fix
        )
    need = f"at least {minimum} appraised option{'s' if minimum != 1 else ''} and a chosen one"
    gaps = []
    for row in rows:
        count, chosen = row.appraised_count, row.chosen is not None
        if count < minimum or not chosen:
            gaps.append(
                f"{excerpt(row.objective.title)} ({min(count, minimum)} of {minimum} appraised"
                f"{'' if chosen else ', none chosen'})"
            )
    return _every(condition, len(rows), gaps, f"{level} objective", noun, need, fix, limit=3)


@evaluator("instruments_have_lead")
def _instruments_have_lead(ctx: GateContext, condition: Condition) -> Check:

    found = instruments.list_instruments(ctx.session, ctx.process)
    fix = "analysis/instruments"
    if not found:
        return _check(
            condition,
            False,
            "No instruments yet: list the instruments that carry out the chosen options.",
            fix,
        )
    missing = [excerpt(i.title) for i in found if i.lead_institution_id is None]
    return _every(condition, len(found), missing, "instrument", "instruments",
                  "a lead institution", fix)


@evaluator("actions_complete")
def _actions_complete(ctx: GateContext, condition: Condition) -> Check:

    measures = actions.list_measures(ctx.session, ctx.process)
    fix = "analysis/actions"
    if not measures:
        return _check(
            condition,
            False,
            "No measures in the action plan yet: add them with a responsible institution "
            "and an indicator.",
            fix,
        )
    gaps = []
    for measure in measures:
        lacks = []
        if measure.responsible_id is None:
            lacks.append("no responsible institution")
        if not measure.has_indicator:
            lacks.append("no indicator")
        if lacks:
            gaps.append(f"{excerpt(measure.title)} ({', '.join(lacks)})")
    return _every(condition, len(measures), gaps, "measure", "measures",
                  "a responsible institution and an indicator", fix, limit=3)
