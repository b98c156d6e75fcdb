"""Objectives and their indicators: the tree of general and specific objectives."""

from __future__ import annotations

from typing import Any

from flask import flash, request
from flask_babel import gettext as _
from flask_login import login_required

from engine.models import Process
from engine.services.analysis import comments, objectives
from webapp.analysis import bp
from webapp.analysis import forms as f
from webapp.analysis.common import (
    REFUSED,
    back,
    fill,
    form_values,
    new_form,
    objective_numbers,
    own,
    page,
)
from webapp.auth import actor
from webapp.database import get_session
from webapp.forms import report
from webapp.workspace.common import failed, load


def _objectives(process: Process, status: int = 200, *, form: Any = None,
                indicator_form: Any = None, failed_objective: int | None = None):  # noqa: ANN202
    session = get_session()
    every = objectives.list_objectives(session, process)
    if form is None:
        form = new_form(f.ObjectiveForm, process, parent_id=request.args.get("parent", ""))
    indicator_forms = {
        o.id: (indicator_form if failed_objective == o.id and indicator_form is not None
               else new_form(f.IndicatorForm, process))
        for o in every}
    edit_forms = {
        i.id: new_form(f.IndicatorForm, process, name=i.name, unit=i.unit or "",
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
            return back("analysis.objectives_page", process_id, f"objective-{objective.id}")
    return _objectives(load(process_id), 422, form=form)


@bp.route("/processes/<int:process_id>/analysis/objectives/<int:objective_id>/indicators",
          methods=["POST"])
@login_required
def create_indicator(process_id: int, objective_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    objective = own(objectives.get_objective(session, actor(), objective_id), process)
    form = fill(f.IndicatorForm(), session, process)
    if form.validate_on_submit():
        try:
            objectives.create_indicator(session, actor(), objective, **form_values(form))
        except REFUSED as error:
            failed(session)
            report(form, error)
        else:
            flash(_("Indicator added to “%(title)s”.", title=objective.title), "success")
            return back("analysis.objectives_page", process_id, f"objective-{objective_id}")
    return _objectives(load(process_id), 422, indicator_form=form, failed_objective=objective_id)


@bp.route("/processes/<int:process_id>/analysis/indicators/<int:indicator_id>",
          methods=["POST"])
@login_required
def edit_indicator(process_id: int, indicator_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    indicator = own(objectives.get_indicator(session, actor(), indicator_id), process)
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
    return back("analysis.objectives_page", process_id, f"objective-{objective_id}")


@bp.route("/processes/<int:process_id>/analysis/indicators/<int:indicator_id>/delete",
          methods=["POST"])
@login_required
def delete_indicator(process_id: int, indicator_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    indicator = own(objectives.get_indicator(session, actor(), indicator_id), process)
    objective_id = indicator.objective_id
    if f.ConfirmForm().validate_on_submit():
        objectives.delete_indicator(session, actor(), indicator)
        flash(_("Indicator removed."), "success")
    return back("analysis.objectives_page", process_id, f"objective-{objective_id}")
