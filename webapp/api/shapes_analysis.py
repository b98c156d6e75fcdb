"""Records of the structured analysis as the API shows them (data sources, SWOT, problem,
objectives, criteria, options, instruments, measures, budget, risks, responses).

The other records' shapes are in ``webapp/api/shapes.py``.
"""

from __future__ import annotations

from typing import Any

from engine.models import Process


def _scores(item: Any) -> list[dict[str, Any]]:
    return [{"criterion_id": s.criterion_id, "score": s.score} for s in item.scores]


def data_source(item: Any) -> dict[str, Any]:
    from engine.services.analysis.inventory import quality_average
    from engine.vocabulary import COVERAGE_DIMENSIONS, ESS_DIMENSIONS

    quality = item.quality or {}
    return {
        "id": item.id,
        "process_id": item.process_id,
        "stage": item.stage_key,
        "source_type": item.source_type,
        "name": item.name,
        "custodian": item.custodian,
        "coverage": {d: item.coverage(d) for d in COVERAGE_DIMENSIONS},
        "quality": {d: {"rating": quality[d].get("rating"), "note": quality[d].get("note")}
                    for d in ESS_DIMENSIONS if d in quality},
        "quality_average": quality_average(item),
        "residence_definition": item.residence_definition,
        "length_of_stay": item.length_of_stay,
        "gaps": item.gaps,
        "created_at": item.created_at,
        "updated_at": item.updated_at,
    }


def swot_item(item: Any) -> dict[str, Any]:
    return {"id": item.id, "process_id": item.process_id, "stage": item.stage_key,
            "quadrant": item.quadrant, "text": item.text, "created_at": item.created_at}


def problem(process: Process, item: Any, swot: dict[str, list[Any]],
            citations: list[Any]) -> dict[str, Any]:
    return {
        "process_id": process.id,
        "stage": item.stage_key if item is not None else None,
        "problem_statement": item.problem_statement if item is not None else "",
        "rationale": item.rationale if item is not None else "",
        "vision": item.vision if item is not None else "",
        "updated_at": item.updated_at if item is not None else None,
        "swot": {quadrant: [swot_item(i) for i in items] for quadrant, items in swot.items()},
        "citations": list(citations),
    }


def objective(item: Any, number: str) -> dict[str, Any]:
    return {
        "id": item.id,
        "process_id": item.process_id,
        "parent_id": item.parent_id,
        "level": item.level,
        "number": number,
        "stage": item.stage_key,
        "title": item.title,
        "description": item.description,
        "ndp_reference": item.ndp_reference,
        "indicators": list(item.indicators),
        "created_at": item.created_at,
        "updated_at": item.updated_at,
    }


def criterion(item: Any) -> dict[str, Any]:
    return {"id": item.id, "process_id": item.process_id, "scope": item.scope,
            "stage": item.stage_key, "name": item.name, "description": item.description,
            "weight": item.weight}


def scored_item(item: Any, weighted: Any) -> dict[str, Any]:
    return {"id": item.id, "title": item.title, "scores": _scores(item),
            "weighted_score": weighted.score, "scored_on_all": weighted.complete}


def option(item: Any, weighted: Any, appraised: bool) -> dict[str, Any]:
    return {
        "id": item.id,
        "process_id": item.process_id,
        "objective_id": item.objective_id,
        "stage": item.stage_key,
        "title": item.title,
        "description": item.description,
        "costs": item.costs,
        "benefits": item.benefits,
        "feasibility": item.feasibility,
        "viability": item.viability,
        "assumptions": item.assumptions,
        "risks": item.risks,
        "chosen": item.chosen,
        "justification": item.justification,
        "scores": _scores(item),
        "weighted_score": weighted.score,
        "appraised": appraised,
        "created_at": item.created_at,
        "updated_at": item.updated_at,
    }


def instrument(item: Any, weighted: Any, rank: int | None) -> dict[str, Any]:
    return {
        "id": item.id,
        "process_id": item.process_id,
        "option_id": item.option_id,
        "stage": item.stage_key,
        "family": item.family,
        "title": item.title,
        "description": item.description,
        "lead_institution": item.lead_institution,
        "implementing_institutions": list(item.implementing_institutions),
        "resources": item.resources,
        "scores": _scores(item),
        "weighted_score": weighted.score,
        "rank": rank,
        "created_at": item.created_at,
        "updated_at": item.updated_at,
    }


def measure(item: Any) -> dict[str, Any]:
    return {
        "id": item.id,
        "process_id": item.process_id,
        "stage": item.stage_key,
        "title": item.title,
        "description": item.description,
        "instrument_id": item.instrument_id,
        "objective_id": item.objective_id,
        "responsible": item.responsible,
        "partners": list(item.partners),
        "start_on": item.start_on,
        "end_on": item.end_on,
        "indicator_id": item.indicator_id,
        "output_indicator": item.output_indicator,
        "indicator": item.indicator_text,
        "budget": f"{item.budget:.2f}" if item.budget is not None else None,
        "funding_source": item.funding_source,
        "no_cost": bool(item.no_cost),
        "created_at": item.created_at,
        "updated_at": item.updated_at,
    }


def budget(totals: Any, default_currency: str = "EUR") -> dict[str, Any]:
    def amounts(per: dict[Any, Any]) -> list[dict[str, Any]]:
        keys = [*totals.years, *([None] if None in per else [])]
        return [{"year": y, "amount": f"{per[y]:.2f}"} for y in keys if y in per]

    return {
        "years": list(totals.years),
        "rows": [{"institution": name, "by_year": amounts(per), "total": f"{total:.2f}"}
                 for name, per, total in totals.rows],
        "by_year": amounts(totals.by_year),
        "total": f"{totals.total:.2f}",
        "unbudgeted": totals.unbudgeted,
        "currency": totals.currency or default_currency,
    }


def risk(item: Any) -> dict[str, Any]:
    from engine.services.analysis.risks import level

    return {
        "id": item.id,
        "process_id": item.process_id,
        "stage": item.stage_key,
        "title": item.title,
        "description": item.description,
        "category": item.category,
        "likelihood": item.likelihood,
        "impact": item.impact,
        "score": item.score,
        "level": level(item.score),
        "mitigation": item.mitigation,
        "owner_user": item.owner_user,
        "owner_institution": item.owner_institution,
        "status": item.status,
        "created_at": item.created_at,
        "updated_at": item.updated_at,
    }


def response(item: Any) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "stage": item.stage_key,
        "origin": item.origin,
        "held_on": item.held_on,
        "source": item.source,
        "said": item.said,
        "disposition": item.disposition,
        "disposition_label": item.disposition_label,
        "reason": item.reason,
        "section_id": item.section_id,
        "section_title": item.section_title,
        "revision": item.revision,
        "decided_by": item.decided_by,
        "decided_at": item.decided_at,
    }
