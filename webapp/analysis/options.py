"""Policy options per objective: appraisal against the criteria, and choosing one."""

from __future__ import annotations

from typing import Any

from flask import flash, request
from flask_babel import gettext as _
from flask_login import login_required
from markupsafe import Markup

from engine.models import Process
from engine.services.analysis import charts, comments, criteria, options
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


def render_options(process: Process, status: int = 200, *, form: Any = None, criterion_form: Any = None,
             choose_forms: dict[int, Any] | None = None, failed_option: int | None = None):  # noqa: ANN202
    session = get_session()
    groups = options.appraisal(session, process)
    option_criteria = criteria.list_criteria(session, process, "options")
    if form is None:
        wanted = request.args.get("objective", "")
        form = new_form(f.OptionForm, process, objective_id=wanted)
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
    return render_options(load(process_id))


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
            return back("analysis.options_page", process_id, f"option-{option.id}")
    return render_options(load(process_id), 422, form=form)


@bp.route("/processes/<int:process_id>/analysis/options/<int:option_id>/choose",
          methods=["POST"])
@login_required
def choose_option(process_id: int, option_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    option = own(options.get_option(session, actor(), option_id), process)
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
            return back("analysis.options_page", process_id, f"option-{option_id}")
    return render_options(load(process_id), 422, choose_forms={option_id: form},
                    failed_option=option_id)


@bp.route("/processes/<int:process_id>/analysis/options/<int:option_id>/unchoose",
          methods=["POST"])
@login_required
def unchoose_option(process_id: int, option_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    option = own(options.get_option(session, actor(), option_id), process)
    if f.ConfirmForm().validate_on_submit():
        try:
            options.unchoose_option(session, actor(), option)
        except REFUSED as error:
            failed(session)
            flash(error.message, "error")
        else:
            flash(_("“%(title)s” is no longer the chosen option.", title=option.title), "success")
    return back("analysis.options_page", process_id, f"option-{option_id}")
