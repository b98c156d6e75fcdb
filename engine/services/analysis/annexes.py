"""The structured analysis printed as annexes of the exported document.

Each builder is registered with ``engine.services.annex_registry.annex`` (when
``engine.composition`` imports this module) under the
key that house styles name in ``[annexes] order`` and returns None when the
process has nothing of that kind. The rows come from ``tables`` (the same
tables as the CSV downloads) or the same services, regrouped where a portrait
page needs fewer, wider columns. ``widths`` are relative column widths; most add
up to 16 (the centimetres of an A4 portrait text width), and no column is
narrower than the longest word of its header (about 0.2 cm a character, plus
the cell margins), so that words are not broken.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy.orm import Session

from engine.export import Annex, AnnexTable, wording
from engine.i18n import N_, Message, msg, render
from engine.models import Measure, Process
from engine.services.analysis import (
    actions,
    criteria,
    instruments,
    inventory,
    objectives,
    options,
    responses,
    risks,
    tables,
)
from engine.services.annex_registry import annex, printing_language
from engine.vocabulary import (
    COVERAGE_DIMENSIONS,
    ESS_DIMENSIONS,
    INSTRUMENT_FAMILIES,
    RISK_CATEGORIES,
    RISK_STATUSES,
)

COVERAGE_KEY = ("**+** covers the measure; **+/-** covers it only under conditions; "
                "**-** does not cover it; **?** not known yet.")


def _columns(table: tables.Table, names: list[str]) -> tables.Table:
    """The named columns of a table, in the order given."""
    columns, rows = table
    index = [columns.index(name) for name in names]
    return names, [[row[i] for i in index] for row in rows]


def _heads(names: list[str]) -> list[Message | str]:
    """Column headings as messages, printed in the document language (names marked with N_)."""
    return [msg(name) if name else "" for name in names]


def _table(table: tables.Table) -> tuple[list[Message | str], list[list[str]]]:
    columns, rows = table
    return _heads(columns), rows


def _words(keys: list[str]) -> str:
    return ", ".join(COVERAGE_DIMENSIONS[k].lower() for k in keys)


def _year(value: str, year: str) -> str:
    return f"{value} ({year})" if value and year else value


def _whole(amount: Decimal | None) -> str:
    """An amount in whole units with thousands separators (the cents are in the data)."""
    if amount is None:
        return ""
    return wording.number(amount.quantize(Decimal('1'), ROUND_HALF_UP), printing_language())


def _thousands(amount: Decimal | None) -> str:
    return _whole(amount / 1000) if amount is not None else ""


def _repeated_blank(rows: list[list[str]], columns: int) -> list[list[str]]:
    """Blank the first ``columns`` cells of a row when they repeat the row above."""
    result, previous = [], None
    for row in rows:
        head = row[:columns]
        result.append(([""] * columns if head == previous else head) + row[columns:])
        previous = head
    return result


# ------------------------------------------------------------------ evidence


@annex("data_sources")
def data_sources_annex(session: Session, process: Process) -> Annex | None:
    sources = inventory.list_sources(session, process)
    if not sources:
        return None
    summary = inventory.coverage_summary(sources)
    parts = []
    if summary.covered:
        parts.append(f"Covered: {_words(summary.covered)}.")
    if summary.partly:
        parts.append(f"Covered only under conditions: {_words(summary.partly)}.")
    parts.append(f"No source covers: {_words(summary.uncovered)}." if summary.uncovered
                 else "Every measure of migration is covered by at least one source.")
    dimensions = [COVERAGE_DIMENSIONS[d] for d in COVERAGE_DIMENSIONS]
    table = tables.inventory_table(session, process)
    matrix = _table(_columns(table, [N_("Source"), *dimensions, N_("Quality (1-5)")]))
    definitions = _table(_columns(table, [N_("Source"), N_("Custodian"), N_("Usual residence"),
                                          N_("Length of stay"), N_("Gaps to fix")]))
    quality = []
    for source in sources:
        name = source.name
        for key, label in ESS_DIMENSIONS.items():
            entry = (source.quality or {}).get(key)
            if not entry:
                continue
            rating = entry.get("rating")
            quality.append([name, label, str(rating) if rating else "", entry.get("note") or ""])
            name = ""
    result = [AnnexTable(*matrix, title=msg("Coverage of the four measures of migration"),
                         widths=[3.5, 2.9, 2.5, 2.5, 2.5, 2.1])]
    if quality:
        result.append(AnnexTable(_heads([N_("Source"), N_("Quality dimension"),
                                         N_("Rating (1-5)"), N_("Note")]),
                                 quality, title=msg("Quality on the dimensions of the European "
                                                    "Statistical System"),
                                 widths=[3, 3, 1.6, 8.4]))
    result.append(AnnexTable(*definitions, title=msg("Custodians, definitions used and gaps to fix"),
                             widths=[2.5, 2.9, 3.5, 2.3, 4.8]))
    return Annex(
        key="data_sources",
        title=msg("Inventory of migration data sources"),
        intro=(f"The {len(sources)} sources pooled by the institutions of the core group, what "
               f"each tells about the four measures of migration, and its quality.\n\n"
               f"{' '.join(parts)}\n\n*Key:* {COVERAGE_KEY} Quality is the average of the "
               "ratings (1 very poor – 5 very good) on the quality dimensions of the European "
               "Statistical System."),
        tables=result,
    )


# ------------------------------------------------------------------ objectives


@annex("objectives")
def objectives_annex(session: Session, process: Process) -> Annex | None:
    if not objectives.list_objectives(session, process):
        return None
    _, rows = tables.objectives_table(session, process)
    # Objective, Level, NDP, Indicator, Baseline, Baseline year, Target, Target year, Source;
    # the level shows in the numbering (1, 1.1, 1.2, 2...).
    printed = [[objective, ndp, indicator, _year(baseline, b_year), _year(target, t_year),
                source]
               for objective, _level, ndp, indicator, baseline, b_year, target, t_year, source
               in rows]
    return Annex(
        key="objectives",
        title=msg("Objectives and indicators"),
        intro="General objectives (1, 2...), each followed by its specific objectives (1.1, "
              "1.2...), with the "
              "reference in the national development plan and the indicators that measure "
              "them: baseline and target with their years, and the source of the inventory "
              "that provides the data.",
        tables=[AnnexTable(_heads(OBJECTIVE_COLUMNS), _repeated_blank(printed, 2),
                           widths=[3.3, 3, 3.4, 2, 1.9, 2.4])],
    )


OBJECTIVE_COLUMNS = [N_("Objective"), N_("National development plan"), N_("Indicator"),
                     N_("Baseline (year)"), N_("Target (year)"), N_("Data source")]


# ------------------------------------------------------------------ options


@annex("options")
def options_annex(session: Session, process: Process) -> Annex | None:
    groups = [g for g in options.appraisal(session, process) if g.options]
    if not groups:
        return None
    found = criteria.list_criteria(session, process, "options")
    result = []
    if found:
        result.append(AnnexTable(
            _heads([N_("Criterion"), N_("Weight"), N_("Description")]),
            [[c.name, f"{c.weight:g}", c.description or ""] for c in found],
            title=msg("Appraisal criteria and their weights"), widths=[2.5, 1, 4.8]))
    aspects = [(N_("Description"), "description"), (N_("Costs"), "costs"),
               (N_("Benefits"), "benefits"), (N_("Feasibility"), "feasibility"),
               (N_("Viability"), "viability"), (N_("Assumptions"), "assumptions"),
               (N_("Risks"), "risks")]
    for group in groups:
        items = [row.option for row in group.options]
        rows = [[msg(label), *[getattr(o, name) for o in items]] for label, name in aspects
                if any(getattr(o, name).strip() for o in items)]
        for c in found:
            rows.append([f"{c.name} (×{c.weight:g})",
                         *[str(row.weighted.by_criterion[c.id])
                           if c.id in row.weighted.by_criterion else "" for row in group.options]])
        if found:
            rows.append([msg("Weighted score (0-5)"),
                         *[f"{row.weighted.score:.2f}" if row.weighted.score is not None else ""
                           for row in group.options]])
        rows.append([msg("Decision"), *[(msg("Chosen: %(justification)s",
                                             justification=o.justification)
                                         if o.justification else msg("Chosen"))
                                        if o.chosen else "" for o in items]])
        level = "general" if group.objective.parent_id is None else "specific"
        result.append(AnnexTable(
            ["", *[o.title for o in items]], rows,
            title=(msg("Options for the general objective “%(title)s”",
                       title=group.objective.title) if level == "general" else
                   msg("Options for the specific objective “%(title)s”",
                       title=group.objective.title)),
            widths=[1.7, *[7.3 / len(items)] * len(items)]))
    chosen = [[g.objective.title, g.chosen.title,
               next((f"{r.weighted.score:.2f}" for r in g.options
                     if r.option is g.chosen and r.weighted.score is not None), ""),
               g.chosen.justification or ""]
              for g in groups if g.chosen is not None]
    if chosen:
        result.append(AnnexTable(_heads([N_("Objective"), N_("Chosen option"), N_("Score (0-5)"),
                                         N_("Justification")]),
                                 chosen, title=msg("The options chosen"),
                                 widths=[2.5, 2.7, 1.1, 3.4]))
    return Annex(
        key="options",
        title=msg("Appraisal of policy options"),
        intro="For each objective, the options considered with their costs, benefits, "
              "feasibility, viability, assumptions and risks, their scores (0-5) on the "
              "weighted criteria, and the option chosen. The weighted score is "
              "Σ(weight × score) / Σ weights, on the same 0-5 scale.",
        tables=result,
    )


# ------------------------------------------------------------------ instruments


INSTRUMENT_COLUMNS = [N_("Rank"), N_("Instrument"), N_("Chosen option"), N_("Institutions"),
                      N_("Resources"), N_("Score (0-5)")]


@annex("instruments")
def instruments_annex(session: Session, process: Process) -> Annex | None:
    ranked = instruments.ranking(session, process)
    if not ranked:
        return None
    rows = []
    for item in ranked:
        i = item.instrument
        who = [f"Lead: {i.lead_institution.name}" if i.lead_institution else "Lead: none yet"]
        if i.implementing_institutions:
            who.append("With: " + ", ".join(x.name for x in i.implementing_institutions))
        rows.append([str(item.rank or ""),
                     f"{i.title}\n({INSTRUMENT_FAMILIES.get(i.family, i.family).lower()})",
                     i.option.title if i.option else "", "\n".join(who), i.resources,
                     f"{item.weighted.score:.2f}" if item.weighted.score is not None else ""])
    result = [AnnexTable(_heads(INSTRUMENT_COLUMNS), rows,
                         title=msg("Instruments ranked by weighted score"),
                         widths=[1.3, 3.4, 3, 3.4, 3, 1.9])]
    if criteria.list_criteria(session, process, "instruments"):
        columns, scores = tables.criteria_table(session, process, "instruments")
        count = len(columns) - 2
        result.append(AnnexTable([*columns[:-1], msg("Score (0-5)")], scores,
                                 title=msg("Scores (0-5) on the selection criteria"),
                                 widths=[4, *[10 / max(count, 1)] * count, 2]))
    return Annex(
        key="instruments",
        title=msg("Policy instruments"),
        intro="The regulatory, financial, informational and organisational instruments that "
              "carry out the chosen options, with their lead and implementing institutions "
              "and the resources they need, ranked by their weighted score on the selection "
              "criteria.",
        tables=result,
    )


# ------------------------------------------------------------------ action plan


MEASURE_COLUMNS = [N_("Measure (instrument)"), N_("Responsible institution (partners)"),
                   N_("Start – end"), N_("Indicator"), N_("Budget (funding)")]


@annex("action_plan")
def action_plan_annex(session: Session, process: Process) -> Annex | None:
    measures = actions.list_measures(session, process)
    if not measures:
        return None
    by_objective: dict[int | None, list[Measure]] = {}
    for measure in measures:
        objective = actions.objective_of(measure)
        by_objective.setdefault(objective.id if objective else None, []).append(measure)
    titles = {o.id: o.title for o in objectives.list_objectives(session, process)}
    order = [k for k in titles if k in by_objective] + ([None] if None in by_objective else [])
    result = []
    for key in order:
        rows = [[m.title + (f"\n({m.instrument.title})" if m.instrument else ""),
                 (m.responsible.name if m.responsible else "")
                 + (f"\n(with {', '.join(p.name for p in m.partners)})" if m.partners else ""),
                 "\n".join(d.isoformat() for d in (m.start_on, m.end_on) if d),
                 m.indicator_text,
                 "\n".join(part for part in (_whole(m.budget), m.funding_source or "") if part)]
                for m in by_objective[key]]
        title = (msg("Measures for the objective “%(title)s”", title=titles[key])
                 if key is not None else msg("Other measures"))
        result.append(AnnexTable(_heads(MEASURE_COLUMNS), rows, title=title,
                                 widths=[4.3, 3.3, 2.5, 3.3, 2.6]))
    totals = actions.budget_totals(session, process)
    if totals.rows:
        keys: list[int | None] = [*totals.years, *([None] if totals.undated else [])]
        columns = [msg("Responsible institution"),
                   *[str(y) if y else msg("Undated") for y in keys], msg("Total")]
        rows = [[name, *[_thousands(per.get(y)) for y in keys], _thousands(total)]
                for name, per, total in totals.rows]
        rows.append([msg("Total"), *[_thousands(totals.by_year.get(y)) for y in keys],
                     _thousands(totals.total)])
        result.append(AnnexTable(columns, rows,
                                 title=msg("Budget by responsible institution and year "
                                           "(thousands)"),
                                 widths=[3.2, *[1.7] * len(keys), 2]))
    note = (f" {totals.unbudgeted} measure{'s have' if totals.unbudgeted != 1 else ' has'} "
            "no budget yet." if totals.unbudgeted else "")
    return Annex(
        key="action_plan",
        title=msg("Action plan"),
        intro="The measures for each objective, with the instrument they belong to, the "
              "responsible institution and its partners, the dates, the indicator that follows "
              "them, the budget and its source. In the totals a measure's budget is shared "
              "between the years it runs in, in proportion to its days in each year, and "
              f"amounts are rounded to thousands.{note}",
        tables=result,
    )


# ------------------------------------------------------------------ risks


RISK_COLUMNS = [N_("Risk (category)"), N_("Likelihood × impact"), N_("Mitigation"), N_("Owner"),
                N_("Status")]


@annex("risks")
def risks_annex(session: Session, process: Process) -> Annex | None:
    found = risks.list_risks(session, process)
    if not found:
        return None
    rows = []
    for r in found:
        owner = "\n".join(part for part in (
            r.owner_user.name if r.owner_user else "",
            r.owner_institution.name if r.owner_institution else "") if part)
        rows.append([f"{r.title}\n({RISK_CATEGORIES.get(r.category, r.category).lower()})",
                     f"{r.likelihood} × {r.impact} = {r.score}\n"
                     f"{risks.level(r.score).capitalize()}",
                     r.mitigation, owner, RISK_STATUSES.get(r.status, r.status)])
    return Annex(
        key="risks",
        title=msg("Register of barriers and risks"),
        intro="Barriers and risks to the process and to the policy, open ones first, by "
              "likelihood × impact (each rated 1 to 5): high from 15, medium from 8.",
        tables=[AnnexTable(_heads(RISK_COLUMNS), rows, widths=[4, 2.4, 4.6, 2.8, 2.2])],
    )


# ------------------------------------------------------------------ table of responses


RESPONSE_COLUMNS = [N_("From"), N_("What was said"), N_("Decision"), N_("Reason"),
                    N_("Section (revision)")]
# One table per consultation (by date), then one per section commented on.


@annex("responses")
def responses_annex(session: Session, process: Process) -> Annex | None:
    found = responses.list_responses(session, process)
    if not found:
        return None
    groups: dict[str, list[list[str]]] = {}
    for r in found:
        groups.setdefault(r.origin, []).append([
            r.source, r.said, msg(r.disposition_label), r.reason or "",
            f"{r.section_title} (rev. {r.revision})" if r.section_title and r.revision
            else r.section_title or ""])
    summary = responses.summary(found)
    language = printing_language()
    counts = ", ".join(f"{render(msg(label), language).lower()} {count}" for label, count in
                       sorted(summary["by_label"].items()))
    return Annex(
        key="responses",
        title=msg("Table of responses"),
        intro=msg("Every input received in the consultations and every wording suggested on "
                  "the draft, what the core group decided and why, and the section (and its "
                  "revision) that reflects it, by consultation and then by section commented "
                  "on. %(decided)s of %(total)s decided (%(counts)s).",
                  decided=summary["decided"], total=summary["total"], counts=counts),
        tables=[AnnexTable(_heads(RESPONSE_COLUMNS), rows, title=origin,
                           widths=[2.8, 4.2, 2.8, 3.9, 2.3])
                for origin, rows in groups.items()],
    )
