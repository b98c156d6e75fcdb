"""The analysis records in the process archive (``engine.archive``), one part per table.

Records refer to each other by archive refs, named after their model
(``policyoption-2``) so that the history's subjects resolve too. The parts
are registered in dependency order when this module is imported, which
``engine.composition`` does.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.archive import Refs, register_part
from engine.archive import iso as _iso
from engine.archive import user_email as _email
from engine.archive import user_id_by_email as _user_id
from engine.errors import InvalidInput
from engine.i18n import msg
from engine.models import (
    AnalysisComment,
    AppraisalCriterion,
    DataSource,
    EvidenceCitation,
    Indicator,
    Institution,
    Instrument,
    InstrumentImplementer,
    InstrumentScore,
    Measure,
    MeasurePartner,
    Objective,
    OptionScore,
    PolicyOption,
    ProblemAnalysis,
    Process,
    Risk,
    SwotItem,
)

Rows = list[dict[str, Any]]

# Archive ref kind of each commented item type.
ITEM_REF_KINDS = {
    "data_source": "datasource", "problem": "problemanalysis", "objective": "objective",
    "option": "policyoption", "instrument": "instrument", "measure": "measure", "risk": "risk",
}


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _rows(session: Session, model: type[Any], process: Process) -> list[Any]:
    return list(session.scalars(
        select(model).where(model.process_id == process.id).order_by(model.id)
    ))


def _inst(refs: Refs, institution_id: int | None) -> str | None:
    return refs.name("institution", institution_id)


# ------------------------------------------------------------------ institutions


def _referenced_institutions(session: Session, process: Process) -> list[int]:
    """Institutions the analysis names, in the order records name them."""
    found: list[int | None] = []
    for source in _rows(session, DataSource, process):
        found.append(source.custodian_id)
    for instrument in _rows(session, Instrument, process):
        found.append(instrument.lead_institution_id)
        found.extend(link.institution_id for link in instrument.implementers)
    for measure in _rows(session, Measure, process):
        found.append(measure.responsible_id)
        found.extend(link.institution_id for link in measure.partner_links)
    for risk in _rows(session, Risk, process):
        found.append(risk.owner_institution_id)
    return list(dict.fromkeys(i for i in found if i is not None))


def dump_institutions(session: Session, process: Process, refs: Refs) -> Rows:
    """Every institution the analysis names, with its parents (the core list may lack them)."""
    ordered: list[Institution] = []
    for institution_id in _referenced_institutions(session, process):
        institution = session.get(Institution, institution_id)
        assert institution is not None
        for node in institution.path:
            if node not in ordered:
                refs.name("institution", node.id)
                ordered.append(node)
    ordered.sort(key=lambda i: len(i.path))  # stable: parents before children
    return [
        {"id": i.id, "ref": refs.name("institution", i.id), "name": i.name, "kind": i.kind,
         "country": i.country, "parent": refs.name("institution", i.parent_id)}
        for i in ordered
    ]


def load_institutions(session: Session, process: Process, rows: Rows, refs: Refs) -> None:
    for data in rows:
        if ("institution", data["ref"]) in refs.to_id:
            continue
        parent_id = refs.id("institution", data["parent"])
        existing = session.scalar(select(Institution).where(
            Institution.name == data["name"],
            Institution.parent_id == parent_id if parent_id else Institution.parent_id.is_(None),
        ))
        if existing is None:
            existing = Institution(name=data["name"], kind=data["kind"], country=data["country"],
                                   parent_id=parent_id)
            session.add(existing)
            session.flush()
        refs.bind("institution", data["ref"], existing.id)


# ------------------------------------------------------------------ evidence and problem


def dump_sources(session: Session, process: Process, refs: Refs) -> Rows:
    return [
        {"id": s.id, "ref": refs.name("datasource", s.id), "stage": s.stage_key,
         "source_type": s.source_type, "name": s.name, "custodian": _inst(refs, s.custodian_id),
         "coverage": {"immigration_flow": s.immigration_flow, "emigration_flow": s.emigration_flow,
                      "immigrant_stock": s.immigrant_stock, "emigrant_stock": s.emigrant_stock},
         "quality": s.quality or {}, "residence_definition": s.residence_definition,
         "length_of_stay": s.length_of_stay, "gaps": s.gaps,
         "created_at": _iso(s.created_at), "updated_at": _iso(s.updated_at)}
        for s in _rows(session, DataSource, process)
    ]


def load_sources(session: Session, process: Process, rows: Rows, refs: Refs) -> None:
    for data in rows:
        source = DataSource(
            process_id=process.id, stage_key=data["stage"], source_type=data["source_type"],
            name=data["name"], custodian_id=refs.id("institution", data["custodian"]),
            quality=data["quality"], residence_definition=data["residence_definition"],
            length_of_stay=data["length_of_stay"], gaps=data["gaps"],
            created_at=_dt(data["created_at"]), updated_at=_dt(data["updated_at"]),
            **data["coverage"])
        session.add(source)
        session.flush()
        refs.bind("datasource", data["ref"], source.id)


def dump_problem(session: Session, process: Process, refs: Refs) -> Rows:
    return [
        {"id": p.id, "ref": refs.name("problemanalysis", p.id), "stage": p.stage_key,
         "problem_statement": p.problem_statement, "rationale": p.rationale, "vision": p.vision,
         "created_at": _iso(p.created_at), "updated_at": _iso(p.updated_at)}
        for p in _rows(session, ProblemAnalysis, process)
    ]


def load_problem(session: Session, process: Process, rows: Rows, refs: Refs) -> None:
    for data in rows:
        problem = ProblemAnalysis(
            process_id=process.id, stage_key=data["stage"],
            problem_statement=data["problem_statement"], rationale=data["rationale"],
            vision=data["vision"], created_at=_dt(data["created_at"]),
            updated_at=_dt(data["updated_at"]))
        session.add(problem)
        session.flush()
        refs.bind("problemanalysis", data["ref"], problem.id)


def dump_swot(session: Session, process: Process, refs: Refs) -> Rows:
    return [
        {"id": s.id, "ref": refs.name("swotitem", s.id), "stage": s.stage_key,
         "quadrant": s.quadrant, "text": s.text, "created_at": _iso(s.created_at)}
        for s in _rows(session, SwotItem, process)
    ]


def load_swot(session: Session, process: Process, rows: Rows, refs: Refs) -> None:
    for data in rows:
        item = SwotItem(process_id=process.id, stage_key=data["stage"],
                        quadrant=data["quadrant"], text=data["text"],
                        created_at=_dt(data["created_at"]))
        session.add(item)
        session.flush()
        refs.bind("swotitem", data["ref"], item.id)


def dump_citations(session: Session, process: Process, refs: Refs) -> Rows:
    return [
        {"id": c.id, "ref": refs.name("evidencecitation", c.id),
         "swot_item": refs.name("swotitem", c.swot_item_id), "field": c.field,
         "data_source": refs.name("datasource", c.data_source_id),
         "deliverable": refs.name("deliverable", c.deliverable_id), "note": c.note,
         "created_at": _iso(c.created_at)}
        for c in _rows(session, EvidenceCitation, process)
    ]


def load_citations(session: Session, process: Process, rows: Rows, refs: Refs) -> None:
    for data in rows:
        citation = EvidenceCitation(
            process_id=process.id, swot_item_id=refs.id("swotitem", data["swot_item"]),
            field=data["field"], data_source_id=refs.id("datasource", data["data_source"]),
            deliverable_id=refs.id("deliverable", data["deliverable"]), note=data["note"],
            created_at=_dt(data["created_at"]))
        session.add(citation)
        session.flush()
        refs.bind("evidencecitation", data["ref"], citation.id)


# ------------------------------------------------------------------ objectives


def dump_objectives(session: Session, process: Process, refs: Refs) -> Rows:
    objectives = _rows(session, Objective, process)
    for o in objectives:
        refs.name("objective", o.id)
    return [
        {"id": o.id, "ref": refs.name("objective", o.id),
         "parent": refs.name("objective", o.parent_id), "stage": o.stage_key, "title": o.title,
         "description": o.description, "ndp_reference": o.ndp_reference,
         "created_at": _iso(o.created_at), "updated_at": _iso(o.updated_at),
         "indicators": [
             {"id": i.id, "ref": refs.name("indicator", i.id), "name": i.name, "unit": i.unit,
              "baseline": i.baseline, "baseline_year": i.baseline_year, "target": i.target,
              "target_year": i.target_year,
              "data_source": refs.name("datasource", i.data_source_id),
              "created_at": _iso(i.created_at)}
             for i in o.indicators
         ]}
        for o in objectives
    ]


def load_objectives(session: Session, process: Process, rows: Rows, refs: Refs) -> None:
    created: list[tuple[Objective, str | None]] = []
    for data in rows:
        objective = Objective(
            process_id=process.id, stage_key=data["stage"], title=data["title"],
            description=data["description"], ndp_reference=data["ndp_reference"],
            created_at=_dt(data["created_at"]), updated_at=_dt(data["updated_at"]))
        session.add(objective)
        session.flush()
        refs.bind("objective", data["ref"], objective.id)
        created.append((objective, data["parent"]))
        for i in data["indicators"]:
            indicator = Indicator(
                objective_id=objective.id, name=i["name"], unit=i["unit"],
                baseline=i["baseline"], baseline_year=i["baseline_year"], target=i["target"],
                target_year=i["target_year"],
                data_source_id=refs.id("datasource", i["data_source"]),
                created_at=_dt(i["created_at"]))
            session.add(indicator)
            session.flush()
            refs.bind("indicator", i["ref"], indicator.id)
    for objective, parent in created:  # parents may come later in the list
        objective.parent_id = refs.id("objective", parent)
    session.flush()


# ------------------------------------------------------------------ appraisal


def dump_criteria(session: Session, process: Process, refs: Refs) -> Rows:
    return [
        {"id": c.id, "ref": refs.name("appraisalcriterion", c.id), "stage": c.stage_key,
         "scope": c.scope, "name": c.name, "description": c.description, "weight": c.weight,
         "created_at": _iso(c.created_at)}
        for c in _rows(session, AppraisalCriterion, process)
    ]


def load_criteria(session: Session, process: Process, rows: Rows, refs: Refs) -> None:
    for data in rows:
        criterion = AppraisalCriterion(
            process_id=process.id, stage_key=data["stage"], scope=data["scope"],
            name=data["name"], description=data["description"], weight=data["weight"],
            created_at=_dt(data["created_at"]))
        session.add(criterion)
        session.flush()
        refs.bind("appraisalcriterion", data["ref"], criterion.id)


def _scores(refs: Refs, scores: list[Any]) -> list[dict[str, Any]]:
    return [{"criterion": refs.name("appraisalcriterion", s.criterion_id), "score": s.score}
            for s in scores]


def dump_options(session: Session, process: Process, refs: Refs) -> Rows:
    return [
        {"id": o.id, "ref": refs.name("policyoption", o.id),
         "objective": refs.name("objective", o.objective_id), "stage": o.stage_key,
         "title": o.title, "description": o.description, "costs": o.costs,
         "benefits": o.benefits, "feasibility": o.feasibility, "viability": o.viability,
         "assumptions": o.assumptions, "risks": o.risks, "chosen": o.chosen,
         "justification": o.justification, "scores": _scores(refs, o.scores),
         "created_at": _iso(o.created_at), "updated_at": _iso(o.updated_at)}
        for o in _rows(session, PolicyOption, process)
    ]


def load_options(session: Session, process: Process, rows: Rows, refs: Refs) -> None:
    for data in rows:
        option = PolicyOption(
            process_id=process.id, objective_id=refs.id("objective", data["objective"]),
            stage_key=data["stage"], title=data["title"], description=data["description"],
            costs=data["costs"], benefits=data["benefits"], feasibility=data["feasibility"],
            viability=data["viability"], assumptions=data["assumptions"], risks=data["risks"],
            chosen=data["chosen"], justification=data["justification"],
            created_at=_dt(data["created_at"]), updated_at=_dt(data["updated_at"]))
        for score in data["scores"]:
            option.scores.append(OptionScore(
                criterion_id=refs.id("appraisalcriterion", score["criterion"]),
                score=score["score"]))
        session.add(option)
        session.flush()
        refs.bind("policyoption", data["ref"], option.id)


def dump_instruments(session: Session, process: Process, refs: Refs) -> Rows:
    return [
        {"id": i.id, "ref": refs.name("instrument", i.id),
         "option": refs.name("policyoption", i.option_id), "stage": i.stage_key,
         "family": i.family, "title": i.title, "description": i.description,
         "lead_institution": _inst(refs, i.lead_institution_id),
         "implementing_institutions": [_inst(refs, link.institution_id)
                                       for link in i.implementers],
         "resources": i.resources, "scores": _scores(refs, i.scores),
         "created_at": _iso(i.created_at), "updated_at": _iso(i.updated_at)}
        for i in _rows(session, Instrument, process)
    ]


def load_instruments(session: Session, process: Process, rows: Rows, refs: Refs) -> None:
    for data in rows:
        instrument = Instrument(
            process_id=process.id, option_id=refs.id("policyoption", data["option"]),
            stage_key=data["stage"], family=data["family"], title=data["title"],
            description=data["description"],
            lead_institution_id=refs.id("institution", data["lead_institution"]),
            resources=data["resources"], created_at=_dt(data["created_at"]),
            updated_at=_dt(data["updated_at"]))
        for ref in data["implementing_institutions"]:
            instrument.implementers.append(
                InstrumentImplementer(institution_id=refs.id("institution", ref)))
        for score in data["scores"]:
            instrument.scores.append(InstrumentScore(
                criterion_id=refs.id("appraisalcriterion", score["criterion"]),
                score=score["score"]))
        session.add(instrument)
        session.flush()
        refs.bind("instrument", data["ref"], instrument.id)


# ------------------------------------------------------------------ action plan and risks


def dump_measures(session: Session, process: Process, refs: Refs) -> Rows:
    return [
        {"id": m.id, "ref": refs.name("measure", m.id), "stage": m.stage_key,
         "instrument": refs.name("instrument", m.instrument_id),
         "objective": refs.name("objective", m.objective_id), "title": m.title,
         "description": m.description, "responsible": _inst(refs, m.responsible_id),
         "partners": [_inst(refs, link.institution_id) for link in m.partner_links],
         "start_on": _iso(m.start_on), "end_on": _iso(m.end_on),
         "indicator": refs.name("indicator", m.indicator_id),
         "output_indicator": m.output_indicator,
         "budget": str(m.budget) if m.budget is not None else None,
         "funding_source": m.funding_source, "no_cost": bool(m.no_cost),
         "created_at": _iso(m.created_at), "updated_at": _iso(m.updated_at)}
        for m in _rows(session, Measure, process)
    ]


def load_measures(session: Session, process: Process, rows: Rows, refs: Refs) -> None:
    for data in rows:
        measure = Measure(
            process_id=process.id, stage_key=data["stage"],
            instrument_id=refs.id("instrument", data["instrument"]),
            objective_id=refs.id("objective", data["objective"]), title=data["title"],
            description=data["description"],
            responsible_id=refs.id("institution", data["responsible"]),
            start_on=_d(data["start_on"]), end_on=_d(data["end_on"]),
            indicator_id=refs.id("indicator", data["indicator"]),
            output_indicator=data["output_indicator"],
            budget=Decimal(data["budget"]) if data["budget"] is not None else None,
            funding_source=data["funding_source"], no_cost=bool(data.get("no_cost")),
            created_at=_dt(data["created_at"]),
            updated_at=_dt(data["updated_at"]))
        for ref in data["partners"]:
            measure.partner_links.append(MeasurePartner(institution_id=refs.id("institution", ref)))
        session.add(measure)
        session.flush()
        refs.bind("measure", data["ref"], measure.id)


def dump_risks(session: Session, process: Process, refs: Refs) -> Rows:
    return [
        {"id": r.id, "ref": refs.name("risk", r.id), "stage": r.stage_key, "title": r.title,
         "description": r.description, "category": r.category, "likelihood": r.likelihood,
         "impact": r.impact, "mitigation": r.mitigation,
         "owner_user": _email(session, r.owner_user_id),
         "owner_institution": _inst(refs, r.owner_institution_id), "status": r.status,
         "created_at": _iso(r.created_at), "updated_at": _iso(r.updated_at)}
        for r in _rows(session, Risk, process)
    ]


def load_risks(session: Session, process: Process, rows: Rows, refs: Refs) -> None:
    for data in rows:
        risk = Risk(
            process_id=process.id, stage_key=data["stage"], title=data["title"],
            description=data["description"], category=data["category"],
            likelihood=data["likelihood"], impact=data["impact"], mitigation=data["mitigation"],
            owner_user_id=_user_id(session, data["owner_user"]),
            owner_institution_id=refs.id("institution", data["owner_institution"]),
            status=data["status"], created_at=_dt(data["created_at"]),
            updated_at=_dt(data["updated_at"]))
        session.add(risk)
        session.flush()
        refs.bind("risk", data["ref"], risk.id)


def dump_comments(session: Session, process: Process, refs: Refs) -> Rows:
    rows = []
    for c in _rows(session, AnalysisComment, process):
        item = refs.to_ref.get((ITEM_REF_KINDS.get(c.item_type, ""), c.item_id))
        if item is None:
            continue  # its record is gone
        rows.append({"id": c.id, "ref": refs.name("analysiscomment", c.id),
                     "item_type": c.item_type, "item": item,
                     "author": _email(session, c.author_id), "body": c.body,
                     "created_at": _iso(c.created_at)})
    return rows


def load_comments(session: Session, process: Process, rows: Rows, refs: Refs) -> None:
    for data in rows:
        kind = ITEM_REF_KINDS.get(data["item_type"])
        if kind is None:
            raise InvalidInput(msg("The archive has a comment on an unknown kind of record %(data)s.", data=repr(data['item_type'])))
        comment = AnalysisComment(
            process_id=process.id, item_type=data["item_type"],
            item_id=refs.id(kind, data["item"]), author_id=_user_id(session, data["author"]),
            body=data["body"], created_at=_dt(data["created_at"]))
        session.add(comment)
        session.flush()
        refs.bind("analysiscomment", data["ref"], comment.id)


PARTS = (
    ("analysis_institutions", dump_institutions, load_institutions),
    ("analysis_data_sources", dump_sources, load_sources),
    ("analysis_problem", dump_problem, load_problem),
    ("analysis_swot", dump_swot, load_swot),
    ("analysis_citations", dump_citations, load_citations),
    ("analysis_objectives", dump_objectives, load_objectives),
    ("analysis_criteria", dump_criteria, load_criteria),
    ("analysis_options", dump_options, load_options),
    ("analysis_instruments", dump_instruments, load_instruments),
    ("analysis_measures", dump_measures, load_measures),
    ("analysis_risks", dump_risks, load_risks),
    ("analysis_comments", dump_comments, load_comments),
)

for _name, _dump, _load in PARTS:
    register_part(_name, _dump, _load)
