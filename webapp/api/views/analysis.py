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
    actions,
    comments,
    criteria,
    instruments,
    inventory,
    objectives,
    options,
    problem,
    responses,
    risks,
)
from engine.services.analysis.common import process_of
from engine.services.processes import get_process
from engine.vocabulary import CRITERIA_SCOPES
from webapp.api import shapes
from webapp.api.registry import api_route
from webapp.api.schemas_analysis import (
    AnalysisCommentIn,
    AnalysisCommentOut,
    AnalysisCommentsQuery,
    BudgetOut,
    ChooseIn,
    CitationIn,
    CitationOut,
    CriteriaQuery,
    CriterionIn,
    CriterionOut,
    CriterionPatch,
    CurrencyIn,
    DataSourceIn,
    DataSourceOut,
    DataSourcePatch,
    DeletedOut,
    IndicatorIn,
    IndicatorOut,
    IndicatorPatch,
    InstrumentIn,
    InstrumentOut,
    InstrumentPatch,
    MeasureIn,
    MeasureOut,
    MeasurePatch,
    ObjectiveIn,
    ObjectiveOut,
    ObjectivePatch,
    OptionIn,
    OptionOut,
    OptionPatch,
    ProblemIn,
    ProblemOut,
    ResponseOut,
    RiskIn,
    RiskOut,
    RiskPatch,
    RisksQuery,
    ScoresIn,
    ScoresOut,
    SwotIn,
    SwotItemOut,
    SwotPatch,
)
from webapp.errors import ApiError
from webapp.formats import default_currency

WRITE = [403]
WRITE_OR_CONFLICT = [403, 409]


def _changes(body: Any) -> dict[str, Any]:
    return body.model_dump(exclude_unset=True)


def _deleted(item_id: int) -> dict[str, Any]:
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
    return shapes.data_source(inventory.update_source(session, actor, source, **_changes(body)))


@api_route("/data-sources/{source_id}", "DELETE", summary="Remove a data source",
           tags=["analysis"], response=DeletedOut, errors=WRITE)
def delete_data_source(session: Session, actor: User, source_id: int) -> dict:
    """Remove the source; citations of it go, indicators keep their values without a source."""
    source = inventory.get_source(session, actor, source_id)
    inventory.delete_source(session, actor, source)
    return _deleted(source_id)


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
    problem.save_problem(session, actor, process, **_changes(body))
    return _problem(session, process)


@api_route("/processes/{process_id}/problem/swot", "POST", summary="Add a SWOT item",
           tags=["analysis"], body=SwotIn, response=SwotItemOut, status=201, errors=WRITE)
def add_swot_item(session: Session, actor: User, process_id: int, body: SwotIn) -> dict:
    """Add a strength, weakness, opportunity or threat."""
    process = get_process(session, actor, process_id)
    return shapes.swot_item(problem.add_swot_item(session, actor, process, **_changes(body)))


@api_route("/swot/{item_id}", "PATCH", summary="Change a SWOT item", tags=["analysis"],
           body=SwotPatch, response=SwotItemOut, errors=WRITE)
def update_swot_item(session: Session, actor: User, item_id: int, body: SwotPatch) -> dict:
    """Change the text or move the item to another quadrant."""
    item = problem.get_swot_item(session, actor, item_id)
    return shapes.swot_item(problem.update_swot_item(session, actor, item, **_changes(body)))


@api_route("/swot/{item_id}", "DELETE", summary="Remove a SWOT item", tags=["analysis"],
           response=DeletedOut, errors=WRITE)
def delete_swot_item(session: Session, actor: User, item_id: int) -> dict:
    """Remove the item and the evidence cited for it."""
    item = problem.get_swot_item(session, actor, item_id)
    problem.delete_swot_item(session, actor, item)
    return _deleted(item_id)


@api_route("/processes/{process_id}/problem/citations", "POST", summary="Cite evidence",
           tags=["analysis"], body=CitationIn, response=CitationOut, status=201, errors=WRITE)
def add_citation(session: Session, actor: User, process_id: int, body: CitationIn) -> dict:
    """Cite one inventory source (`data_source_id`) or one deliverable (`deliverable_id`) as
    evidence for one SWOT item (`swot_item_id`) or problem text (`field`)."""
    process = get_process(session, actor, process_id)
    return shapes.citation(problem.add_citation(session, actor, process, **_changes(body)))


