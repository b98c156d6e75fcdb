"""Consultations of stakeholders, the inputs received and what the core group made of them."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from engine.catalog import definition_of
from engine.errors import Conflict, InvalidInput
from engine.models import Consultation, Process
from engine.permissions import Action, authorize
from engine.services import consultations as consultation_service
from engine.services.document import sections as section_service
from engine.vocabulary import CONSULTATION_METHODS, DISPOSITIONS, STAKEHOLDER_GROUPS
from webapp.auth import actor
from webapp.database import get_session
from webapp.files import upload_limit
from webapp.forms import (
    PARTICIPANT_FIELDS,
    ConsultationForm,
    ConsultationRecordForm,
    DispositionForm,
    InputForm,
    choice_labels,
    report,
)
from webapp.paging import paged
from webapp.workspace import bp
from webapp.workspace.common import default_stage, failed, load, render, stage_options

#: Inputs shown per page of a consultation (a national one gathers hundreds).
INPUTS_PER_PAGE = 25


def _consultation_form(process: Process, form: ConsultationForm | None = None,
                       stage: str | None = None) -> ConsultationForm:
    form = form or ConsultationForm(formdata=None, data={"stage": stage or default_stage(process)})
    form.stage.choices = stage_options(process)
    form.method.choices = choice_labels(CONSULTATION_METHODS)
    form.groups.choices = choice_labels(STAKEHOLDER_GROUPS)
    return form


def _tab(process: Process) -> str:
    keys = [key for key, _ in stage_options(process)]
    wanted = request.args.get("stage")
    if wanted == "all" or wanted in keys:
        return wanted
    return default_stage(process) or "all"


def _render_list(process: Process, status: int = 200, form: ConsultationForm | None = None,
                 tab: str | None = None):  # noqa: ANN202
    session = get_session()
    definition = definition_of(process)
    tab = tab or _tab(process)
    everything = consultation_service.list_consultations(session, process)
    counts: dict[str, int] = {}
    for consultation in everything:
        counts[consultation.stage_key] = counts.get(consultation.stage_key, 0) + 1
    shown = [c for c in everything if tab == "all" or c.stage_key == tab]
    requirements = {s.key: s.consultations for s in definition.stages}
    return render(
        "workspace/consultations.html", process, "consultations", status,
        tab=tab,
        tabs=stage_options(process),
        counts=counts,
        total=len(everything),
        consultations=shown,
        requirements=requirements,
        form=_consultation_form(process, form, None if tab == "all" else tab),
        open_form=form is not None,
    )


@bp.route("/processes/<int:process_id>/consultations")
@login_required
def consultations(process_id: int):  # noqa: ANN201
    return _render_list(load(process_id))


@bp.route("/processes/<int:process_id>/consultations", methods=["POST"])
@login_required
def create_consultation(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    form = _consultation_form(process, ConsultationForm())
    if form.validate_on_submit():
        try:
            consultation = consultation_service.create_consultation(
                session, actor(), process, stage=form.stage.data, method=form.method.data,
                title=form.title.data, held_on=form.held_on.data, groups=form.groups.data,
                summary=form.summary.data)
        except (InvalidInput, Conflict) as error:
            failed(session)
            report(form, error)
        else:
            flash(_("Consultation “%(title)s” recorded. Add the inputs it produced.",
                    title=consultation.title), "success")
            return redirect(url_for("workspace.consultation", process_id=process_id,
                                    consultation_id=consultation.id))
    return _render_list(load(process_id), 422, form=form, tab=form.stage.data or None)


@bp.route("/processes/<int:process_id>/consultations/coverage")
@login_required
def coverage(process_id: int):  # noqa: ANN201
    """Which stakeholder groups each stage's consultations reached."""
    process = load(process_id)
    everything = consultation_service.list_consultations(get_session(), process)
    # Only consultations that took place count, as in the gates; planned ones are mentioned.
    held = [c for c in everything if c.held_on is not None and c.held_on <= date.today()]
    table = consultation_service.coverage(held)
    stages = stage_options(process)
    groups = choice_labels(STAKEHOLDER_GROUPS)
    required: dict[str, set[str]] = {}
    for stage in definition_of(process).stages:
        required[stage.key] = {g for r in stage.consultations for g in r.groups}
    return render(
        "workspace/coverage.html", process, "consultations",
        table=table, stages=stages, groups=groups, required=required,
        unreached=[label for key, label in groups
                   if not any(table.get(s, {}).get(key) for s, _ in stages)],
        total=len(everything),
        not_held=len(everything) - len(held),
    )


