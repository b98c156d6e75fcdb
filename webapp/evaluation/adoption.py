"""The adoption record of a process: the act that adopted it, and the frozen adopted text."""

from __future__ import annotations

from io import BytesIO

from flask import current_app, flash, redirect, send_file, url_for
from flask_babel import gettext as _
from flask_login import login_required

from engine.errors import Conflict, InvalidInput
from engine.models import Process
from engine.services import adoption as service
from engine.vocabulary import ADOPTION_STATES
from webapp.auth import actor
from webapp.database import get_session
from webapp.evaluation import bp
from webapp.evaluation.forms import AdoptionForm
from webapp.forms import report
from webapp.word import export_options
from webapp.workspace.common import failed, load, render


def _render(process: Process, status: int = 200, form: AdoptionForm | None = None):  # noqa: ANN202
    return render("evaluation/adoption.html", process, "adoption", status,
                  record=service.get_adoption(get_session(), process),
                  form=form or AdoptionForm(formdata=None),
                  recordable=process.state in ADOPTION_STATES)


@bp.route("/processes/<int:process_id>/adoption")
@login_required
def adoption(process_id: int):  # noqa: ANN201
    return _render(load(process_id))


@bp.route("/processes/<int:process_id>/adoption", methods=["POST"])
@login_required
def record_adoption(process_id: int):  # noqa: ANN201
    """The lead records the act; the text is frozen with its Word file."""
    session = get_session()
    process = load(process_id)
    form = AdoptionForm()
    if form.validate_on_submit():
        try:
            record = service.record_adoption(
                session, actor(), process, body=form.body.data, act_type=form.act_type.data,
                act_reference=form.act_reference.data, adopted_on=form.adopted_on.data,
                published_in=form.published_in.data,
                export_options=export_options(current_app.config))
        except (InvalidInput, Conflict) as error:
            failed(session)
            report(form, error)
        else:
            flash(_("The adoption is recorded: %(reference)s. The adopted text is frozen.",
                    reference=record.act_reference), "success")
            return redirect(url_for("evaluation.adoption", process_id=process_id))
    return _render(load(process_id), 422, form)


@bp.route("/processes/<int:process_id>/adoption/file")
@login_required
def adopted_text_file(process_id: int):  # noqa: ANN201
    """The Word file of the adopted text, as stored at adoption."""
    found = service.adopted_file(get_session(), actor(), process_id)
    return send_file(BytesIO(found.content), mimetype=found.mimetype, as_attachment=True,
                     download_name=found.filename)
