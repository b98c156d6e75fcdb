"""Each part of the analysis as a plain table: ``(columns, rows)`` of text.

For annexes of the exported document and for CSV downloads. Callers check
that the reader may see the process (``get_process``) first. Empty values
are empty strings; amounts are written with two decimals and thousands
separators; coverage uses the methodology's signs (+, +/-, -, ?).
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from sqlalchemy.orm import Session

from engine.models import Process
from engine.services.analysis import (
    actions,
    criteria,
    instruments,
    inventory,
    objectives,
    options,
    problem,
    responses,
    risks,
)
from engine.vocabulary import (
    COVERAGE_DIMENSIONS,
    DATA_SOURCE_TYPES,
    ESS_DIMENSIONS,
    INSTRUMENT_FAMILIES,
    RISK_CATEGORIES,
    RISK_STATUSES,
    SWOT_QUADRANTS,
)

Table = tuple[list[str], list[list[str]]]


def money(amount: Decimal | None) -> str:
    return f"{amount:,.2f}" if amount is not None else ""


def _score(value: float | None) -> str:
    return f"{value:.2f}" if value is not None else ""


def _coverage(value: str) -> str:
    return "?" if value == "unknown" else value


def inventory_table(session: Session, process: Process) -> Table:
    """Sources x dimensions (+, +/-, -, ?), with custodian, quality and gaps."""
    columns = ["Source", "Type", "Custodian",
               *[COVERAGE_DIMENSIONS[d] for d in COVERAGE_DIMENSIONS],
               "Quality (1-5)", "Usual residence", "Length of stay", "Gaps to fix"]
    rows = []
    for s in inventory.list_sources(session, process):
        average = inventory.quality_average(s)
        rows.append([
            s.name, DATA_SOURCE_TYPES.get(s.source_type, s.source_type),
            s.custodian.name if s.custodian else "",
            *[_coverage(s.coverage(d)) for d in COVERAGE_DIMENSIONS],
            f"{average:.1f}" if average is not None else "",
            s.residence_definition or "", s.length_of_stay or "", s.gaps or "",
        ])
    return columns, rows


def quality_table(session: Session, process: Process) -> Table:
    """Sources x ESS quality dimensions: rating and note."""
    columns = ["Source", *[ESS_DIMENSIONS[d] for d in ESS_DIMENSIONS]]
    rows = []
    for s in inventory.list_sources(session, process):
        cells = []
        for dimension in ESS_DIMENSIONS:
            entry = (s.quality or {}).get(dimension) or {}
            rating = f"{entry['rating']}/5" if entry.get("rating") else ""
            note = entry.get("note") or ""
            cells.append(" – ".join(part for part in (rating, note) if part))
        rows.append([s.name, *cells])
    return columns, rows


def swot_table(session: Session, process: Process) -> Table:
    """Quadrant, item, evidence cited."""
    cited = problem.citations_by_claim(session, process)
    columns = ["Quadrant", "Item", "Evidence"]
    rows = []
    for quadrant, items in problem.list_swot(session, process).items():
        for item in items:
            evidence = "; ".join(problem.evidence_label(c) for c in cited.get(f"swot:{item.id}", []))
            rows.append([SWOT_QUADRANTS.get(quadrant, quadrant), item.text, evidence])
    return columns, rows


def objectives_table(session: Session, process: Process) -> Table:
    """Objectives with their indicators: one row per indicator (or per objective without one)."""
    columns = ["Objective", "Level", "National development plan", "Indicator", "Baseline",
               "Baseline year", "Target", "Target year", "Data source"]
    rows = []
    general_number = 0
    specific_number = 0
    for o in objectives.list_objectives(session, process):
        if o.parent_id is None:
            general_number += 1
            specific_number = 0
            number = f"{general_number}"
        else:
            specific_number += 1
            number = f"{general_number}.{specific_number}"
        head = [f"{number} {o.title}", "General" if o.parent_id is None else "Specific",
                o.ndp_reference or ""]
        if not o.indicators:
            rows.append([*head, "", "", "", "", "", ""])
        for i in o.indicators:
            unit = f" ({i.unit})" if i.unit else ""
            rows.append([*head, f"{i.name}{unit}", i.baseline or "",
                         str(i.baseline_year or ""), i.target or "", str(i.target_year or ""),
                         i.data_source.name if i.data_source else ""])
    return columns, rows


def options_table(session: Session, process: Process) -> Table:
    """Options per objective with their appraisal, weighted score and the choice."""
    columns = ["Objective", "Option", "Costs", "Benefits", "Feasibility", "Viability",
               "Assumptions", "Risks", "Weighted score (0-5)", "Chosen", "Justification"]
    rows = []
    for group in options.appraisal(session, process):
        for row in group.options:
            o = row.option
            rows.append([group.objective.title, o.title, o.costs, o.benefits, o.feasibility,
                         o.viability, o.assumptions, o.risks, _score(row.weighted.score),
                         "Yes" if o.chosen else "", o.justification or ""])
    return columns, rows


def criteria_table(session: Session, process: Process, scope: str = "options") -> Table:
    """Scores of options (or instruments) against each weighted criterion."""
    found = criteria.list_criteria(session, process, scope)
    columns = ["Option" if scope == "options" else "Instrument",
               *[f"{c.name} (×{c.weight:g})" for c in found], "Weighted score (0-5)"]
    items = (options.list_options(session, process) if scope == "options"
             else instruments.list_instruments(session, process))
    rows = []
    for item in items:
        score = criteria.weighted(item, found)
        rows.append([item.title,
                     *[str(score.by_criterion[c.id]) if c.id in score.by_criterion else ""
                       for c in found],
                     _score(score.score)])
    return columns, rows


def instruments_table(session: Session, process: Process) -> Table:
    """Instruments in ranking order."""
    columns = ["Rank", "Instrument", "Family", "Chosen option", "Lead institution",
               "Implementing institutions", "Resources", "Weighted score (0-5)"]
    rows = []
    for ranked in instruments.ranking(session, process):
        i = ranked.instrument
        rows.append([str(ranked.rank or ""), i.title, INSTRUMENT_FAMILIES.get(i.family, i.family),
                     i.option.title if i.option else "",
                     i.lead_institution.name if i.lead_institution else "",
                     ", ".join(x.name for x in i.implementing_institutions), i.resources,
                     _score(ranked.weighted.score)])
    return columns, rows


def action_plan_table(session: Session, process: Process) -> Table:
    """The action plan, one measure per row."""
    columns = ["Measure", "Objective", "Instrument", "Responsible institution", "Partners",
               "Start", "End", "Indicator", "Budget", "Funding source"]
    rows = []
    for m in actions.list_measures(session, process):
        objective = actions.objective_of(m)
        rows.append([m.title, objective.title if objective else "",
                     m.instrument.title if m.instrument else "",
                     m.responsible.name if m.responsible else "",
                     ", ".join(p.name for p in m.partners),
                     m.start_on.isoformat() if m.start_on else "",
                     m.end_on.isoformat() if m.end_on else "", m.indicator_text,
                     money(m.budget), m.funding_source or ""])
    return columns, rows


def budget_table(session: Session, process: Process) -> Table:
    """Budget by responsible institution and year (pro rata over the days in each year)."""
    totals = actions.budget_totals(session, process)
    keys: list[int | None] = [*totals.years, *([None] if totals.undated else [])]
    columns = ["Responsible institution", *[str(y) if y else "Undated" for y in keys], "Total"]
    rows = [[name, *[money(per.get(y)) if per.get(y) is not None else "" for y in keys],
             money(total)] for name, per, total in totals.rows]
    if totals.rows:
        rows.append(["Total", *[money(totals.by_year.get(y)) for y in keys], money(totals.total)])
    return columns, rows


def risks_table(session: Session, process: Process) -> Table:
    columns = ["Risk", "Category", "Likelihood (1-5)", "Impact (1-5)", "Level", "Mitigation",
               "Owner", "Status"]
    rows = []
    for r in risks.list_risks(session, process):
        owner = " / ".join(part for part in (
            r.owner_user.name if r.owner_user else "",
            r.owner_institution.name if r.owner_institution else "") if part)
        rows.append([r.title, RISK_CATEGORIES.get(r.category, r.category), str(r.likelihood),
                     str(r.impact), risks.level(r.score).capitalize(), r.mitigation, owner,
                     RISK_STATUSES.get(r.status, r.status)])
    return columns, rows


def responses_table(session: Session, process: Process) -> Table:
    """The table of responses: each contribution, its disposition and what it changed."""
    columns = ["Type", "Where", "From", "What was said", "Disposition", "Reason", "Section",
               "Revision"]
    rows = []
    for r in responses.list_responses(session, process):
        rows.append(["Consultation input" if r.kind == "input" else "Suggested wording",
                     r.origin, r.source, r.said, r.disposition_label, r.reason or "",
                     r.section_title or "", str(r.revision) if r.revision is not None else ""])
    return columns, rows


#: Every table, by name, in the order of an annex.
TABLES = {
    "inventory": inventory_table,
    "quality": quality_table,
    "swot": swot_table,
    "objectives": objectives_table,
    "options": options_table,
    "instruments": instruments_table,
    "action_plan": action_plan_table,
    "budget": budget_table,
    "risks": risks_table,
    "responses": responses_table,
}


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN = {"+", "-", "+/-", "?"}


def _cell(value: str) -> str:
    """Neutralise text a spreadsheet would run as a formula (stakeholders' words are input)."""
    if value.startswith(_FORMULA_STARTS) and value not in _PLAIN:
        try:
            float(value.replace(",", ""))
        except ValueError:
            return "'" + value
    return value


def to_csv(table: Table) -> str:
    """A table as CSV text (comma-separated, quoted where needed, CRLF line ends)."""
    columns, rows = table
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_cell(c) for c in columns])
    writer.writerows([[_cell(str(c)) for c in row] for row in rows])
    return out.getvalue()