def consultation_of(process: Process, consultation_id: int) -> Consultation:
    consultation = consultation_service.get_consultation(get_session(), actor(), consultation_id)
    if consultation.process_id != process.id:
        abort(404)
    return consultation


def _section_choices(process: Process) -> list[tuple[str, str]]:
    nodes = section_service.flatten(section_service.outline(get_session(), process))
    return [("", _("No particular section"))] + [
        (str(n.section.id), f"{n.number}\u2002{n.section.title}") for n in nodes
    ]


def _disposition_form(sections: list[tuple[str, str]], item=None,  # noqa: ANN001
                      form: DispositionForm | None = None) -> DispositionForm:
    if form is None:
        data = {}
        if item is not None:
            data = {"disposition": item.disposition, "reason": item.reason,
                    "section_id": str(item.section_id) if item.section_id else ""}
        form = DispositionForm(formdata=None, data=data)
    form.disposition.choices = choice_labels(DISPOSITIONS)
    form.section_id.choices = sections
    return form


def _edit_form(process: Process, consultation: Consultation,
               form: ConsultationForm | None = None) -> ConsultationForm:
    """The consultation's own form, filled with what is recorded (or what was just typed)."""
    form = form or ConsultationForm(formdata=None, data={
        "title": consultation.title, "stage": consultation.stage_key,
        "method": consultation.method, "held_on": consultation.held_on,
        "groups": list(consultation.groups or []), "summary": consultation.summary or ""})
    return _consultation_form(process, form)


def _render_detail(process: Process, consultation: Consultation, status: int = 200, *,
                   input_form: InputForm | None = None, failed_item: int | None = None,
                   disposition_form: DispositionForm | None = None,
                   edit_form: ConsultationForm | None = None,
                   record_form: ConsultationRecordForm | None = None):  # noqa: ANN202
    sections = _section_choices(process)
    failed_input = next((i for i in consultation.inputs if i.id == failed_item), None)
    shown, page_url = paged(consultation.inputs, INPUTS_PER_PAGE, "workspace.consultation",
                            "inputs-heading", showing=failed_input, process_id=process.id,
                            consultation_id=consultation.id)
    forms = {}
    for item in shown.items:
        if failed_item == item.id and disposition_form is not None:
            forms[item.id] = disposition_form
        else:
            forms[item.id] = _disposition_form(sections, item)
    return render(
        "workspace/consultation.html", process, "consultations", status,
        consultation=consultation,
        inputs_page=shown,
        page_url=page_url,
        input_form=input_form or InputForm(formdata=None),
        open_input_form=input_form is not None,
        disposition_forms=forms,
        failed_item=failed_item,
        pending=sum(1 for i in consultation.inputs if not i.disposition),
        section_labels={int(k): v for k, v in sections if k},
        held=consultation.held_on is not None and consultation.held_on <= date.today(),
        edit_form=_edit_form(process, consultation, edit_form),
        open_edit_form=edit_form is not None,
        record_form=_record_form(consultation, record_form),
        open_record_form=record_form is not None,
        participant_fields=PARTICIPANT_FIELDS,
        upload_mb=upload_limit() // (1024 * 1024),
    )


def _record_form(consultation: Consultation,
                 form: ConsultationRecordForm | None = None) -> ConsultationRecordForm:
    if form is None:
        data = {"invited_institutions": "\n".join(consultation.invited_institutions or []),
                "invited_groups": list(consultation.invited_groups or []),
                "report": consultation.report or ""}
        for name, fields in PARTICIPANT_FIELDS.items():
            counts = getattr(consultation, name) or {}
            data.update({field: counts.get(key) for key, field in fields.items()})
        form = ConsultationRecordForm(formdata=None, data=data)
    form.invited_groups.choices = choice_labels(STAKEHOLDER_GROUPS)
    return form


@bp.route("/processes/<int:process_id>/consultations/<int:consultation_id>/record",
          methods=["POST"])
