"""Views of the structured analysis: one page per part, each with its forms.

Every change goes through an engine service (which checks the permission),
then redirects with a flash message; a refused change draws the page again
with the form, its values and the engine's message (status 422).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from markupsafe import Markup
from werkzeug.wrappers import Response

from engine.catalog import definition_of
from engine.errors import Conflict, InvalidInput
from engine.gates import EVALUATORS, GateContext
from engine.models import Process
from engine.services import deliverables as deliverable_service
from engine.services.analysis import (
    actions,
    charts,
    comments,
    criteria,
    instruments,
    inventory,
    objectives,
    options,
    problem,
    risks,
)
from engine.vocabulary import COVERAGE_DIMENSIONS, ESS_DIMENSIONS, PROBLEM_FIELDS, SWOT_QUADRANTS
from engine.workflows import Condition
from webapp.analysis import bp
from webapp.analysis import forms as f
from webapp.analysis.common import fill, form_values, objective_numbers, page
from webapp.auth import actor
from webapp.database import get_session
from webapp.forms import report
from webapp.workspace.common import failed, load

REFUSED = (InvalidInput, Conflict)
ANALYSIS_KINDS = ("inventory_covers", "indicators_have_baselines", "options_appraised",
                  "instruments_have_lead", "actions_complete")


def _back(endpoint: str, process_id: int, anchor: str | None = None) -> Response:
    return redirect(url_for(endpoint, process_id=process_id, _anchor=anchor))


def _new(form_class: type[Any], process: Process, **data: Any) -> Any:
    return fill(form_class(formdata=None, data=data), get_session(), process)


# ------------------------------------------------------------------ overview


def readiness(process: Process) -> list[dict[str, Any]]:
    """The analysis conditions, as the workflow's gates check them (or with their defaults)."""
    session = get_session()
    definition = definition_of(process)
    found: dict[str, tuple[Any, Condition]] = {}
    for stage in definition.stages:
        for condition in stage.gate:
            if condition.kind in ANALYSIS_KINDS and condition.kind not in found:
                found[condition.kind] = (stage, condition)
    rows = []
    for kind in ANALYSIS_KINDS:
        stage, condition = found.get(kind, (definition.stages[0], Condition(kind, kind)))
        context = GateContext(session, process, definition, stage, date.today())
        rows.append({"check": EVALUATORS[kind](context, condition),
                     "stage": stage.title if kind in found else None})
    return rows


@bp.route("/processes/<int:process_id>/analysis")
@login_required
def index(process_id: int):  # noqa: ANN201
    process = load(process_id)
    session = get_session()
    sources = inventory.list_sources(session, process)
    return page("analysis/index.html", process, "index",
                readiness=readiness(process),
                coverage=inventory.coverage_summary(sources),
                problem=problem.get_problem(session, process),
                budget=actions.budget_totals(session, process),
                top_risks=[r for r in risks.list_risks(session, process)
                           if r.status in ("open", "occurred")][:3],
                level=risks.level)


# ------------------------------------------------------------------ inventory


def _inventory(process: Process, status: int = 200, form: Any = None):  # noqa: ANN202
    session = get_session()
    sources = inventory.list_sources(session, process)
    return page(
        "analysis/inventory.html", process, "inventory", status,
        sources=sources,
        summary=inventory.coverage_summary(sources),
        dimensions=COVERAGE_DIMENSIONS,
        ess=ESS_DIMENSIONS,
        quality_average=inventory.quality_average,
        form=form or _new(f.DataSourceForm, process, source_type="population_census",
                          **{f"coverage_{d}": "unknown" for d in COVERAGE_DIMENSIONS}),
        open_form=form is not None,
        comment_counts=comments.comment_counts(session, process),
    )


@bp.route("/processes/<int:process_id>/analysis/inventory")
@login_required
def inventory_page(process_id: int):  # noqa: ANN201
    return _inventory(load(process_id))


