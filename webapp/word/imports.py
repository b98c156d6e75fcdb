"""Import of offline Word edits from the document page, and the import report."""

from __future__ import annotations

from flask import current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required

from engine.errors import InvalidInput, TooLarge, UnsupportedFile
from engine.export.docx_import import MAX_UPLOAD
from engine.services import imports as service
from webapp.auth import actor
from webapp.database import get_session
from webapp.word import bp, export_options
from webapp.workspace.common import failed, load, render


@bp.route("/processes/<int:process_id>/imports", methods=["POST"])
@login_required
def upload_import(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    upload = request.files.get("file")
    data = upload.read(MAX_UPLOAD + 1) if upload is not None else b""
    try:
        result = service.import_docx(
            session, actor(), process, data,
            filename=(upload.filename or "") if upload is not None else "",
            site=export_options(current_app.config)["site"])
    except (InvalidInput, TooLarge, UnsupportedFile) as error:
        failed(session)
        status = 413 if isinstance(error, TooLarge) else 415 if isinstance(
            error, UnsupportedFile) else 422
        return render("word/import_failed.html", process, "document", status,
                      message=error.message)
    record = result.record
    flash(ngettext("%(num)s suggestion", "%(num)s suggestions", record.suggestions) + ", "
          + ngettext("%(num)s comment", "%(num)s comments", record.comments) + " "
          + _("imported."), "success")
    return redirect(url_for("word.import_report", process_id=process_id, import_id=record.id))


@bp.route("/processes/<int:process_id>/imports/<int:import_id>")
@login_required
def import_report(process_id: int, import_id: int):  # noqa: ANN201
    process = load(process_id)
    record = service.get_import(get_session(), actor(), process, import_id)
    return render("word/import_report.html", process, "document", record=record)
