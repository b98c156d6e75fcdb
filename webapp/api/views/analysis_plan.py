"""The structured policy analysis, second part: options, instruments, the action plan,
risks, the table of responses and comments on records.

Every view reads the process (or record) the caller may see, then calls a
service of ``engine.services.analysis``, which checks that the caller may
change the analysis (lead and core group; 403 for experts and observers).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from engine.models import Instrument, PolicyOption, User
from engine.services.analysis import (
    actions,
    comments,
    criteria,
    instruments,
    options,
    responses,
    risks,
)
from engine.services.loading import get_process, process_of
from webapp.api import shapes_analysis as shapes
from webapp.api.registry import api_route
from webapp.api.schemas_analysis import (
    DeletedOut,
)
from webapp.api.schemas_analysis_plan import (
    AnalysisCommentIn,
    AnalysisCommentOut,
    AnalysisCommentsQuery,
    BudgetOut,
    ChooseIn,
    CurrencyIn,
    InstrumentIn,
    InstrumentOut,
    InstrumentPatch,
    MeasureIn,
    MeasureOut,
    MeasurePatch,
    OptionIn,
    OptionOut,
    OptionPatch,
    ResponseOut,
    RiskIn,
    RiskOut,
    RiskPatch,
    RisksQuery,
)
from webapp.api.views.analysis import WRITE, WRITE_OR_CONFLICT, changes, deleted
from webapp.formats import default_currency

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
    return _option(session, options.create_option(session, actor, process, **changes(body)))


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
    return _option(session, options.update_option(session, actor, option, **changes(body)))


@api_route("/options/{option_id}", "DELETE", summary="Remove an option", tags=["analysis"],
           response=DeletedOut, errors=WRITE)
def delete_option(session: Session, actor: User, option_id: int) -> dict:
    """Remove the option; instruments that carried it out stay, without an option."""
    option = options.get_option(session, actor, option_id)
    options.delete_option(session, actor, option)
    return deleted(option_id)


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
    made = instruments.create_instrument(session, actor, process, **changes(body))
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
    instruments.update_instrument(session, actor, instrument, **changes(body))
    return _instrument(session, instrument)


@api_route("/instruments/{instrument_id}", "DELETE", summary="Remove an instrument",
           tags=["analysis"], response=DeletedOut, errors=WRITE)
def delete_instrument(session: Session, actor: User, instrument_id: int) -> dict:
    """Remove the instrument; its measures stay in the action plan without it."""
    instrument = instruments.get_instrument(session, actor, instrument_id)
    instruments.delete_instrument(session, actor, instrument)
    return deleted(instrument_id)


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
    return shapes.measure(actions.create_measure(session, actor, process, **changes(body)))


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
    return shapes.measure(actions.update_measure(session, actor, measure, **changes(body)))


@api_route("/actions/{measure_id}", "DELETE", summary="Remove a measure", tags=["analysis"],
           response=DeletedOut, errors=WRITE)
def delete_action(session: Session, actor: User, measure_id: int) -> dict:
    """Remove the measure from the action plan."""
    measure = actions.get_measure(session, actor, measure_id)
    actions.delete_measure(session, actor, measure)
    return deleted(measure_id)


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
    return shapes.risk(risks.create_risk(session, actor, process, **changes(body)))


@api_route("/risks/{risk_id}", summary="Read a risk", tags=["analysis"], response=RiskOut)
def get_risk(session: Session, actor: User, risk_id: int) -> dict:
    """One risk of the register."""
    return shapes.risk(risks.get_risk(session, actor, risk_id))


@api_route("/risks/{risk_id}", "PATCH", summary="Change a risk", tags=["analysis"],
           body=RiskPatch, response=RiskOut, errors=WRITE)
def update_risk(session: Session, actor: User, risk_id: int, body: RiskPatch) -> dict:
    """Change the fields sent, e.g. `status` to `mitigated`."""
    risk = risks.get_risk(session, actor, risk_id)
    return shapes.risk(risks.update_risk(session, actor, risk, **changes(body)))


@api_route("/risks/{risk_id}", "DELETE", summary="Remove a risk", tags=["analysis"],
           response=DeletedOut, errors=WRITE)
def delete_risk(session: Session, actor: User, risk_id: int) -> dict:
    """Remove the risk from the register."""
    risk = risks.get_risk(session, actor, risk_id)
    risks.delete_risk(session, actor, risk)
    return deleted(risk_id)


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
                           query: AnalysisCommentsQuery) -> list[Any]:
    """The remarks on one analysis record (`?item_type=option&item_id=5`), oldest first."""
    process = get_process(session, actor, process_id)
    return comments.list_comments(session, process, query.item_type, query.item_id)


@api_route("/processes/{process_id}/analysis-comments", "POST",
           summary="Comment on an analysis record", tags=["analysis"], body=AnalysisCommentIn,
           response=AnalysisCommentOut, status=201, errors=WRITE)
def add_analysis_comment(session: Session, actor: User, process_id: int,
                         body: AnalysisCommentIn) -> Any:
    """Remark on a data source, the problem analysis, an objective, option, instrument,
    measure or risk (lead, core group and experts)."""
    process = get_process(session, actor, process_id)
    return comments.add_comment(session, actor, process, **changes(body))
