"""After the decision: the adoption record, evaluations, the next cycle, the portfolio."""

from __future__ import annotations

from io import BytesIO

from flask import Response, current_app, send_file
from sqlalchemy.orm import Session

from engine.errors import NotFound
from engine.i18n import msg
from engine.models import User
from engine.services import adoption as adoption_service
from engine.services import evaluations as service
from engine.services import portfolio as portfolio_service
from engine.services.loading import get_process
from webapp.api import shapes_evaluation as shapes
from webapp.api.registry import api_route
from webapp.api.schemas_evaluation import (
    AdoptionIn,
    AdoptionOut,
    CriterionOut,
    CriterionPatch,
    CycleOut,
    DecisionIn,
    EvaluationIn,
    EvaluationOut,
    EvidenceIn,
    EvidenceOut,
    PortfolioQuery,
    PortfolioRowOut,
    ProcessRef,
    RecommendationIn,
    RecommendationOut,
    RevisionIn,
)
from webapp.word import export_options

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TAGS = ["after adoption"]


@api_route("/processes/{process_id}/adoption", summary="Read the adoption record",
           tags=TAGS, response=AdoptionOut)
def get_adoption(session: Session, actor: User, process_id: int) -> dict:
    """How the policy was adopted and the frozen adopted text (404 before it is recorded)."""
    record = adoption_service.get_adoption(session, get_process(session, actor, process_id))
    if record is None:
        raise NotFound(msg("No adoption is recorded for this process."))
    return shapes.adoption(record)


@api_route("/processes/{process_id}/adoption", "POST", summary="Record the adoption",
           tags=TAGS, body=AdoptionIn, response=AdoptionOut, status=201, errors=[403, 409])
def record_adoption(session: Session, actor: User, process_id: int, body: AdoptionIn) -> dict:
    """The lead records the act that adopted the policy; the text is frozen with its Word
    file (409 before `adopted`, or when already recorded)."""
    process = get_process(session, actor, process_id)
    return shapes.adoption(adoption_service.record_adoption(
        session, actor, process, **body.model_dump(),
        export_options=export_options(current_app.config)))


@api_route("/processes/{process_id}/adoption/file", summary="Download the adopted text",
           tags=TAGS, errors=[409], files={DOCX: "The Word file frozen at adoption"})
def adopted_text_file(session: Session, actor: User, process_id: int) -> Response:
    """The stored Word file of the adopted text, checked against its sha256."""
    found = adoption_service.adopted_file(session, actor, process_id)
    return send_file(BytesIO(found.content), mimetype=found.mimetype, as_attachment=True,
                     download_name=found.filename)


@api_route("/processes/{process_id}/evaluations", summary="List evaluations", tags=TAGS,
           response=list[EvaluationOut])
def list_evaluations(session: Session, actor: User, process_id: int) -> list[dict]:
    """Mid-term and final evaluations, oldest first."""
    process = get_process(session, actor, process_id)
    return [shapes.evaluation(e) for e in service.list_evaluations(session, process)]


@api_route("/processes/{process_id}/evaluations", "POST", summary="Open an evaluation",
           tags=TAGS, body=EvaluationIn, response=EvaluationOut, status=201, errors=[403, 409])
def create_evaluation(session: Session, actor: User, process_id: int, body: EvaluationIn) -> dict:
    """A mid-term or final evaluation with one entry per OECD-DAC criterion (409 before
    implementation)."""
    process = get_process(session, actor, process_id)
    return shapes.evaluation(service.create_evaluation(session, actor, process,
                                                       **body.model_dump()))


@api_route("/evaluations/{evaluation_id}", summary="Read an evaluation", tags=TAGS,
           response=EvaluationOut)
def get_evaluation(session: Session, actor: User, evaluation_id: int) -> dict:
    """One evaluation with its criteria, evidence and recommendations."""
    return shapes.evaluation(service.get_evaluation(session, actor, evaluation_id))


