"""The structured analysis in the Word export: annex tables of the demo national policy.

The demo's Process A (the national migration and citizenship policy) has an
inventory, objectives, options, instruments, an action plan, risks and
consultation inputs; each is printed as annex tables, which are read back from
the .docx with python-docx (and pandoc, and LibreOffice when installed).
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import select

from engine.models import Process
from engine.services.analysis import (
    actions,
    annexes,
    instruments,
    inventory,
    options,
    responses,
    risks,
    tables,
)
from engine.services.exports import ANNEXES, build_export_document, export_process
from engine.vocabulary import COVERAGE_DIMENSIONS

ANALYSIS_KEYS = ["data_sources", "objectives", "options", "instruments", "action_plan", "risks",
                 "responses"]
COVERAGE_COLUMNS = ["Source", *COVERAGE_DIMENSIONS.values(), "Quality (1-5)"]
QUALITY_COLUMNS = ["Source", "Quality dimension", "Rating (1-5)", "Note"]
DEFINITION_COLUMNS = ["Source", "Custodian", "Usual residence", "Length of stay", "Gaps to fix"]
TITLES = ["Inventory of migration data sources", "Objectives and indicators",
          "Appraisal of policy options", "Policy instruments", "Action plan",
          "Register of barriers and risks", "Table of responses"]


@pytest.fixture
def demo(db_session, catalog) -> dict[str, Process]:
    from engine.demo import immigration_strategy, load_demo, migration_policy

    load_demo(db_session, catalog)
    by_title = {p.title: p for p in db_session.scalars(select(Process))}
    return {"A": by_title[migration_policy.TITLE], "B": by_title[immigration_strategy.TITLE]}


def _tables(content: bytes) -> list[tuple[list[str], list[list[str]]]]:
    """Every table of the document: its header row and its other rows, as text."""
    document = Document(io.BytesIO(content))
    found = []
    for table in document.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        found.append((rows[0], rows[1:]))
    return found


def _with_header(found, header: list[str]) -> list[list[list[str]]]:
    return [rows for columns, rows in found if columns == header]


def test_the_annexes_are_registered_and_named_by_both_house_styles():
    from engine.export import load_template

    assert set(ANALYSIS_KEYS) <= set(ANNEXES)
    for name in ("ministry", "compact"):
        order = list(load_template(name).settings.annex_order)
        assert [k for k in order if k in ANALYSIS_KEYS] == ANALYSIS_KEYS
        assert order.index("responses") < order.index("deliverables") < order.index("transitions")


@pytest.mark.parametrize("template", ["ministry", "compact"])
def test_the_analysis_comes_between_consultations_and_deliverables(db_session, demo, template):
    content = export_process(db_session, None, demo["A"].id, template=template).content
    headings = [p.text for p in Document(io.BytesIO(content)).paragraphs
                if p.style.name == "Heading 1" and p.text.startswith("Annex")]
    titles = [h.split("—" if template == "ministry" else ": ", 1)[1].strip() for h in headings]
    assert titles == ["Composition of the core group", "Consultations and inputs received",
                      *TITLES, "Deliverables and their status", "History of stage transitions"]


def test_a_process_without_analysis_has_no_analysis_annex(db_session, make_process):
    process = make_process()
    for key in ANALYSIS_KEYS:
        assert ANNEXES[key](db_session, process) is None
    keys = [a.key for a in build_export_document(db_session, process).annexes]
    assert not set(keys) & set(ANALYSIS_KEYS)


def test_the_demo_policy_prints_every_analysis_table(db_session, demo):
    a = demo["A"]
    document = build_export_document(db_session, a)
    keys = [annex.key for annex in document.annexes]
    assert set(ANALYSIS_KEYS) <= set(keys)
    found = _tables(export_process(db_session, None, a.id).content)

    # Inventory: coverage matrix, quality on the ESS dimensions, definitions and gaps
    sources = inventory.list_sources(db_session, a)
    (coverage,) = _with_header(found, COVERAGE_COLUMNS)
    assert len(coverage) == len(sources) == 8
    census = next(row for row in coverage if row[0] == "Population and housing census 2021")
    assert census[1:5] == ["+", "+/-", "+", "+/-"]
    assert census[5] == f"{inventory.quality_average(sources[0]):.1f}"
    residence = next(row for row in coverage if row[0] == "Residence permits")
    assert residence[3:5] == ["?", "?"]
    (quality,) = _with_header(found, QUALITY_COLUMNS)
    assert len(quality) == sum(len(s.quality) for s in sources)
    (definitions,) = _with_header(found, DEFINITION_COLUMNS)
    assert [row[0] for row in definitions] == [s.name for s in sources]

    # Objectives and indicators: one row per indicator, or per objective without one
    (goals,) = _with_header(found, annexes.OBJECTIVE_COLUMNS)
    assert len(goals) == len(tables.objectives_table(db_session, a)[1]) == 7
    assert goals[0][0].startswith("1 Draw on the skills")
    assert any(row[0].startswith("2.2 ") and row[3] == "31 (2024)" for row in goals)

    # Options: criteria, one matrix per objective with options, the choices
    (weights,) = _with_header(found, ["Criterion", "Weight", "Description"])
    assert len(weights) == 4
    groups = [g for g in options.appraisal(db_session, a) if g.options]
    matrices = [(columns, rows) for columns, rows in found
                if columns[0] == "" and columns[1:] in [[o.option.title for o in g.options]
                                                        for g in groups]]
    assert len(matrices) == len(groups) == 3  # two general objectives, one specific
    for group in groups:
        if group.objective.parent_id is not None:
            continue
        columns, rows = next(m for m in matrices
                             if m[0][1:] == [o.option.title for o in group.options])
        labels = [row[0] for row in rows]
        assert labels[:6] == ["Costs", "Benefits", "Feasibility", "Viability", "Assumptions",
                              "Risks"]  # no option has a description: no such row
        assert labels[6].startswith("Expected impact on the objective (×4)")
        assert labels[-2:] == ["Weighted score (0-5)", "Decision"]
        assert len(rows) == 6 + 4 + 2  # six texts written, four criteria, score, decision
        decision = rows[-1][1:]
        chosen = [o.option.chosen for o in group.options]
        assert [cell.startswith("Chosen: ") for cell in decision] == chosen
    (chosen,) = _with_header(found, ["Objective", "Chosen option", "Score (0-5)",
                                     "Justification"])
    assert len(chosen) == len(options.chosen_options(db_session, a)) == 2

    # Instruments, ranked, and their scores on the selection criteria
    ranked = instruments.ranking(db_session, a)
    (listed,) = _with_header(found, annexes.INSTRUMENT_COLUMNS)
    assert len(listed) == len(ranked) == 6
    assert [row[0] for row in listed][:2] == ["1", "1"]  # equal scores share a rank
    assert all(row[3].startswith("Lead: ") for row in listed)
    (scores,) = [rows for columns, rows in found
                 if columns[0] == "Instrument" and columns[-1] == "Score (0-5)"]
    assert len(scores) == 6

    # Action plan: measures by objective, budget totals by institution and year
    plan = _with_header(found, annexes.MEASURE_COLUMNS)
    measures = actions.list_measures(db_session, a)
    assert sum(len(rows) for rows in plan) == len(measures) == 7
    assert len(plan) == 3
    totals = actions.budget_totals(db_session, a)
    (budget,) = _with_header(found, ["Responsible institution", *map(str, totals.years),
                                     "Total"])
    assert len(budget) == len(totals.rows) + 1
    assert budget[-1][0] == "Total"
    assert budget[-1][-1] == f"{round(totals.total / 1000):,}"

    # Risks and the table of responses
    (register,) = _with_header(found, annexes.RISK_COLUMNS)
    assert len(register) == len(risks.list_risks(db_session, a)) == 6
    assert register[0][1].startswith("4 × 5 = 20")
    replies = _with_header(found, annexes.RESPONSE_COLUMNS)
    assert sum(len(rows) for rows in replies) == len(responses.list_responses(db_session, a))


def test_the_strategy_at_validation_prints_its_analysis_too(db_session, demo):
    b = demo["B"]
    # At validation the default is the publication profile; the working file has it all.
    found = _tables(export_process(db_session, None, b.id, template="compact",
                                   profile="working").content)
    (coverage,) = _with_header(found, COVERAGE_COLUMNS)
    assert len(coverage) == 4
    (listed,) = _with_header(found, annexes.INSTRUMENT_COLUMNS)
    assert len(listed) == 11
    totals = actions.budget_totals(db_session, b)
    assert totals.years == [2027, 2028, 2029, 2030, 2031, 2032]
    assert _with_header(found, ["Responsible institution", *map(str, totals.years), "Total"])


def test_annex_tables_fit_the_text_width(db_session, demo):
    """Relative widths are scaled to the text width: no table runs into the margin."""
    for template in ("ministry", "compact"):
        content = export_process(db_session, None, demo["A"].id, template=template).content
        document = Document(io.BytesIO(content))
        section = document.sections[-1]
        text_width = (section.page_width - section.left_margin - section.right_margin) / 635
        for table in document.tables:
            grid = table._tbl.tblGrid.findall(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}gridCol")
            total = sum(int(col.get(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}w")) for col in grid)
            assert total <= text_width + 20, (template, total, text_width)


def test_pandoc_reads_the_annexes_back_in_order(db_session, demo, pandoc, tmp_path):
    path = tmp_path / "a.docx"
    path.write_bytes(export_process(db_session, None, demo["A"].id).content)
    text = subprocess.run([pandoc, "-f", "docx", "-t", "plain", "--wrap=none", str(path)],
                          capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    position = flat.find("Annex C")
    assert position > 0
    for title in TITLES:
        found = flat.find(title, position)
        assert found > 0, title
        position = found
    for snippet in ("Register of nationals at missions abroad",
                    "Recognition desks in twelve employment offices",
                    "General elections in 2027 delay the adoption of the policy",
                    "Returning citizens recorded per year"):
        assert snippet in flat, snippet


@pytest.mark.slow
def test_libreoffice_lays_the_annexes_out(db_session, demo, soffice, tmp_path):
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler) is not installed")
    docx = Path(tmp_path) / "policy.docx"
    docx.write_bytes(export_process(db_session, None, demo["A"].id).content)
    pdf = soffice(docx)
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for title in TITLES:
        assert title in text, title
    assert "Coverage of the four measures of migration" in text