@api_route("/citations/{citation_id}", "DELETE", summary="Remove a citation", tags=["analysis"],
           response=DeletedOut, errors=WRITE)
def delete_citation(session: Session, actor: User, citation_id: int) -> dict:
    """Remove the evidence cited for a claim."""
    citation = problem.get_citation(session, actor, citation_id)
    problem.delete_citation(session, actor, citation)
    return _deleted(citation_id)


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
    made = objectives.create_objective(session, actor, process, **_changes(body))
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
    objectives.update_objective(session, actor, objective, **_changes(body))
    return _objective(session, objective)


@api_route("/objectives/{objective_id}", "DELETE", summary="Remove an objective",
           tags=["analysis"], response=DeletedOut, errors=WRITE_OR_CONFLICT)
def delete_objective(session: Session, actor: User, objective_id: int) -> dict:
    """Remove the objective with its indicators and options (409 while it has specific
    objectives)."""
    objective = objectives.get_objective(session, actor, objective_id)
    objectives.delete_objective(session, actor, objective)
    return _deleted(objective_id)


@api_route("/objectives/{objective_id}/indicators", summary="Indicators of an objective",
           tags=["analysis"], response=list[IndicatorOut])
def list_indicators(session: Session, actor: User, objective_id: int) -> list[dict]:
    """The indicators that measure the objective."""
    objective = objectives.get_objective(session, actor, objective_id)
    return [shapes.indicator(i) for i in objective.indicators]


@api_route("/objectives/{objective_id}/indicators", "POST", summary="Add an indicator",
           tags=["analysis"], body=IndicatorIn, response=IndicatorOut, status=201, errors=WRITE)
def create_indicator(session: Session, actor: User, objective_id: int, body: IndicatorIn) -> dict:
    """Baseline and target are text (e.g. `"38"`, `"35 %"`), with their years; the data source
    is a source of the inventory."""
    objective = objectives.get_objective(session, actor, objective_id)
    return shapes.indicator(objectives.create_indicator(session, actor, objective,
                                                        **_changes(body)))


@api_route("/indicators/{indicator_id}", summary="Read an indicator", tags=["analysis"],
           response=IndicatorOut)
def get_indicator(session: Session, actor: User, indicator_id: int) -> dict:
    """One indicator."""
    return shapes.indicator(objectives.get_indicator(session, actor, indicator_id))


@api_route("/indicators/{indicator_id}", "PATCH", summary="Change an indicator",
           tags=["analysis"], body=IndicatorPatch, response=IndicatorOut, errors=WRITE)
def update_indicator(session: Session, actor: User, indicator_id: int,
                     body: IndicatorPatch) -> dict:
    """Change the fields sent (the target year may not come before the baseline year)."""
    indicator = objectives.get_indicator(session, actor, indicator_id)
    return shapes.indicator(objectives.update_indicator(session, actor, indicator,
                                                        **_changes(body)))


@api_route("/indicators/{indicator_id}", "DELETE", summary="Remove an indicator",
           tags=["analysis"], response=DeletedOut, errors=WRITE)
def delete_indicator(session: Session, actor: User, indicator_id: int) -> dict:
    """Remove the indicator; measures that used it keep their other values."""
    indicator = objectives.get_indicator(session, actor, indicator_id)
    objectives.delete_indicator(session, actor, indicator)
    return _deleted(indicator_id)


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
    return shapes.criterion(criteria.create_criterion(session, actor, process, **_changes(body)))


@api_route("/criteria/{criterion_id}", "PATCH", summary="Change a criterion", tags=["analysis"],
           body=CriterionPatch, response=CriterionOut, errors=WRITE)
def update_criterion(session: Session, actor: User, criterion_id: int,
                     body: CriterionPatch) -> dict:
    """Rename it, or change its weight or description."""
    criterion = criteria.get_criterion(session, actor, criterion_id)
    return shapes.criterion(criteria.update_criterion(session, actor, criterion,
                                                      **_changes(body)))


@api_route("/criteria/{criterion_id}", "DELETE", summary="Remove a criterion",
           tags=["analysis"], response=DeletedOut, errors=WRITE)
def delete_criterion(session: Session, actor: User, criterion_id: int) -> dict:
    """Remove the criterion and every score given against it."""
    criterion = criteria.get_criterion(session, actor, criterion_id)
    criteria.delete_criterion(session, actor, criterion)
    return _deleted(criterion_id)


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


