"""The dashboard and starting a process."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from engine.catalog import definition_of
from engine.errors import Conflict, InvalidInput
from engine.permissions import GlobalAction, allowed_global, authorize_global
from engine.services import dashboard as dashboard_service
from engine.services.processes import start_process
from webapp.auth import actor
from webapp.dashboard import bp
from webapp.database import get_session
from webapp.forms import StartProcessForm, institution_choices, report
from webapp.workspace.cycle import shown_stages


@bp.route("/")
@login_required
def index():  # noqa: ANN201
    """My processes with their progress, and the work waiting for me."""
    session = get_session()
    user = actor()
    summaries = dashboard_service.my_processes(session, user)
    work = dashboard_service.pending_work(session, user, summaries)
    rows = [(s, shown_stages(s.stages, definition_of(s.process))) for s in summaries]
    return render_template("dashboard/index.html", rows=rows, work=work,
                           can_start=allowed_global(session, user, GlobalAction.START_PROCESS))


def _start_form(form: StartProcessForm | None = None) -> StartProcessForm:
    form = form or StartProcessForm()
    catalog = current_app.extensions["policycycle.catalog"]
    form.workflow.choices = [(d.key, d.title) for d in catalog.latest()]
    form.requesting_institution_id.choices = institution_choices(
        get_session(), blank=_("Choose the institution that asked for the policy")
    )
    return form


@bp.route("/processes/new", methods=["GET", "POST"])
@login_required
def new_process():  # noqa: ANN201
    """Start a process; the person who starts it becomes its lead."""
    authorize_global(get_session(), actor(), GlobalAction.START_PROCESS)
    form = _start_form()
    catalog = current_app.extensions["policycycle.catalog"]
    if form.validate_on_submit():
        session = get_session()
        try:
            process = start_process(
                session, actor(), catalog, title=form.title.data, workflow=form.workflow.data,
                country=form.country.data,
                requesting_institution_id=form.requesting_institution_id.data,
            )
        except (InvalidInput, Conflict) as error:
            session.rollback()
            report(form, error)
        else:
            flash(_("“%(title)s” started. You lead it: the checklist below shows what comes first.",
                    title=process.title), "success")
            return redirect(url_for("workspace.overview", process_id=process.id))
    status = 422 if form.is_submitted() else 200
    return render_template("dashboard/new_process.html", form=form,
                           workflows=catalog.latest()), status
