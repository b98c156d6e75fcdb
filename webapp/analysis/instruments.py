"""Policy instruments that carry out the chosen options, ranked by their scores."""

from __future__ import annotations

from typing import Any

from flask import flash, request
from flask_babel import gettext as _
from flask_login import login_required

from engine.models import Process
from engine.services.analysis import comments, criteria, instruments, options
from webapp.analysis import bp
from webapp.analysis import forms as f
from webapp.analysis.common import REFUSED, back, fill, form_values, new_form, page
from webapp.auth import actor
from webapp.database import get_session
from webapp.forms import report
from webapp.workspace.common import failed, load


def render_instruments(process: Process, status: int = 200, *, form: Any = None,
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
        form=form or new_form(f.InstrumentForm, process, family=request.args.get("family") or
                          "regulatory", option_id=request.args.get("option", "")),
        open_form=form is not None,
        criterion_form=criterion_form or f.CriterionForm(
            formdata=None, data={"scope": "instruments", "weight": "1"}),
        comment_counts=comments.comment_counts(session, process),
    )


@bp.route("/processes/<int:process_id>/analysis/instruments")
@login_required
def instruments_page(process_id: int):  # noqa: ANN201
    return render_instruments(load(process_id))


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
            return back("analysis.instruments_page", process_id, f"instrument-{instrument.id}")
    return render_instruments(load(process_id), 422, form=form)
