"""Objectives (general, and specific ones under them) and the indicators that measure them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from engine.errors import Conflict, InvalidInput
from engine.i18n import msg, nmsg
from engine.models import DataSource, Indicator, Instrument, Measure, Objective, Process, User
from engine.services import inputs, loading
from engine.services.analysis import common

OBJECTIVE_FIELDS = ("title", "description", "parent_id", "ndp_reference", "stage")
INDICATOR_FIELDS = ("name", "unit", "baseline", "baseline_year", "target", "target_year",
                    "data_source_id")


def list_objectives(session: Session, process: Process) -> list[Objective]:
    """Every objective, general ones first each followed by its specific ones."""
    every = common.read_once(session, ("objectives", process.id), lambda: list(session.scalars(
        select(Objective).where(Objective.process_id == process.id).order_by(Objective.id)
    )))
    ordered: list[Objective] = []
    for general in (o for o in every if o.parent_id is None):
        ordered.append(general)
        ordered.extend(o for o in every if o.parent_id == general.id)
    return ordered


def general_objectives(session: Session, process: Process) -> list[Objective]:
    return [o for o in list_objectives(session, process) if o.parent_id is None]


def specific_objectives(session: Session, process: Process) -> list[Objective]:
    return [o for o in list_objectives(session, process) if o.parent_id is not None]


def get_objective(session: Session, actor: User | None, objective_id: Any) -> Objective:
    return loading.get_item(session, actor, Objective, objective_id, "objective")


def create_objective(
    session: Session,
    actor: User,
    process: Process,
    *,
    title: Any,
    description: Any = None,
    parent_id: Any = None,
    ndp_reference: Any = None,
    stage: Any = None,
) -> Objective:
    """A general objective, or a specific one when ``parent_id`` names a general objective."""
    common.can_edit(session, actor, process)
    objective = Objective(
        process_id=process.id,
        stage_key=common.stage_for(process, stage),
        title=inputs.text(title, "title"),
        description=common.long_text(description, "description"),
        parent=_parent(session, process, parent_id, None),
        ndp_reference=inputs.optional_text(ndp_reference, "ndp_reference", max_length=300),
    )
    session.add(objective)
    session.flush()
    common.record(session, actor, process, "analysis.objective.created",
                  f"{_level(objective)} “{objective.title}” added", objective,
                  after=snapshot(objective))
    return objective


def update_objective(session: Session, actor: User, objective: Objective, **changes: Any) -> Objective:
    process = loading.process_of(session, objective.process_id)
    common.can_edit(session, actor, process)
    common.unknown_fields(changes, OBJECTIVE_FIELDS)
    with common.recorded_update(session, actor, process, objective, snapshot,
                                "analysis.objective.updated",
                                lambda o: f"{_level(o)} “{o.title}” updated"):
        if "title" in changes:
            objective.title = inputs.text(changes["title"], "title")
        if "description" in changes:
            objective.description = common.long_text(changes["description"], "description")
        if "ndp_reference" in changes:
            objective.ndp_reference = inputs.optional_text(changes["ndp_reference"], "ndp_reference",
                                                           max_length=300)
        if "parent_id" in changes:
            parent = _parent(session, process, changes["parent_id"], objective)
            if parent is not None and objective.children:
                raise Conflict("This objective has specific objectives of its own; it stays general.",
                               {"parent_id": "has specific objectives"})
            objective.parent = parent
        if "stage" in changes:
            objective.stage_key = common.stage_for(process, changes["stage"])
    return objective


def delete_objective(session: Session, actor: User, objective: Objective) -> None:
    """Remove an objective with its indicators and options; measures keep their other links."""
    process = loading.process_of(session, objective.process_id)
    common.can_edit(session, actor, process)
    if objective.children:
        raise Conflict(
            nmsg("“%(title)s” has %(count)s specific objective: delete or move it first.",
                 "“%(title)s” has %(count)s specific objectives: delete or move them first.",
                 len(objective.children), title=objective.title),
            {"objective": msg("has specific objectives")})
    before = snapshot(objective)
    indicator_ids = [i.id for i in objective.indicators]
    option_ids = [o.id for o in objective.options]
    if indicator_ids:
        session.execute(update(Measure).where(Measure.indicator_id.in_(indicator_ids))
                        .values(indicator_id=None))
    if option_ids:
        session.execute(update(Instrument).where(Instrument.option_id.in_(option_ids))
                        .values(option_id=None))
        for option_id in option_ids:
            common.delete_comments(session, "option", option_id)
    session.execute(update(Measure).where(Measure.objective_id == objective.id)
                    .values(objective_id=None))
    common.delete_comments(session, "objective", objective.id)
    common.record(session, actor, process, "analysis.objective.deleted",
                  f"{_level(objective)} “{objective.title}” removed", objective, before=before)
    parent = objective.parent
    session.delete(objective)
    session.flush()
    if parent is not None:
        session.expire(parent, ["children"])


def snapshot(objective: Objective) -> dict[str, Any]:
    return {
        "stage": objective.stage_key,
        "title": objective.title,
        "description": objective.description,
        "parent": objective.parent.title if objective.parent is not None else None,
        "ndp_reference": objective.ndp_reference,
    }


def _level(objective: Objective) -> str:
    return "General objective" if objective.parent is None else "Specific objective"


def _parent(session: Session, process: Process, value: Any, objective: Objective | None
            ) -> Objective | None:
    parent = common.ref(session, Objective, value, "parent_id", "objective", process)
    if parent is None:
        return None
    if parent.parent_id is not None:
        raise InvalidInput(msg("Specific objectives sit under a general objective, not under "
                           "another specific one."), {"parent_id": msg("not a general objective")})
    if objective is not None and parent.id == objective.id:
        raise InvalidInput(msg("An objective cannot sit under itself."), {"parent_id": msg("itself")})
    return parent


# ------------------------------------------------------------------ indicators


def get_indicator(session: Session, actor: User | None, indicator_id: Any) -> Indicator:
    return loading.get_item(session, actor, Indicator, indicator_id, "indicator",
                            process_id=lambda indicator: indicator.objective.process_id)


def list_indicators(session: Session, process: Process) -> list[Indicator]:
    return list(session.scalars(
        select(Indicator).join(Objective).where(Objective.process_id == process.id)
        .order_by(Indicator.id)
    ))


def create_indicator(
    session: Session,
    actor: User,
    objective: Objective,
    *,
    name: Any,
    unit: Any = None,
    baseline: Any = None,
    baseline_year: Any = None,
    target: Any = None,
    target_year: Any = None,
    data_source_id: Any = None,
) -> Indicator:
    """An indicator of an objective: baseline and target (text, e.g. "35 %"), their years, source."""
    process = loading.process_of(session, objective.process_id)
    common.can_edit(session, actor, process)
    indicator = Indicator(name=inputs.text(name, "name"))
    _apply_indicator(session, process, indicator, {
        "unit": unit, "baseline": baseline, "baseline_year": baseline_year, "target": target,
        "target_year": target_year, "data_source_id": data_source_id,
    })
    # Linked only once valid (and added at once): a new indicator in the objective's list
    # but outside the session would be flushed by the look-ups above with a warning.
    indicator.objective = objective
    session.add(indicator)
    session.flush()
    common.record(session, actor, process, "analysis.indicator.created",
                  f"Indicator “{indicator.name}” added to “{objective.title}”", indicator,
                  after=indicator_snapshot(indicator), stage=objective.stage_key)
    return indicator


def update_indicator(session: Session, actor: User, indicator: Indicator, **changes: Any) -> Indicator:
    process = loading.process_of(session, indicator.objective.process_id)
    common.can_edit(session, actor, process)
    common.unknown_fields(changes, (*INDICATOR_FIELDS, "objective_id"))
    with common.recorded_update(session, actor, process, indicator, indicator_snapshot,
                                "analysis.indicator.updated",
                                lambda i: f"Indicator “{i.name}” updated",
                                stage=lambda i: i.objective.stage_key):
        if "name" in changes:
            indicator.name = inputs.text(changes["name"], "name")
        if "objective_id" in changes:
            objective = common.ref(session, Objective, changes["objective_id"], "objective_id",
                                   "objective", process, required=True)
            assert objective is not None
            indicator.objective = objective
        _apply_indicator(session, process, indicator,
                         {k: v for k, v in changes.items() if k in INDICATOR_FIELDS and k != "name"})
    return indicator


def delete_indicator(session: Session, actor: User, indicator: Indicator) -> None:
    process = loading.process_of(session, indicator.objective.process_id)
    common.can_edit(session, actor, process)
    before = indicator_snapshot(indicator)
    session.execute(update(Measure).where(Measure.indicator_id == indicator.id)
                    .values(indicator_id=None))
    common.record(session, actor, process, "analysis.indicator.deleted",
                  f"Indicator “{indicator.name}” removed", indicator, before=before,
                  stage=indicator.objective.stage_key)
    indicator.objective.indicators.remove(indicator)
    session.flush()


def _apply_indicator(session: Session, process: Process, indicator: Indicator,
                     values: dict[str, Any]) -> None:
    """Check every value first, then change the indicator (nothing changes on an error)."""
    new: dict[str, Any] = {}
    for name in ("unit", "baseline", "target"):
        if name in values:
            new[name] = inputs.optional_text(_as_text(values[name]), name, max_length=100)
    for name in ("baseline_year", "target_year"):
        if name in values:
            new[name] = common.year(values[name], name)
    if "data_source_id" in values:
        new["data_source"] = common.ref(session, DataSource, values["data_source_id"],
                                        "data_source_id", "data source", process)
    baseline_year = new.get("baseline_year", indicator.baseline_year)
    target_year = new.get("target_year", indicator.target_year)
    if baseline_year and target_year and target_year < baseline_year:
        raise InvalidInput(msg("The target year comes before the baseline year."),
                           {"target_year": msg("before the baseline year")})
    for name, value in new.items():
        setattr(indicator, name, value)


def _as_text(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    return value


def indicator_snapshot(indicator: Indicator) -> dict[str, Any]:
    return {
        "objective": indicator.objective.title,
        "name": indicator.name,
        "unit": indicator.unit,
        "baseline": indicator.baseline,
        "baseline_year": indicator.baseline_year,
        "target": indicator.target,
        "target_year": indicator.target_year,
        "data_source": indicator.data_source.name if indicator.data_source else None,
    }

