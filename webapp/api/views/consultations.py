"""Consultations of stakeholders, their inputs and the dispositions of the inputs."""

from __future__ import annotations

from flask import Response, request
from sqlalchemy.orm import Session

from engine.models import ConsultationInput, User
from engine.services import consultations as service
from engine.services import files as file_service
from engine.services.loading import get_process
from webapp.api import shapes
from webapp.api.registry import api_route
from webapp.api.schemas_work import (
    ConsultationIn,
    ConsultationOut,
    ConsultationPatch,
    DispositionIn,
    InputIn,
    InputOut,
    StageQuery,
)
from webapp.files import send_stored, upload_limit


@api_route("/processes/{process_id}/consultations", summary="List consultations",
           tags=["consultations"], query=StageQuery, response=list[ConsultationOut])
def list_consultations(session: Session, actor: User, process_id: int,
                       query: StageQuery) -> list[dict]:
    """Consultations with their inputs, by date; `?stage=` filters."""
    process = get_process(session, actor, process_id)
    return [shapes.consultation(c)
            for c in service.list_consultations(session, process, query.stage)]


@api_route("/processes/{process_id}/consultations", "POST", summary="Record a consultation",
           tags=["consultations"], body=ConsultationIn, response=ConsultationOut, status=201,
           errors=[403])
def create_consultation(session: Session, actor: User, process_id: int,
                        body: ConsultationIn) -> dict:
    """Record a consultation held (or planned) for a stage (lead and core)."""
    process = get_process(session, actor, process_id)
    consultation = service.create_consultation(session, actor, process, **body.model_dump())
    return shapes.consultation(consultation)


@api_route("/consultations/{consultation_id}", summary="Read a consultation",
           tags=["consultations"], response=ConsultationOut)
def get_consultation(session: Session, actor: User, consultation_id: int) -> dict:
    """One consultation with its inputs."""
    return shapes.consultation(service.get_consultation(session, actor, consultation_id))


@api_route("/consultations/{consultation_id}", "PATCH", summary="Change a consultation",
           tags=["consultations"], body=ConsultationPatch, response=ConsultationOut,
           errors=[403])
def update_consultation(session: Session, actor: User, consultation_id: int,
                        body: ConsultationPatch) -> dict:
    """Change the fields sent; the others stay."""
    consultation = service.get_consultation(session, actor, consultation_id)
    service.update_consultation(session, actor, consultation, **body.model_dump(exclude_unset=True))
    return shapes.consultation(consultation)


@api_route("/consultations/{consultation_id}/report-file", "POST",
           summary="Attach the report as a file", tags=["consultations"],
           response=ConsultationOut, errors=[403, 413, 415, 422])
def upload_report_file(session: Session, actor: User, consultation_id: int) -> dict:
    """The consultation's report as a file, sent as the multipart field `file` (lead and
    core); it replaces the report file attached before, if any. The Markdown `report`
    stays as it is.

    The upload is checked as a deliverable version's: the type is read from the bytes
    (PDF, Word, Excel, PowerPoint, OpenDocument text, PNG, JPEG, plain text, CSV) and the
    name's extension must agree (415 otherwise); a file over `UPLOAD_MAX_BYTES` is 413.
    """
    consultation = service.get_consultation(session, actor, consultation_id)
    upload = request.files.get("file")
    limit = upload_limit()
    data = upload.read(limit + 1) if upload is not None else b""
    service.attach_report_file(session, actor, consultation, data=data,
                               filename=(upload.filename or "") if upload is not None else None,
                               max_bytes=limit)
    return shapes.consultation(consultation)


@api_route("/consultations/{consultation_id}/report-file", summary="Download the report file",
           tags=["consultations"],
           files={"application/octet-stream": "The report file, as an attachment, with its "
                                              "sniffed type."})
def download_report_file(session: Session, actor: User, consultation_id: int) -> Response:
    """The consultation's report file, for anyone who may see the process; always an
    attachment. 404 when the consultation has none."""
    consultation = service.get_consultation(session, actor, consultation_id)
    stored = service.report_file(consultation)
    return send_stored(stored, file_service.read_bytes(stored))


@api_route("/consultations/{consultation_id}/report-file", "DELETE",
           summary="Remove the report file", tags=["consultations"], response=ConsultationOut,
           errors=[403])
def remove_report_file(session: Session, actor: User, consultation_id: int) -> dict:
    """Detach the report file (lead and core); 404 when there is none. The history keeps
    its name and digest; the Markdown `report` stays."""
    consultation = service.get_consultation(session, actor, consultation_id)
    service.remove_report_file(session, actor, consultation)
    return shapes.consultation(consultation)


@api_route("/consultations/{consultation_id}/inputs", "POST", summary="Record an input",
           tags=["consultations"], body=InputIn, response=InputOut, status=201, errors=[403])
def add_input(session: Session, actor: User, consultation_id: int, body: InputIn) -> ConsultationInput:
    """Record what a stakeholder said in the consultation."""
    consultation = service.get_consultation(session, actor, consultation_id)
    return service.add_input(session, actor, consultation, source=body.source, text=body.text)


@api_route("/inputs/{input_id}", "PATCH", summary="Decide on an input", tags=["consultations"],
           body=DispositionIn, response=InputOut, errors=[403])
def set_disposition(session: Session, actor: User, input_id: int, body: DispositionIn) -> ConsultationInput:
    """Record how the input was taken into account (accepted, partly, rejected) and why,
    optionally pointing at the section that reflects it."""
    item = service.get_input(session, actor, input_id)
    service.set_disposition(session, actor, item, disposition=body.disposition,
                            reason=body.reason, section_id=body.section_id)
    return item
