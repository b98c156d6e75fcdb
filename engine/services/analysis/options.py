"""Policy options per objective: costs, benefits, feasibility, scores, and the one chosen.

An option counts as **appraised** when its costs and benefits are written and
it is scored on every options criterion of the process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from engine.errors import Conflict
from engine.i18n import msg
from engine.models import AppraisalCriterion, Instrument, Objective, PolicyOption, Process, User
from engine.services import inputs, loading
from engine.services.analysis import common, criteria
from engine.services.analysis.objectives import list_objectives

TEXTS = ("description", "costs", "benefits", "feasibility", "viability", "assumptions", "risks")
OPTION_FIELDS = ("objective_id", "title", *TEXTS, "stage")


def list_options(session: Session, process: Process) -> list[PolicyOption]:
    return list(session.scalars(
        select(PolicyOption).where(PolicyOption.process_id == process.id)
        .order_by(PolicyOption.id)
    ))


def get_option(session: Session, actor: User | None, option_id: Any) -> PolicyOption:
    return loading.get_item(session, actor, PolicyOption, option_id, "option")


def create_option(
    session: Session,
    actor: User,
    process: Process,
    *,
    objective_id: Any,
    title: Any,
    description: Any = None,
    costs: Any = None,
    benefits: Any = None,
    feasibility: Any = None,
    viability: Any = None,
    assumptions: Any = None,
    risks: Any = None,
    stage: Any = None,
) -> PolicyOption:
    """A way to reach an objective (general or specific), with its appraisal in words."""
    common.can_edit(session, actor, process)
    objective = common.ref(session, Objective, objective_id, "objective_id", "objective",
                           process, required=True)
    option = PolicyOption(process_id=process.id, objective=objective,
                          stage_key=common.stage_for(process, stage),
                          title=inputs.text(title, "title"), chosen=False)
    values = {"description": description, "costs": costs, "benefits": benefits,
              "feasibility": feasibility, "viability": viability, "assumptions": assumptions,
              "risks": risks}
    for name, value in values.items():
        setattr(option, name, common.long_text(value, name))
    session.add(option)
    session.flush()
    common.record(session, actor, process, "analysis.option.created",
                  f"Option “{option.title}” proposed for “{objective.title}”", option,
                  after=snapshot(option))
    return option


def update_option(session: Session, actor: User, option: PolicyOption, **changes: Any) -> PolicyOption:
    process = loading.process_of(session, option.process_id)
    common.can_edit(session, actor, process)
    common.unknown_fields(changes, OPTION_FIELDS)
    with common.recorded_update(session, actor, process, option, snapshot,
                                "analysis.option.updated",
                                lambda o: f"Option “{o.title}” updated"):
        if "objective_id" in changes:
            objective = common.ref(session, Objective, changes["objective_id"], "objective_id",
                                   "objective", process, required=True)
            assert objective is not None
            if objective.id != option.objective_id and option.chosen:
                option.chosen = False  # the other objective may have its own choice
            option.objective = objective
        if "title" in changes:
            option.title = inputs.text(changes["title"], "title")
        for name in TEXTS:
            if name in changes:
                setattr(option, name, common.long_text(changes[name], name))
        if "stage" in changes:
            option.stage_key = common.stage_for(process, changes["stage"])
    return option


def delete_option(session: Session, actor: User, option: PolicyOption) -> None:
    process = loading.process_of(session, option.process_id)
    common.can_edit(session, actor, process)
    before = snapshot(option)
    session.execute(update(Instrument).where(Instrument.option_id == option.id)
                    .values(option_id=None))
    common.delete_comments(session, "option", option.id)
    common.record(session, actor, process, "analysis.option.deleted",
                  f"Option “{option.title}” removed", option, before=before)
    option.objective.options.remove(option)
    session.flush()


def choose_option(session: Session, actor: User, option: PolicyOption, *,
                  justification: Any) -> PolicyOption:
    """Make this the chosen option of its objective (the previous choice is dropped)."""
    process = loading.process_of(session, option.process_id)
    common.can_edit(session, actor, process)
    reason = inputs.text(justification, "justification", max_length=common.LONG_TEXT)
    previous = [o for o in option.objective.options if o.chosen and o is not option]
    before = snapshot(option)
    for other in previous:
        other.chosen = False
    option.chosen = True
    option.justification = reason
    common.touch(option)
    session.flush()
    replaced = f" instead of “{previous[0].title}”" if previous else ""
    common.record(session, actor, process, "analysis.option.chosen",
                  f"Option “{option.title}” chosen for “{option.objective.title}”{replaced}",
                  option, before=before, after=snapshot(option))
    return option


def unchoose_option(session: Session, actor: User, option: PolicyOption) -> PolicyOption:
    process = loading.process_of(session, option.process_id)
    common.can_edit(session, actor, process)
    if not option.chosen:
        raise Conflict(msg("This option is not the chosen one."))
    before = snapshot(option)
    option.chosen = False
    common.touch(option)
    session.flush()
    common.record(session, actor, process, "analysis.option.unchosen",
                  f"Option “{option.title}” is no longer the chosen one", option,
                  before=before, after=snapshot(option))
    return option


def snapshot(option: PolicyOption) -> dict[str, Any]:
    return {
        "stage": option.stage_key,
        "objective": option.objective.title,
        "title": option.title,
        **{name: getattr(option, name) for name in TEXTS},
        "chosen": option.chosen,
        "justification": option.justification,
    }


# ------------------------------------------------------------------ appraisal


def is_appraised(option: PolicyOption, option_criteria: list[AppraisalCriterion]) -> bool:
    return (bool(option.costs.strip()) and bool(option.benefits.strip())
            and criteria.weighted(option, option_criteria).complete)


@dataclass
class OptionRow:
    option: PolicyOption
    weighted: criteria.Weighted
    appraised: bool


@dataclass
class ObjectiveAppraisal:
    objective: Objective
    options: list[OptionRow] = field(default_factory=list)

    @property
    def chosen(self) -> PolicyOption | None:
        return next((r.option for r in self.options if r.option.chosen), None)

    @property
    def appraised_count(self) -> int:
        return sum(1 for r in self.options if r.appraised)

    @property
    def best(self) -> PolicyOption | None:
        scored = [r for r in self.options if r.weighted.score is not None]
        return max(scored, key=lambda r: r.weighted.score or 0).option if scored else None


def appraisal(session: Session, process: Process) -> list[ObjectiveAppraisal]:
    """Per objective (in outline order), its options with weighted scores."""
    option_criteria = criteria.list_criteria(session, process, "options")
    result = []
    for objective in list_objectives(session, process):
        rows = [OptionRow(o, criteria.weighted(o, option_criteria), is_appraised(o, option_criteria))
                for o in objective.options]
        result.append(ObjectiveAppraisal(objective, rows))
    return result


def chosen_options(session: Session, process: Process) -> list[PolicyOption]:
    return [o for o in list_options(session, process) if o.chosen]
