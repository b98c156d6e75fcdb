"""Evaluations of a policy against the OECD-DAC criteria, and the start of its next cycle.

An evaluation (mid-term or final) holds one entry per criterion: findings in
Markdown, a rating, recommendations and the evidence behind the findings (data
sources and deliverables of the process). The core group writes it; the lead
accepts or rejects each recommendation with a reason, and, once the policy is
in evaluation or closed, starts its revision: a new national-policy process in
agenda setting that carries over the accepted recommendations as its issues,
the document as its starting draft, and the objectives with their indicators,
whose latest values become the new baselines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from engine.catalog import Catalog, definition_of
from engine.db import utcnow
from engine.errors import Conflict, InvalidInput
from engine.i18n import msg
from engine.models import (
    CycleLink,
    DataSource,
    Deliverable,
    Evaluation,
    EvaluationCriterion,
    EvaluationEvidence,
    Indicator,
    IndicatorValue,
    Objective,
    ProblemAnalysis,
    Process,
    Recommendation,
    Revision,
    Section,
    User,
)
from engine.permissions import Action, authorize
from engine.services import audit, inputs, loading
from engine.services.processes import open_process
from engine.vocabulary import (
    EVALUATION_CRITERIA,
    EVALUATION_KINDS,
    EVALUATION_RATINGS,
    EVALUATION_STATES,
    REVISION_STATES,
)

MAX_FINDINGS = 20_000

# ------------------------------------------------------------------ reading


def list_evaluations(session: Session, process: Process) -> list[Evaluation]:
    """The process's evaluations, oldest first, with criteria, evidence and recommendations."""
    return list(session.scalars(
        select(Evaluation).where(Evaluation.process_id == process.id).order_by(Evaluation.id)))


def get_evaluation(session: Session, actor: User, evaluation_id: Any) -> Evaluation:
    return loading.get_item(session, actor, Evaluation, evaluation_id, "evaluation")


def get_recommendation(session: Session, actor: User, recommendation_id: Any) -> Recommendation:
    return loading.get_item(session, actor, Recommendation, recommendation_id, "recommendation",
                            process_id=lambda r: r.criterion.evaluation.process_id)


@dataclass(frozen=True)
class Cycle:
    """The policies before and after this one in the cycle (None: none)."""

    previous: Process | None
    next: Process | None


def cycle_of(session: Session, process: Process) -> Cycle:
    """Which policy this one revises and which revises it, in one query."""
    links = session.scalars(select(CycleLink).where(
        or_(CycleLink.previous_id == process.id, CycleLink.next_id == process.id))).all()
    previous = next((link.previous_id for link in links if link.next_id == process.id), None)
    following = next((link.next_id for link in links if link.previous_id == process.id), None)
    ids = [i for i in (previous, following) if i is not None]
    found = {p.id: p for p in session.scalars(select(Process).where(Process.id.in_(ids)))} if ids else {}
    return Cycle(found.get(previous) if previous else None,
                 found.get(following) if following else None)


# ------------------------------------------------------------------ writing


def name_of(evaluation: Evaluation) -> str:
    """The evaluation's title, or (untitled) the English name of its kind."""
    return evaluation.title or EVALUATION_KINDS[evaluation.kind]


def _named(evaluation: Evaluation) -> dict[str, str]:
    return {"evaluation": evaluation.title, "kind": evaluation.kind}


def _process(session: Session, evaluation: Evaluation) -> Process:
    return loading.process_of(session, evaluation.process_id)


def _criterion(evaluation: Evaluation, key: Any) -> EvaluationCriterion:
    key = inputs.choice(key, "criterion", EVALUATION_CRITERIA)
    return next(c for c in evaluation.criteria if c.criterion == key)


