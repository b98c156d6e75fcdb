"""Public consultations: sections published for anyone's input on a public page."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import url_for
from sqlalchemy.orm import Session

from engine.models import PublicConsultation, User
from engine.services import public_consultations as service
from engine.services.loading import get_process
from webapp.api.registry import api_route
from webapp.api.schemas_public import PublicConsultationIn, PublicConsultationOut


def _shape(item: PublicConsultation) -> dict[str, Any]:
    return {
        "id": item.id, "process_id": item.process_id, "consultation_id": item.consultation_id,
        "title": item.title, "slug": item.slug,
        "url": url_for("public.consult", slug=item.slug, _external=True),
        "opens_on": item.opens_on, "closes_on": item.closes_on,
        "phase": service.phase(item, date.today()),
        "sections": [{"section_id": s.section_id, "revision_id": s.revision_id,
                      "title": s.title} for s in item.sections],
        "created_at": item.created_at,
    }


@api_route("/processes/{process_id}/public-consultations", summary="List public consultations",
           tags=["consultations"], response=list[PublicConsultationOut])
def list_public_consultations(session: Session, actor: User, process_id: int) -> list[dict]:
    """The process's public consultations, newest opening first."""
    process = get_process(session, actor, process_id)
    return [_shape(c) for c in service.list_public_consultations(session, actor, process)]


@api_route("/processes/{process_id}/public-consultations", "POST",
           summary="Publish sections for public consultation", tags=["consultations"],
           body=PublicConsultationIn, response=PublicConsultationOut, status=201, errors=[403])
def publish_consultation(session: Session, actor: User, process_id: int,
                         body: PublicConsultationIn) -> dict:
    """Publish the current revision of the sections on a public page open between the dates
    (the lead). The answer gives the page's `slug` and `url`."""
    process = get_process(session, actor, process_id)
    return _shape(service.publish(session, actor, process, **body.model_dump()))
