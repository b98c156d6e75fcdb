"""The structured policy analysis: evidence, problem, objectives, options, instruments,
action plan, risks and the table of responses.

Every view reads the process (or record) the caller may see, then calls a
service of ``engine.services.analysis``, which checks that the caller may
change the analysis (lead and core group; 403 for experts and observers).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from engine.models import Instrument, PolicyOption, Process, User
from engine.services.analysis import (
    criteria,
    instruments,
    inventory,
    objectives,
    options,
    problem,
)
from engine.services.loading import get_process, process_of
from engine.vocabulary import CRITERIA_SCOPES
from webapp.api import shapes_analysis as shapes
from webapp.api.registry import api_route
from webapp.api.schemas_analysis import (
    CitationIn,
    CitationOut,
    CriteriaQuery,
    CriterionIn,
    CriterionOut,
    CriterionPatch,
    DataSourceIn,
    DataSourceOut,
    DataSourcePatch,
    DeletedOut,
    IndicatorIn,
    IndicatorOut,
    IndicatorPatch,
    ObjectiveIn,
    ObjectiveOut,
    ObjectivePatch,
    ProblemIn,
    ProblemOut,
    ScoresIn,
    ScoresOut,
    SwotIn,
    SwotItemOut,
    SwotPatch,
)
from webapp.errors import ApiError

WRITE = [403]
WRITE_OR_CONFLICT = [403, 409]


def changes(body: Any) -> dict[str, Any]:
    return body.model_dump(exclude_unset=True)


def deleted(item_id: int) -> dict[str, Any]:
    return {"id": item_id, "deleted": True}


# ---------------------------------------------------------------- data sources


@api_route("/processes/{process_id}/data-sources", summary="The data-sources inventory",
           tags=["analysis"], response=list[DataSourceOut])
def list_data_sources(session: Session, actor: User, process_id: int) -> list[dict]:
    """Every source of the inventory: custodian, coverage of the four migration measures
    (`+`, `+/-`, `-`, `unknown`), quality per ESS dimension, definitions and gaps."""
    process = get_process(session, actor, process_id)
    return [shapes.data_source(s) for s in inventory.list_sources(session, process)]


@api_route("/processes/{process_id}/data-sources", "POST", summary="Add a data source",
           tags=["analysis"], body=DataSourceIn, response=DataSourceOut, status=201,
           errors=WRITE)
def create_data_source(session: Session, actor: User, process_id: int,
                       body: DataSourceIn) -> dict:
    """Add a source to the inventory (lead and core group). Coverage dimensions left out
    are `unknown`."""
    process = get_process(session, actor, process_id)
    return shapes.data_source(inventory.create_source(session, actor, process,
                                                      **body.model_dump(exclude_unset=True)))


@api_route("/data-sources/{source_id}", summary="Read a data source", tags=["analysis"],
           response=DataSourceOut)
def get_data_source(session: Session, actor: User, source_id: int) -> dict:
    """One source of the inventory."""
    return shapes.data_source(inventory.get_source(session, actor, source_id))


@api_route("/data-sources/{source_id}", "PATCH", summary="Change a data source",
           tags=["analysis"], body=DataSourcePatch, response=DataSourceOut, errors=WRITE)
def update_data_source(session: Session, actor: User, source_id: int,
                       body: DataSourcePatch) -> dict:
    """Change the fields sent; in `coverage` and `quality` only the dimensions sent change."""
    source = inventory.get_source(session, actor, source_id)
    return shapes.data_source(inventory.update_source(session, actor, source, **changes(body)))


@api_route("/data-sources/{source_id}", "DELETE", summary="Remove a data source",
           tags=["analysis"], response=DeletedOut, errors=WRITE)
def delete_data_source(session: Session, actor: User, source_id: int) -> dict:
    """Remove the source; citations of it go, indicators keep their values without a source."""
    source = inventory.get_source(session, actor, source_id)
    inventory.delete_source(session, actor, source)
    return deleted(source_id)


# ---------------------------------------------------------------- problem analysis


def _problem(session: Session, process: Process) -> dict:
    return shapes.problem(process, problem.get_problem(session, process),
                          problem.list_swot(session, process),
                          problem.list_citations(session, process))


@api_route("/processes/{process_id}/problem", summary="The problem analysis", tags=["analysis"],
           response=ProblemOut)
def get_problem(session: Session, actor: User, process_id: int) -> dict:
    """Problem statement, rationale and vision (empty until written), the four SWOT lists,
    and the evidence each claim cites."""
    return _problem(session, get_process(session, actor, process_id))


@api_route("/processes/{process_id}/problem", "PUT", summary="Write the problem analysis",
           tags=["analysis"], body=ProblemIn, response=ProblemOut, errors=WRITE)
def save_problem(session: Session, actor: User, process_id: int, body: ProblemIn) -> dict:
    """Write the problem statement, rationale and/or vision; the texts left out stay."""
    process = get_process(session, actor, process_id)
    problem.save_problem(session, actor, process, **changes(body))
    return _problem(session, process)


@api_route("/processes/{process_id}/problem/swot", "POST", summary="Add a SWOT item",
           tags=["analysis"], body=SwotIn, response=SwotItemOut, status=201, errors=WRITE)
def add_swot_item(session: Session, actor: User, process_id: int, body: SwotIn) -> dict:
    """Add a strength, weakness, opportunity or threat."""
    process = get_process(session, actor, process_id)
    return shapes.swot_item(problem.add_swot_item(session, actor, process, **changes(body)))


@api_route("/swot/{item_id}", "PATCH", summary="Change a SWOT item", tags=["analysis"],
           body=SwotPatch, response=SwotItemOut, errors=WRITE)
def update_swot_item(session: Session, actor: User, item_id: int, body: SwotPatch) -> dict:
    """Change the text or move the item to another quadrant."""
    item = problem.get_swot_item(session, actor, item_id)
    return shapes.swot_item(problem.update_swot_item(session, actor, item, **changes(body)))


@api_route("/swot/{item_id}", "DELETE", summary="Remove a SWOT item", tags=["analysis"],
           response=DeletedOut, errors=WRITE)
def delete_swot_item(session: Session, actor: User, item_id: int) -> dict:
    """Remove the item and the evidence cited for it."""
    item = problem.get_swot_item(session, actor, item_id)
    problem.delete_swot_item(session, actor, item)
    return deleted(item_id)


@api_route("/processes/{process_id}/problem/citations", "POST", summary="Cite evidence",
           tags=["analysis"], body=CitationIn, response=CitationOut, status=201, errors=WRITE)
def add_citation(session: Session, actor: User, process_id: int, body: CitationIn) -> Any:
    """Cite one inventory source (`data_source_id`) or one deliverable (`deliverable_id`) as
    evidence for one SWOT item (`swot_item_id`) or problem text (`field`)."""
    process = get_process(session, actor, process_id)
    return problem.add_citation(session, actor, process, **changes(body))


@api_route("/citations/{citation_id}", "DELETE", summary="Remove a citation", tags=["analysis"],
           response=DeletedOut, errors=WRITE)
def delete_citation(session: Session, actor: User, citation_id: int) -> dict:
    """Remove the evidence cited for a claim."""
    citation = problem.get_citation(session, actor, citation_id)
    problem.delete_citation(session, actor, citation)
    return deleted(citation_id)


# ---------------------------------------------------------------- objectives


def _objective(session: Session, objective: Any) -> dict:
    process = process_of(session, objective.process_id)
    return shapes.objective(objective, _numbers(session, process).get(objective.id, ""))


def _numbers(session: Session, process: Process) -> dict[int, str]:
    numbers: dict[int, str] = {}
    general = specific = 0
    for item in objectives.list_objectives(session, process):
        if item.parent_id is None:
            general, specific = general + 1, 0
            numbers[item.id] = str(general)
        else:
            specific += 1
            numbers[item.id] = f"{general}.{specific}"
    return numbers


@api_route("/processes/{process_id}/objectives", summary="Objectives and their indicators",
           tags=["analysis"], response=list[ObjectiveOut])
def list_objectives(session: Session, actor: User, process_id: int) -> list[dict]:
    """General objectives, each followed by its specific objectives, with their indicators."""
    process = get_process(session, actor, process_id)
    numbers = _numbers(session, process)
    return [shapes.objective(o, numbers[o.id])
            for o in objectives.list_objectives(session, process)]


@api_route("/processes/{process_id}/objectives", "POST", summary="Add an objective",
           tags=["analysis"], body=ObjectiveIn, response=ObjectiveOut, status=201, errors=WRITE)
def create_objective(session: Session, actor: User, process_id: int, body: ObjectiveIn) -> dict:
    """A general objective, or a specific one under the general objective `parent_id`."""
    process = get_process(session, actor, process_id)
    made = objectives.create_objective(session, actor, process, **changes(body))
    return _objective(session, made)


@api_route("/objectives/{objective_id}", summary="Read an objective", tags=["analysis"],
           response=ObjectiveOut)
def get_objective(session: Session, actor: User, objective_id: int) -> dict:
    """One objective with its indicators."""
    return _objective(session, objectives.get_objective(session, actor, objective_id))


@api_route("/objectives/{objective_id}", "PATCH", summary="Change an objective",
           tags=["analysis"], body=ObjectivePatch, response=ObjectiveOut,
           errors=WRITE_OR_CONFLICT)
def update_objective(session: Session, actor: User, objective_id: int,
                     body: ObjectivePatch) -> dict:
    """Change the fields sent; `parent_id` moves it under another general objective (409 for
    a general objective that has specific ones)."""
    objective = objectives.get_objective(session, actor, objective_id)
    objectives.update_objective(session, actor, objective, **changes(body))
    return _objective(session, objective)


@api_route("/objectives/{objective_id}", "DELETE", summary="Remove an objective",
           tags=["analysis"], response=DeletedOut, errors=WRITE_OR_CONFLICT)
def delete_objective(session: Session, actor: User, objective_id: int) -> dict:
    """Remove the objective with its indicators and options (409 while it has specific
    objectives)."""
    objective = objectives.get_objective(session, actor, objective_id)
    objectives.delete_objective(session, actor, objective)
    return deleted(objective_id)


@api_route("/objectives/{objective_id}/indicators", summary="Indicators of an objective",
           tags=["analysis"], response=list[IndicatorOut])
def list_indicators(session: Session, actor: User, objective_id: int) -> list[Any]:
    """The indicators that measure the objective."""
    objective = objectives.get_objective(session, actor, objective_id)
    return list(objective.indicators)


@api_route("/objectives/{objective_id}/indicators", "POST", summary="Add an indicator",
           tags=["analysis"], body=IndicatorIn, response=IndicatorOut, status=201, errors=WRITE)
def create_indicator(session: Session, actor: User, objective_id: int, body: IndicatorIn) -> Any:
    """Baseline and target are text (e.g. `"38"`, `"35 %"`), with their years; the data source
    is a source of the inventory."""
    objective = objectives.get_objective(session, actor, objective_id)
    return objectives.create_indicator(session, actor, objective, **changes(body))


@api_route("/indicators/{indicator_id}", summary="Read an indicator", tags=["analysis"],
           response=IndicatorOut)
def get_indicator(session: Session, actor: User, indicator_id: int) -> Any:
    """One indicator."""
    return objectives.get_indicator(session, actor, indicator_id)


@api_route("/indicators/{indicator_id}", "PATCH", summary="Change an indicator",
           tags=["analysis"], body=IndicatorPatch, response=IndicatorOut, errors=WRITE)
def update_indicator(session: Session, actor: User, indicator_id: int,
                     body: IndicatorPatch) -> Any:
    """Change the fields sent (the target year may not come before the baseline year)."""
    indicator = objectives.get_indicator(session, actor, indicator_id)
    return objectives.update_indicator(session, actor, indicator, **changes(body))


@api_route("/indicators/{indicator_id}", "DELETE", summary="Remove an indicator",
           tags=["analysis"], response=DeletedOut, errors=WRITE)
def delete_indicator(session: Session, actor: User, indicator_id: int) -> dict:
    """Remove the indicator; measures that used it keep their other values."""
    indicator = objectives.get_indicator(session, actor, indicator_id)
    objectives.delete_indicator(session, actor, indicator)
    return deleted(indicator_id)


# ---------------------------------------------------------------- criteria and scores


@api_route("/processes/{process_id}/criteria", summary="Appraisal criteria", tags=["analysis"],
           query=CriteriaQuery, response=list[CriterionOut])
def list_criteria(session: Session, actor: User, process_id: int,
                  query: CriteriaQuery) -> list[dict]:
    """Weighted criteria for scoring options and instruments; `?scope=` filters."""
    process = get_process(session, actor, process_id)
    scopes = [query.scope] if query.scope else list(CRITERIA_SCOPES)
    return [shapes.criterion(c) for scope in scopes
            for c in criteria.list_criteria(session, process, scope)]


@api_route("/processes/{process_id}/criteria", "POST", summary="Add a criterion",
           tags=["analysis"], body=CriterionIn, response=CriterionOut, status=201, errors=WRITE)
def create_criterion(session: Session, actor: User, process_id: int, body: CriterionIn) -> dict:
    """A weighted criterion for scoring options (`scope: options`) or instruments."""
    process = get_process(session, actor, process_id)
    return shapes.criterion(criteria.create_criterion(session, actor, process, **changes(body)))


@api_route("/criteria/{criterion_id}", "PATCH", summary="Change a criterion", tags=["analysis"],
           body=CriterionPatch, response=CriterionOut, errors=WRITE)
def update_criterion(session: Session, actor: User, criterion_id: int,
                     body: CriterionPatch) -> dict:
    """Rename it, or change its weight or description."""
    criterion = criteria.get_criterion(session, actor, criterion_id)
    return shapes.criterion(criteria.update_criterion(session, actor, criterion,
                                                      **changes(body)))


@api_route("/criteria/{criterion_id}", "DELETE", summary="Remove a criterion",
           tags=["analysis"], response=DeletedOut, errors=WRITE)
def delete_criterion(session: Session, actor: User, criterion_id: int) -> dict:
    """Remove the criterion and every score given against it."""
    criterion = criteria.get_criterion(session, actor, criterion_id)
    criteria.delete_criterion(session, actor, criterion)
    return deleted(criterion_id)


@api_route("/processes/{process_id}/scores/{scope}", "PUT", summary="Score options or "
           "instruments", tags=["analysis"], body=ScoresIn, response=ScoresOut, errors=WRITE)
def set_scores(session: Session, actor: User, process_id: int, scope: str,
               body: ScoresIn) -> dict:
    """`scope` is `options` or `instruments` (404 otherwise). Each entry scores one option
    (`option_id`) or instrument (`instrument_id`) against one criterion of that scope, 0-5;
    a `null` score removes it. Answers every option or instrument with its scores."""
    if scope not in CRITERIA_SCOPES:
        raise ApiError(404, "not_found", "Scores are for `options` or `instruments`.")
    process = get_process(session, actor, process_id)
    changed = criteria.set_scores(session, actor, process, scope,
                                  [entry.model_dump(exclude_unset=True) for entry in body.scores])
    found = criteria.list_criteria(session, process, scope)
    items: list[PolicyOption] | list[Instrument] = (
        options.list_options(session, process) if scope == "options"
        else instruments.list_instruments(session, process))
    return {"changed": changed,
            "items": [shapes.scored_item(i, criteria.weighted(i, found)) for i in items]}
