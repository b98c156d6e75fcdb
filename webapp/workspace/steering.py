"""The steering group of a technical-assistance request: its members, its assessment, and
the policy process the request supports."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from engine.errors import Conflict, InvalidInput
from engine.models import Process
from engine.permissions import Action
from engine.services import assessments
from engine.services.processes import list_processes, update_process
from engine.vocabulary import ASSESSMENT_CRITERIA, ASSESSMENT_RATINGS
from webapp.auth import actor
from webapp.database import get_session
from webapp.templating import t
from webapp.workspace import bp
from webapp.workspace.common import failed, load, may, render


def _render(process: Process, status: int = 200):  # noqa: ANN202
    session = get_session()
    can_assess = may(process, Action.ASSESS) and assessments.awaiting_decision(process)
    can_link = may(process, Action.MANAGE)
    return render(
        "workspace/steering.html", process, "steering", status,
        criteria=ASSESSMENT_CRITERIA,
        ratings_scale=ASSESSMENT_RATINGS,
        ratings=assessments.ratings(session, process),
        steering=[m for m in process.active_memberships if m.role == "steering"],
        can_assess=can_assess,
        awaiting=assessments.awaiting_decision(process),
        can_link=can_link,
        candidates=([p for p in list_processes(session, actor()) if p.id != process.id]
                    if can_link else []),
        supported_by=assessments.supporting(session, process, actor()),
    )


@bp.route("/processes/<int:process_id>/steering")
@login_required
def steering(process_id: int):  # noqa: ANN201
    return _render(load(process_id))


@bp.route("/processes/<int:process_id>/steering/assessment", methods=["POST"])
@login_required
def assess(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    try:
        row = assessments.assess(session, actor(), process,
                                 criterion=request.form.get("criterion"),
                                 rating=request.form.get("rating"),
                                 comment=request.form.get("comment"))
    except (InvalidInput, Conflict) as error:
        failed(session)
        flash(t(error), "error")
    else:
        flash(_("Your rating of %(criterion)s is recorded.",
                criterion=_(ASSESSMENT_CRITERIA[row.criterion]).lower()), "success")
    return redirect(url_for("workspace.steering", process_id=process_id, _anchor="assessment"))


@bp.route("/processes/<int:process_id>/supports", methods=["POST"])
@login_required
def supports(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    try:
        update_process(session, actor(), process,
                       supports_process_id=request.form.get("supports_process_id") or None)
    except (InvalidInput, Conflict) as error:
        failed(session)
        flash(t(error), "error")
    else:
        if process.supports is not None:
            flash(_("This request now supports %(title)s.", title=process.supports.title),
                  "success")
        else:
            flash(_("This request no longer names a policy process it supports."), "success")
    return redirect(url_for("workspace.steering", process_id=process_id, _anchor="supports"))