@api_route("/evaluations/{evaluation_id}/criteria/{criterion}", "PATCH",
           summary="Write a criterion's findings and rating", tags=TAGS, body=CriterionPatch,
           response=CriterionOut, errors=[403])
def update_evaluation_criterion(session: Session, actor: User, evaluation_id: int, criterion: str,
                     body: CriterionPatch) -> dict:
    """Findings in Markdown and a rating; a field left out is unchanged."""
    evaluation = service.get_evaluation(session, actor, evaluation_id)
    return shapes.criterion(service.update_criterion(
        session, actor, evaluation, criterion, **body.model_dump(exclude_unset=True)))


@api_route("/evaluations/{evaluation_id}/criteria/{criterion}/evidence", "POST",
           summary="Back a criterion with evidence", tags=TAGS, body=EvidenceIn,
           response=EvidenceOut, status=201, errors=[403])
def add_evaluation_evidence(session: Session, actor: User, evaluation_id: int, criterion: str,
                 body: EvidenceIn) -> dict:
    """Cite a data source or a deliverable of the process."""
    evaluation = service.get_evaluation(session, actor, evaluation_id)
    return shapes.evidence(service.add_evidence(session, actor, evaluation, criterion,
                                                **body.model_dump()))


@api_route("/evaluations/{evaluation_id}/criteria/{criterion}/recommendations", "POST",
           summary="Add a recommendation", tags=TAGS, body=RecommendationIn,
           response=RecommendationOut, status=201, errors=[403])
def add_recommendation(session: Session, actor: User, evaluation_id: int, criterion: str,
                       body: RecommendationIn) -> dict:
    """A recommendation under one criterion; it waits for the lead's decision."""
    evaluation = service.get_evaluation(session, actor, evaluation_id)
    return shapes.recommendation(service.add_recommendation(
        session, actor, evaluation, criterion, text=body.text))


@api_route("/recommendations/{recommendation_id}/decision", "POST",
           summary="Accept or reject a recommendation", tags=TAGS, body=DecisionIn,
           response=RecommendationOut, errors=[403])
def decide_recommendation(session: Session, actor: User, recommendation_id: int,
                          body: DecisionIn) -> dict:
    """The lead accepts or rejects it, with a reason."""
    recommendation = service.get_recommendation(session, actor, recommendation_id)
    return shapes.recommendation(service.decide_recommendation(
        session, actor, recommendation, decision=body.decision, reason=body.reason))


@api_route("/processes/{process_id}/revision", "POST", summary="Start the revision",
           tags=TAGS, body=RevisionIn, response=ProcessRef, status=201, errors=[403, 409])
def start_revision(session: Session, actor: User, process_id: int, body: RevisionIn) -> dict:
    """Open the next cycle (lead, in `evaluation` or `closed`): a new process in agenda
    setting with the accepted recommendations as issues, the document as its draft and the
    indicators with their latest values as baselines."""
    process = get_process(session, actor, process_id)
    successor = service.start_revision(session, actor, current_app.extensions[
        "policycycle.catalog"], process, title=body.title)
    return {"id": successor.id, "title": successor.title, "state": successor.state}


@api_route("/processes/{process_id}/cycle", summary="The policies before and after",
           tags=TAGS, response=CycleOut)
def get_cycle(session: Session, actor: User, process_id: int) -> dict:
    """The policy this one revises, and the revision started from it."""
    process = get_process(session, actor, process_id)
    return shapes.cycle(service.cycle_of(session, process))


@api_route("/portfolio", summary="The portfolio of policies", tags=TAGS,
           query=PortfolioQuery, response=list[PortfolioRowOut])
def portfolio(session: Session, actor: User, query: PortfolioQuery) -> list[dict]:
    """Every policy the caller may see (administrators: all) with its stage, next deadline,
    planned budget and monitoring figures; `sort`, `direction` and `institution` filter."""
    rows = portfolio_service.portfolio(session, actor, institution=query.institution,
                                       sort=query.sort, direction=query.direction)
    return [shapes.portfolio_row(r) for r in rows]