@login_required
def record_consultation(process_id: int, consultation_id: int):  # noqa: ANN201
    """Who was invited, how many took part (by group and by sex), and the report."""
    session = get_session()
    process = load(process_id)
    item = consultation_of(process, consultation_id)
    authorize(session, actor(), Action.EDIT, process)
    form = _record_form(item, ConsultationRecordForm())
    if form.validate_on_submit():
        counts = {name: {key: form[field].data for key, field in fields.items()}
                  for name, fields in PARTICIPANT_FIELDS.items()}
        try:
            consultation_service.update_consultation(
                session, actor(), item, invited_institutions=form.invited_institutions.data,
                invited_groups=form.invited_groups.data, report=form.report.data, **counts)
        except (InvalidInput, Conflict) as error:
            failed(session)
            report(form, error)
        else:
            flash(_("Invitations, participants and report of “%(title)s” saved.",
                    title=item.title), "success")
            return redirect(url_for("workspace.consultation", process_id=process_id,
                                    consultation_id=consultation_id, _anchor="record"))
    process = load(process_id)
    return _render_detail(process, consultation_of(process, consultation_id), 422,
                          record_form=form)


def _page_of(consultation: Consultation, input_id: int) -> int:
    """The page of the consultation's inputs that holds ``input_id``."""
    ids = [i.id for i in consultation.inputs]
    return ids.index(input_id) // INPUTS_PER_PAGE + 1 if input_id in ids else 1


@bp.route("/processes/<int:process_id>/consultations/<int:consultation_id>")
@login_required
def consultation(process_id: int, consultation_id: int):  # noqa: ANN201
    process = load(process_id)
    return _render_detail(process, consultation_of(process, consultation_id))


@bp.route("/processes/<int:process_id>/consultations/<int:consultation_id>", methods=["POST"])
@login_required
def edit_consultation(process_id: int, consultation_id: int):  # noqa: ANN201
    """Correct or complete a consultation: its date once held, the groups actually reached…"""
    session = get_session()
    process = load(process_id)
    item = consultation_of(process, consultation_id)
    # Refuse those who may not edit before looking at what they sent (403, not a form error).
    authorize(session, actor(), Action.EDIT, process)
    form = _edit_form(process, item, ConsultationForm())
    if form.validate_on_submit():
        try:
            consultation_service.update_consultation(
                session, actor(), item, title=form.title.data, stage=form.stage.data,
                method=form.method.data, held_on=form.held_on.data, groups=form.groups.data,
                summary=form.summary.data)
        except (InvalidInput, Conflict) as error:
            failed(session)
            report(form, error)
        else:
            flash(_("Consultation “%(title)s” updated.", title=item.title), "success")
            return redirect(url_for("workspace.consultation", process_id=process_id,
                                    consultation_id=consultation_id))
    process = load(process_id)
    return _render_detail(process, consultation_of(process, consultation_id), 422, edit_form=form)


@bp.route("/processes/<int:process_id>/consultations/<int:consultation_id>/inputs",
          methods=["POST"])
@login_required
def add_input(process_id: int, consultation_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    item = consultation_of(process, consultation_id)
    form = InputForm()
    if form.validate_on_submit():
        try:
            received = consultation_service.add_input(session, actor(), item,
                                                      source=form.source.data, text=form.text.data)
        except (InvalidInput, Conflict) as error:
            failed(session)
            report(form, error)
        else:
            flash(_("Input from %(source)s recorded. Decide below how it is taken into account.",
                    source=received.source), "success")
            return redirect(url_for("workspace.consultation", process_id=process_id,
                                    consultation_id=consultation_id,
                                    page=_page_of(item, received.id), _anchor=f"input-{received.id}"))
    process = load(process_id)
    return _render_detail(process, consultation_of(process, consultation_id), 422, input_form=form)


@bp.route("/processes/<int:process_id>/consultations/<int:consultation_id>/inputs/<int:input_id>",
          methods=["POST"])
@login_required
def dispose_input(process_id: int, consultation_id: int, input_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    consultation = consultation_of(process, consultation_id)
    item = consultation_service.get_input(session, actor(), input_id)
    if item.consultation_id != consultation.id:
        abort(404)
    form = _disposition_form(_section_choices(process), form=DispositionForm())
    if form.validate_on_submit():
        try:
            consultation_service.set_disposition(
                session, actor(), item, disposition=form.disposition.data,
                reason=form.reason.data, section_id=form.section_id.data or None)
        except (InvalidInput, Conflict) as error:
            failed(session)
            report(form, error)
        else:
            flash(_("Decision on the input from %(source)s recorded: %(decision)s.",
                    source=item.source, decision=_(DISPOSITIONS[item.disposition]).lower()),
                  "success")
            return redirect(url_for("workspace.consultation", process_id=process_id,
                                    consultation_id=consultation_id,
                                    page=_page_of(consultation, item.id), _anchor=f"input-{item.id}"))
    process = load(process_id)
    return _render_detail(process, consultation_of(process, consultation_id), 422,
                          failed_item=input_id, disposition_form=form)
