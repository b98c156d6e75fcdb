"""Deliverables each stage must produce."""

from __future__ import annotations

from sqlalchemy.orm import Session

from engine.models import User
from engine.services import deliverables as service
from engine.services.loading import get_process
from webapp.api import shapes
from webapp.api.registry import api_route
from webapp.api.schemas_work import DeliverableIn, DeliverableOut, DeliverablePatch, StageQuery


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
