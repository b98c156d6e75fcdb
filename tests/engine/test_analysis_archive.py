"""The worked example, its tables and charts, and its round trip through the process archive."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest

from engine.archive import dump_process, load_process
from engine.db import Base, make_engine, make_session_factory
from engine.gates import evaluate_gate
from engine.services import consultations, transitions
from engine.services.analysis import actions, charts, options, tables
from engine.services.analysis import comments as analysis_comments
from engine.services.analysis.example import seed_analysis_example
from engine.services.analysis.responses import list_responses
from engine.services.audit import verify
from engine.services.document import comments as section_comments
from engine.services.document import sections
from engine.services.document.sections import flatten, outline
from tests.engine.test_archive import strip_ids


@pytest.fixture
def example(db_session, make_process, satisfy_gate):
    process = make_process(title="National migration and diaspora policy")
    satisfy_gate(process)
    transitions.fire(db_session, process.lead.user, process, "advance", note="Agenda set")
    counts = seed_analysis_example(db_session, process.lead.user, process)
    assert counts["measures"] == 6
    return process


def test_the_example_meets_every_analysis_condition(db_session, example):
    current = {c.key: c for c in evaluate_gate(db_session, example)}
    for key in ("inventory_covers", "indicators_have_baselines", "options_appraised"):
        assert current[key].ok, current[key].message
    assert current["inventory_covers"].message == (
        "All 4 dimensions covered by the 6 sources of the inventory "
        "(only under conditions: emigrant stock).")
    later = {c.key: c for c in evaluate_gate(db_session, example, "policy_instruments")}
    assert later["instruments_have_lead"].ok
    assert later["actions_complete"].ok


def test_the_example_is_seeded_once(db_session, example):
    assert seed_analysis_example(db_session, example.lead.user, example) == {}


def test_round_trip_keeps_the_analysis(db_session, example, add_member):
    lead = example.lead.user
    expert = add_member(example, "expert").user
    chosen = options.chosen_options(db_session, example)[0]
    analysis_comments.add_comment(db_session, expert, example, item_type="option",
                                  item_id=chosen.id, body="Add the staffing cost")
    first = dump_process(db_session, example.id)
    assert len(first["analysis_data_sources"]) == 6
    assert len(first["analysis_objectives"]) == 6
    assert len(first["analysis_options"]) == 5
    assert len(first["analysis_measures"]) == 6
    assert len(first["analysis_comments"]) == 2
    assert {i["name"] for i in first["analysis_institutions"]} >= {
        "National Statistical Office", "Ministry of Interior", "Migration Department"}
    measure = first["analysis_measures"][1]
    assert measure["budget"] == "1200000.00"
    assert measure["indicator"].startswith("indicator-")
    events = [e for e in first["history"] if e["kind"] == "analysis.option.chosen"]
    assert events
    assert all(e["subject"].startswith("policyoption-") for e in events)

    copy = load_process(db_session, json.loads(json.dumps(first)))
    second = dump_process(db_session, copy.id)
    assert strip_ids(second) == strip_ids(first)
    assert verify(db_session, copy.id) == []
    assert tables.action_plan_table(db_session, copy) == tables.action_plan_table(db_session,
                                                                                   example)
    del lead


def test_round_trip_into_another_database(db_session, example, tmp_path):
    first = dump_process(db_session, example.id)
    other = make_engine(f"sqlite:///{tmp_path / 'other.db'}")
    Base.metadata.create_all(other)
    with make_session_factory(other)() as session:
        copy = load_process(session, json.loads(json.dumps(first)))
        session.commit()
        again = dump_process(session, copy.id)
    other.dispose()
    assert strip_ids(again) == strip_ids(first)


def test_tables_give_plain_rows(db_session, example):
    for name, build in tables.TABLES.items():
        columns, rows = build(db_session, example)
        assert all(isinstance(c, str) for c in columns), name
        assert all(len(row) == len(columns) for row in rows), name
        assert all(isinstance(cell, str) for row in rows for cell in row), name
    columns, rows = tables.inventory_table(db_session, example)
    assert columns[3:7] == ["Immigration flow", "Emigration flow", "Immigrant stock",
                            "Emigrant stock"]
    census = rows[0]
    assert census[:7] == ["Population and housing census 2021", "Population census",
                          "National Statistical Office", "+", "+/-", "+", "+/-"]
    columns, rows = tables.budget_table(db_session, example)
    assert columns == ["Responsible institution", "2026", "2027", "2028", "Total"]
    assert rows[-1][0] == "Total"
    assert rows[-1][-1] == "1,725,000.00"
    columns, rows = tables.instruments_table(db_session, example)
    assert [r[0] for r in rows][:1] == ["1"]
    columns, rows = tables.objectives_table(db_session, example)
    assert rows[0][0].startswith("1 Manage labour migration")
    assert rows[1][0].startswith("1.1 Reduce irregular employment")


def test_csv_neutralises_formulas_but_keeps_coverage_signs():
    text = tables.to_csv((["A", "B"], [["=HYPERLINK(\"x\")", "+/-"], ["-", "-12.5"]]))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["'=HYPERLINK(\"x\")", "+/-"]
    assert rows[2] == ["-", "-12.5"]


def test_charts_are_svg_with_a_text_alternative(db_session, example):
    svg = charts.options_chart(options.appraisal(db_session, example))
    assert svg.startswith("<svg")
    assert svg.endswith("</svg>")
    assert svg.count('class="bar') == 5
    assert svg.count('class="bar chosen"') == 2
    assert "Shortage-occupation list with a one-stop shop for permits: 3.50 (chosen)" in svg
    dated, undated = actions.timeline(db_session, example)
    assert undated == []
    gantt = charts.gantt_chart(dated, today=date(2026, 6, 1))
    assert gantt.count('class="bar"') == 6
    assert "2026" in gantt
    assert "2028" in gantt
    assert "today" in gantt
    assert re.search(r"Draft the amendment of the Law on Foreigners: 2026-01-15 – 2026-09-30, "
                     r"Ministry of Interior", gantt)
    assert charts.gantt_chart([]) == ""


def test_table_of_responses(db_session, example, add_member):
    lead = example.lead.user
    expert = add_member(example, "expert").user
    section = next(n.section for n in flatten(outline(db_session, example))
                   if n.section.key == "swot")
    sections.save_body(db_session, lead, section, body="Strengths: the census.\n", base_revision=0)
    survey = consultations.create_consultation(
        db_session, lead, example, stage="policy_analysis", method="survey",
        title="Diaspora survey", held_on="2026-03-01", groups=["diaspora"])
    taken = consultations.add_input(db_session, lead, survey, source="Diaspora forum",
                                    text="Recognise foreign diplomas")
    consultations.add_input(db_session, lead, survey, source="Union", text="Protect workers")
    consultations.set_disposition(db_session, lead, taken, disposition="partly",
                                  reason="In objective 1.2", section_id=section.id)
    section_comments.add_comment(db_session, expert, section, body="Be precise",
                                 quote="the census", suggestion="the 2021 census")
    rows = list_responses(db_session, example)
    assert [(r.kind, r.source, r.disposition_label) for r in rows] == [
        ("input", "Diaspora forum", "Partly accepted"),
        ("input", "Union", "Not decided yet"),
        ("suggestion", expert.name, "Pending"),
    ]
    assert rows[0].section_title == section.title
    assert rows[0].revision == 1
    assert rows[0].origin == "Diaspora survey (survey or questionnaire, 2026-03-01)"
    assert "Replace “the census” with “the 2021 census”" in rows[2].said
    columns, table_rows = tables.responses_table(db_session, example)
    assert columns[0] == "Type"
    assert table_rows[0][4:8] == ["Partly accepted", "In objective 1.2", section.title, "1"]
