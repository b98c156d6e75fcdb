"""A consultation's report as a file: attached, replaced, removed and downloaded.

The Markdown report and the rest of the consultation's record are in
``webapp/workspace/consultations.py``; the upload checks are the engine's
(``engine/services/files.py``), shared with deliverable versions.
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from engine.errors import Conflict, InvalidInput, NotFound, TooLarge, UnsupportedFile
from engine.services import consultations as consultation_service
from engine.services import files as file_service
from webapp.auth import actor
from webapp.database import get_session
from webapp.files import send_stored, upload_limit
from webapp.templating import t
from webapp.workspace import bp
from webapp.workspace.common import failed, load
from webapp.workspace.consultations import consultation_of


def _to_record(process_id: int, consultation_id: int):  # noqa: ANN202
    return redirect(url_for("workspace.consultation", process_id=process_id,
                            consultation_id=consultation_id, _anchor="record"))


@bp.route("/processes/<int:process_id>/consultations/<int:consultation_id>/report-file",
          methods=["POST"])
@login_required
def upload_report_file(process_id: int, consultation_id: int):  # noqa: ANN201
    """The report as a file (multipart field ``file``), in place of the one attached before."""
    session = get_session()
    process = load(process_id)
    item = consultation_of(process, consultation_id)
    replacing = item.report_file is not None
    upload = request.files.get("file")
    limit = upload_limit()
    data = upload.read(limit + 1) if upload is not None else b""
    try:
        stored = consultation_service.attach_report_file(
            session, actor(), item, data=data,
            filename=(upload.filename or "") if upload is not None else None, max_bytes=limit)
    except (InvalidInput, Conflict, TooLarge, UnsupportedFile) as error:
        failed(session)
        flash(t(error), "error")
    else:
        if replacing:
            flash(_("The report file of “%(title)s” is now “%(name)s”.", title=item.title,
                    name=stored.name), "success")
        else:
            flash(_("Report file “%(name)s” attached to “%(title)s”.", name=stored.name,
                    title=item.title), "success")
    return _to_record(process_id, consultation_id)


@bp.route("/processes/<int:process_id>/consultations/<int:consultation_id>/report-file/remove",
          methods=["POST"])
@login_required
def remove_report_file(process_id: int, consultation_id: int):  # noqa: ANN201
    """Detach the report file; the history keeps its name."""
    session = get_session()
    process = load(process_id)
    item = consultation_of(process, consultation_id)
    name = item.report_file.name if item.report_file is not None else ""
    try:
        consultation_service.remove_report_file(session, actor(), item)
    except NotFound as error:
        failed(session)
        flash(t(error), "error")
    else:
        flash(_("Report file “%(name)s” removed from “%(title)s”.", name=name,
                title=item.title), "success")
    return _to_record(process_id, consultation_id)


@bp.route("/processes/<int:process_id>/consultations/<int:consultation_id>/report-file")
@login_required
def download_report_file(process_id: int, consultation_id: int):  # noqa: ANN201
    """The report file, always as a download."""
    process = load(process_id)
    stored = consultation_service.report_file(consultation_of(process, consultation_id))
    return send_stored(stored, file_service.read_bytes(stored))
