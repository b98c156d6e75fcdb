"""The public page of a consultation: read the published text, send input, see the answers.

Anyone may use these pages, signed in or not: they show the consultation at
its address and nothing else of the process (an unknown address is a 404).
"""

from __future__ import annotations

from datetime import date

from flask import Response, flash, make_response, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from engine.errors import Conflict, InvalidInput
from engine.services import public_consultations as service
from engine.vocabulary import STAKEHOLDER_GROUPS
from webapp.database import get_session
from webapp.forms import choice_labels, report
from webapp.public import bp
from webapp.public.forms import PublicInputForm
from webapp.security import client_address, throttle


def _form(page: service.PublicPage, form: PublicInputForm | None = None) -> PublicInputForm:
    form = form or PublicInputForm(formdata=None)
    form.stakeholder_group.choices = [("", _("Choose a group"))] + choice_labels(
        STAKEHOLDER_GROUPS)
    form.section_id.choices = [("", _("Choose a section"))] + [
        (str(section_id), title) for section_id, title, _body in page.sections]
    return form


def _page(page: service.PublicPage, form: PublicInputForm | None, status: int = 200):  # noqa: ANN202
    return render_template("public/consult.html", page=page, form=form,
                           consultation=page.consultation, max_text=service.MAX_TEXT), status


@bp.route("/consult/<slug>")
def consult(slug: str):  # noqa: ANN201
    page = service.public_page(get_session(), slug, date.today())
    return _page(page, _form(page) if page.phase == "open" else None)


@bp.route("/consult/<slug>", methods=["POST"])
def submit(slug: str):  # noqa: ANN201
    """Receive input; a robot filling in the honeypot gets the same confirmation."""
    session = get_session()
    page = service.public_page(session, slug, date.today())
    if page.phase != "open":
        return _page(page, None, 409)
    form = _form(page, PublicInputForm())
    sender = f"ip:{client_address()}"
    requests = throttle("public_input")
    wait = requests.retry_after(sender)
    if wait is not None:
        form.validate_on_submit()
        form.form_errors.append(_("Too many submissions from here. Your text is kept below: "
                                  "try again in %(minutes)s minute(s).",
                                  minutes=max(1, round(wait / 60))))
        response = make_response(_page(page, form, 429))
        response.headers["Retry-After"] = str(wait)
        return response
    if form.validate_on_submit():
        try:
            service.submit(session, slug, today=date.today(), name=form.name.data,
                           organisation=form.organisation.data,
                           group=form.stakeholder_group.data, section_id=form.section_id.data,
                           text=form.text.data, trap=form.website.data)
        except (InvalidInput, Conflict) as error:
            session.rollback()
            report(form, error)
        else:
            requests.failed(sender)
            flash(_("Thank you: your input has been received."), "success")
            return redirect(url_for("public.thanks", slug=slug))
    return _page(page, form, 422)


@bp.route("/consult/<slug>/thanks")
def thanks(slug: str):  # noqa: ANN201
    consultation = service.find_published(get_session(), slug)
    return render_template("public/thanks.html", consultation=consultation)


@bp.route("/consult/<slug>/you-said-we-did.docx")
def table_docx(slug: str) -> Response:
    """The published table in Word (once the consultation has closed)."""
    content = service.table_docx(get_session(), slug, date.today(), str(get_locale() or "en"))
    response = make_response(content)
    response.headers["Content-Type"] = (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="you-said-we-did-{slug[:60]}.docx"')
    return response
