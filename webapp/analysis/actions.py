"""The action plan: measures, their timeline and the budget."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import flash, request
from flask_babel import gettext as _
from flask_login import login_required
from markupsafe import Markup

from engine.models import Process
from engine.services.analysis import actions, charts, comments
from webapp.analysis import bp
from webapp.analysis import forms as f
from webapp.analysis.common import REFUSED, back, fill, form_values, new_form, page
from webapp.auth import actor
from webapp.database import get_session
from webapp.forms import report
from webapp.workspace.common import failed, load


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
        form=form or new_form(f.MeasureForm, process,
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
            return back("analysis.actions_page", process_id, f"measure-{measure.id}")
    return _actions(load(process_id), 422, form=form)