# ---------------------------------------------------------------- options


def _option(session: Session, option: PolicyOption) -> dict:
    process = process_of(session, option.process_id)
    found = criteria.list_criteria(session, process, "options")
    return shapes.option(option, criteria.weighted(option, found),
                         options.is_appraised(option, found))


@api_route("/processes/{process_id}/options", summary="Policy options", tags=["analysis"],
           response=list[OptionOut])
def list_options(session: Session, actor: User, process_id: int) -> list[dict]:
    """Options of every objective with their appraisal, scores and weighted score."""
    process = get_process(session, actor, process_id)
    found = criteria.list_criteria(session, process, "options")
    return [shapes.option(o, criteria.weighted(o, found), options.is_appraised(o, found))
            for o in options.list_options(session, process)]


@api_route("/processes/{process_id}/options", "POST", summary="Propose an option",
           tags=["analysis"], body=OptionIn, response=OptionOut, status=201, errors=WRITE)
def create_option(session: Session, actor: User, process_id: int, body: OptionIn) -> dict:
    """A way to reach an objective, with its costs, benefits, feasibility, viability,
    assumptions and risks in words."""
    process = get_process(session, actor, process_id)
    return _option(session, options.create_option(session, actor, process, **_changes(body)))


@api_route("/options/{option_id}", summary="Read an option", tags=["analysis"],
           response=OptionOut)
def get_option(session: Session, actor: User, option_id: int) -> dict:
    """One option with its scores."""
    return _option(session, options.get_option(session, actor, option_id))


@api_route("/options/{option_id}", "PATCH", summary="Change an option", tags=["analysis"],
           body=OptionPatch, response=OptionOut, errors=WRITE)
def update_option(session: Session, actor: User, option_id: int, body: OptionPatch) -> dict:
    """Change the fields sent; moving a chosen option to another objective unchooses it."""
    option = options.get_option(session, actor, option_id)
    return _option(session, options.update_option(session, actor, option, **_changes(body)))


@api_route("/options/{option_id}", "DELETE", summary="Remove an option", tags=["analysis"],
           response=DeletedOut, errors=WRITE)
def delete_option(session: Session, actor: User, option_id: int) -> dict:
    """Remove the option; instruments that carried it out stay, without an option."""
    option = options.get_option(session, actor, option_id)
    options.delete_option(session, actor, option)
    return _deleted(option_id)


@api_route("/options/{option_id}/choose", "POST", summary="Choose an option",
           tags=["analysis"], body=ChooseIn, response=OptionOut, errors=WRITE)
def choose_option(session: Session, actor: User, option_id: int, body: ChooseIn) -> dict:
    """Make this the chosen option of its objective, with a justification (the previous
    choice of that objective is dropped)."""
    option = options.get_option(session, actor, option_id)
    return _option(session, options.choose_option(session, actor, option,
                                                   justification=body.justification))


@api_route("/options/{option_id}/unchoose", "POST", summary="Drop the choice of an option",
           tags=["analysis"], response=OptionOut, errors=WRITE_OR_CONFLICT)
def unchoose_option(session: Session, actor: User, option_id: int) -> dict:
    """The option is no longer the chosen one (409 if it was not)."""
    option = options.get_option(session, actor, option_id)
    return _option(session, options.unchoose_option(session, actor, option))


# ---------------------------------------------------------------- instruments


def _instrument(session: Session, instrument: Instrument) -> dict:
    process = process_of(session, instrument.process_id)
    ranked = next(r for r in instruments.ranking(session, process)
                  if r.instrument.id == instrument.id)
    return shapes.instrument(instrument, ranked.weighted, ranked.rank)


@api_route("/processes/{process_id}/instruments", summary="Policy instruments",
           tags=["analysis"], response=list[InstrumentOut])
def list_instruments(session: Session, actor: User, process_id: int) -> list[dict]:
    """Instruments in ranking order (best weighted score first; unscored last)."""
    process = get_process(session, actor, process_id)
    return [shapes.instrument(r.instrument, r.weighted, r.rank)
            for r in instruments.ranking(session, process)]


@api_route("/processes/{process_id}/instruments", "POST", summary="Add an instrument",
           tags=["analysis"], body=InstrumentIn, response=InstrumentOut, status=201,
           errors=WRITE)
