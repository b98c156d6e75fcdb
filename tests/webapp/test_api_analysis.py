"""API: the structured policy analysis, created, edited and deleted through /api/v1.

Core members and the lead write; experts and observers read (403 on writes);
people outside the process get 404; bad values get 422 with field paths. The
``Api`` helper checks every answer against the OpenAPI document.
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from tests.webapp.api_client import assert_error
from tests.webapp.world import World


@pytest.fixture
def world(make_world) -> World:
    return make_world("api")


def created(answer: Any) -> dict[str, Any]:
    assert answer.status_code == 201, answer.get_data(as_text=True)
    return answer.get_json()


def ok(answer: Any) -> Any:
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_json()


SOURCE = {
    "source_type": "population_census", "name": "Census 2021",
    "coverage": {"immigration_flow": "+", "emigration_flow": "+/-", "immigrant_stock": "+"},
    "quality": {"relevance": {"rating": 4, "note": "Country of birth asked"},
                "timeliness": {"rating": 2}},
    "residence_definition": "Usual residence", "length_of_stay": "12 months",
    "gaps": "Whole households abroad are missed.",
}


# ---------------------------------------------------------------- data sources


def test_data_source_round_trip(world):
    core, pid = world["core"], world.pid
    source = created(core.post(f"/processes/{pid}/data-sources",
                               {**SOURCE, "custodian_id": world.other_institution.id}))
    assert source["name"] == "Census 2021"
    assert source["custodian"] == {"id": world.other_institution.id,
                                   "name": world.other_institution.name}
    assert source["coverage"] == {"immigration_flow": "+", "emigration_flow": "+/-",
                                  "immigrant_stock": "+", "emigrant_stock": "unknown"}
    assert source["quality"]["relevance"] == {"rating": 4, "note": "Country of birth asked"}
    assert source["quality_average"] == 3.0
    assert source["stage"] == "agenda_setting"

    listed = ok(world["observer"].get(f"/processes/{pid}/data-sources"))
    assert [s["id"] for s in listed] == [source["id"]]
    path = f"/data-sources/{source['id']}"
    assert ok(world["expert"].get(path))["name"] == "Census 2021"

    changed = ok(core.patch(path, {"coverage": {"emigrant_stock": "+/-"},
                                   "quality": {"timeliness": None, "accuracy": {"rating": 5}},
                                   "gaps": None, "custodian_id": None}))
    assert changed["coverage"]["emigrant_stock"] == "+/-"
    assert changed["coverage"]["immigration_flow"] == "+"  # merged, not replaced
    assert set(changed["quality"]) == {"relevance", "accuracy"}
    assert changed["gaps"] is None
    assert changed["custodian"] is None

    assert ok(world["lead"].delete(path)) == {"id": source["id"], "deleted": True}
    assert_error(core.get(path), 404)
    assert ok(core.get(f"/processes/{pid}/data-sources")) == []
    kinds = [e["kind"] for e in ok(world["lead"].get(f"/processes/{pid}/history?kind=analysis."))]
    assert kinds == ["analysis.source.created", "analysis.source.updated",
                     "analysis.source.deleted"]


def test_data_source_permissions_and_values(world):
    pid = world.pid
    path = f"/processes/{pid}/data-sources"
    assert_error(world["expert"].post(path, SOURCE), 403)
    assert_error(world["observer"].post(path, SOURCE), 403)
    assert_error(world["admin"].post(path, SOURCE), 403)
    assert_error(world["outsider"].post(path, SOURCE), 404)
    assert_error(world["outsider"].get(path), 404)
    assert_error(world["anonymous"].get(path), 401)

    error = assert_error(world["core"].post(path, {**SOURCE, "source_type": "tea_leaves"}), 422)
    assert "source_type" in error["details"]
    error = assert_error(world["core"].post(path, {**SOURCE, "coverage": {"immigration_flow": "++"}}),
                         422)
    assert "coverage.immigration_flow" in error["details"]
    error = assert_error(world["core"].post(path, {**SOURCE, "quality": {"relevance": {"rating": 6}}}),
                         422)
    assert "quality.relevance.rating" in error["details"]
    assert_error(world["core"].post(path, {**SOURCE, "quality": {"beauty": {"rating": 3}}}), 422)
    error = assert_error(world["core"].post(path, {**SOURCE, "custodian_id": 999_999}), 422)
    assert "custodian_id" in error["details"]
    error = assert_error(world["core"].post(path, {"source_type": "other"}), 422)
    assert "name" in error["details"]
    assert_error(world["core"].post(path, {**SOURCE, "stage": "nowhere"}), 422)
    assert_error(world["core"].post(path, {**SOURCE, "colour": "red"}), 422)

    source = created(world["core"].post(path, SOURCE))
    item = f"/data-sources/{source['id']}"
    assert_error(world["expert"].patch(item, {"name": "Mine"}), 403)
    assert_error(world["expert"].delete(item), 403)
    assert_error(world["outsider"].get(item), 404)
    assert_error(world["outsider"].patch(item, {"name": "Mine"}), 404)
    assert_error(world["outsider"].delete(item), 404)
    assert ok(world["admin"].get(item))["id"] == source["id"]
    assert_error(world["core"].patch(item, {"source_type": None}), 422)
    assert_error(world["core"].patch("/data-sources/999999", {"name": "x"}), 404)


# ---------------------------------------------------------------- problem analysis


def test_problem_swot_and_evidence(world):
    core, pid = world["core"], world.pid
    empty = ok(world["observer"].get(f"/processes/{pid}/problem"))
    assert empty["stage"] is None
    assert empty["problem_statement"] == ""
    assert empty["swot"] == {"strength": [], "weakness": [], "opportunity": [], "threat": []}

    written = ok(core.put(f"/processes/{pid}/problem",
                          {"problem_statement": "Skills leave.", "vision": "By 2030..."}))
    assert written["stage"] == "agenda_setting"
    assert written["vision"] == "By 2030..."
    again = ok(core.put(f"/processes/{pid}/problem", {"rationale": "Because."}))
    assert again["problem_statement"] == "Skills leave."  # left out: unchanged
    assert again["rationale"] == "Because."

    item = created(core.post(f"/processes/{pid}/problem/swot",
                             {"quadrant": "weakness", "text": "No emigration data"}))
    source = created(core.post(f"/processes/{pid}/data-sources", SOURCE))
    citation = created(core.post(f"/processes/{pid}/problem/citations",
                                 {"swot_item_id": item["id"], "data_source_id": source["id"],
                                  "note": "Chapter 4"}))
    assert citation["data_source"] == {"id": source["id"], "name": "Census 2021"}
    text_citation = created(core.post(f"/processes/{pid}/problem/citations",
                                      {"field": "vision", "data_source_id": source["id"]}))
    problem = ok(world["expert"].get(f"/processes/{pid}/problem"))
    assert [i["text"] for i in problem["swot"]["weakness"]] == ["No emigration data"]
    assert {c["id"] for c in problem["citations"]} == {citation["id"], text_citation["id"]}

    moved = ok(core.patch(f"/swot/{item['id']}", {"quadrant": "threat", "text": "Emigration"}))
    assert (moved["quadrant"], moved["text"]) == ("threat", "Emigration")
    assert ok(core.delete(f"/citations/{text_citation['id']}"))["deleted"] is True
    assert ok(world["lead"].delete(f"/swot/{item['id']}"))["id"] == item["id"]
    problem = ok(core.get(f"/processes/{pid}/problem"))
    assert problem["swot"]["threat"] == []
    assert problem["citations"] == []  # the SWOT item's evidence went with it

    assert_error(world["expert"].put(f"/processes/{pid}/problem", {"vision": "x"}), 403)
    assert_error(world["outsider"].get(f"/processes/{pid}/problem"), 404)
    assert_error(core.put(f"/processes/{pid}/problem", {"vision": None}), 422)
    assert_error(core.post(f"/processes/{pid}/problem/swot", {"quadrant": "luck", "text": "x"}),
                 422)
    assert_error(core.post(f"/processes/{pid}/problem/swot", {"quadrant": "threat", "text": " "}),
                 422)
    error = assert_error(core.post(f"/processes/{pid}/problem/citations",
                                   {"field": "vision"}), 422)
    assert "evidence" in error["details"]
    other = created(core.post(f"/processes/{pid}/problem/swot",
                              {"quadrant": "strength", "text": "Census"}))
    assert_error(world["expert"].patch(f"/swot/{other['id']}", {"text": "x"}), 403)
    assert_error(world["expert"].delete(f"/swot/{other['id']}"), 403)
    assert_error(world["outsider"].delete(f"/swot/{other['id']}"), 404)


# ---------------------------------------------------------------- objectives and indicators


def test_objectives_and_indicators(world):
    core, pid = world["core"], world.pid
    general = created(core.post(f"/processes/{pid}/objectives",
                                {"title": "Engage the diaspora", "ndp_reference": "NDP 4"}))
    assert (general["level"], general["number"], general["parent_id"]) == ("general", "1", None)
    specific = created(core.post(f"/processes/{pid}/objectives",
                                 {"title": "Know the diaspora", "parent_id": general["id"]}))
    assert (specific["level"], specific["number"]) == ("specific", "1.1")
    source = created(core.post(f"/processes/{pid}/data-sources", SOURCE))

    path = f"/objectives/{specific['id']}/indicators"
    indicator = created(core.post(path, {"name": "Emigrant stock estimated", "unit": "persons",
                                         "baseline": "780,000", "baseline_year": 2024,
                                         "target": "yearly", "target_year": 2027,
                                         "data_source_id": source["id"]}))
    assert indicator["has_baseline"] is True
    assert indicator["data_source"]["id"] == source["id"]
    assert [i["id"] for i in ok(world["observer"].get(path))] == [indicator["id"]]
    listed = ok(world["expert"].get(f"/processes/{pid}/objectives"))
    assert [o["number"] for o in listed] == ["1", "1.1"]
    assert listed[1]["indicators"][0]["name"] == "Emigrant stock estimated"

    changed = ok(core.patch(f"/indicators/{indicator['id']}", {"baseline": None, "target": "1"}))
    assert changed["baseline"] is None
    assert changed["has_baseline"] is False
    error = assert_error(core.patch(f"/indicators/{indicator['id']}", {"target_year": 2001}), 422)
    assert "target_year" in error["details"]
    assert_error(core.post(path, {"name": "n", "baseline_year": 1066}), 422)
    assert_error(core.post(path, {"name": "n", "baseline": 38}), 422)  # text, not a number

    renamed = ok(core.patch(f"/objectives/{general['id']}", {"title": "Involve the diaspora",
                                                             "description": "Why"}))
    assert renamed["title"] == "Involve the diaspora"
    error = assert_error(core.post(f"/processes/{pid}/objectives",
                                   {"title": "Too deep", "parent_id": specific["id"]}), 422)
    assert "parent_id" in error["details"]
    second = created(core.post(f"/processes/{pid}/objectives", {"title": "Manage immigration"}))
    assert_error(core.patch(f"/objectives/{general['id']}", {"parent_id": second["id"]}), 409)
    assert_error(core.delete(f"/objectives/{general['id']}"), 409)

    assert_error(world["expert"].post(path, {"name": "x"}), 403)
    assert_error(world["expert"].patch(f"/indicators/{indicator['id']}", {"name": "x"}), 403)
    assert_error(world["observer"].delete(f"/objectives/{second['id']}"), 403)
    assert_error(world["outsider"].get(f"/objectives/{general['id']}"), 404)
    assert_error(world["outsider"].get(f"/indicators/{indicator['id']}"), 404)

    assert ok(core.delete(f"/indicators/{indicator['id']}"))["deleted"] is True
    assert_error(core.get(f"/indicators/{indicator['id']}"), 404)
    assert ok(core.delete(f"/objectives/{specific['id']}"))["deleted"] is True
    assert ok(core.delete(f"/objectives/{general['id']}"))["deleted"] is True
    assert [o["title"] for o in ok(core.get(f"/processes/{pid}/objectives"))] == [
        "Manage immigration"]


# ---------------------------------------------------------------- options, criteria, scores


def _objective(world: World, title: str = "Engage the diaspora") -> dict[str, Any]:
    return created(world["core"].post(f"/processes/{world.pid}/objectives", {"title": title}))


def test_criteria_options_scores_and_the_choice(world):
    core, pid = world["core"], world.pid
    objective = _objective(world)
    impact = created(core.post(f"/processes/{pid}/criteria",
                               {"scope": "options", "name": "Impact", "weight": 3}))
    cost = created(core.post(f"/processes/{pid}/criteria",
                             {"scope": "options", "name": "Cost", "weight": 1}))
    created(core.post(f"/processes/{pid}/criteria", {"scope": "instruments", "name": "Mandate"}))
    assert [c["name"] for c in ok(world["expert"].get(f"/processes/{pid}/criteria?scope=options"))] \
        == ["Impact", "Cost"]
    assert len(ok(world["expert"].get(f"/processes/{pid}/criteria"))) == 3
    assert_error(core.post(f"/processes/{pid}/criteria", {"scope": "options", "name": "impact"}),
                 422)  # names are unique per scope
    assert_error(core.post(f"/processes/{pid}/criteria",
                           {"scope": "options", "name": "Speed", "weight": -1}), 422)
    assert_error(core.get(f"/processes/{pid}/criteria?scope=moods"), 422)

    office = created(core.post(f"/processes/{pid}/options", {
        "objective_id": objective["id"], "title": "Diaspora office", "costs": "0.25 m a year",
        "benefits": "One contact point"}))
    bond = created(core.post(f"/processes/{pid}/options", {
        "objective_id": objective["id"], "title": "Diaspora bond", "costs": "0.4 m",
        "benefits": "Capital"}))
    assert office["appraised"] is False  # not scored yet
    scored = ok(core.put(f"/processes/{pid}/scores/options", {"scores": [
        {"option_id": office["id"], "criterion_id": impact["id"], "score": 4},
        {"option_id": office["id"], "criterion_id": cost["id"], "score": 4},
        {"option_id": bond["id"], "criterion_id": impact["id"], "score": 2},
        {"option_id": bond["id"], "criterion_id": cost["id"], "score": 2},
    ]}))
    assert scored["changed"] == 4
    by_id = {i["id"]: i for i in scored["items"]}
    assert by_id[office["id"]]["weighted_score"] == 4.0
    assert by_id[office["id"]]["scored_on_all"] is True
    again = ok(core.put(f"/processes/{pid}/scores/options", {"scores": [
        {"option_id": bond["id"], "criterion_id": cost["id"], "score": None}]}))
    assert again["changed"] == 1
    option = ok(core.get(f"/options/{office['id']}"))
    assert option["appraised"] is True
    assert option["weighted_score"] == 4.0
    assert sorted(s["score"] for s in option["scores"]) == [4, 4]

    error = assert_error(core.put(f"/processes/{pid}/scores/options", {"scores": [
        {"option_id": office["id"], "criterion_id": impact["id"], "score": 6}]}), 422)
    assert "scores.0.score" in error["details"]
    assert_error(core.put(f"/processes/{pid}/scores/options", {"scores": [
        {"instrument_id": 1, "criterion_id": impact["id"], "score": 1}]}), 422)
    assert_error(core.put(f"/processes/{pid}/scores/moods", {"scores": []}), 404)
    assert_error(world["expert"].put(f"/processes/{pid}/scores/options", {"scores": []}), 403)

    chosen = ok(core.post(f"/options/{office['id']}/choose", {"justification": "Best score"}))
    assert chosen["chosen"] is True
    assert chosen["justification"] == "Best score"
    swapped = ok(core.post(f"/options/{bond['id']}/choose", {"justification": "Cheaper"}))
    assert swapped["chosen"] is True
    assert ok(core.get(f"/options/{office['id']}"))["chosen"] is False
    assert ok(core.post(f"/options/{bond['id']}/unchoose"))["chosen"] is False
    assert_error(core.post(f"/options/{bond['id']}/unchoose"), 409)
    assert_error(core.post(f"/options/{bond['id']}/choose", {"justification": "  "}), 422)
    assert_error(world["expert"].post(f"/options/{bond['id']}/choose",
                                      {"justification": "x"}), 403)

    changed = ok(core.patch(f"/options/{bond['id']}", {"title": "Diaspora bond (5 years)",
                                                       "risks": "Low take-up"}))
    assert changed["risks"] == "Low take-up"
    assert_error(core.patch(f"/options/{bond['id']}", {"objective_id": None}), 422)
    assert_error(core.post(f"/processes/{pid}/options", {"objective_id": 999_999, "title": "x"}),
                 422)
    assert_error(world["expert"].patch(f"/options/{bond['id']}", {"title": "x"}), 403)
    assert_error(world["outsider"].get(f"/options/{bond['id']}"), 404)
    listed = ok(world["observer"].get(f"/processes/{pid}/options"))
    assert [o["title"] for o in listed] == ["Diaspora office", "Diaspora bond (5 years)"]

    renamed = ok(core.patch(f"/criteria/{cost['id']}", {"weight": 2, "name": "Cost to the State"}))
    assert (renamed["weight"], renamed["name"]) == (2.0, "Cost to the State")
    assert_error(world["expert"].delete(f"/criteria/{cost['id']}"), 403)
    assert ok(core.delete(f"/criteria/{cost['id']}"))["deleted"] is True
    assert [s["criterion_id"] for s in ok(core.get(f"/options/{office['id']}"))["scores"]] == [
        impact["id"]]
    assert ok(core.delete(f"/options/{bond['id']}"))["deleted"] is True
    assert_error(core.get(f"/options/{bond['id']}"), 404)


# ---------------------------------------------------------------- instruments


def _chosen_option(world: World) -> dict[str, Any]:
    core, pid = world["core"], world.pid
    objective = _objective(world)
    option = created(core.post(f"/processes/{pid}/options",
                               {"objective_id": objective["id"], "title": "Single permit"}))
    ok(core.post(f"/options/{option['id']}/choose", {"justification": "One decision"}))
    return option


def test_instruments_and_their_ranking(world):
    core, pid = world["core"], world.pid
    option = _chosen_option(world)
    other = _objective(world, "Integration")
    unchosen = created(core.post(f"/processes/{pid}/options",
                                 {"objective_id": other["id"], "title": "Integration fund"}))
    error = assert_error(core.post(f"/processes/{pid}/instruments", {
        "family": "financial", "title": "Fund", "option_id": unchosen["id"]}), 422)
    assert "option_id" in error["details"]
    assert_error(core.post(f"/processes/{pid}/instruments", {"family": "magic", "title": "x"}),
                 422)

    law = created(core.post(f"/processes/{pid}/instruments", {
        "family": "regulatory", "title": "Foreigners Act", "option_id": option["id"],
        "lead_institution_id": world.institution.id,
        "implementing_institution_ids": [world.other_institution.id, world.other_institution.id],
        "resources": "Four drafters"}))
    assert law["lead_institution"]["id"] == world.institution.id
    assert [i["id"] for i in law["implementing_institutions"]] == [world.other_institution.id]
    assert law["rank"] is None
    portal = created(core.post(f"/processes/{pid}/instruments",
                               {"family": "informational", "title": "Portal"}))
    criterion = created(core.post(f"/processes/{pid}/criteria",
                                  {"scope": "instruments", "name": "Effectiveness"}))
    ok(core.put(f"/processes/{pid}/scores/instruments", {"scores": [
        {"instrument_id": law["id"], "criterion_id": criterion["id"], "score": 3},
        {"instrument_id": portal["id"], "criterion_id": criterion["id"], "score": 5}]}))
    ranked = ok(world["expert"].get(f"/processes/{pid}/instruments"))
    assert [(i["title"], i["rank"]) for i in ranked] == [("Portal", 1), ("Foreigners Act", 2)]
    assert ok(core.get(f"/instruments/{law['id']}"))["weighted_score"] == 3.0

    changed = ok(core.patch(f"/instruments/{law['id']}", {
        "implementing_institution_ids": [], "lead_institution_id": None, "option_id": None}))
    assert changed["implementing_institutions"] == []
    assert changed["lead_institution"] is None
    assert changed["option_id"] is None
    assert_error(core.patch(f"/instruments/{law['id']}",
                            {"implementing_institution_ids": [999_999]}), 422)
    assert_error(world["expert"].patch(f"/instruments/{law['id']}", {"title": "x"}), 403)
    assert_error(world["expert"].delete(f"/instruments/{law['id']}"), 403)
    assert_error(world["outsider"].get(f"/instruments/{law['id']}"), 404)
    assert ok(core.delete(f"/instruments/{law['id']}"))["deleted"] is True
    assert [i["title"] for i in ok(core.get(f"/processes/{pid}/instruments"))] == ["Portal"]


# ---------------------------------------------------------------- action plan


def test_action_plan_and_budget(world):
    core, pid = world["core"], world.pid
    objective = _objective(world)
    indicator = created(core.post(f"/objectives/{objective['id']}/indicators",
                                  {"name": "Permits in 30 days", "baseline": "12",
                                   "baseline_year": 2024}))
    instrument = created(core.post(f"/processes/{pid}/instruments",
                                   {"family": "organisational", "title": "Service centres"}))
    measure = created(core.post(f"/processes/{pid}/actions", {
        "title": "Open three centres", "instrument_id": instrument["id"],
        "objective_id": objective["id"], "responsible_id": world.institution.id,
        "partner_ids": [world.other_institution.id], "start_on": "2027-07-01",
        "end_on": "2028-06-30", "indicator_id": indicator["id"], "budget": "1,200,000.50",
        "funding_source": "State budget"}))
    assert measure["budget"] == "1200000.50"
    assert measure["indicator"] == "Permits in 30 days"
    assert measure["partners"] == [{"id": world.other_institution.id,
                                    "name": world.other_institution.name}]
    numeric = created(core.post(f"/processes/{pid}/actions", {
        "title": "Portal", "budget": 2500, "output_indicator": "Portal online",
        "start_on": "2027-01-01", "end_on": "2027-12-31"}))
    assert numeric["budget"] == "2500.00"
    assert numeric["indicator"] == "Portal online"
    assert numeric["no_cost"] is False
    free = created(core.post(f"/processes/{pid}/actions", {
        "title": "Publish the guidance", "no_cost": True}))
    assert free["no_cost"] is True and free["budget"] is None
    assert ok(core.patch(f"/actions/{free['id']}", {"no_cost": False}))["no_cost"] is False
    assert_error(core.patch(f"/actions/{free['id']}", {"no_cost": "maybe"}), 422)
    ok(core.patch(f"/actions/{free['id']}", {"no_cost": True}))  # it lacks no budget

    budget = ok(world["observer"].get(f"/processes/{pid}/actions/budget"))
    assert budget["years"] == [2027, 2028]
    assert budget["total"] == "1202500.50"
    assert budget["unbudgeted"] == 0
    rows = {r["institution"]: r for r in budget["rows"]}
    assert rows[world.institution.name]["total"] == "1200000.50"
    assert sum(float(y["amount"]) for y in rows[world.institution.name]["by_year"]) == \
        pytest.approx(1200000.50)
    assert rows["No responsible institution"]["by_year"] == [{"year": 2027, "amount": "2500.00"}]

    error = assert_error(core.patch(f"/actions/{measure['id']}", {"end_on": "2027-01-01"}), 422)
    assert "end_on" in error["details"]
    error = assert_error(core.patch(f"/actions/{measure['id']}", {"budget": "12.345"}), 422)
    assert "budget" in error["details"]
    assert_error(core.patch(f"/actions/{measure['id']}", {"budget": -5}), 422)
    assert_error(core.patch(f"/actions/{measure['id']}", {"budget": True}), 422)
    assert_error(core.patch(f"/actions/{measure['id']}", {"start_on": 20270101}), 422)
    assert_error(core.post(f"/processes/{pid}/actions", {"title": "x", "indicator_id": 999_999}),
                 422)

    changed = ok(core.patch(f"/actions/{measure['id']}", {"partner_ids": [], "budget": None,
                                                          "title": "Open two centres"}))
    assert changed["partners"] == []
    assert changed["budget"] is None
    assert ok(core.get(f"/processes/{pid}/actions/budget"))["unbudgeted"] == 1
    assert [m["title"] for m in ok(world["expert"].get(f"/processes/{pid}/actions"))] == [
        "Open two centres", "Portal", "Publish the guidance"]
    assert_error(world["expert"].post(f"/processes/{pid}/actions", {"title": "x"}), 403)
    assert_error(world["expert"].patch(f"/actions/{measure['id']}", {"title": "x"}), 403)
    assert_error(world["outsider"].get(f"/actions/{measure['id']}"), 404)
    assert_error(world["outsider"].get(f"/processes/{pid}/actions/budget"), 404)
    assert ok(core.delete(f"/actions/{measure['id']}"))["deleted"] is True
    assert_error(core.get(f"/actions/{measure['id']}"), 404)


# ---------------------------------------------------------------- risks


def test_risk_register(world):
    core, pid = world["core"], world.pid
    risk = created(core.post(f"/processes/{pid}/risks", {
        "title": "Elections delay the law", "category": "elections", "likelihood": 4,
        "impact": 5, "mitigation": "Submit early", "owner_user_id": world.core.id,
        "owner_institution_id": world.institution.id}))
    assert (risk["likelihood"], risk["impact"], risk["score"], risk["level"]) == (4, 5, 20, "high")
    assert risk["owner_user"]["id"] == world.core.id
    assert risk["status"] == "open"
    low = created(core.post(f"/processes/{pid}/risks", {
        "title": "Focal point moves", "category": "staff_turnover", "likelihood": 1,
        "impact": 2}))
    assert low["level"] == "low"

    changed = ok(core.patch(f"/risks/{risk['id']}", {"status": "mitigated", "owner_user_id": None}))
    assert changed["status"] == "mitigated"
    assert changed["owner_user"] is None
    assert [r["id"] for r in ok(world["observer"].get(f"/processes/{pid}/risks?status=open"))] == [
        low["id"]]
    assert [r["id"] for r in ok(world["observer"].get(f"/processes/{pid}/risks"))] == [
        low["id"], risk["id"]]  # open ones first
    kinds = [e["kind"] for e in ok(core.get(f"/processes/{pid}/history?kind=analysis.risk"))]
    assert "analysis.risk.status" in kinds

    error = assert_error(core.post(f"/processes/{pid}/risks", {
        "title": "x", "category": "elections", "likelihood": 6, "impact": 1}), 422)
    assert "likelihood" in error["details"]
    assert_error(core.post(f"/processes/{pid}/risks", {
        "title": "x", "category": "weather", "likelihood": 1, "impact": 1}), 422)
    assert_error(core.post(f"/processes/{pid}/risks", {
        "title": "x", "category": "data", "likelihood": "high", "impact": 1}), 422)
    error = assert_error(core.patch(f"/risks/{risk['id']}", {"owner_user_id": world.outsider.id}),
                         422)
    assert "owner_user_id" in error["details"]
    assert_error(core.patch(f"/risks/{risk['id']}", {"status": "forgotten"}), 422)
    assert_error(world["expert"].post(f"/processes/{pid}/risks", {
        "title": "x", "category": "data", "likelihood": 1, "impact": 1}), 403)
    assert_error(world["observer"].patch(f"/risks/{risk['id']}", {"title": "x"}), 403)
    assert_error(world["outsider"].get(f"/risks/{risk['id']}"), 404)
    assert_error(world["outsider"].delete(f"/risks/{risk['id']}"), 404)
    assert ok(world["lead"].delete(f"/risks/{risk['id']}"))["deleted"] is True
    assert_error(core.get(f"/risks/{risk['id']}"), 404)


# ---------------------------------------------------------------- responses and comments


def test_table_of_responses(world):
    lead, pid = world["lead"], world.pid
    consultation = created(lead.post(f"/processes/{pid}/consultations", {
        "stage": "agenda_setting", "method": "workshop", "title": "Workshop with NGOs",
        "held_on": "2026-03-02"}))
    item = created(lead.post(f"/consultations/{consultation['id']}/inputs",
                             {"source": "Diaspora Council", "text": "Recognise diplomas."}))
    section = ok(lead.get(f"/processes/{pid}/sections"))[0]
    ok(lead.patch(f"/inputs/{item['id']}", {"disposition": "accepted", "reason": "Agreed.",
                                           "section_id": section["id"]}))
    rows = ok(world["observer"].get(f"/processes/{pid}/responses"))
    assert len(rows) == 1
    row = rows[0]
    assert (row["kind"], row["source"], row["disposition"]) == ("input", "Diaspora Council",
                                                                "accepted")
    assert row["section_title"] == section["title"]
    assert row["decided_by"] == world.lead.name
    assert "Workshop with NGOs" in row["origin"]
    assert_error(world["outsider"].get(f"/processes/{pid}/responses"), 404)


def test_experts_comment_on_records_observers_do_not(world):
    pid = world.pid
    risk = created(world["core"].post(f"/processes/{pid}/risks", {
        "title": "No budget line", "category": "resources", "likelihood": 2, "impact": 5}))
    path = f"/processes/{pid}/analysis-comments"
    comment = created(world["expert"].post(path, {"item_type": "risk", "item_id": risk["id"],
                                                  "body": "Ask the Ministry of Finance."}))
    assert comment["author"]["id"] == world.expert.id
    assert_error(world["observer"].post(path, {"item_type": "risk", "item_id": risk["id"],
                                               "body": "x"}), 403)
    assert_error(world["expert"].post(path, {"item_type": "risk", "item_id": 999_999,
                                             "body": "x"}), 422)
    assert_error(world["expert"].post(path, {"item_type": "horoscope", "item_id": 1,
                                             "body": "x"}), 422)
    listed = ok(world["observer"].get(f"{path}?item_type=risk&item_id={risk['id']}"))
    assert [c["body"] for c in listed] == ["Ask the Ministry of Finance."]
    assert_error(world["observer"].get(path), 422)  # which record?


# ---------------------------------------------------------------- the document and robustness


def test_the_openapi_document_lists_the_analysis_resources(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    documented = {(m, p) for p, item in doc["paths"].items() for m in item}
    expected = {
        ("get", "/processes/{process_id}/data-sources"),
        ("post", "/processes/{process_id}/data-sources"),
        ("get", "/data-sources/{source_id}"), ("patch", "/data-sources/{source_id}"),
        ("delete", "/data-sources/{source_id}"),
        ("get", "/processes/{process_id}/problem"), ("put", "/processes/{process_id}/problem"),
        ("post", "/processes/{process_id}/problem/swot"), ("patch", "/swot/{item_id}"),
        ("delete", "/swot/{item_id}"),
        ("get", "/processes/{process_id}/objectives"),
        ("post", "/processes/{process_id}/objectives"),
        ("get", "/objectives/{objective_id}"), ("patch", "/objectives/{objective_id}"),
        ("delete", "/objectives/{objective_id}"),
        ("get", "/objectives/{objective_id}/indicators"),
        ("post", "/objectives/{objective_id}/indicators"),
        ("patch", "/indicators/{indicator_id}"), ("delete", "/indicators/{indicator_id}"),
        ("get", "/processes/{process_id}/criteria"), ("post", "/processes/{process_id}/criteria"),
        ("put", "/processes/{process_id}/scores/{scope}"),
        ("get", "/processes/{process_id}/options"), ("post", "/processes/{process_id}/options"),
        ("patch", "/options/{option_id}"), ("delete", "/options/{option_id}"),
        ("post", "/options/{option_id}/choose"),
        ("get", "/processes/{process_id}/instruments"),
        ("post", "/processes/{process_id}/instruments"),
        ("patch", "/instruments/{instrument_id}"), ("delete", "/instruments/{instrument_id}"),
        ("get", "/processes/{process_id}/actions"), ("post", "/processes/{process_id}/actions"),
        ("patch", "/actions/{measure_id}"), ("delete", "/actions/{measure_id}"),
        ("get", "/processes/{process_id}/risks"), ("post", "/processes/{process_id}/risks"),
        ("patch", "/risks/{risk_id}"), ("delete", "/risks/{risk_id}"),
        ("get", "/processes/{process_id}/responses"),
    }
    assert expected <= documented, expected - documented
    source_in = doc["components"]["schemas"]["DataSourceIn"]
    assert "population_census" in source_in["properties"]["source_type"]["enum"]
    assert source_in["additionalProperties"] is False


@pytest.fixture
def records(world: World) -> dict[str, Any]:
    """One record of every analysis kind, made through the API."""
    core, pid = world["core"], world.pid
    source = created(core.post(f"/processes/{pid}/data-sources", SOURCE))
    swot = created(core.post(f"/processes/{pid}/problem/swot",
                             {"quadrant": "strength", "text": "Census"}))
    citation = created(core.post(f"/processes/{pid}/problem/citations",
                                 {"swot_item_id": swot["id"], "data_source_id": source["id"]}))
    general = _objective(world)
    specific = created(core.post(f"/processes/{pid}/objectives",
                                 {"title": "Know the diaspora", "parent_id": general["id"]}))
    indicator = created(core.post(f"/objectives/{specific['id']}/indicators", {"name": "Stock"}))
    criterion = created(core.post(f"/processes/{pid}/criteria",
                                  {"scope": "options", "name": "Impact"}))
    option = created(core.post(f"/processes/{pid}/options",
                               {"objective_id": general["id"], "title": "Office"}))
    ok(core.post(f"/options/{option['id']}/choose", {"justification": "Best"}))
    instrument = created(core.post(f"/processes/{pid}/instruments", {
        "family": "organisational", "title": "Office", "option_id": option["id"]}))
    measure = created(core.post(f"/processes/{pid}/actions", {"title": "Open the office"}))
    risk = created(core.post(f"/processes/{pid}/risks", {
        "title": "Elections", "category": "elections", "likelihood": 3, "impact": 3}))
    return {"process_id": pid, "source_id": source["id"], "item_id": swot["id"],
            "citation_id": citation["id"], "objective_id": specific["id"],
            "indicator_id": indicator["id"], "criterion_id": criterion["id"],
            "option_id": option["id"], "instrument_id": instrument["id"],
            "measure_id": measure["id"], "risk_id": risk["id"], "scope": "options"}


def _analysis_routes(kind: str) -> list[Any]:
    from webapp.api.registry import ROUTES

    found = [r for r in ROUTES if "analysis" in r.tags]
    return [r for r in found if r.body is not None] if kind == "body" else found


def _url(route: Any, ids: dict[str, Any]) -> str:
    path = route.path
    for name in route.path_params:
        path = path.replace("{" + name + "}", str(ids[name]))
    return path


def test_malformed_bodies_on_real_records_never_fail_the_server(world, records):
    """The fuzzing of test_api_fuzz, aimed at records that exist (there, ids are 1)."""
    from tests.webapp.test_api_fuzz import check, payloads

    for route in _analysis_routes("body"):
        rng = random.Random(f"analysis {route.method} {route.path}")
        target = _url(route, records)
        for n, payload in enumerate(payloads(route.body, rng)):
            who = "core" if n % 3 else rng.choice(["lead", "expert", "observer", "outsider"])
            answer = world[who].request(route.method, target, data=json.dumps(payload),
                                        headers={"Content-Type": "application/json"})
            check(answer, route.body, payload)


def test_every_analysis_route_answers_every_role_cleanly(world, records, app):
    from tests.webapp.api_client import Api

    anonymous = Api(app, world["lead"].client, None)
    deletes = [r for r in _analysis_routes("all") if r.method == "DELETE"]
    others = [r for r in _analysis_routes("all") if r.method != "DELETE"]
    for route in others + deletes:  # deletions last, by the lead at the very end
        for who in ("outsider", "admin", "observer", "expert"):
            answer = world[who].request(route.method, _url(route, records), json={})
            if answer.status_code >= 400:
                assert answer.status_code in {403, 404, 409, 422}, (route.path, who)
                assert_error(answer, answer.status_code)
            if who == "outsider":  # 422 only when the body is refused before any lookup
                assert answer.status_code in (404, 422), (route.method, route.path)
            if who in ("observer",) and route.method != "GET":
                assert answer.status_code in (403, 422), (route.method, route.path)
        assert anonymous.request(route.method, _url(route, records)).status_code == 401
