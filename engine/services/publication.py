"""Export profiles: what a published strategy prints, as against a working file.

``working`` prints everything the process holds (every section, empty ones as
"to be drafted", every annex, comments). ``publication`` prints what a ministry
issues: a cover with title, issuing body, date and status; the foreword, the
list of abbreviations (from the glossary) and the executive summary; the
chapters with text, with the action plan matrix and the monitoring framework
in the body where they belong; and only the annexes a strategy carries.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy.orm import Session

from engine.catalog import definition_of
from engine.errors import InvalidInput
from engine.export import AnnexTable, ExportDocument, ExportSection
from engine.models import Process
from engine.services.analysis import actions, objectives
from engine.services.glossary import list_terms
from engine.vocabulary import SUSPENDED

PROFILES = ("publication", "working")
# Sections printed before the contents, without a number, when a document has them.
FRONT_KEYS = ("foreword", "executive_summary")
_FRONT_TITLES = {"foreword": "foreword", "executive summary": "executive_summary"}
# Annexes a published strategy carries; the others (deliverables, transition
# history, appraisal tables, responses) document the drafting process.
PUBLICATION_ANNEXES = ("core_group", "consultations", "data_sources", "risks")
# Sections that receive the action plan matrix and the monitoring framework.
ACTION_PLAN_KEYS = ("action_plan",)
MONITORING_KEYS = ("monitoring", "monitoring_framework", "implementation_arrangements")

ACTION_PLAN_COLUMNS = ["Measure", "Responsible", "Partners", "Timeline", "Budget",
                       "Indicator", "Source of verification"]
MONITORING_COLUMNS = ["Objective", "Indicator", "Baseline (year)", "Target (year)", "Source"]


def default_profile(process: Process) -> str:
    """``publication`` from the validation stage on, ``working`` before."""
    definition = definition_of(process)
    order = list(definition.stage_keys)
    current = process.suspended_from if process.state == SUSPENDED else process.state
    if "validation" in order and current in order:
        return "publication" if order.index(current) >= order.index("validation") else "working"
    return "working"


def check_profile(profile: str | None, process: Process) -> str:
    if profile in (None, ""):
        return default_profile(process)
    if profile not in PROFILES:
        raise InvalidInput("profile must be publication or working.",
                           {"profile": "publication or working"})
    return profile


def apply_profile(session: Session, process: Process, document: ExportDocument, profile: str,
                  *, currency: str = "EUR") -> ExportDocument:
    """Shape a gathered document for a profile (in place) and return it."""
    document.profile = profile
    document.process_id = process.id
    document.abbreviations = [(t.term, t.expansion) for t in list_terms(session, process)]
    front, body = [], []
    for section in document.sections:
        kind = section.key if section.key in FRONT_KEYS else _FRONT_TITLES.get(
            section.title.strip().lower())
        (front if kind and section.level == 1 else body).append(section)
    document.front = front
    document.sections = _renumber(body) if front else body
    plan = action_plan_table(session, process, currency)
    monitoring = monitoring_table(session, process)
    for keys, table in ((ACTION_PLAN_KEYS, plan), (MONITORING_KEYS, monitoring)):
        target = next((s for key in keys for s in document.sections if s.key == key), None)
        if target is not None and table is not None:
            target.tables.append(table)
    if profile == "publication":
        document.annexes = [a for a in document.annexes if a.key in PUBLICATION_ANNEXES]
        document.comments = []
    return document


def _renumber(sections: list[ExportSection]) -> list[ExportSection]:
    counters: list[int] = []
    for section in sections:
        depth = max(section.level, 1)
        counters = counters[:depth] + [0] * (depth - len(counters))
        counters[depth - 1] += 1
        section.number = ".".join(str(n) for n in counters[:depth])
    return sections


def _quarter(day) -> str:  # noqa: ANN001 - a date
    """Plans are read by quarter: ``Q1 2027``."""
    return f"Q{(day.month - 1) // 3 + 1}\u00a0{day.year}"


def _amount(value: Decimal | None, currency: str) -> str:
    if value is None:
        return ""
    return f"{value.quantize(Decimal('1'), ROUND_HALF_UP):,} {currency}"


def action_plan_table(session: Session, process: Process, currency: str) -> AnnexTable | None:
    """The action plan matrix: one row per measure."""
    measures = actions.list_measures(session, process)
    if not measures:
        return None
    rows = []
    for m in measures:
        indicator = m.indicator
        source = indicator.data_source.name if indicator and indicator.data_source else ""
        timeline = " – ".join(_quarter(d) for d in (m.start_on, m.end_on) if d)
        budget = _amount(m.budget, currency)
        if m.funding_source:
            budget = f"{budget}\n({m.funding_source})" if budget else f"({m.funding_source})"
        rows.append([m.title, m.responsible.name if m.responsible else "",
                     ", ".join(p.name for p in m.partners), timeline, budget,
                     m.indicator_text, source])
    # No fixed widths: the renderer fits every column to its longest word.
    return AnnexTable(ACTION_PLAN_COLUMNS, rows, title="Action plan matrix")


def monitoring_table(session: Session, process: Process) -> AnnexTable | None:
    """The monitoring framework: every indicator with baseline, target, years and source."""
    found = objectives.list_objectives(session, process)
    rows = []
    for o in found:
        for i in o.indicators:
            unit = f" ({i.unit})" if i.unit else ""
            rows.append([o.title, f"{i.name}{unit}",
                         f"{i.baseline or ''} ({i.baseline_year})" if i.baseline_year
                         else i.baseline or "",
                         f"{i.target or ''} ({i.target_year})" if i.target_year else i.target or "",
                         i.data_source.name if i.data_source else ""])
    if not rows:
        return None
    return AnnexTable(MONITORING_COLUMNS, rows, title="Monitoring framework")
