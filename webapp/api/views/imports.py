"""Imports of offline Word edits: a .docx exported from a process, edited, uploaded back."""

from __future__ import annotations

from flask import current_app, request
from sqlalchemy.orm import Session

from engine.export.docx_import import MAX_UPLOAD
from engine.models import User
from engine.services.imports import import_docx
from engine.services.loading import get_process
from webapp.api.registry import api_route
from webapp.api.schemas_word import ImportOut
from webapp.word import export_options


@api_route("/processes/{process_id}/imports", "POST", summary="Import offline Word edits",
           tags=["imports"], response=ImportOut, status=201, errors=[403, 413, 415, 422])
def create_import(session: Session, actor: User, process_id: int) -> dict:
    """Upload a .docx exported from this process and edited offline (multipart field `file`).

    Changes, tracked or not, become suggestions per section on the revision exported;
    Word comments become comments; whatever cannot be placed is listed under
    `unmatched` with its text. Hostile or foreign files get a 4xx and nothing is stored.
    """
    process = get_process(session, actor, process_id)
    upload = request.files.get("file")
    data = upload.read(MAX_UPLOAD + 1) if upload is not None else b""
    result = import_docx(session, actor, process, data,
                         filename=upload.filename or "" if upload is not None else "",
                         site=export_options(current_app.config)["site"])
    return result.as_dict()