def create_evaluation(
    session: Session, actor: User, process: Process, *, kind: Any, title: Any = None,
    evaluator: Any = None, completed_on: Any = None,
) -> Evaluation:
    """Open a mid-term or final evaluation with an empty entry for each criterion."""
    authorize(session, actor, Action.EDIT, process)
    kind = inputs.choice(kind, "kind", EVALUATION_KINDS)
    title = inputs.text(title, "title", required=False)  # empty: named after its kind
    evaluator = inputs.optional_text(evaluator, "evaluator", max_length=300)
    completed = inputs.a_date(completed_on, "completed_on")
    if process.state not in EVALUATION_STATES:
        raise Conflict(msg("A policy is evaluated once its implementation has started."),
                       {"state": process.state})
    evaluation = Evaluation(process_id=process.id, kind=kind, title=title, evaluator=evaluator,
                            completed_on=completed, created_by_id=actor.id)
    # Empty collections set here are known to be empty: reading them needs no query.
    evaluation.criteria = [EvaluationCriterion(criterion=key, position=position, findings="",
                                               evidence=[], recommendations=[])
                           for position, key in enumerate(EVALUATION_CRITERIA)]
    session.add(evaluation)
    session.flush()
    audit.record(session, actor, "evaluation.created",
                 f"Evaluation “{title or EVALUATION_KINDS[kind]}” opened",
                 process=process, subject=evaluation, data={"kind": kind, "title": title})
    return evaluation


def update_criterion(
    session: Session, actor: User, evaluation: Evaluation, criterion: Any, **changes: Any
) -> EvaluationCriterion:
    """Write the findings (Markdown) and/or the rating of one criterion."""
    process = _process(session, evaluation)
    authorize(session, actor, Action.EDIT, process)
    unknown = set(changes) - {"findings", "rating"}
    if unknown:
        raise InvalidInput(msg("Unknown fields: %(fields)s.", fields=", ".join(sorted(unknown))),
                           dict.fromkeys(sorted(unknown), msg("unknown field")))
    entry = _criterion(evaluation, criterion)
    before = {"findings": entry.findings, "rating": entry.rating}
    if "findings" in changes:
        entry.findings = inputs.text(changes["findings"], "findings", max_length=MAX_FINDINGS,
                                     required=False)
    if "rating" in changes:
        rating = changes["rating"]
        entry.rating = (None if rating in (None, "")
                        else inputs.choice(rating, "rating", EVALUATION_RATINGS))
    after = {"findings": entry.findings, "rating": entry.rating}
    if after != before:
        entry.updated_at = utcnow()
        session.flush()
        audit.record(session, actor, "evaluation.criterion",
                     f"Evaluation “{name_of(evaluation)}”: {entry.criterion} updated",
                     process=process, subject=entry,
                     data={**_named(evaluation), "criterion": entry.criterion,
                           "rating": entry.rating})
    return entry


def add_evidence(
    session: Session, actor: User, evaluation: Evaluation, criterion: Any, *,
    data_source_id: Any = None, deliverable_id: Any = None, note: Any = None,
) -> EvaluationEvidence:
    """Back a criterion's findings with a data source or a deliverable of the same process."""
    process = _process(session, evaluation)
    authorize(session, actor, Action.EDIT, process)
    entry = _criterion(evaluation, criterion)
    if (data_source_id in (None, "")) == (deliverable_id in (None, "")):
        raise InvalidInput(msg("Cite either a data source or a deliverable."),
                           {"data_source_id": msg("give one of data_source_id, deliverable_id")})
    source = _owned(session, DataSource, data_source_id, process, "data_source_id")
    deliverable = _owned(session, Deliverable, deliverable_id, process, "deliverable_id")
    item = EvaluationEvidence(criterion_id=entry.id, data_source=source, deliverable=deliverable,
                              note=inputs.optional_text(note, "note", max_length=2000))
    entry.evidence.append(item)
    session.flush()
    cited = source.name if source is not None else deliverable.title  # type: ignore[union-attr]
    audit.record(session, actor, "evaluation.evidence",
                 f"Evaluation “{name_of(evaluation)}”: {entry.criterion} cites “{cited}”",
                 process=process, subject=item,
                 data={**_named(evaluation), "criterion": entry.criterion, "cited": cited})
    return item


def _owned(session: Session, model: type[Any], value: Any, process: Process, field: str) -> Any:
    if value in (None, ""):
        return None
    try:
        item = session.get(model, int(value))
    except (TypeError, ValueError):
        item = None
    if item is None or item.process_id != process.id:
        raise InvalidInput(msg("Nothing of this process has that id."), {field: msg("unknown")})
    return item