def create_instrument(session: Session, actor: User, process_id: int,
                      body: InstrumentIn) -> dict:
    """A regulatory, financial, informational or organisational instrument; `option_id`
    must name a chosen option."""
    process = get_process(session, actor, process_id)
    made = instruments.create_instrument(session, actor, process, **_changes(body))
    return _instrument(session, made)


@api_route("/instruments/{instrument_id}", summary="Read an instrument", tags=["analysis"],
           response=InstrumentOut)
def get_instrument(session: Session, actor: User, instrument_id: int) -> dict:
    """One instrument with its institutions, scores and rank."""
    return _instrument(session, instruments.get_instrument(session, actor, instrument_id))


@api_route("/instruments/{instrument_id}", "PATCH", summary="Change an instrument",
           tags=["analysis"], body=InstrumentPatch, response=InstrumentOut, errors=WRITE)
def update_instrument(session: Session, actor: User, instrument_id: int,
                      body: InstrumentPatch) -> dict:
    """Change the fields sent; `implementing_institution_ids` replaces the list."""
    instrument = instruments.get_instrument(session, actor, instrument_id)
    instruments.update_instrument(session, actor, instrument, **_changes(body))
    return _instrument(session, instrument)


@api_route("/instruments/{instrument_id}", "DELETE", summary="Remove an instrument",
           tags=["analysis"], response=DeletedOut, errors=WRITE)
def delete_instrument(session: Session, actor: User, instrument_id: int) -> dict:
    """Remove the instrument; its measures stay in the action plan without it."""
    instrument = instruments.get_instrument(session, actor, instrument_id)
    instruments.delete_instrument(session, actor, instrument)
    return _deleted(instrument_id)


# ---------------------------------------------------------------- action plan


@api_route("/processes/{process_id}/actions", summary="The action plan", tags=["analysis"],
           response=list[MeasureOut])
def list_actions(session: Session, actor: User, process_id: int) -> list[dict]:
    """Every measure: responsible institution, partners, dates, indicator, budget."""
    process = get_process(session, actor, process_id)
    return [shapes.measure(m) for m in actions.list_measures(session, process)]


@api_route("/processes/{process_id}/actions", "POST", summary="Add a measure",
           tags=["analysis"], body=MeasureIn, response=MeasureOut, status=201, errors=WRITE)
def create_action(session: Session, actor: User, process_id: int, body: MeasureIn) -> dict:
    """A measure under an instrument and/or an objective. `budget` is an amount with at most
    two decimals (text such as `"125000.50"`, or a number)."""
    process = get_process(session, actor, process_id)
    return shapes.measure(actions.create_measure(session, actor, process, **_changes(body)))


@api_route("/processes/{process_id}/actions/budget", summary="Budget totals",
           tags=["analysis"], response=BudgetOut)
def action_budget(session: Session, actor: User, process_id: int) -> dict:
    """The budget by responsible institution and year; a measure's budget is spread over the
    years it runs in, in proportion to its days in each."""
    process = get_process(session, actor, process_id)
    return shapes.budget(actions.budget_totals(session, process), default_currency())


@api_route("/processes/{process_id}/actions/currency", "PUT",
           summary="Set the currency of the action plan", tags=["analysis"], body=CurrencyIn,
           response=BudgetOut, errors=WRITE)
def set_action_currency(session: Session, actor: User, process_id: int, body: CurrencyIn) -> dict:
    """Every amount of the action plan (measures' budgets, totals) is in this currency."""
    process = get_process(session, actor, process_id)
    actions.set_currency(session, actor, process, body.currency)
    return shapes.budget(actions.budget_totals(session, process), default_currency())


@api_route("/actions/{measure_id}", summary="Read a measure", tags=["analysis"],
           response=MeasureOut)
def get_action(session: Session, actor: User, measure_id: int) -> dict:
    """One measure of the action plan."""
    return shapes.measure(actions.get_measure(session, actor, measure_id))


@api_route("/actions/{measure_id}", "PATCH", summary="Change a measure", tags=["analysis"],
           body=MeasurePatch, response=MeasureOut, errors=WRITE)
def update_action(session: Session, actor: User, measure_id: int, body: MeasurePatch) -> dict:
    """Change the fields sent; `partner_ids` replaces the list (the end may not come before
    the start)."""
    measure = actions.get_measure(session, actor, measure_id)
    return shapes.measure(actions.update_measure(session, actor, measure, **_changes(body)))


