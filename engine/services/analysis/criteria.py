"""Weighted criteria, and the 0-5 scores that options and instruments get against them.

A weighted score is the average of the scores weighted by the criteria's
weights, on the same 0-5 scale: sum(weight x score) / sum(weights). A
criterion not scored yet counts as 0 and marks the total incomplete.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from engine.errors import InvalidInput
from engine.i18n import Items, msg
from engine.models import (
    AppraisalCriterion,
    Instrument,
    InstrumentScore,
    OptionScore,
    PolicyOption,
    Process,
    User,
)
from engine.services import audit, inputs, loading
from engine.services.analysis import common
from engine.vocabulary import CRITERIA_SCOPES

MAX_SCORE = 5
CRITERION_FIELDS = ("name", "weight", "description", "stage")


def list_criteria(session: Session, process: Process, scope: str) -> list[AppraisalCriterion]:
    return common.read_once(session, ("criteria", process.id, scope), lambda: list(session.scalars(
        select(AppraisalCriterion).where(AppraisalCriterion.process_id == process.id,
                                         AppraisalCriterion.scope == scope)
        .order_by(AppraisalCriterion.id)
    )))


def get_criterion(session: Session, actor: User | None, criterion_id: Any) -> AppraisalCriterion:
    return loading.get_item(session, actor, AppraisalCriterion, criterion_id, "criterion")


def create_criterion(
    session: Session,
    actor: User,
    process: Process,
    *,
    scope: Any,
    name: Any,
    weight: Any = 1,
    description: Any = None,
    stage: Any = None,
) -> AppraisalCriterion:
    """A criterion for scoring options (``scope="options"``) or instruments (``"instruments"``)."""
    common.can_edit(session, actor, process)
    criterion = AppraisalCriterion(
        process_id=process.id,
        stage_key=common.stage_for(process, stage),
        scope=inputs.choice(scope, "scope", CRITERIA_SCOPES),
        name=inputs.text(name, "name", max_length=200),
        weight=common.number(1 if weight in (None, "") else weight, "weight", low=0, high=1000),
        description=inputs.optional_text(description, "description", max_length=2000),
    )
    _unique(session, process, criterion)
    session.add(criterion)
    session.flush()
    common.record(session, actor, process, "analysis.criterion.created",
                  f"Criterion “{criterion.name}” (weight {criterion.weight:g}) added for "
                  f"{CRITERIA_SCOPES[criterion.scope].lower()}", criterion,
                  after=criterion_snapshot(criterion))
    return criterion


def update_criterion(session: Session, actor: User, criterion: AppraisalCriterion,
                     **changes: Any) -> AppraisalCriterion:
    process = loading.process_of(session, criterion.process_id)
    common.can_edit(session, actor, process)
    common.unknown_fields(changes, CRITERION_FIELDS)
    with common.recorded_update(session, actor, process, criterion, criterion_snapshot,
                                "analysis.criterion.updated",
                                lambda c: f"Criterion “{c.name}” updated"):
        if "name" in changes:
            criterion.name = inputs.text(changes["name"], "name", max_length=200)
            _unique(session, process, criterion)
        if "weight" in changes:
            criterion.weight = common.number(changes["weight"], "weight", low=0, high=1000)
        if "description" in changes:
            criterion.description = inputs.optional_text(changes["description"], "description",
                                                         max_length=2000)
        if "stage" in changes:
            criterion.stage_key = common.stage_for(process, changes["stage"])
    return criterion


def delete_criterion(session: Session, actor: User, criterion: AppraisalCriterion) -> None:
    """Remove a criterion and every score given against it."""
    process = loading.process_of(session, criterion.process_id)
    common.can_edit(session, actor, process)
    before = criterion_snapshot(criterion)
    model = OptionScore if criterion.scope == "options" else InstrumentScore
    session.execute(delete(model).where(model.criterion_id == criterion.id))
    common.record(session, actor, process, "analysis.criterion.deleted",
                  f"Criterion “{criterion.name}” removed", criterion, before=before)
    session.delete(criterion)
    session.flush()
    session.expire_all()  # score lists of options and instruments changed underneath


def criterion_snapshot(criterion: AppraisalCriterion) -> dict[str, Any]:
    return {"stage": criterion.stage_key, "scope": criterion.scope, "name": criterion.name,
            "weight": criterion.weight, "description": criterion.description}


def _unique(session: Session, process: Process, criterion: AppraisalCriterion) -> None:
    for other in list_criteria(session, process, criterion.scope):
        if other is not criterion and other.name.casefold() == criterion.name.casefold():
            raise InvalidInput(msg("There is already a criterion “%(name)s”.", name=other.name),
                               {"name": msg("already used")})


# ------------------------------------------------------------------ scores


def set_scores(session: Session, actor: User, process: Process, scope: Any,
               scores: Any) -> int:
    """Score options or instruments against criteria of the same scope.

    ``scores`` is a list of ``{"option_id" or "instrument_id", "criterion_id",
    "score"}`` with a score from 0 to 5, or null/"" to remove it. Returns how
    many scores changed; one history event lists them all.
    """
    common.can_edit(session, actor, process)
    scope = inputs.choice(scope, "scope", CRITERIA_SCOPES)
    if not isinstance(scores, list | tuple):
        raise InvalidInput(msg("scores must be a list."), {"scores": msg("must be a list")})
    item_key = "option_id" if scope == "options" else "instrument_id"
    item_model: type[Any] = PolicyOption if scope == "options" else Instrument
    item_what = "option" if scope == "options" else "instrument"
    criteria = {c.id: c for c in list_criteria(session, process, scope)}
    changes: list[dict[str, Any]] = []
    for index, entry in enumerate(scores):
        if not isinstance(entry, dict):
            raise InvalidInput(msg("Each score is an object."), {f"scores.{index}": msg("must be an object")})
        item = common.ref(session, item_model, entry.get(item_key), f"scores.{index}.{item_key}",
                          item_what, process, required=True)
        try:
            criterion = criteria[int(entry.get("criterion_id"))]  # type: ignore[arg-type]
        except (KeyError, TypeError, ValueError):
            raise InvalidInput(msg("Unknown criterion for %(scope)s.", scope=Items([msg(CRITERIA_SCOPES[scope])], lower=True)),
                               {f"scores.{index}.criterion_id": msg("unknown criterion")}) from None
        value = common.whole(entry.get("score"), f"scores.{index}.score", low=0, high=MAX_SCORE)
        existing = next((s for s in item.scores if s.criterion_id == criterion.id), None)
        old = existing.score if existing is not None else None
        if old == value:
            continue
        if value is None:
            item.scores.remove(existing)
        elif existing is None:
            score_model = OptionScore if scope == "options" else InstrumentScore
            item.scores.append(score_model(criterion_id=criterion.id, score=value))
        else:
            existing.score = value
        changes.append({item_what: item.title, "criterion": criterion.name, "before": old,
                        "after": value})
    if changes:
        session.flush()
        noun = "score" if len(changes) == 1 else "scores"
        audit.record(session, actor, f"analysis.{scope}.scored",
                            f"{len(changes)} {noun} of {CRITERIA_SCOPES[scope].lower()} changed",
                            process=process, stage=process.working_stage,
                            data={"changes": changes})
    return len(changes)


@dataclass(frozen=True)
class Weighted:
    """The weighted score of one option or instrument."""

    score: float | None  # None when there are no criteria (or all weigh 0)
    complete: bool  # scored on every criterion
    by_criterion: dict[int, int]


def weighted(item: PolicyOption | Instrument, criteria: list[AppraisalCriterion]) -> Weighted:
    given = {s.criterion_id: s.score for s in item.scores}
    total_weight = sum(c.weight for c in criteria)
    complete = all(c.id in given for c in criteria)
    if not criteria or total_weight <= 0:
        return Weighted(None, complete, given)
    value = sum(c.weight * given.get(c.id, 0) for c in criteria) / total_weight
    return Weighted(round(value, 2), complete, given)