def add_recommendation(
    session: Session, actor: User, evaluation: Evaluation, criterion: Any, *, text: Any,
) -> Recommendation:
    """Add a recommendation under one criterion; it waits for the lead's decision."""
    process = _process(session, evaluation)
    authorize(session, actor, Action.EDIT, process)
    entry = _criterion(evaluation, criterion)
    recommendation = Recommendation(text=inputs.text(text, "text", max_length=5000),
                                    decision="pending")
    entry.recommendations.append(recommendation)
    session.flush()
    audit.record(session, actor, "evaluation.recommendation",
                 f"Recommendation added to “{name_of(evaluation)}”", process=process,
                 subject=recommendation,
                 data={**_named(evaluation), "criterion": entry.criterion,
                       "text": recommendation.text})
    return recommendation


def decide_recommendation(
    session: Session, actor: User, recommendation: Recommendation, *, decision: Any, reason: Any,
) -> Recommendation:
    """Accept or reject a recommendation, saying why (lead only)."""
    evaluation = recommendation.criterion.evaluation
    process = _process(session, evaluation)
    authorize(session, actor, Action.MANAGE, process)
    decision = inputs.choice(decision, "decision", ("accepted", "rejected"))
    reason = inputs.text(reason, "reason", max_length=5000)
    before = recommendation.decision
    recommendation.decision = decision
    recommendation.reason = reason
    recommendation.decided_by = actor
    recommendation.decided_at = utcnow()
    session.flush()
    audit.record(session, actor, "evaluation.decided",
                 f"Recommendation {decision}: {recommendation.text[:80]}", process=process,
                 subject=recommendation,
                 data={"text": recommendation.text, "before": before, "decision": decision,
                       "reason": reason})
    return recommendation


# ------------------------------------------------------------------ the next cycle


@dataclass(frozen=True)
class LatestValue:
    value: str
    period: str | None


def latest_indicator_values(session: Session, process_id: int) -> dict[int, LatestValue]:
    """The most recent recorded value of each indicator of the process, by indicator id.

    Values per period are kept by ``IndicatorValue`` (the monitoring of implementation);
    an indicator without one keeps its own baseline in the carry-over.
    """
    rows = session.execute(
        select(IndicatorValue.indicator_id, IndicatorValue.value, IndicatorValue.period)
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .join(Objective, Objective.id == Indicator.objective_id)
        .where(Objective.process_id == process_id)
        .order_by(IndicatorValue.indicator_id, IndicatorValue.period,
                  IndicatorValue.recorded_at)
    ).all()
    latest: dict[int, LatestValue] = {}
    for indicator_id, value, period in rows:  # the last row of each indicator wins
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        latest[indicator_id] = LatestValue(shown, str(period) if period is not None else None)
    return latest


def start_revision(
    session: Session, actor: User, catalog: Catalog, process: Process, *, title: Any = None,
) -> Process:
    """Open the next cycle of an evaluated policy (lead only, once per policy)."""
    authorize(session, actor, Action.MANAGE, process)
    title = inputs.text(title, "title", required=False) or process.title
    if process.state not in REVISION_STATES:
        raise Conflict(msg("A policy is revised once it has been evaluated."),
                       {"state": process.state})
    if session.scalar(select(CycleLink.id).where(CycleLink.previous_id == process.id)):
        raise Conflict(msg("The revision of this policy has already started."))
    lead = process.lead
    successor = open_process(
        session, actor, catalog, title=title, workflow=definition_of(process).key,
        country=process.country,
        requesting_institution_id=(lead.institution_id if lead is not None
                                   else process.requesting_institution_id),
        document_language=process.document_language,
    )
    evaluations = list_evaluations(session, process)
    issues = _carry_issues(session, process, successor, evaluations)
    sections = _carry_document(session, actor, process, successor)
    indicators = _carry_indicators(session, process, successor)
    final = next((e for e in reversed(evaluations) if e.kind == "final"), None)
    chosen = final or (evaluations[-1] if evaluations else None)
    session.add(CycleLink(previous_id=process.id, next_id=successor.id,
                          evaluation_id=chosen.id if chosen else None, created_by_id=actor.id))
    session.flush()
    carried = {"process": successor.id, "title": successor.title, "issues": issues,
               "sections": sections, "indicators": indicators}
    audit.record(session, actor, "cycle.revision_started",
                 f"Revision started as process {successor.id}", process=process,
                 subject=successor, data=carried)
    audit.record(session, actor, "cycle.carried_over",
                 f"Carried over from process {process.id}", process=successor,
                 subject=process, data={**carried, "process": process.id,
                                        "title": process.title})
    return successor


