"""API shapes after the decision: adoption, evaluations, the cycle, the portfolio."""

from __future__ import annotations

from typing import Any

from flask import url_for

from engine.models import (
    AdoptionRecord,
    Evaluation,
    EvaluationCriterion,
    EvaluationEvidence,
    Recommendation,
)
from engine.services.evaluations import Cycle
from engine.services.portfolio import PortfolioRow
from engine.text.markdown import render_markdown


def adoption(item: AdoptionRecord) -> dict[str, Any]:
    return {"id": item.id, "process_id": item.process_id, "body": item.body,
            "act_type": item.act_type, "act_reference": item.act_reference,
            "adopted_on": item.adopted_on, "published_in": item.published_in,
            "sections": item.sections, "file_sha256": item.file_sha256,
            "file_name": item.file_name, "file_size": item.file_size,
            "file_url": url_for("api.adopted_text_file", process_id=item.process_id),
            "recorded_by": item.recorded_by, "recorded_at": item.recorded_at}


def recommendation(item: Recommendation, criterion: EvaluationCriterion | None = None
                   ) -> dict[str, Any]:
    criterion = criterion or item.criterion
    return {"id": item.id, "evaluation_id": criterion.evaluation_id,
            "criterion": criterion.criterion, "text": item.text, "decision": item.decision,
            "reason": item.reason, "decided_by": item.decided_by, "decided_at": item.decided_at}


def evidence(item: EvaluationEvidence) -> dict[str, Any]:
    return {"id": item.id,
            "kind": "data_source" if item.data_source is not None else "deliverable",
            "item_id": item.data_source_id or item.deliverable_id,
            "title": item.data_source.name if item.data_source is not None
            else (item.deliverable.title if item.deliverable is not None else ""),
            "note": item.note}


def criterion(item: EvaluationCriterion) -> dict[str, Any]:
    return {"id": item.id, "criterion": item.criterion, "findings": item.findings,
            "findings_html": render_markdown(item.findings or ""), "rating": item.rating,
            "evidence": [evidence(e) for e in item.evidence],
            "recommendations": [recommendation(r, item) for r in item.recommendations]}


def evaluation(item: Evaluation) -> dict[str, Any]:
    return {"id": item.id, "process_id": item.process_id, "kind": item.kind, "title": item.title or None,
            "evaluator": item.evaluator, "completed_on": item.completed_on,
            "created_at": item.created_at, "criteria": [criterion(c) for c in item.criteria]}


def cycle(found: Cycle) -> dict[str, Any]:
    def ref(process: Any) -> dict[str, Any] | None:
        return None if process is None else {"id": process.id, "title": process.title,
                                             "state": process.state}
    return {"previous": ref(found.previous), "next": ref(found.next)}


def portfolio_row(row: PortfolioRow) -> dict[str, Any]:
    return {"id": row.id, "title": row.title, "country": row.country, "workflow": row.workflow,
            "state": row.state, "stage_title": str(row.stage_title),
            "requesting_institution_id": row.institution_id,
            "requesting_institution": row.institution, "next_deadline": row.next_deadline,
            "next_deadline_kind": row.next_deadline_kind, "overdue": row.overdue,
            "currency": row.currency, "budget_planned": row.budget_planned,
            "budget_spent": row.budget_spent, "measures_delayed": row.measures_delayed,
            "indicators_off_track": row.indicators_off_track}