@bp.route("/processes/<int:process_id>/analysis/inventory", methods=["POST"])
@login_required
def create_source(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    form = fill(f.DataSourceForm(), session, process)
    if form.validate_on_submit():
        try:
            source = inventory.create_source(session, actor(), process, **form.values())
        except REFUSED as error:
            failed(session)
            report(form, error)
        else:
            flash(_("“%(name)s” added to the inventory.", name=source.name), "success")
            return _back("analysis.inventory_page", process_id, f"source-{source.id}")
    return _inventory(load(process_id), 422, form)


@bp.route("/processes/<int:process_id>/analysis/inventory/standard", methods=["POST"])
@login_required
def standard_sources(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    form = f.ConfirmForm()
    if form.validate_on_submit():
        added = inventory.add_standard_sources(session, actor(), process)
        if added:
            flash(_("%(n)s usual sources added with their typical coverage: check each one "
                    "and name its custodian.", n=len(added)), "success")
        else:
            flash(_("Every usual source is already in the inventory."), "info")
    return _back("analysis.inventory_page", process_id)


# ------------------------------------------------------------------ problem


def _problem(process: Process, status: int = 200, *, problem_form: Any = None,
             swot_form: Any = None, citation_form: Any = None, comment_form: Any = None):  # noqa: ANN202
    session = get_session()
    current = problem.get_problem(session, process)
    swot = problem.list_swot(session, process)
    sources = inventory.list_sources(session, process)
    papers = deliverable_service.list_deliverables(session, process)
    if problem_form is None:
        problem_form = f.ProblemForm(formdata=None, data={
            name: getattr(current, name) if current else "" for name in PROBLEM_FIELDS})
    if swot_form is None:
        swot_form = _new(f.SwotForm, process, quadrant=request.args.get("quadrant", "strength"))
    citation_form = citation_form or f.CitationForm(formdata=None)
    claims = [(name, _(label)) for name, label in PROBLEM_FIELDS.items()]
    for quadrant, items in swot.items():
        for item in items:
            claims.append((f"swot:{item.id}", f"{_(SWOT_QUADRANTS[quadrant])}: {item.text[:80]}"))
    citation_form.claim.choices = claims
    citation_form.evidence.choices = (
        [(f"source:{s.id}", _("Data source: %(name)s", name=s.name)) for s in sources]
        + [(f"deliverable:{d.id}", _("Deliverable: %(title)s", title=d.title)) for d in papers])
    remarks = comments.list_comments(session, process, "problem", current.id) if current else []
    return page(
        "analysis/problem.html", process, "problem", status,
        current=current, swot=swot, quadrants=SWOT_QUADRANTS, fields=PROBLEM_FIELDS,
        cited=problem.citations_by_claim(session, process),
        evidence_label=problem.evidence_label,
        problem_form=problem_form, swot_form=swot_form, citation_form=citation_form,
        comment_form=comment_form or f.CommentForm(formdata=None), remarks=remarks,
        can_cite=bool(sources or papers),
        open_swot=status != 200 and swot_form is not None,
    )


@bp.route("/processes/<int:process_id>/analysis/problem")
@login_required
def problem_page(process_id: int):  # noqa: ANN201
    return _problem(load(process_id))


@bp.route("/processes/<int:process_id>/analysis/problem", methods=["POST"])
@login_required
def save_problem(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    form = f.ProblemForm()
    if form.validate_on_submit():
        try:
            problem.save_problem(session, actor(), process, **{
                name: form[name].data for name in PROBLEM_FIELDS})
        except REFUSED as error:
            failed(session)
            report(form, error)
        else:
            flash(_("Problem statement, rationale and vision saved."), "success")
            return _back("analysis.problem_page", process_id, "statement")
    return _problem(load(process_id), 422, problem_form=form)


@bp.route("/processes/<int:process_id>/analysis/problem/swot", methods=["POST"])
@login_required
def add_swot(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    form = fill(f.SwotForm(), session, process)
    if form.validate_on_submit():
        try:
            item = problem.add_swot_item(session, actor(), process, quadrant=form.quadrant.data,
                                         text=form.text.data)
        except REFUSED as error:
            failed(session)
            report(form, error)
        else:
            flash(_("Added to %(quadrant)s.", quadrant=_(SWOT_QUADRANTS[item.quadrant]).lower()),
                  "success")
            return _back("analysis.problem_page", process_id, f"swot-{item.quadrant}")
    return _problem(load(process_id), 422, swot_form=form)


@bp.route("/processes/<int:process_id>/analysis/problem/swot/<int:item_id>", methods=["POST"])
@login_required
def edit_swot(process_id: int, item_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    item = _own(problem.get_swot_item(session, actor(), item_id), process)
    form = fill(f.SwotForm(), session, process)
    if form.validate_on_submit():
        try:
            problem.update_swot_item(session, actor(), item, quadrant=form.quadrant.data,
                                     text=form.text.data)
        except REFUSED as error:
            failed(session)
            flash(error.message, "error")
        else:
            flash(_("SWOT item saved."), "success")
    else:
        flash(_("Write the item's text."), "error")
    return _back("analysis.problem_page", process_id, f"swot-{item.quadrant}")


@bp.route("/processes/<int:process_id>/analysis/problem/swot/<int:item_id>/delete",
          methods=["POST"])
@login_required
def delete_swot(process_id: int, item_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    item = _own(problem.get_swot_item(session, actor(), item_id), process)
    quadrant = item.quadrant
    if f.ConfirmForm().validate_on_submit():
        problem.delete_swot_item(session, actor(), item)
        flash(_("SWOT item removed."), "success")
    return _back("analysis.problem_page", process_id, f"swot-{quadrant}")


@bp.route("/processes/<int:process_id>/analysis/problem/citations", methods=["POST"])
@login_required
def add_citation(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    form = f.CitationForm()
    if form.validate_on_submit():
        try:
            problem.add_citation(session, actor(), process, **form.values())
        except REFUSED as error:
            failed(session)
            report(form, error)
        else:
            flash(_("Evidence cited."), "success")
            return _back("analysis.problem_page", process_id, "evidence")
    return _problem(load(process_id), 422, citation_form=form)


@bp.route("/processes/<int:process_id>/analysis/problem/citations/<int:citation_id>/delete",
          methods=["POST"])
@login_required
def delete_citation(process_id: int, citation_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    citation = _own(problem.get_citation(session, actor(), citation_id), process)
    if f.ConfirmForm().validate_on_submit():
        problem.delete_citation(session, actor(), citation)
        flash(_("Citation removed."), "success")
    return _back("analysis.problem_page", process_id, "evidence")


def _own(item: Any, process: Process) -> Any:
    """Refuse a record of another process reached through this process's URL."""
    process_id = getattr(item, "process_id", None)
    if process_id is None and hasattr(item, "objective"):
        process_id = item.objective.process_id
    if process_id != process.id:
        abort(404)
    return item


# ------------------------------------------------------------------ objectives


def _objectives(process: Process, status: int = 200, *, form: Any = None,
                indicator_form: Any = None, failed_objective: int | None = None):  # noqa: ANN202
    session = get_session()
    every = objectives.list_objectives(session, process)
    if form is None:
        form = _new(f.ObjectiveForm, process, parent_id=request.args.get("parent", ""))
    indicator_forms = {
        o.id: (indicator_form if failed_objective == o.id and indicator_form is not None
               else _new(f.IndicatorForm, process))
        for o in every}
    edit_forms = {
        i.id: _new(f.IndicatorForm, process, name=i.name, unit=i.unit or "",
                   baseline=i.baseline or "", baseline_year=i.baseline_year or "",
                   target=i.target or "", target_year=i.target_year or "",
                   data_source_id=str(i.data_source_id or ""))
        for o in every for i in o.indicators}
    return page(
        "analysis/objectives.html", process, "objectives", status,
        indicator_edit_forms=edit_forms,
        general=[o for o in every if o.parent_id is None], numbers=objective_numbers(session, process),
        form=form, open_form=status != 200 and failed_objective is None,
        indicator_forms=indicator_forms, failed_objective=failed_objective,
        comment_counts=comments.comment_counts(session, process),
    )


@bp.route("/processes/<int:process_id>/analysis/objectives")
@login_required
def objectives_page(process_id: int):  # noqa: ANN201
    return _objectives(load(process_id))


@bp.route("/processes/<int:process_id>/analysis/objectives", methods=["POST"])
@login_required
def create_objective(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    form = fill(f.ObjectiveForm(), session, process)
    if form.validate_on_submit():
        try:
            objective = objectives.create_objective(session, actor(), process,
                                                    **form_values(form))
        except REFUSED as error:
            failed(session)
            report(form, error)
        else:
            flash(_("Objective “%(title)s” added.", title=objective.title), "success")
            return _back("analysis.objectives_page", process_id, f"objective-{objective.id}")
    return _objectives(load(process_id), 422, form=form)


@bp.route("/processes/<int:process_id>/analysis/objectives/<int:objective_id>/indicators",
          methods=["POST"])
@login_required
def create_indicator(process_id: int, objective_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    objective = _own(objectives.get_objective(session, actor(), objective_id), process)
    form = fill(f.IndicatorForm(), session, process)
    if form.validate_on_submit():
        try:
            objectives.create_indicator(session, actor(), objective, **form_values(form))
        except REFUSED as error:
            failed(session)
            report(form, error)
        else:
            flash(_("Indicator added to “%(title)s”.", title=objective.title), "success")
            return _back("analysis.objectives_page", process_id, f"objective-{objective_id}")
    return _objectives(load(process_id), 422, indicator_form=form, failed_objective=objective_id)


@bp.route("/processes/<int:process_id>/analysis/indicators/<int:indicator_id>",
          methods=["POST"])
@login_required
def edit_indicator(process_id: int, indicator_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    indicator = _own(objectives.get_indicator(session, actor(), indicator_id), process)
    objective_id = indicator.objective_id
    form = fill(f.IndicatorForm(), session, process)
    if form.validate_on_submit():
        try:
            objectives.update_indicator(session, actor(), indicator, **form_values(form))
        except REFUSED as error:
            failed(session)
            flash(error.message, "error")
        else:
            flash(_("Indicator “%(name)s” saved.", name=indicator.name), "success")
    else:
        flash(_("Name the indicator."), "error")
    return _back("analysis.objectives_page", process_id, f"objective-{objective_id}")


@bp.route("/processes/<int:process_id>/analysis/indicators/<int:indicator_id>/delete",
          methods=["POST"])
@login_required
def delete_indicator(process_id: int, indicator_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    indicator = _own(objectives.get_indicator(session, actor(), indicator_id), process)
    objective_id = indicator.objective_id
    if f.ConfirmForm().validate_on_submit():
        objectives.delete_indicator(session, actor(), indicator)
        flash(_("Indicator removed."), "success")
    return _back("analysis.objectives_page", process_id, f"objective-{objective_id}")


# ------------------------------------------------------------------ options


def _options(process: Process, status: int = 200, *, form: Any = None, criterion_form: Any = None,
             choose_forms: dict[int, Any] | None = None, failed_option: int | None = None):  # noqa: ANN202
    session = get_session()
    groups = options.appraisal(session, process)
    option_criteria = criteria.list_criteria(session, process, "options")
    if form is None:
        wanted = request.args.get("objective", "")
        form = _new(f.OptionForm, process, objective_id=wanted)
    choose = {row.option.id: f.ChooseForm(formdata=None,
                                          data={"justification": row.option.justification or ""})
              for group in groups for row in group.options}
    choose.update(choose_forms or {})
    return page(
        "analysis/options.html", process, "options", status,
        groups=groups, numbers=objective_numbers(session, process), criteria=option_criteria,
        form=form, open_form=form.errors != {} or bool(getattr(form, "form_errors", None)),
        criterion_form=criterion_form or f.CriterionForm(formdata=None,
                                                         data={"scope": "options", "weight": "1"}),
        choose_forms=choose, failed_option=failed_option,
        chart=Markup(charts.options_chart(  # noqa: S704 - built from escaped text
            groups, title=_("Weighted scores of the options"), chosen_label=_("chosen"),
            incomplete_label=_("not fully scored"))) if any(g.options for g in groups) else None,
        comment_counts=comments.comment_counts(session, process),
    )


@bp.route("/processes/<int:process_id>/analysis/options")
@login_required
def options_page(process_id: int):  # noqa: ANN201
    return _options(load(process_id))


@bp.route("/processes/<int:process_id>/analysis/options", methods=["POST"])
@login_required
def create_option(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    form = fill(f.OptionForm(), session, process)
    if form.validate_on_submit():
        try:
            option = options.create_option(session, actor(), process, **form_values(form))
        except REFUSED as error:
            failed(session)
            report(form, error)
        else:
            flash(_("Option “%(title)s” added: score it against the criteria.",
                    title=option.title), "success")
            return _back("analysis.options_page", process_id, f"option-{option.id}")
    return _options(load(process_id), 422, form=form)


@bp.route("/processes/<int:process_id>/analysis/options/<int:option_id>/choose",
          methods=["POST"])
@login_required
def choose_option(process_id: int, option_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    option = _own(options.get_option(session, actor(), option_id), process)
    form = f.ChooseForm()
    if form.validate_on_submit():
        try:
            options.choose_option(session, actor(), option,
                                  justification=form.justification.data)
        except REFUSED as error:
            failed(session)
            report(form, error)
        else:
            flash(_("“%(title)s” is the chosen option.", title=option.title), "success")
            return _back("analysis.options_page", process_id, f"option-{option_id}")
    return _options(load(process_id), 422, choose_forms={option_id: form},
                    failed_option=option_id)


@bp.route("/processes/<int:process_id>/analysis/options/<int:option_id>/unchoose",
          methods=["POST"])
@login_required
def unchoose_option(process_id: int, option_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    option = _own(options.get_option(session, actor(), option_id), process)
    if f.ConfirmForm().validate_on_submit():
        try:
            options.unchoose_option(session, actor(), option)
        except REFUSED as error:
            failed(session)
            flash(error.message, "error")
        else:
            flash(_("“%(title)s” is no longer the chosen option.", title=option.title), "success")
    return _back("analysis.options_page", process_id, f"option-{option_id}")


# ------------------------------------------------------------------ criteria and scores


def _scope_page(scope: str) -> str:
    return "analysis.options_page" if scope == "options" else "analysis.instruments_page"


@bp.route("/processes/<int:process_id>/analysis/criteria", methods=["POST"])
@login_required
def create_criterion(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    form = f.CriterionForm()
    scope = form.scope.data if form.scope.data in ("options", "instruments") else "options"
    if form.validate_on_submit():
        try:
            criterion = criteria.create_criterion(session, actor(), process, scope=scope,
                                                  name=form.name.data, weight=form.weight.data,
                                                  description=form.description.data)
        except REFUSED as error:
            failed(session)
            report(form, error)
        else:
            flash(_("Criterion “%(name)s” added.", name=criterion.name), "success")
            return _back(_scope_page(scope), process_id, "criteria")
    if scope == "options":
        return _options(load(process_id), 422, criterion_form=form)
    return _instruments(load(process_id), 422, criterion_form=form)


@bp.route("/processes/<int:process_id>/analysis/criteria/<int:criterion_id>", methods=["POST"])
@login_required
def edit_criterion(process_id: int, criterion_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    criterion = _own(criteria.get_criterion(session, actor(), criterion_id), process)
    scope = criterion.scope
    form = f.CriterionForm()
    if form.validate_on_submit():
        try:
            criteria.update_criterion(session, actor(), criterion, name=form.name.data,
                                      weight=form.weight.data, description=form.description.data)
        except REFUSED as error:
            failed(session)
            flash(error.message, "error")
        else:
            flash(_("Criterion “%(name)s” saved.", name=criterion.name), "success")
    else:
        flash(_("Give the criterion a name and a weight."), "error")
    return _back(_scope_page(scope), process_id, "criteria")


@bp.route("/processes/<int:process_id>/analysis/criteria/<int:criterion_id>/delete",
          methods=["POST"])
@login_required
def delete_criterion(process_id: int, criterion_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    criterion = _own(criteria.get_criterion(session, actor(), criterion_id), process)
    scope = criterion.scope
    if f.ConfirmForm().validate_on_submit():
        criteria.delete_criterion(session, actor(), criterion)
        flash(_("Criterion removed with its scores."), "success")
    return _back(_scope_page(scope), process_id, "criteria")


@bp.route("/processes/<int:process_id>/analysis/scores/<scope>", methods=["POST"])
@login_required
def save_scores(process_id: int, scope: str):  # noqa: ANN201
    """The scoring matrix: fields ``score-<item id>-<criterion id>`` with 0-5 or empty."""
    session = get_session()
    process = load(process_id)
    if scope not in ("options", "instruments"):
        abort(404)
    key = "option_id" if scope == "options" else "instrument_id"
    entries = []
    for name, value in request.form.items():
        parts = name.split("-")
        if len(parts) == 3 and parts[0] == "score":
            entries.append({key: parts[1], "criterion_id": parts[2], "score": value})
    if f.ConfirmForm().validate_on_submit():
        try:
            changed = criteria.set_scores(session, actor(), process, scope, entries)
        except REFUSED as error:
            failed(session)
            flash(error.message, "error")
        else:
            if changed:
                flash(_("%(n)s scores saved.", n=changed) if changed != 1 else _("1 score saved."),
                      "success")
            else:
                flash(_("No score changed."), "info")
    return _back(_scope_page(scope), process_id, "scores")


# ------------------------------------------------------------------ instruments


def _instruments(process: Process, status: int = 200, *, form: Any = None,
                 criterion_form: Any = None):  # noqa: ANN202
    session = get_session()
    ranked = instruments.ranking(session, process)
    by_family: dict[str, list[Any]] = {}
    for row in sorted(ranked, key=lambda r: r.instrument.id):
        by_family.setdefault(row.instrument.family, []).append(row)
    return page(
        "analysis/instruments.html", process, "instruments", status,
        ranked=ranked, by_family=by_family,
        criteria=criteria.list_criteria(session, process, "instruments"),
        chosen=options.chosen_options(session, process),
        form=form or _new(f.InstrumentForm, process, family=request.args.get("family") or
                          "regulatory", option_id=request.args.get("option", "")),
        open_form=form is not None,
        criterion_form=criterion_form or f.CriterionForm(
            formdata=None, data={"scope": "instruments", "weight": "1"}),
        comment_counts=comments.comment_counts(session, process),
    )


@bp.route("/processes/<int:process_id>/analysis/instruments")
@login_required
def instruments_page(process_id: int):  # noqa: ANN201
    return _instruments(load(process_id))


@bp.route("/processes/<int:process_id>/analysis/instruments", methods=["POST"])
@login_required
def create_instrument(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    form = fill(f.InstrumentForm(), session, process)
    if form.validate_on_submit():
        try:
            instrument = instruments.create_instrument(session, actor(), process,
                                                       **form_values(form))
        except REFUSED as error:
            failed(session)
            report(form, error)
        else:
            flash(_("Instrument “%(title)s” added.", title=instrument.title), "success")
            return _back("analysis.instruments_page", process_id, f"instrument-{instrument.id}")
    return _instruments(load(process_id), 422, form=form)


# ------------------------------------------------------------------ action plan


def _actions(process: Process, status: int = 200, *, form: Any = None):  # noqa: ANN202
    session = get_session()
    dated, undated = actions.timeline(session, process)
    measures = actions.list_measures(session, process)
    return page(
        "analysis/actions.html", process, "actions", status,
        measures=measures, undated=undated, objective_of=actions.objective_of,
        totals=actions.budget_totals(session, process),
        gantt=Markup(charts.gantt_chart(  # noqa: S704 - built from escaped text
            dated, today=date.today(), title=_("Timeline of the action plan"),
            today_label=_("today"), no_responsible=_("No responsible institution")))
        if dated else None,
        form=form or _new(f.MeasureForm, process,
                          instrument_id=request.args.get("instrument", "")),
        open_form=form is not None,
        comment_counts=comments.comment_counts(session, process),
    )


@bp.route("/processes/<int:process_id>/analysis/actions")
@login_required
def actions_page(process_id: int):  # noqa: ANN201
    return _actions(load(process_id))


@bp.route("/processes/<int:process_id>/analysis/actions", methods=["POST"])
@login_required
def create_measure(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    form = fill(f.MeasureForm(), session, process)
    if form.validate_on_submit():
        try:
            measure = actions.create_measure(session, actor(), process, **form_values(form))
        except REFUSED as error:
            failed(session)
            report(form, error)
        else:
            flash(_("Measure “%(title)s” added to the action plan.", title=measure.title),
                  "success")
            return _back("analysis.actions_page", process_id, f"measure-{measure.id}")
    return _actions(load(process_id), 422, form=form)


# ------------------------------------------------------------------ risks


def _risks(process: Process, status: int = 200, *, form: Any = None):  # noqa: ANN202
    session = get_session()
    register = risks.list_risks(session, process)
    heat: dict[tuple[int, int], list[Any]] = {}
    for risk in register:
        if risk.status in ("open", "occurred"):
            heat.setdefault((risk.likelihood, risk.impact), []).append(risk)
    return page(
        "analysis/risks.html", process, "risks", status,
        register=register, heat=heat, level=risks.level,
        form=form or _new(f.RiskForm, process, category=request.args.get("category") or
                          "political", likelihood="3", impact="3", status="open"),
        open_form=form is not None,
        comment_counts=comments.comment_counts(session, process),
    )


@bp.route("/processes/<int:process_id>/analysis/risks")
@login_required
def risks_page(process_id: int):  # noqa: ANN201
    return _risks(load(process_id))


@bp.route("/processes/<int:process_id>/analysis/risks", methods=["POST"])
@login_required
def create_risk(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    form = fill(f.RiskForm(), session, process)
    if form.validate_on_submit():
        try:
            risk = risks.create_risk(session, actor(), process, **form_values(form))
        except REFUSED as error:
            failed(session)
            report(form, error)
        else:
            flash(_("Risk “%(title)s” recorded.", title=risk.title), "success")
            return _back("analysis.risks_page", process_id, f"risk-{risk.id}")
    return _risks(load(process_id), 422, form=form)

