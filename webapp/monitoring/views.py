"""The monitoring page of a process: periods, progress per objective, budget, indicators.

Members of a measure's responsible institution report its progress; the lead and the core
group record indicator values and draft the period's narrative; the lead validates the
period and accepts its monitoring report. Every form posts one period.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from engine.errors import Conflict, InvalidInput
from engine.models import Process
from engine.permissions import Action, allowed, membership_of
from engine.services.monitoring import overview, progress
from engine.services.monitoring_report import flag_message
from engine.vocabulary import MEASURE_STATUSES, REPORTING_FREQUENCIES
from webapp.auth import actor
from webapp.database import get_session
from webapp.forms import choice_labels, report
from webapp.monitoring import bp
from webapp.monitoring.forms import NarrativeForm, PeriodForm, ProgressForm, SettingsForm, ValueForm
from webapp.workspace.common import failed, load, render

REFUSED = (InvalidInput, Conflict)  # a permission refused is the error page's 403


@bp.app_template_global("monitoring_flag")
def monitoring_flag(flag: overview.Flag) -> Any:
    """What a flag says (a message the page translates)."""
    return flag_message(flag)


def _progress_form(period: str, row: Any = None, form: ProgressForm | None = None) -> ProgressForm:
    if form is None:
        data = {"period": period, "status": row.progress.status if row and row.progress else "",
                "spent": str(row.progress.spent) if row and row.progress and
                row.progress.spent is not None else "",
                "note": row.progress.note if row and row.progress else ""}
        form = ProgressForm(formdata=None, data=data)
    form.status.choices = choice_labels(MEASURE_STATUSES)
    return form


def _render(process: Process, period: str | None, status: int = 200, *,
            failed_form: tuple[str, Any, Any] | None = None):  # noqa: ANN202
    """The page; ``failed_form`` (kind, id, form) shows one refused form with its errors."""
    session = get_session()
    user = actor()
    view = overview.read(session, process, period)
    key = view.selected.period.key if view.selected else ""
    membership = membership_of(session, user, process)

    def can(action: Action, **kw: Any) -> bool:
        return allowed(session, user, action, process, membership=membership, **kw)

    def kept(kind: str, ident: Any, made: Any) -> Any:
        if failed_form and failed_form[0] == kind and failed_form[1] == ident:
            return failed_form[2]
        return made

    progress_forms = {
        row.measure.id: kept("progress", row.measure.id, _progress_form(key, row))
        for block in view.blocks for row in block.rows
        if can(Action.REPORT_PROGRESS, institution_id=row.measure.responsible_id)}
    if failed_form and failed_form[0] == "progress":
        progress_forms[failed_form[1]] = _progress_form(key, form=failed_form[2])
    value_forms = {}
    if can(Action.RECORD_INDICATOR):
        for track in view.tracks:
            point = track.value_in(key)
            value_forms[track.indicator.id] = kept("value", track.indicator.id, ValueForm(
                formdata=None, data={"period": key,
                                     "value": f"{point.value:g}" if point else "",
                                     "note": point.note if point else ""}))
    settings = view.settings
    settings_form = kept("settings", None, SettingsForm(formdata=None, data={
        "frequency": settings.frequency or "yearly", "starts_on": settings.starts_on}))
    settings_form.frequency.choices = choice_labels(REPORTING_FREQUENCIES)
    return render(
        "monitoring/page.html", process, "monitoring", status,
        view=view, period=key,
        progress_forms=progress_forms, value_forms=value_forms,
        narrative_form=kept("narrative", None, NarrativeForm(
            formdata=None, data={"period": key, "narrative": view.narrative})),
        period_form=PeriodForm(formdata=None, data={"period": key}),
        settings_form=settings_form,
        can_edit=can(Action.EDIT), can_validate=can(Action.VALIDATE_PERIOD),
        can_manage=can(Action.MANAGE),
        period_error=failed_form[2] if failed_form and failed_form[0] == "period" else None,
    )


def _back(process_id: int, period: str | None, anchor: str) -> Response:
    return redirect(url_for("monitoring.page", process_id=process_id, period=period or None,
                            _anchor=anchor))


@bp.route("/processes/<int:process_id>/monitoring")
@login_required
def page(process_id: int):  # noqa: ANN201
    return _render(load(process_id), request.args.get("period"))


@bp.route("/processes/<int:process_id>/monitoring/measures/<int:measure_id>/progress",
          methods=["POST"])
@login_required
def report_progress(process_id: int, measure_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    measure = progress.get_measure(session, actor(), measure_id)
    form = ProgressForm()
    form.status.choices = choice_labels(MEASURE_STATUSES)
    if measure.process_id == process.id and form.validate_on_submit():
        try:
            progress.report_progress(session, actor(), measure, period=form.period.data,
                                     status=form.status.data, spent=form.spent.data,
                                     note=form.note.data)
        except REFUSED as error:
            failed(session)
            report(form, error)
        else:
            flash(_("Progress on “%(title)s” reported for %(period)s.", title=measure.title,
                    period=form.period.data), "success")
            return _back(process_id, form.period.data, f"measure-{measure_id}")
    elif measure.process_id != process.id:
        form.form_errors.append(_("This measure belongs to another process."))
    return _render(load(process_id), form.period.data, 422,
                   failed_form=("progress", measure_id, form))


@bp.route("/processes/<int:process_id>/monitoring/indicators/<int:indicator_id>/values",
          methods=["POST"])
@login_required
def record_value(process_id: int, indicator_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    indicator = progress.get_indicator(session, actor(), indicator_id)
    form = ValueForm()
    if indicator.objective.process_id == process.id and form.validate_on_submit():
        try:
            progress.record_value(session, actor(), indicator, period=form.period.data,
                                  value=form.value.data, note=form.note.data)
        except REFUSED as error:
            failed(session)
            report(form, error)
        else:
            flash(_("Value of “%(name)s” recorded for %(period)s.", name=indicator.name,
                    period=form.period.data), "success")
            return _back(process_id, form.period.data, f"indicator-{indicator_id}")
    return _render(load(process_id), form.period.data, 422,
                   failed_form=("value", indicator_id, form))


@bp.route("/processes/<int:process_id>/monitoring/narrative", methods=["POST"])
@login_required
def save_narrative(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    form = NarrativeForm()
    if form.validate_on_submit():
        try:
            progress.save_narrative(session, actor(), process, period=form.period.data,
                                    narrative=form.narrative.data)
        except REFUSED as error:
            failed(session)
            report(form, error)
        else:
            flash(_("Narrative of %(period)s saved.", period=form.period.data), "success")
            return _back(process_id, form.period.data, "narrative")
    return _render(load(process_id), form.period.data, 422,
                   failed_form=("narrative", None, form))


def _period_action(process_id: int, action: str):  # noqa: ANN202
    session = get_session()
    process = load(process_id)
    form = PeriodForm()
    if form.validate_on_submit():
        try:
            if action == "validate":
                progress.validate_period(session, actor(), process, period=form.period.data)
                flash(_("Period %(period)s validated: its monitoring report is submitted.",
                        period=form.period.data), "success")
            else:
                progress.accept_report(session, actor(), process, period=form.period.data)
                flash(_("Monitoring report of %(period)s accepted.", period=form.period.data),
                      "success")
        except REFUSED as error:
            failed(session)
            report(form, error)
        else:
            return _back(process_id, form.period.data, "period")
    return _render(load(process_id), form.period.data, 422, failed_form=("period", None, form))


@bp.route("/processes/<int:process_id>/monitoring/validate", methods=["POST"])
@login_required
def validate_period(process_id: int):  # noqa: ANN201
    return _period_action(process_id, "validate")


@bp.route("/processes/<int:process_id>/monitoring/accept", methods=["POST"])
@login_required
def accept_report(process_id: int):  # noqa: ANN201
    return _period_action(process_id, "accept")


@bp.route("/processes/<int:process_id>/monitoring/settings", methods=["POST"])
@login_required
def settings(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    form = SettingsForm()
    form.frequency.choices = choice_labels(REPORTING_FREQUENCIES)
    if form.validate_on_submit():
        try:
            progress.set_settings(session, actor(), process, frequency=form.frequency.data,
                                  starts_on=form.starts_on.data)
        except REFUSED as error:
            failed(session)
            report(form, error)
        else:
            flash(_("Reporting calendar saved."), "success")
            return _back(process_id, None, "calendar")
    return _render(load(process_id), request.args.get("period"), 422,
                   failed_form=("settings", None, form))
