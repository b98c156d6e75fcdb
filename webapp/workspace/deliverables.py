"""Deliverables per stage: who owns them, when they are due, and where they stand."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from engine.catalog import definition_of
from engine.errors import Conflict, InvalidInput
from engine.models import Deliverable, Process
from engine.permissions import Action
from engine.services import deliverables as deliverable_service
from engine.vocabulary import DELIVERABLE_FLOW, DELIVERABLE_KINDS, DELIVERABLE_STATUSES
from webapp.auth import actor
from webapp.database import get_session
from webapp.files import upload_limit
from webapp.forms import DeliverableEditForm, DeliverableForm, choice_labels, member_choices, report
from webapp.templating import t
from webapp.workspace import bp
from webapp.workspace.common import default_stage, failed, load, may, render, stage_options

# The order status buttons appear in, and how each change reads.
FLOW_ORDER = ("submitted", "accepted", "returned", "draft")


def _create_form(process: Process, form: DeliverableForm | None = None) -> DeliverableForm:
    if form is None:
        data = {"stage": request.args.get("stage") or default_stage(process),
                "kind": request.args.get("kind") or "", "owner_email": "",
                "title": request.args.get("title", "")[:300]}
        form = DeliverableForm(formdata=None, data=data)
    form.stage.choices = stage_options(process)
    form.kind.choices = choice_labels(DELIVERABLE_KINDS)
    form.owner_email.choices = member_choices(process.active_memberships, blank=_("Nobody yet"))
    return form


def _edit_form(process: Process, item: Deliverable,
               form: DeliverableEditForm | None = None) -> DeliverableEditForm:
    form = form or DeliverableEditForm(formdata=None, data={
        "title": item.title, "owner_email": item.owner.email if item.owner else "",
        "due_on": item.due_on})
    return form


def _render(process: Process, status: int = 200, *, form: DeliverableForm | None = None,
            failed_item: int | None = None, edit_form: DeliverableEditForm | None = None):  # noqa: ANN202
    definition = definition_of(process)
    editing = may(process, Action.EDIT)
    items = deliverable_service.list_deliverables(get_session(), process)
    by_stage: dict[str, list[Deliverable]] = {}
    for item in items:
        by_stage.setdefault(item.stage_key, []).append(item)
    stages = []
    for stage in definition.stages:
        if stage.terminal:
            continue
        rows = by_stage.get(stage.key, [])
        accepted = {d.kind for d in rows if d.status == "accepted"}
        present = {d.kind for d in rows}
        stages.append({
            "key": stage.key,
            "title": stage.title,
            "items": rows,
            "required": stage.deliverables,
            "missing": [d for d in stage.deliverables if d.kind not in present],
            "accepted_required": sum(1 for d in stage.deliverables if d.kind in accepted),
        })
    edit_forms = {
        item.id: (edit_form if failed_item == item.id and edit_form is not None
                  else _edit_form(process, item))
        for item in items
    }
    return render(
        "workspace/deliverables.html", process, "deliverables", status,
        stages=stages,
        form=_create_form(process, form),
        open_form=form is not None,
        edit_forms=edit_forms,
        owners=member_choices(process.active_memberships),
        failed_item=failed_item,
        next_statuses={item.id: [s for s in FLOW_ORDER if s in DELIVERABLE_FLOW[item.status]]
                       for item in items},
        STATUSES=DELIVERABLE_STATUSES,
        link_choices=deliverable_service.link_choices(get_session(), process) if editing else [],
        upload_mb=upload_limit() // (1024 * 1024),
    )


@bp.route("/processes/<int:process_id>/deliverables")
@login_required
def deliverables(process_id: int):  # noqa: ANN201
    return _render(load(process_id))


@bp.route("/processes/<int:process_id>/deliverables", methods=["POST"])
@login_required
def create_deliverable(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    form = _create_form(process, DeliverableForm())
    if form.validate_on_submit():
        try:
            item = deliverable_service.create_deliverable(
                session, actor(), process, stage=form.stage.data, kind=form.kind.data,
                title=form.title.data, owner_email=form.owner_email.data or None,
                due_on=form.due_on.data)
        except (InvalidInput, Conflict) as error:
            failed(session)
            report(form, error)
        else:
            flash(_("Deliverable “%(title)s” added as a draft.", title=item.title), "success")
            return redirect(url_for("workspace.deliverables", process_id=process_id,
                                    _anchor=f"deliverable-{item.id}"))
    return _render(load(process_id), 422, form=form)


def _deliverable(process: Process, deliverable_id: int) -> Deliverable:
    item = deliverable_service.get_deliverable(get_session(), actor(), deliverable_id)
    if item.process_id != process.id:
        abort(404)
    return item


@bp.route("/processes/<int:process_id>/deliverables/<int:deliverable_id>/status",
          methods=["POST"])
@login_required
def deliverable_status(process_id: int, deliverable_id: int):  # noqa: ANN201
    """Move a deliverable along its flow (draft → submitted → accepted or returned)."""
    session = get_session()
    process = load(process_id)
    item = _deliverable(process, deliverable_id)
    status = request.form.get("status", "")
    try:
        deliverable_service.update_deliverable(session, actor(), item, status=status)
    except (InvalidInput, Conflict) as error:
        failed(session)
        flash(t(error), "error")
    else:
        flash(_("“%(title)s” is now %(status)s.", title=item.title,
                status=_(DELIVERABLE_STATUSES[item.status]).lower()), "success")
    return redirect(url_for("workspace.deliverables", process_id=process_id,
                            _anchor=f"deliverable-{deliverable_id}"))


@bp.route("/processes/<int:process_id>/deliverables/<int:deliverable_id>", methods=["POST"])
@login_required
def edit_deliverable(process_id: int, deliverable_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    item = _deliverable(process, deliverable_id)
    form = _edit_form(process, item, DeliverableEditForm())
    if form.validate_on_submit():
        try:
            deliverable_service.update_deliverable(
                session, actor(), item, title=form.title.data,
                owner_email=form.owner_email.data or None, due_on=form.due_on.data)
        except (InvalidInput, Conflict) as error:
            failed(session)
            report(form, error)
        else:
            flash(_("“%(title)s” updated.", title=item.title), "success")
            return redirect(url_for("workspace.deliverables", process_id=process_id,
                                    _anchor=f"deliverable-{deliverable_id}"))
    return _render(load(process_id), 422, failed_item=deliverable_id, edit_form=form)