def _carry_issues(session: Session, process: Process, successor: Process,
                  evaluations: list[Evaluation]) -> int:
    """The accepted recommendations become the issues of the new agenda (the problem analysis)."""
    accepted = [r for e in evaluations for c in e.criteria for r in c.recommendations
                if r.decision == "accepted"]
    if not accepted:
        return 0
    text = "\n".join("- " + re.sub(r"\s+", " ", r.text).strip() for r in accepted)
    session.add(ProblemAnalysis(process_id=successor.id, stage_key=successor.state,
                                problem_statement=text, rationale="", vision=""))
    return len(accepted)


def _carry_document(session: Session, actor: User, process: Process, successor: Process) -> int:
    """Each section's latest text becomes revision 1 of the matching section of the new draft."""
    old = list(session.scalars(select(Section).where(
        Section.process_id == process.id, Section.deleted_at.is_(None))
        .order_by(Section.parent_id.is_not(None), Section.position, Section.id)))
    new_by_key = {s.key: s for s in session.scalars(
        select(Section).where(Section.process_id == successor.id)) if s.key}
    mapped: dict[int, Section] = {}
    pending = list(old)
    carried = 0
    while pending:  # parents before children, whatever the depth
        waiting = []
        for section in pending:
            if section.parent_id is not None and section.parent_id not in mapped and any(
                    s.id == section.parent_id for s in old):
                waiting.append(section)
                continue
            target = new_by_key.get(section.key) if section.key else None
            if target is None:
                parent = mapped.get(section.parent_id) if section.parent_id else None
                target = Section(process_id=successor.id, parent_id=parent.id if parent else None,
                                 key=section.key, stage_key=section.stage_key,
                                 title=section.title, position=section.position)
                session.add(target)
                session.flush()
            mapped[section.id] = target
            if section.body:
                target.body = section.body
                target.revision = 1
                session.add(Revision(section_id=target.id, number=1, body=section.body,
                                     base_revision=0, kind="save", author_id=actor.id,
                                     note=f"Carried over from process {process.id}"))
                carried += 1
        if len(waiting) == len(pending):
            break
        pending = waiting
    session.flush()
    return carried


def _carry_indicators(session: Session, process: Process, successor: Process) -> int:
    """Objectives and their indicators, each indicator's latest value as its new baseline."""
    latest = latest_indicator_values(session, process.id)
    objectives = list(session.scalars(select(Objective).where(Objective.process_id == process.id)
                                      .order_by(Objective.id)))
    copies: dict[int, Objective] = {}
    count = 0
    for objective in objectives:
        parent = copies.get(objective.parent_id) if objective.parent_id else None
        copy = Objective(process_id=successor.id, parent=parent, stage_key=objective.stage_key,
                         title=objective.title, description=objective.description,
                         ndp_reference=objective.ndp_reference)
        session.add(copy)
        copies[objective.id] = copy
        for indicator in objective.indicators:
            found = latest.get(indicator.id)
            baseline, year = indicator.baseline, indicator.baseline_year
            if found is not None:
                baseline = found.value
                year = _year(found.period) or year
            copy.indicators.append(Indicator(
                name=indicator.name, unit=indicator.unit, baseline=baseline,
                baseline_year=year, target=indicator.target, target_year=indicator.target_year))
            count += 1
    session.flush()
    return count


def _year(period: str | None) -> int | None:
    match = re.match(r"(\d{4})", period or "")
    return int(match.group(1)) if match else None

