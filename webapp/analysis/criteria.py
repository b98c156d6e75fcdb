"""Criteria and scores, shared by the options and the instruments pages."""

from __future__ import annotations

from flask import abort, flash, request
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required

from engine.services.analysis import criteria
from webapp.analysis import bp
from webapp.analysis import forms as f
from webapp.analysis.common import REFUSED, back, own
from webapp.analysis.instruments import render_instruments
from webapp.analysis.options import render_options
from webapp.auth import actor
from webapp.database import get_session
from webapp.forms import report
from webapp.workspace.common import failed, load


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
            return back(_scope_page(scope), process_id, "criteria")
    if scope == "options":
        return render_options(load(process_id), 422, criterion_form=form)
    return render_instruments(load(process_id), 422, criterion_form=form)


@bp.route("/processes/<int:process_id>/analysis/criteria/<int:criterion_id>", methods=["POST"])
@login_required
def edit_criterion(process_id: int, criterion_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    criterion = own(criteria.get_criterion(session, actor(), criterion_id), process)
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
    return back(_scope_page(scope), process_id, "criteria")


@bp.route("/processes/<int:process_id>/analysis/criteria/<int:criterion_id>/delete",
          methods=["POST"])
@login_required
def delete_criterion(process_id: int, criterion_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    criterion = own(criteria.get_criterion(session, actor(), criterion_id), process)
    scope = criterion.scope
    if f.ConfirmForm().validate_on_submit():
        criteria.delete_criterion(session, actor(), criterion)
        flash(_("Criterion removed with its scores."), "success")
    return back(_scope_page(scope), process_id, "criteria")


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
                flash(ngettext("%(num)s score saved.", "%(num)s scores saved.", changed), "success")
            else:
                flash(_("No score changed."), "info")
    return back(_scope_page(scope), process_id, "scores")
