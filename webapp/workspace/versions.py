"""Versions of a deliverable: uploading a file or linking sections and analysis items, the
lead's decision on a version, and downloading a stored file."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from engine.errors import Conflict, InvalidInput, TooLarge, UnsupportedFile
from engine.models import Deliverable, DeliverableVersion, Process
from engine.services import deliverables as deliverable_service
from engine.services import files as file_service
from webapp.auth import actor
from webapp.database import get_session
from webapp.files import send_stored, upload_limit
from webapp.templating import t
from webapp.workspace import bp
from webapp.workspace.common import failed, load

REFUSED = (InvalidInput, Conflict, TooLarge, UnsupportedFile)


def _deliverable(process: Process, deliverable_id: int) -> Deliverable:
    item = deliverable_service.get_deliverable(get_session(), actor(), deliverable_id)
    if item.process_id != process.id:
        abort(404)
    return item


def _back(process_id: int, deliverable_id: int):  # noqa: ANN202
    return redirect(url_for("workspace.deliverables", process_id=process_id,
                            _anchor=f"deliverable-{deliverable_id}"))


def _added(item: Deliverable, version: DeliverableVersion) -> None:
    flash(_("Version %(number)s of “%(title)s” submitted for the lead’s decision.",
            number=version.number, title=item.title), "success")


@bp.route("/processes/<int:process_id>/deliverables/<int:deliverable_id>/versions",
          methods=["POST"])
@login_required
def upload_deliverable_version(process_id: int, deliverable_id: int):  # noqa: ANN201
    """A new version as an uploaded file (multipart field ``file``, optional ``note``)."""
    session = get_session()
    process = load(process_id)
    item = _deliverable(process, deliverable_id)
    upload = request.files.get("file")
    limit = upload_limit()
    data = upload.read(limit + 1) if upload is not None else b""
    try:
        version = deliverable_service.add_version(
            session, actor(), item, data=data,
            filename=(upload.filename or "") if upload is not None else None,
            note=request.form.get("note"), max_bytes=limit)
    except REFUSED as error:
        failed(session)
        flash(t(error), "error")
    else:
        _added(item, version)
    return _back(process_id, deliverable_id)


@bp.route("/processes/<int:process_id>/deliverables/<int:deliverable_id>/links",
          methods=["POST"])
@login_required
def link_deliverable_version(process_id: int, deliverable_id: int):  # noqa: ANN201
    """A new version made of links: ``links`` values are ``kind:id``."""
    session = get_session()
    process = load(process_id)
    item = _deliverable(process, deliverable_id)
    links = []
    for value in request.form.getlist("links")[:100]:
        kind, _sep, number = value.partition(":")
        links.append({"kind": kind, "id": number})
    if not links:
        flash(_("Choose at least one section or analysis item."), "error")
        return _back(process_id, deliverable_id)
    try:
        version = deliverable_service.add_version(session, actor(), item, links=links,
                                                  note=request.form.get("note"))
    except REFUSED as error:
        failed(session)
        flash(t(error), "error")
    else:
        _added(item, version)
    return _back(process_id, deliverable_id)


@bp.route("/processes/<int:process_id>/deliverables/<int:deliverable_id>/versions/"
          "<int:version_id>/decision", methods=["POST"])
@login_required
def decide_deliverable_version(process_id: int, deliverable_id: int,  # noqa: ANN201
                               version_id: int):
    """The lead accepts or returns one version (``decision``: accept or return; ``note``)."""
    session = get_session()
    process = load(process_id)
    item = _deliverable(process, deliverable_id)
    version = deliverable_service.get_version(session, actor(), version_id)
    if version.deliverable_id != item.id:
        abort(404)
    try:
        deliverable_service.decide_version(session, actor(), version,
                                           decision=request.form.get("decision", ""),
                                           note=request.form.get("note"))
    except REFUSED as error:
        failed(session)
        flash(t(error), "error")
    else:
        if version.status == "accepted":
            flash(_("Version %(number)s of “%(title)s” accepted.", number=version.number,
                    title=item.title), "success")
        else:
            flash(_("Version %(number)s of “%(title)s” returned with your note.",
                    number=version.number, title=item.title), "success")
    return _back(process_id, deliverable_id)


@bp.route("/processes/<int:process_id>/files/<int:file_id>")
@login_required
def download_file(process_id: int, file_id: int):  # noqa: ANN201
    """A stored file of the process, always as a download."""
    session = get_session()
    load(process_id)
    stored = file_service.get_file(session, actor(), file_id)
    if stored.process_id != process_id:
        abort(404)
    return send_stored(stored, file_service.read_bytes(stored))
