"""Administration: the outbox (queue, failures, last sent) and, with no mail server, the .eml files."""

from __future__ import annotations

from flask import abort, flash, redirect, send_from_directory, url_for
from flask import render_template as render_page
from flask_babel import gettext as _
from flask_login import login_required

from engine.permissions import GlobalAction, authorize_global
from engine.services import outbox
from webapp.admin import bp
from webapp.auth import actor
from webapp.database import get_session
from webapp.mail import eml_files, mail_directory, mail_settings


@bp.route("/admin/mail")
@login_required
def mail():  # noqa: ANN201
    settings = mail_settings()
    return render_page(
        "admin/mail.html",
        overview=outbox.overview(get_session(), actor()),
        server=settings.server,
        files=[] if settings.server else eml_files(),
        folder=str(mail_directory()),
    )


@bp.route("/admin/mail/<int:mail_id>/retry", methods=["POST"])
@login_required
def retry_mail(mail_id: int):  # noqa: ANN201
    item = outbox.retry(get_session(), actor(), mail_id)
    flash(_("The message to %(address)s is queued again.", address=item.to_address), "success")
    return redirect(url_for("admin.mail"))


@bp.route("/admin/mail/files/<name>")
@login_required
def mail_file(name: str):  # noqa: ANN201
    """One .eml file as written, for an administrator to open in a mail program."""
    authorize_global(get_session(), actor(), GlobalAction.MANAGE_USERS)
    if not name.endswith(".eml") or "/" in name or "\\" in name or name.startswith("."):
        abort(404)
    return send_from_directory(mail_directory(), name, mimetype="message/rfc822",
                               as_attachment=True)
