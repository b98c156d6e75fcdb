"""The formulated problem: statement, SWOT, rationale and vision, with the evidence each cites."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.errors import InvalidInput
from engine.i18n import msg
from engine.models import (
    DataSource,
    Deliverable,
    EvidenceCitation,
    ProblemAnalysis,
    Process,
    SwotItem,
    User,
)
from engine.services import inputs, loading
from engine.services.analysis import common
from engine.text.excerpt import excerpt
from engine.vocabulary import PROBLEM_FIELDS, SWOT_QUADRANTS

PROBLEM_TEXTS = tuple(PROBLEM_FIELDS)
SINGULAR = {"strength": "Strength", "weakness": "Weakness", "opportunity": "Opportunity",
            "threat": "Threat"}


def get_problem(session: Session, process: Process) -> ProblemAnalysis | None:
    """The problem analysis of the process, if anybody wrote one."""
    return session.scalar(select(ProblemAnalysis).where(ProblemAnalysis.process_id == process.id))


def save_problem(session: Session, actor: User, process: Process, **changes: Any) -> ProblemAnalysis:
    """Write the problem statement, rationale and/or vision (only the fields given change)."""
    common.can_edit(session, actor, process)
    common.unknown_fields(changes, (*PROBLEM_TEXTS, "stage"))
    problem = get_problem(session, process)
    created = problem is None
    if problem is None:
        problem = ProblemAnalysis(process_id=process.id,
                                  stage_key=common.stage_for(process, changes.get("stage")),
                                  problem_statement="", rationale="", vision="")
        session.add(problem)
    before = None if created else snapshot(problem)
    for name in PROBLEM_TEXTS:
        if name in changes:
            setattr(problem, name, common.long_text(changes[name], name))
    if "stage" in changes and not created:
        problem.stage_key = common.stage_for(process, changes["stage"])
    after = snapshot(problem)
    if created or after != before:
        common.touch(problem)
        session.flush()
        common.record(session, actor, process,
                      "analysis.problem.created" if created else "analysis.problem.updated",
                      "Problem analysis written" if created else "Problem analysis updated",
                      problem, before=before, after=after)
    return problem


def snapshot(problem: ProblemAnalysis) -> dict[str, Any]:
    return {"stage": problem.stage_key, **{name: getattr(problem, name) for name in PROBLEM_TEXTS}}


# ------------------------------------------------------------------ SWOT


def list_swot(session: Session, process: Process) -> dict[str, list[SwotItem]]:
    """The four SWOT lists, in the order the items were written."""
    result: dict[str, list[SwotItem]] = {q: [] for q in SWOT_QUADRANTS}
    for item in session.scalars(
        select(SwotItem).where(SwotItem.process_id == process.id).order_by(SwotItem.id)
    ):
        result.setdefault(item.quadrant, []).append(item)
    return result


def get_swot_item(session: Session, actor: User | None, item_id: Any) -> SwotItem:
    return loading.get_item(session, actor, SwotItem, item_id, "SWOT item")


def add_swot_item(session: Session, actor: User, process: Process, *, quadrant: Any, text: Any,
                  stage: Any = None) -> SwotItem:
    common.can_edit(session, actor, process)
    item = SwotItem(process_id=process.id, stage_key=common.stage_for(process, stage),
                    quadrant=inputs.choice(quadrant, "quadrant", SWOT_QUADRANTS),
                    text=inputs.text(text, "text", max_length=5000))
    session.add(item)
    session.flush()
    common.record(session, actor, process, "analysis.swot.created",
                  f"{SINGULAR[item.quadrant]} added: “{excerpt(item.text)}”",
                  item, after=_swot_snapshot(item))
    return item


def update_swot_item(session: Session, actor: User, item: SwotItem, **changes: Any) -> SwotItem:
    process = loading.process_of(session, item.process_id)
    common.can_edit(session, actor, process)
    common.unknown_fields(changes, ("quadrant", "text"))
    with common.recorded_update(session, actor, process, item, _swot_snapshot,
                                "analysis.swot.updated",
                                lambda i: f"SWOT item changed: “{excerpt(i.text)}”"):
        if "quadrant" in changes:
            item.quadrant = inputs.choice(changes["quadrant"], "quadrant", SWOT_QUADRANTS)
        if "text" in changes:
            item.text = inputs.text(changes["text"], "text", max_length=5000)
    return item


def delete_swot_item(session: Session, actor: User, item: SwotItem) -> None:
    process = loading.process_of(session, item.process_id)
    common.can_edit(session, actor, process)
    before = _swot_snapshot(item)
    for citation in session.scalars(
        select(EvidenceCitation).where(EvidenceCitation.swot_item_id == item.id)
    ):
        session.delete(citation)
    common.record(session, actor, process, "analysis.swot.deleted",
                  f"SWOT item removed: “{excerpt(item.text)}”", item, before=before)
    session.delete(item)
    session.flush()


def _swot_snapshot(item: SwotItem) -> dict[str, Any]:
    return {"stage": item.stage_key, "quadrant": item.quadrant, "text": item.text}


# ------------------------------------------------------------------ evidence


def list_citations(session: Session, process: Process) -> list[EvidenceCitation]:
    return list(session.scalars(
        select(EvidenceCitation).where(EvidenceCitation.process_id == process.id)
        .order_by(EvidenceCitation.id)
    ))


def citations_by_claim(session: Session, process: Process) -> dict[str, list[EvidenceCitation]]:
    """Citations keyed by claim: ``swot:<id>`` or the name of a problem text."""
    result: dict[str, list[EvidenceCitation]] = {}
    for citation in list_citations(session, process):
        result.setdefault(claim_key(citation), []).append(citation)
    return result


def claim_key(citation: EvidenceCitation) -> str:
    return f"swot:{citation.swot_item_id}" if citation.swot_item_id else str(citation.field)


def get_citation(session: Session, actor: User | None, citation_id: Any) -> EvidenceCitation:
    return loading.get_item(session, actor, EvidenceCitation, citation_id, "citation")


def add_citation(
    session: Session,
    actor: User,
    process: Process,
    *,
    claim: Any = None,
    swot_item_id: Any = None,
    field: Any = None,
    data_source_id: Any = None,
    deliverable_id: Any = None,
    note: Any = None,
) -> EvidenceCitation:
    """Cite an inventory source or a deliverable as evidence for a claim.

    The claim is a SWOT item (``swot_item_id``) or a problem text (``field``:
    problem_statement, rationale, vision); ``claim`` accepts either written as
    ``"swot:<id>"`` or the field name. Give exactly one of ``data_source_id``
    and ``deliverable_id``.
    """
    common.can_edit(session, actor, process)
    if claim not in (None, ""):
        if not isinstance(claim, str):
            raise InvalidInput(msg("claim must be text."), {"claim": msg("must be text")})
        if claim.startswith("swot:"):
            swot_item_id = claim[5:]
        else:
            field = claim
    if (swot_item_id in (None, "")) == (field in (None, "")):
        raise InvalidInput(msg("Say what the evidence supports: one SWOT item or one problem text."),
                           {"claim": msg("give a SWOT item or a field")})
    swot = common.ref(session, SwotItem, swot_item_id, "swot_item_id", "SWOT item", process)
    field_name = inputs.choice(field, "field", PROBLEM_FIELDS) if swot is None else None
    if (data_source_id in (None, "")) == (deliverable_id in (None, "")):
        raise InvalidInput(msg("Cite one inventory source or one deliverable."),
                           {"evidence": msg("give a data source or a deliverable")})
    source = common.ref(session, DataSource, data_source_id, "data_source_id", "data source",
                        process)
    deliverable = common.ref(session, Deliverable, deliverable_id, "deliverable_id",
                             "deliverable", process)
    citation = EvidenceCitation(
        process_id=process.id, swot_item=swot, field=field_name, data_source=source,
        deliverable=deliverable, note=inputs.optional_text(note, "note", max_length=2000),
    )
    session.add(citation)
    session.flush()
    common.record(session, actor, process, "analysis.citation.created",
                  f"Evidence cited for {claim_label(citation)}: {evidence_label(citation)}",
                  citation, after=citation_snapshot(citation), stage=process.working_stage)
    return citation


def delete_citation(session: Session, actor: User, citation: EvidenceCitation) -> None:
    process = loading.process_of(session, citation.process_id)
    common.can_edit(session, actor, process)
    common.record(session, actor, process, "analysis.citation.deleted",
                  f"Citation removed from {claim_label(citation)}: {evidence_label(citation)}",
                  citation, before=citation_snapshot(citation),
                  stage=process.working_stage)
    session.delete(citation)
    session.flush()


def claim_label(citation: EvidenceCitation) -> str:
    if citation.swot_item is not None:
        return f"“{excerpt(citation.swot_item.text, 50)}”"
    return PROBLEM_FIELDS.get(citation.field or "", citation.field or "").lower()


def evidence_label(citation: EvidenceCitation) -> str:
    if citation.data_source is not None:
        return citation.data_source.name
    if citation.deliverable is not None:
        return citation.deliverable.title
    return ""


def citation_snapshot(citation: EvidenceCitation) -> dict[str, Any]:
    return {
        "claim": citation.swot_item.text if citation.swot_item is not None else citation.field,
        "data_source": citation.data_source.name if citation.data_source else None,
        "deliverable": citation.deliverable.title if citation.deliverable else None,
        "note": citation.note,
    }
