"""Public consultations of a process: publishing sections, and moderating what comes in."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import login_required

from engine.errors import Conflict, InvalidInput
from engine.models import Process, PublicConsultation
from engine.permissions import Action, authorize
from engine.services import public_consultations as service
from engine.services.document import sections as section_service
from engine.vocabulary import MODERATION_DECISIONS
from webapp.auth import actor
from webapp.database import get_session
from webapp.forms import choice_labels, report
from webapp.public.forms import ModerationForm, PublishForm
from webapp.workspace import bp
from webapp.workspace.common import failed, load, render


def _publish_form(process: Process, form: PublishForm | None = None) -> PublishForm:
    form = form or PublishForm(formdata=None)
    nodes = section_service.flatten(section_service.outline(get_session(), process))
    form.section_ids.choices = [(str(n.section.id), f"{n.number}\u2002{n.section.title}")
                                for n in nodes if n.section.revision]
    return form


def _render_list(process: Process, status: int = 200, form: PublishForm | None = None):  # noqa: ANN202
    session = get_session()
    published = service.list_public_consultations(session, actor(), process)
    return render("workspace/public_consultations.html", process, "consultations", status,
                  published=published, counts=service.submission_counts(session, published),
                  phases={c.id: service.phase(c, date.today()) for c in published},
                  form=_publish_form(process, form), open_form=form is not None)


@bp.route("/processes/<int:process_id>/public-consultations")
@login_required
def public_consultations(process_id: int):  # noqa: ANN201
    return _render_list(load(process_id))


@bp.route("/processes/<int:process_id>/public-consultations", methods=["POST"])
@login_required
def publish_consultation(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    authorize(session, actor(), Action.MANAGE, process)
    form = _publish_form(process, PublishForm())
    if form.validate_on_submit():
        try:
            published = service.publish(session, actor(), process, title=form.title.data,
                                        section_ids=form.section_ids.data,
                                        opens_on=form.opens_on.data, closes_on=form.closes_on.data)
        except (InvalidInput, Conflict) as error:
            failed(session)
            report(form, error)
        else:
            flash(_("Public consultation “%(title)s” published.", title=published.title),
                  "success")
            return redirect(url_for("workspace.public_consultation", process_id=process_id,
                                    item_id=published.id))
    return _render_list(load(process_id), 422, form)


def _item(process: Process, item_id: int) -> PublicConsultation:
    item = service.get_public_consultation(get_session(), actor(), item_id)
    if item.process_id != process.id:
        abort(404)
    return item


def _render_detail(process: Process, item: PublicConsultation, status: int = 200,
                   failed_id: int | None = None, form: ModerationForm | None = None):  # noqa: ANN202
    session = get_session()
    submissions = service.moderation_queue(session, actor(), item)
    forms = {}
    for submission in submissions:
        if submission.id == failed_id and form is not None:
            forms[submission.id] = form
        else:
            forms[submission.id] = ModerationForm(formdata=None)
        forms[submission.id].decision.choices = choice_labels(MODERATION_DECISIONS)
    sections = {section_id: title
                for section_id, title, _body in service.published_sections(session, item)}
    return render("workspace/public_consultation.html", process, "consultations", status,
                  item=item, phase=service.phase(item, date.today()), submissions=submissions,
                  forms=forms, sections=sections,
                  pending=sum(1 for s in submissions if s.status == "pending"))


@bp.route("/processes/<int:process_id>/public-consultations/<int:item_id>")
@login_required
def public_consultation(process_id: int, item_id: int):  # noqa: ANN201
    process = load(process_id)
    return _render_detail(process, _item(process, item_id))


@bp.route("/processes/<int:process_id>/public-consultations/<int:item_id>/submissions/"
          "<int:submission_id>", methods=["POST"])
@login_required
def moderate_submission(process_id: int, item_id: int, submission_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    item = _item(process, item_id)
    submission = service.get_submission(session, actor(), submission_id)
    if submission.public_consultation_id != item.id:
        abort(404)
    authorize(session, actor(), Action.EDIT, process)
    form = ModerationForm()
    form.decision.choices = choice_labels(MODERATION_DECISIONS)
    if form.validate_on_submit():
        try:
            service.moderate(session, actor(), submission, decision=form.decision.data)
        except (InvalidInput, Conflict) as error:
            failed(session)
            report(form, error)
        else:
            if submission.status == "accepted":
                flash(_("Input from %(source)s accepted: decide on it in the consultation.",
                        source=submission.organisation), "success")
            else:
                flash(_("Submission from %(source)s rejected; it stays unpublished.",
                        source=submission.organisation), "success")
            return redirect(url_for("workspace.public_consultation", process_id=process_id,
                                    item_id=item_id))
    process = load(process_id)
    return _render_detail(process, _item(process, item_id), 422, submission_id, form)
