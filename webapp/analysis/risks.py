"""The risk register and its heat map."""

from __future__ import annotations

from typing import Any

from flask import flash, request
from flask_babel import gettext as _
from flask_login import login_required

from engine.models import Process
from engine.services.analysis import comments, risks
from webapp.analysis import bp
from webapp.analysis import forms as f
from webapp.analysis.common import REFUSED, back, fill, form_values, new_form, page
from webapp.auth import actor
from webapp.database import get_session
from webapp.forms import report
from webapp.workspace.common import failed, load


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
        form=form or new_form(f.RiskForm, process, category=request.args.get("category") or
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
            return back("analysis.risks_page", process_id, f"risk-{risk.id}")
    return _risks(load(process_id), 422, form=form)
