"""Deliverables each stage must produce."""

from __future__ import annotations

from flask import Response, request
from sqlalchemy.orm import Session

from engine.models import User
from engine.services import deliverables as service
from engine.services import files as file_service
from engine.services.loading import get_process
from webapp.api import shapes, shapes_versions
from webapp.api.registry import api_route
from webapp.api.schemas_work import (
    DeliverableIn,
    DeliverableOut,
    DeliverablePatch,
    StageQuery,
    VersionDecisionIn,
    VersionLinksIn,
    VersionOut,
)
from webapp.files import send_stored, upload_limit


@api_route("/processes/{process_id}/deliverables", summary="List deliverables",
           tags=["deliverables"], query=StageQuery, response=list[DeliverableOut])
def list_deliverables(session: Session, actor: User, process_id: int,
                      query: StageQuery) -> list[dict]:
    """Deliverables by stage; `?stage=` filters."""
    process = get_process(session, actor, process_id)
    return [shapes.deliverable(d) for d in service.list_deliverables(session, process, query.stage)]


@api_route("/processes/{process_id}/deliverables", "POST", summary="Add a deliverable",
           tags=["deliverables"], body=DeliverableIn, response=DeliverableOut, status=201,
           errors=[403])
def create_deliverable(session: Session, actor: User, process_id: int,
                       body: DeliverableIn) -> dict:
    """Add a deliverable to a stage; it starts as `draft`."""
    process = get_process(session, actor, process_id)
    return shapes.deliverable(
        service.create_deliverable(session, actor, process, **body.model_dump()))


@api_route("/deliverables/{deliverable_id}", summary="Read a deliverable",
           tags=["deliverables"], response=DeliverableOut)
def get_deliverable(session: Session, actor: User, deliverable_id: int) -> dict:
    """One deliverable."""
    return shapes.deliverable(service.get_deliverable(session, actor, deliverable_id))


@api_route("/deliverables/{deliverable_id}", "PATCH", summary="Change a deliverable",
           tags=["deliverables"], body=DeliverablePatch, response=DeliverableOut,
           errors=[403, 409])
def update_deliverable(session: Session, actor: User, deliverable_id: int,
                       body: DeliverablePatch) -> dict:
    """Change the status (409 for a change the flow does not allow), title, owner or due date."""
    deliverable = service.get_deliverable(session, actor, deliverable_id)
    service.update_deliverable(session, actor, deliverable, **body.model_dump(exclude_unset=True))
    return shapes.deliverable(deliverable)


@api_route("/deliverables/{deliverable_id}/files", "POST", summary="Upload a version as a file",
           tags=["deliverables"], response=VersionOut, status=201,
           errors=[403, 413, 415, 422])
def upload_deliverable_file(session: Session, actor: User, deliverable_id: int) -> dict:
    """A new version of the deliverable: the file sent as the multipart field `file` (and an
    optional `note` field), lead and core.

    The type is read from the bytes: PDF, Word, Excel, PowerPoint, OpenDocument text,
    PNG, JPEG, plain text and CSV are accepted when the name's extension agrees;
    anything else is 415, a file over `UPLOAD_MAX_BYTES` is 413. The name is kept
    without folder parts or control characters. The version waits for the lead's decision.
    """
    deliverable = service.get_deliverable(session, actor, deliverable_id)
    upload = request.files.get("file")
    limit = upload_limit()
    data = upload.read(limit + 1) if upload is not None else b""
    version = service.add_version(
        session, actor, deliverable, data=data,
        filename=(upload.filename or "") if upload is not None else None,
        note=request.form.get("note"), max_bytes=limit)
    return shapes_versions.version(version)


@api_route("/deliverables/{deliverable_id}/versions", "POST",
           summary="Submit a version as links", tags=["deliverables"], body=VersionLinksIn,
           response=VersionOut, status=201, errors=[403])
def link_deliverable_version(session: Session, actor: User, deliverable_id: int,
                             body: VersionLinksIn) -> dict:
    """A new version of the deliverable made of links to sections or analysis items of the
    process (lead and core)."""
    deliverable = service.get_deliverable(session, actor, deliverable_id)
    version = service.add_version(session, actor, deliverable,
                                  links=[link.model_dump() for link in body.links],
                                  note=body.note)
    return shapes_versions.version(version)


@api_route("/deliverable-versions/{version_id}/decision", "POST",
           summary="Accept or return a version", tags=["deliverables"],
           body=VersionDecisionIn, response=VersionOut, errors=[403, 409])
def decide_deliverable_version(session: Session, actor: User, version_id: int,
                               body: VersionDecisionIn) -> dict:
    """The lead accepts the version (it becomes the deliverable's accepted version, and the
    deliverable is accepted) or returns it with a note. 409 once it is decided."""
    version = service.get_version(session, actor, version_id)
    service.decide_version(session, actor, version, decision=body.decision, note=body.note)
    return shapes_versions.version(version)


@api_route("/files/{file_id}", summary="Download a file", tags=["deliverables"],
           files={"application/octet-stream": "The file, as an attachment, with its "
                                              "sniffed type."})
def download_file(session: Session, actor: User, file_id: int) -> Response:
    """A stored file of a process the caller belongs to (404 otherwise); always an
    attachment."""
    stored = file_service.get_file(session, actor, file_id)
    return send_stored(stored, file_service.read_bytes(stored))
