"""Consultations of stakeholders, their inputs and the dispositions of the inputs."""

from __future__ import annotations

from sqlalchemy.orm import Session

from engine.models import ConsultationInput, User
from engine.services import consultations as service
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
