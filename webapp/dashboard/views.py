"""The dashboard and starting a process."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from engine.catalog import definition_of
from engine.errors import Conflict, InvalidInput
from engine.permissions import GlobalAction, allowed_global, authorize_global
from engine.services import dashboard as dashboard_service
from engine.services.processes import start_process
from engine.vocabulary import ROLES
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
    filters = dashboard_service.Filters(
        stage=request.args.get("stage") or None,
        role=request.args.get("role") or None,
        institution_id=_number(request.args.get("institution")),
    )
    matching = dashboard_service.filter_processes(summaries, filters)
    page = dashboard_service.page_of(matching, _number(request.args.get("page")) or 1, PER_PAGE)
    rows = [(s, shown_stages(s.stages, definition_of(s.process))) for s in page.items]
    args = {k: v for k, v in request.args.items() if k in ("stage", "role", "institution") and v}

    def page_url(number: int) -> str:
        return url_for("dashboard.index", page=number, **args)

    return render_template("dashboard/index.html", rows=rows, work=work, page=page,
                           page_url=page_url, filters=filters, choices=_filter_choices(summaries),
                           total=len(summaries),
                           can_start=allowed_global(session, user, GlobalAction.START_PROCESS))


#: Processes shown per page of the dashboard.
PER_PAGE = 20


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def _filter_choices(summaries: list) -> dict[str, list[tuple[str, str]]]:
    """The stages, roles and institutions the person's processes have, for the filters."""
    stages: dict[str, str] = {}
    institutions: dict[str, str] = {}
    roles: dict[str, str] = {}
    for s in summaries:
        process = s.process
        current = next((v for v in s.stages if v.key == process.state), None)
        stages.setdefault(process.state, current.title if current else process.state)
        institutions.setdefault(str(process.requesting_institution_id),
                                process.requesting_institution.name)
        roles.setdefault(s.role or "none", _(ROLES[s.role]) if s.role in ROLES
                         else _("Not a member"))
    return {"stage": sorted(stages.items(), key=lambda kv: kv[1].lower()),
            "role": sorted(roles.items(), key=lambda kv: kv[1].lower()),
            "institution": sorted(institutions.items(), key=lambda kv: kv[1].lower())}


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
