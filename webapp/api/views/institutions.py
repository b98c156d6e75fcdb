"""Institutions (ministries, agencies, their departments...)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from engine.models import Institution, User
from engine.services import institutions as service
from webapp.api.registry import api_route
from webapp.api.schemas import InstitutionIn, InstitutionOut


@api_route("/institutions", summary="List institutions", tags=["institutions"],
           response=list[InstitutionOut])
def list_institutions(session: Session, actor: User) -> list[Institution]:
    """Every institution, by name."""
    return service.list_institutions(session)


@api_route("/institutions", "POST", summary="Add an institution", tags=["institutions"],
           body=InstitutionIn, response=InstitutionOut, status=201, errors=[403, 409])
def create_institution(session: Session, actor: User, body: InstitutionIn) -> Institution:
    """Administrators and process leads add institutions (409 if the name exists at that level)."""
    return service.create_institution(session, actor, **body.model_dump())
