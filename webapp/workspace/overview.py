"""The overview of a process: the drawn cycle, the gate checklist and the lead's controls."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import flash, redirect, request, url_for
from flask import session as flask_session
from flask_babel import gettext as _
from flask_login import login_required

from engine.catalog import definition_of
from engine.errors import Conflict, GateNotMet, InvalidInput
from engine.gates import evaluate_gate
from engine.models import Process
from engine.permissions import Action
from engine.services import assessments, audit
from engine.services.adoption import get_adoption
from engine.services.evaluations import cycle_of
from engine.services.monitoring.overview import flags_of
from engine.services.processes import (
    available_triggers,
    set_stage_target,
    stage_views,
    update_process,
)
from engine.services.transitions import fire
from engine.vocabulary import ADOPTION_STATES, DOCUMENT_LANGUAGES, SUSPENDED
from webapp.auth import actor
from webapp.database import get_session
from webapp.forms import StageTargetForm, TransitionForm, report
from webapp.templating import t
from webapp.workspace import bp
from webapp.workspace.common import failed, load, may, render
from webapp.workspace.cycle import layout, shown_stages


def _render(process: Process, status: int = 200, *, forms: dict[str, TransitionForm] | None = None,
            refusal: dict[str, Any] | None = None):  # noqa: ANN202
    session = get_session()
    definition = definition_of(process)
    # A suspended process keeps the checklist of the stage it stopped in.
    checks = evaluate_gate(session, process, process.working_stage)
    # Stage titles in the reader's language, for the drawing and the lists alike.
    views = [replace(v, title=t(v.title)) for v in stage_views(process, checks)]
    shown = shown_stages(views, definition)
    triggers = available_triggers(process)
    forms = forms or {}
    gate_open = all(c.ok for c in checks)
    controls = []
    # The lead fires the triggers; those the workflow gives to the steering group, its members.
    may_manage, may_decide = may(process, Action.MANAGE), may(process, Action.DECIDE)
    for trigger in triggers:
        if not (may_decide if trigger["decided_by"] else may_manage):
            continue
        form = forms.get(trigger["trigger"]) or TransitionForm(formdata=None)
        controls.append({**trigger, "form": form,
                         "needs_override": (trigger["gated"] and not gate_open
                                            and not trigger["decided_by"])})
    suspension = None
    if process.state == SUSPENDED:
        found = audit.history(session, process, kind="transition.suspend", limit=1,
                              newest_first=True)
        suspension = found[0] if found else None
    current = next((v for v in views if v.status in ("current", "blocked", "suspended")), None)
    return render(
        "workspace/overview.html", process, "overview", status,
        checks=checks,
        gate_open=gate_open,
        stages=shown,
        other_outcomes=[v for v in views if v not in shown],
        current_stage=current,
        stage_position=(shown.index(current) + 1) if current in shown else None,
        shown_count=len(shown),
        wide=layout(shown),
        compact=layout(shown, compact=True),
        controls=controls,
        refusal=refusal,
        target_form=StageTargetForm(formdata=None),
        suspension=suspension,
        activity=audit.history(session, process, limit=10, newest_first=True),
        lead=process.lead,
        document_languages=DOCUMENT_LANGUAGES,
        steering_decides=any(tr["decided_by"] for tr in triggers),
        supported_by=assessments.supporting(session, process, actor()),
        adoption=get_adoption(session, process),
        policy_cycle=cycle_of(session, process),
        adoption_states=ADOPTION_STATES,
        monitoring_flags=flags_of(session, [process]).get(process.id, []),
    )


#: The web session key holding a refused transition until the overview shows it.
REFUSAL = "gate_refusal"
_KEPT = ("note", "override", "override_reason")


def _refused(process_id: int, trigger: str, form: TransitionForm,
             failing: list[Any] | None = None):  # noqa: ANN202
    """POST, redirect, GET: the overview shows the refusal once, with what was typed and
    why (the gate's missing checks, or the fields to fix); reloading resubmits nothing."""
    flask_session[REFUSAL] = {
        "trigger": trigger,
        "data": {name: form[name].data for name in _KEPT},
        "errors": {name: [str(e) for e in form[name].errors] for name in _KEPT
                   if form[name].errors},
        "form_errors": [str(e) for e in form.form_errors],
        "failing": failing,
    }
    return redirect(url_for("workspace.overview", process_id=process_id,
                            _anchor="refusal" if failing else "move"), code=303)


@bp.route("/processes/<int:process_id>")
@login_required
def overview(process_id: int):  # noqa: ANN201
    process = load(process_id)
    refused = flask_session.pop(REFUSAL, None)
    if not isinstance(refused, dict) or not isinstance(refused.get("trigger"), str):
        return _render(process)
    data = refused.get("data") if isinstance(refused.get("data"), dict) else {}
    form = TransitionForm(formdata=None, data={k: v for k, v in data.items() if k in _KEPT})
    for name, errors in (refused.get("errors") or {}).items():
        if name in _KEPT:
            form[name].errors = list(errors)
    form.form_errors.extend(refused.get("form_errors") or [])
    failing = refused.get("failing")
    return _render(process, forms={refused["trigger"]: form},
                   refusal={"failing": list(failing)} if failing else None)


@bp.route("/processes/<int:process_id>/transitions/<trigger>", methods=["POST"])
@login_required
def fire_trigger(process_id: int, trigger: str):  # noqa: ANN201
    """Fire one trigger; a closed gate is shown on the overview with the note kept."""
    session = get_session()
    process = load(process_id)
    form = TransitionForm()
    if not form.validate_on_submit():
        return _refused(process_id, trigger, form)
    override_reason = (form.override_reason.data or "").strip() if form.override.data else None
    if form.override.data and not override_reason:
        form.override_reason.errors = [_("Write why the process moves on without meeting the gate.")]
        return _refused(process_id, trigger, form)
    source = process.state
    titles = {s.key: t(s.title) for s in definition_of(process).stages}
    try:
        fire(session, actor(), process, trigger, note=form.note.data,
             override_reason=override_reason,
             expected_state=form.expected_state.data or None)
    except GateNotMet as error:
        failed(session)
        failing = error.details.get("failing", []) if isinstance(error.details, dict) else []
        return _refused(process_id, trigger, form, failing=failing)
    except Conflict as error:
        # Not possible any more (someone else moved it): show the page as it is now.
        failed(session)
        flash(t(error), "error")
        return redirect(url_for("workspace.overview", process_id=process_id))
    except InvalidInput as error:
        failed(session)
        report(form, error)
        return _refused(process_id, trigger, form)
    if process.state == SUSPENDED:
        message = _("The process is suspended. It can be resumed where it stopped.")
    elif trigger == "resume":
        message = _("The process resumed at %(stage)s.", stage=titles.get(process.state))
    else:
        message = _("The process moved from %(source)s to %(dest)s.",
                    source=titles.get(source, source), dest=titles.get(process.state))
    if override_reason:
        last = audit.history(session, process, kind=f"transition.{trigger}", limit=1,
                             newest_first=True)
        if last and last[0].data.get("override_reason"):
            message += " " + _("The gate was overridden; your reason is kept in the history.")
    flash(message, "success")
    return redirect(url_for("workspace.overview", process_id=process_id))


@bp.route("/processes/<int:process_id>/stages/<stage_key>/target", methods=["POST"])
@login_required
def stage_target(process_id: int, stage_key: str):  # noqa: ANN201
    """Plan (or clear) when a stage should be finished."""
    session = get_session()
    process = load(process_id)
    form = StageTargetForm()
    if not form.validate_on_submit():
        flash(_("The target date was not understood; use the date picker or YYYY-MM-DD."), "error")
        return redirect(url_for("workspace.overview", process_id=process_id, _anchor="stages"))
    try:
        set_stage_target(session, actor(), process, stage_key, form.target_date.data)
    except (InvalidInput, Conflict) as error:
        failed(session)
        flash(t(error), "error")
    else:
        title = {s.key: s.title for s in definition_of(process).stages}.get(stage_key, stage_key)
        if form.target_date.data:
            from flask_babel import format_date

            flash(_("Target date of %(stage)s set to %(date)s.", stage=title,
                    date=format_date(form.target_date.data)), "success")
        else:
            flash(_("Target date of %(stage)s cleared.", stage=title), "success")
    return redirect(url_for("workspace.overview", process_id=process_id, _anchor="stages"))


@bp.route("/processes/<int:process_id>/settings", methods=["POST"])
@login_required
def process_settings(process_id: int):  # noqa: ANN201
    """The lead renames the process or changes its document language."""
    session = get_session()
    process = load(process_id)
    try:
        update_process(session, actor(), process,
                       title=" ".join(request.form.get("title", "").split()) or None,
                       language=request.form.get("language") or None)
    except (InvalidInput, Conflict) as error:
        failed(session)
        flash(t(error), "error")
    else:
        flash(_("Process settings saved: “%(title)s”, written in %(language)s.",
                title=process.title,
                language=_(DOCUMENT_LANGUAGES[process.document_language])), "success")
    return redirect(url_for("workspace.overview", process_id=process_id,
                            _anchor="document-language"))
