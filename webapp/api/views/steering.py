"""The steering group's assessment of a technical-assistance request."""

from __future__ import annotations

from sqlalchemy.orm import Session

from engine.models import User
from engine.services import assessments as service
from engine.services.loading import get_process
from engine.vocabulary import ASSESSMENT_CRITERIA
from webapp.api.registry import api_route
from webapp.api.schemas_steering import AssessmentIn, AssessmentOut


def _shape(criterion: str, row: object | None) -> dict:
    return {"criterion": criterion,
            "rating": getattr(row, "rating", None), "comment": getattr(row, "comment", None),
            "assessed_by": getattr(row, "assessed_by", None),
            "assessed_at": getattr(row, "assessed_at", None)}


@api_route("/processes/{process_id}/assessment", summary="The steering group's assessment",
           tags=["processes"], response=list[AssessmentOut])
def list_assessment(session: Session, actor: User, process_id: int) -> list[dict]:
    """Each criterion (relevance, quality, ownership, impact, sustainability) with its rating
    and comment, or nulls while it is not rated."""
    process = get_process(session, actor, process_id)
    done = service.ratings(session, process)
    return [_shape(key, done.get(key)) for key in ASSESSMENT_CRITERIA]


@api_route("/processes/{process_id}/assessment/{criterion}", "PUT",
           summary="Rate one criterion", tags=["processes"], body=AssessmentIn,
           response=AssessmentOut, errors=[403, 409])
def rate(session: Session, actor: User, process_id: int, criterion: str,
         body: AssessmentIn) -> dict:
    """A steering-group member rates the request on one criterion, while it is before the
    steering group; its decisions wait until every criterion is rated."""
    process = get_process(session, actor, process_id)
    row = service.assess(session, actor, process, criterion=criterion, rating=body.rating,
                         comment=body.comment)
    return _shape(row.criterion, row)