@api_route("/actions/{measure_id}", "DELETE", summary="Remove a measure", tags=["analysis"],
           response=DeletedOut, errors=WRITE)
def delete_action(session: Session, actor: User, measure_id: int) -> dict:
    """Remove the measure from the action plan."""
    measure = actions.get_measure(session, actor, measure_id)
    actions.delete_measure(session, actor, measure)
    return _deleted(measure_id)


# ---------------------------------------------------------------- risks


@api_route("/processes/{process_id}/risks", summary="The risk register", tags=["analysis"],
           query=RisksQuery, response=list[RiskOut])
def list_risks(session: Session, actor: User, process_id: int, query: RisksQuery) -> list[dict]:
    """Barriers and risks, open ones first, highest likelihood × impact first;
    `?status=` filters."""
    process = get_process(session, actor, process_id)
    return [shapes.risk(r) for r in risks.list_risks(session, process, status=query.status)]


@api_route("/processes/{process_id}/risks", "POST", summary="Record a risk", tags=["analysis"],
           body=RiskIn, response=RiskOut, status=201, errors=WRITE)
def create_risk(session: Session, actor: User, process_id: int, body: RiskIn) -> dict:
    """A barrier or risk with its likelihood and impact (1-5), mitigation
    and owner (a member of the process and/or an institution)."""
    process = get_process(session, actor, process_id)
    return shapes.risk(risks.create_risk(session, actor, process, **_changes(body)))


@api_route("/risks/{risk_id}", summary="Read a risk", tags=["analysis"], response=RiskOut)
def get_risk(session: Session, actor: User, risk_id: int) -> dict:
    """One risk of the register."""
    return shapes.risk(risks.get_risk(session, actor, risk_id))


@api_route("/risks/{risk_id}", "PATCH", summary="Change a risk", tags=["analysis"],
           body=RiskPatch, response=RiskOut, errors=WRITE)
def update_risk(session: Session, actor: User, risk_id: int, body: RiskPatch) -> dict:
    """Change the fields sent, e.g. `status` to `mitigated`."""
    risk = risks.get_risk(session, actor, risk_id)
    return shapes.risk(risks.update_risk(session, actor, risk, **_changes(body)))


@api_route("/risks/{risk_id}", "DELETE", summary="Remove a risk", tags=["analysis"],
           response=DeletedOut, errors=WRITE)
def delete_risk(session: Session, actor: User, risk_id: int) -> dict:
    """Remove the risk from the register."""
    risk = risks.get_risk(session, actor, risk_id)
    risks.delete_risk(session, actor, risk)
    return _deleted(risk_id)


# ---------------------------------------------------------------- responses and comments


@api_route("/processes/{process_id}/responses", summary="The table of responses",
           tags=["analysis"], response=list[ResponseOut])
def list_responses(session: Session, actor: User, process_id: int) -> list[dict]:
    """Every consultation input and every suggested wording, with its disposition, the
    reason and the section revision it changed."""
    process = get_process(session, actor, process_id)
    return [shapes.response(r) for r in responses.list_responses(session, process)]


@api_route("/processes/{process_id}/analysis-comments", summary="Comments on a record",
           tags=["analysis"], query=AnalysisCommentsQuery, response=list[AnalysisCommentOut])
def list_analysis_comments(session: Session, actor: User, process_id: int,
                           query: AnalysisCommentsQuery) -> list[dict]:
    """The remarks on one analysis record (`?item_type=option&item_id=5`), oldest first."""
    process = get_process(session, actor, process_id)
    return [shapes.analysis_comment(c)
            for c in comments.list_comments(session, process, query.item_type, query.item_id)]


@api_route("/processes/{process_id}/analysis-comments", "POST",
           summary="Comment on an analysis record", tags=["analysis"], body=AnalysisCommentIn,
           response=AnalysisCommentOut, status=201, errors=WRITE)
def add_analysis_comment(session: Session, actor: User, process_id: int,
                         body: AnalysisCommentIn) -> dict:
    """Remark on a data source, the problem analysis, an objective, option, instrument,
    measure or risk (lead, core group and experts)."""
    process = get_process(session, actor, process_id)
    return shapes.analysis_comment(comments.add_comment(session, actor, process,
                                                        **_changes(body)))
