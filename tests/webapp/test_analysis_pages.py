"""The analysis pages: who sees and who changes what, every form end to end, charts drawn."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from engine.models import (
    AnalysisComment,
    DataSource,
    Indicator,
    Instrument,
    Measure,
    Objective,
    PolicyOption,
    Risk,
    SwotItem,
)
from engine.services.analysis import criteria, inventory, objectives, options
from engine.services.analysis.example import seed_analysis_example
from tests.webapp.browser import post, text


def base(world) -> str:
    return f"/processes/{world.process.id}/analysis"


@pytest.fixture
def example(world, db_session):
    seed_analysis_example(db_session, world.lead, world.process)
    db_session.flush()
    return world


def item_paths(db_session, world) -> list[str]:
    p = base(world)
    first = {model: db_session.scalars(select(model.id).where(
        model.process_id == world.process.id).order_by(model.id)).first()
        for model in (DataSource, Objective, PolicyOption, Instrument, Measure, Risk)}
    return [f"{p}/inventory/{first[DataSource]}", f"{p}/objectives/{first[Objective]}",
            f"{p}/options/{first[PolicyOption]}", f"{p}/instruments/{first[Instrument]}",
            f"{p}/actions/{first[Measure]}", f"{p}/risks/{first[Risk]}"]


PAGES = ["", "/inventory", "/problem", "/objectives", "/options", "/instruments", "/actions",
         "/risks"]


@pytest.mark.parametrize("role", ["lead", "core", "expert", "observer"])
def test_every_page_renders_for_every_member(client, auth, example, db_session, role):
    auth.login(getattr(example, role))
    paths = [base(example) + page for page in PAGES] + item_paths(db_session, example) + [
        f"/processes/{example.process.id}/responses"]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert 'href="/static/css/analysis.css' in response.get_data(as_text=True), path


def test_outsiders_get_not_found(client, auth, example, db_session):
    auth.login(example.outsider)
    for path in [base(example) + page for page in PAGES] + item_paths(db_session, example) + [
            f"/processes/{example.process.id}/responses",
            f"/processes/{example.process.id}/responses.csv"]:
        assert client.get(path).status_code == 404, path


def test_signed_out_visitors_are_sent_to_sign_in(client, example):
    response = client.get(base(example) + "/inventory")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize(("role", "edits", "comments"), [
    ("lead", True, True), ("core", True, True), ("expert", False, True),
    ("observer", False, False)])
def test_forms_show_only_to_those_who_may_use_them(client, auth, example, db_session, role,
                                                    edits, comments):
    auth.login(getattr(example, role))
    inventory_page = text(client.get(base(example) + "/inventory"))
    assert ("Add a source" in inventory_page) is edits
    option_path = item_paths(db_session, example)[2]
    option_page = text(client.get(option_path))
    assert ("Save the changes" in option_page) is edits
    assert ("Delete this option" in option_page) is edits
    assert ("Add the comment" in option_page) is comments
    assert "Comments" in option_page


def test_overview_counts_and_gate_lines(client, auth, example):
    auth.login(example.observer)
    words = text(client.get(base(example)))
    assert "Data sources 6" in words
    assert "All 4 dimensions covered by the 6 sources of the inventory (only under conditions: " \
           "emigrant stock)." in words
    assert "before leaving Policy analysis" in words
    assert ("All 6 measures are complete: a responsible institution, an indicator, start and end "
            "dates and a budget (or no cost).") in words


def test_coverage_matrix_names_what_no_source_covers(client, auth, world, db_session):
    inventory.create_source(db_session, world.lead, world.process, source_type="border_cards",
                            coverage=inventory.TYPICAL_COVERAGE["border_cards"])
    db_session.flush()
    auth.login(world.expert)
    page = client.get(base(world) + "/inventory")
    words = text(page)
    assert "No source covers: immigrant stock, emigrant stock." in words
    html = page.get_data(as_text=True)
    assert html.count('class="cov cov-plus"') == 2
    assert html.count('class="cov cov-minus"') == 2


def test_empty_inventory_helps_to_start(client, auth, fresh, world, db_session):
    auth.login(world.core)
    words = text(client.get(base(world) + "/inventory"))
    assert "The inventory is empty" in words
    response = post(client, auth, base(world) + "/inventory/standard", follow_redirects=True)
    assert "9 usual sources added with their typical coverage" in text(response)
    assert len(inventory.list_sources(db_session, world.process)) == 9


def test_data_source_create_edit_delete(client, auth, fresh, world, db_session):
    auth.login(world.core)
    form = {"source_type": "other", "name": "Survey of returnees 2019",
            "custodian_id": str(world.other.id), "coverage_immigration_flow": "+",
            "coverage_emigration_flow": "+/-", "coverage_immigrant_stock": "-",
            "coverage_emigrant_stock": "unknown", "quality_accuracy_rating": "3",
            "quality_accuracy_note": "Small sample", "length_of_stay": "12 months",
            "gaps": "", "stage": ""}
    response = post(client, auth, base(world) + "/inventory", form, follow_redirects=True)
    assert "“Survey of returnees 2019” added to the inventory." in text(response)
    source = db_session.scalars(select(DataSource)).one()
    assert (source.emigration_flow, source.quality["accuracy"]) == (
        "+/-", {"rating": 3, "note": "Small sample"})
    assert source.custodian_id == world.other.id

    path = f"{base(world)}/inventory/{source.id}"
    page = text(client.get(path))
    assert "Survey of returnees 2019" in page
    assert "Small sample" in page
    response = post(client, auth, path, {**form, "name": "Returnee survey",
                                         "coverage_emigrant_stock": "+"}, follow_redirects=True)
    assert "Changes to “Returnee survey” saved." in text(response)
    db_session.refresh(source)
    assert (source.name, source.emigrant_stock, source.stage_key) == (
        "Returnee survey", "+", "agenda_setting")

    refused = post(client, auth, path, {**form, "name": ""})
    assert refused.status_code == 422
    assert "Name the source." in text(refused)

    response = post(client, auth, path + "/delete", follow_redirects=True)
    assert "“Returnee survey” deleted." in text(response)
    assert db_session.scalars(select(DataSource)).all() == []


def test_problem_swot_and_evidence(client, auth, fresh, world, db_session):
    auth.login(world.lead)
    p = base(world) + "/problem"
    response = post(client, auth, p, {"problem_statement": "Irregular **work**",
                                      "rationale": "Why", "vision": "Where"},
                    follow_redirects=True)
    assert "Problem statement, rationale and vision saved." in text(response)
    response = post(client, auth, p + "/swot", {"quadrant": "weakness",
                                                "text": "No emigration statistics"},
                    follow_redirects=True)
    assert "Added to weaknesses." in text(response)
    item = db_session.scalars(select(SwotItem)).one()
    source = inventory.create_source(db_session, world.lead, world.process,
                                     source_type="population_census")
    db_session.flush()
    response = post(client, auth, p + "/citations", {
        "claim": f"swot:{item.id}", "evidence": f"source:{source.id}", "note": "Table 4"},
        follow_redirects=True)
    assert "Evidence cited." in text(response)
    assert "Population census — Table 4" in text(response)
    response = post(client, auth, f"{p}/swot/{item.id}", {"quadrant": "weakness",
                                                          "text": "No statistics on emigration"},
                    follow_redirects=True)
    assert "No statistics on emigration" in text(response)
    post(client, auth, f"{p}/swot/{item.id}/delete", follow_redirects=True)
    assert db_session.scalars(select(SwotItem)).all() == []

    auth.logout()
    auth.login(world.expert)
    response = post(client, auth, p + "/comments", {"body": "Cite the 2021 census"},
                    follow_redirects=True)
    assert "Comment added." in text(response)
    assert "Cite the 2021 census" in text(response)
    assert post(client, auth, p, {"problem_statement": "Mine"}).status_code == 403


def test_objectives_and_indicators(client, auth, fresh, world, db_session):
    auth.login(world.core)
    p = base(world) + "/objectives"
    post(client, auth, p, {"title": "Manage labour migration", "parent_id": "",
                           "ndp_reference": "NDP pillar 2", "description": "", "stage": ""})
    general = db_session.scalars(select(Objective)).one()
    response = post(client, auth, p, {"title": "Reduce irregular work",
                                      "parent_id": str(general.id), "ndp_reference": "",
                                      "description": "", "stage": ""}, follow_redirects=True)
    assert "Objective “Reduce irregular work” added." in text(response)
    assert "No indicator yet: the gate asks for one with a baseline." in text(response)
    specific = db_session.scalars(select(Objective).where(Objective.parent_id.is_not(None))).one()
    refused = post(client, auth, f"{p}/{specific.id}/indicators", {
        "name": "Contracts", "baseline": "38", "baseline_year": "2022", "target": "70",
        "target_year": "2010", "unit": "%", "data_source_id": ""})
    assert refused.status_code == 422
    assert "The target year comes before the baseline year." in text(refused)
    response = post(client, auth, f"{p}/{specific.id}/indicators", {
        "name": "Contracts", "baseline": "38", "baseline_year": "2022", "target": "70",
        "target_year": "2030", "unit": "%", "data_source_id": ""}, follow_redirects=True)
    assert "Indicator added to “Reduce irregular work”." in text(response)
    indicator = db_session.scalars(select(Indicator)).one()
    assert indicator.has_baseline
    post(client, auth, f"{base(world)}/indicators/{indicator.id}", {
        "name": "Registered contracts", "baseline": "38", "baseline_year": "2022",
        "target": "75", "target_year": "2030", "unit": "%", "data_source_id": ""})
    db_session.refresh(indicator)
    assert (indicator.name, indicator.target) == ("Registered contracts", "75")
    response = post(client, auth, f"{p}/{general.id}/delete", follow_redirects=True)
    assert "has 1 specific objective: delete or move it first." in text(response)
    post(client, auth, f"{base(world)}/indicators/{indicator.id}/delete")
    assert db_session.scalars(select(Indicator)).all() == []


def test_options_scores_choice_and_chart(client, auth, fresh, world, db_session):
    goal = objectives.create_objective(db_session, world.lead, world.process, title="Labour")
    db_session.flush()
    auth.login(world.lead)
    p = base(world)
    post(client, auth, p + "/criteria", {"scope": "options", "name": "Cost", "weight": "3",
                                         "description": ""})
    cost = db_session.scalars(select(criteria.AppraisalCriterion)).one()
    for title in ("Status quo", "One-stop shop"):
        post(client, auth, p + "/options", {"objective_id": str(goal.id), "title": title,
                                            "costs": "Some", "benefits": "Some", "stage": ""})
    first, second = db_session.scalars(select(PolicyOption).order_by(PolicyOption.id)).all()
    response = post(client, auth, p + "/scores/options", {
        f"score-{first.id}-{cost.id}": "2", f"score-{second.id}-{cost.id}": "5"},
        follow_redirects=True)
    assert "2 scores saved." in text(response)
    refused = post(client, auth, f"{p}/options/{second.id}/choose", {"justification": ""})
    assert refused.status_code == 422
    response = post(client, auth, f"{p}/options/{second.id}/choose",
                    {"justification": "Best score"}, follow_redirects=True)
    assert "“One-stop shop” is the chosen option." in text(response)
    html = response.get_data(as_text=True)
    assert 'class="chart options-chart"' in html
    assert "One-stop shop: 5.00 (chosen)" in html
    assert html.count('<rect class="bar') == 2
    db_session.refresh(second)
    assert second.chosen
    assert second.justification == "Best score"
    post(client, auth, f"{p}/options/{second.id}/unchoose")
    db_session.refresh(second)
    assert not second.chosen
    post(client, auth, f"{p}/criteria/{cost.id}", {"name": "Cost to the budget", "weight": "2",
                                                   "description": ""})
    db_session.refresh(cost)
    assert (cost.name, cost.weight) == ("Cost to the budget", 2.0)
    post(client, auth, f"{p}/criteria/{cost.id}/delete")
    assert criteria.list_criteria(db_session, world.process, "options") == []


def test_instruments_measures_risks_and_the_gantt(client, auth, fresh, world, db_session):
    goal = objectives.create_objective(db_session, world.lead, world.process, title="Labour")
    option = options.create_option(db_session, world.lead, world.process, objective_id=goal.id,
                                   title="One-stop shop")
    options.choose_option(db_session, world.lead, option, justification="Only one")
    db_session.flush()
    auth.login(world.core)
    p = base(world)
    response = post(client, auth, p + "/instruments", {
        "family": "organisational", "title": "One-stop shop for permits",
        "option_id": str(option.id), "lead_institution_id": str(world.home.id),
        "implementing_institution_ids": [str(world.other.id)], "description": "",
        "resources": "12 staff", "stage": ""}, follow_redirects=True)
    assert "Instrument “One-stop shop for permits” added." in text(response)
    instrument = db_session.scalars(select(Instrument)).one()
    assert [i.id for i in instrument.implementing_institutions] == [world.other.id]

    refused = post(client, auth, p + "/actions", {
        "title": "Train officers", "instrument_id": str(instrument.id), "objective_id": "",
        "responsible_id": str(world.home.id), "start_on": "2026-09-01", "end_on": "2026-01-01",
        "budget": "1000", "indicator_id": "", "output_indicator": "", "funding_source": "",
        "description": "", "stage": ""})
    assert refused.status_code == 422
    assert "The measure ends before it starts." in text(refused)
    response = post(client, auth, p + "/actions", {
        "title": "Train officers", "instrument_id": str(instrument.id), "objective_id": "",
        "responsible_id": str(world.home.id), "partner_ids": [str(world.other.id)],
        "start_on": "2026-07-01", "end_on": "2027-06-30", "budget": "1,000.00",
        "indicator_id": "", "output_indicator": "Officers trained", "funding_source": "EU grant",
        "description": "", "stage": ""}, follow_redirects=True)
    assert "Measure “Train officers” added to the action plan." in text(response)
    html = response.get_data(as_text=True)
    assert 'class="chart gantt-chart"' in html
    assert "Train officers: 2026-07-01 – 2027-06-30, Ministry of Home Affairs" in html
    words = text(response)
    assert "Budget by responsible institution and year" in words
    assert "Ministry of Home Affairs €504.11 €495.89 €1,000.00" in words
    measure = db_session.scalars(select(Measure)).one()
    assert not measure.no_cost
    # A measure that costs nothing says so with the box, and the plan shows it.
    response = post(client, auth, p + "/actions", {
        "title": "Publish the guidance", "instrument_id": "", "objective_id": "",
        "responsible_id": str(world.home.id), "start_on": "2026-07-01",
        "end_on": "2026-08-31", "budget": "", "indicator_id": "",
        "output_indicator": "Guidance online", "funding_source": "", "no_cost": "y",
        "description": "", "stage": ""}, follow_redirects=True)
    assert "Measure “Publish the guidance” added to the action plan." in text(response)
    free = db_session.scalars(select(Measure).where(Measure.title == "Publish the guidance")).one()
    assert free.no_cost and free.budget is None
    html = response.get_data(as_text=True)
    assert f'id="measure-{free.id}"' in html
    row = html[html.index(f'id="measure-{free.id}"'):]
    assert "no cost" in row[:row.index("</tr>")]
    db_session.delete(free)
    db_session.flush()

    response = post(client, auth, p + "/risks", {
        "title": "Elections in 2027", "category": "elections", "likelihood": "4", "impact": "5",
        "mitigation": "Submit early", "owner_user_id": str(world.core.id),
        "owner_institution_id": "", "status": "open", "description": "", "stage": ""},
        follow_redirects=True)
    assert "Risk “Elections in 2027” recorded." in text(response)
    risk = db_session.scalars(select(Risk)).one()
    assert (risk.score, risk.owner_user_id) == (20, world.core.id)
    post(client, auth, f"{p}/risks/{risk.id}", {
        "title": "Elections in 2027", "category": "elections", "likelihood": "4", "impact": "5",
        "mitigation": "Submit early", "owner_user_id": str(world.core.id),
        "owner_institution_id": "", "status": "mitigated", "description": "", "stage": ""})
    db_session.refresh(risk)
    assert risk.status == "mitigated"

    for path in (f"{p}/actions/{measure.id}", f"{p}/instruments/{instrument.id}",
                 f"{p}/risks/{risk.id}"):
        response = post(client, auth, path + "/delete", follow_redirects=True)
        assert "deleted. Its history stays in the process history." in text(response), path
    assert db_session.scalars(select(Measure)).all() == []
    assert db_session.scalars(select(Instrument)).all() == []
    assert db_session.scalars(select(Risk)).all() == []


@pytest.mark.parametrize("role", ["expert", "observer"])
def test_readers_cannot_change_anything(client, auth, fresh, example, db_session, role):
    auth.login(getattr(example, role))
    p = base(example)
    source, goal, option, instrument, measure, risk = item_paths(db_session, example)
    attempts = [
        (p + "/inventory", {"source_type": "border_cards"}),
        (p + "/inventory/standard", {}),
        (source, {"source_type": "border_cards", "name": "Mine"}),
        (source + "/delete", {}),
        (p + "/problem", {"problem_statement": "Mine"}),
        (p + "/problem/swot", {"quadrant": "threat", "text": "Mine"}),
        (p + "/objectives", {"title": "Mine"}),
        (goal + "/delete", {}),
        (p + "/options", {"objective_id": goal.rsplit("/", 1)[1], "title": "Mine"}),
        (option.replace("/options/", "/options/") + "/choose", {"justification": "Mine"}),
        (p + "/criteria", {"scope": "options", "name": "Mine", "weight": "1"}),
        (p + "/scores/options", {}),
        (p + "/instruments", {"family": "financial", "title": "Mine"}),
        (instrument + "/delete", {}),
        (p + "/actions", {"title": "Mine"}),
        (measure, {"title": "Mine"}),
        (p + "/risks", {"title": "Mine", "category": "data", "likelihood": "1", "impact": "1",
                        "status": "open"}),
        (risk + "/delete", {}),
    ]
    for path, data in attempts:
        assert post(client, auth, path, data).status_code == 403, path
    expected = 200 if role == "expert" else 403
    response = post(client, auth, option + "/comments", {"body": "Consider the staffing"},
                    follow_redirects=True)
    assert response.status_code == expected
    comments = db_session.scalars(select(AnalysisComment).where(
        AnalysisComment.body == "Consider the staffing")).all()
    assert len(comments) == (1 if role == "expert" else 0)


def test_forms_without_a_csrf_token_are_refused(client, auth, world, db_session):
    auth.login(world.lead)
    response = client.post(base(world) + "/risks", data={
        "title": "x", "category": "data", "likelihood": "1", "impact": "1", "status": "open"})
    assert response.status_code in (400, 422)
    assert db_session.scalars(select(Risk)).all() == []


def test_table_of_responses_and_downloads(client, auth, example, db_session):
    from engine.services import consultations

    survey = consultations.create_consultation(
        db_session, example.lead, example.process, stage="agenda_setting", method="survey",
        title="Diaspora survey", held_on="2026-03-01", groups=["diaspora"])
    item = consultations.add_input(db_session, example.lead, survey, source="Diaspora forum",
                                   text="=Recognise diplomas")
    consultations.set_disposition(db_session, example.lead, item, disposition="accepted",
                                  reason="Objective 1.2")
    db_session.flush()
    auth.login(example.observer)
    words = text(client.get(f"/processes/{example.process.id}/responses"))
    assert "1 of 1 contribution decided" in words
    assert "Diaspora forum" in words
    assert "Accepted" in words
    response = client.get(f"/processes/{example.process.id}/responses.csv")
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["Type", "Where", "From"]
    assert rows[1][3] == "'=Recognise diplomas"  # no formula in a spreadsheet
    budget = client.get(f"{base(example)}/tables/budget.csv").get_data(as_text=True)
    assert "1,725,000.00" in budget
    assert client.get(f"{base(example)}/tables/nothing.csv").status_code == 404
