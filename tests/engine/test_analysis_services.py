"""The analysis services: create, change and delete each record, with its history and permissions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from engine.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from engine.models import AuditEvent, Indicator, Instrument, Measure, PolicyOption
from engine.services import deliverables
from engine.services.analysis import (
    actions,
    comments,
    criteria,
    instruments,
    inventory,
    objectives,
    options,
    problem,
    risks,
)
from engine.services.audit import history, verify


@pytest.fixture
def setting(db_session, make_process, add_member, make_user, make_institution):
    """A process with a lead, a core member, an expert, an observer and an outsider."""
    process = make_process()
    people = {
        "lead": process.lead.user,
        "core": add_member(process, "core").user,
        "expert": add_member(process, "expert").user,
        "observer": add_member(process, "observer").user,
        "outsider": make_user("Outsider"),
    }
    return process, people, make_institution


def kinds(db_session, process):
    return [e.kind for e in history(db_session, process) if e.kind.startswith("analysis.")]


def test_data_source_crud_with_history(db_session, setting):
    process, people, make_institution = setting
    nso = make_institution("National Statistical Office", kind="statistics_office")
    source = inventory.create_source(
        db_session, people["core"], process, source_type="population_census",
        custodian_id=nso.id,
        coverage={"immigration_flow": "+", "emigration_flow": "+/-", "immigrant_stock": "+"},
        quality={"timeliness": {"rating": 2, "note": "Every ten years"}, "relevance": 4},
        residence_definition="Usual residence", length_of_stay="12 months",
        gaps="Emigrant households missed")
    assert source.name == "Population census"
    assert source.stage_key == "agenda_setting"
    assert source.custodian.name == "National Statistical Office"
    assert source.emigrant_stock == "unknown"
    assert source.quality == {"relevance": {"rating": 4, "note": None},
                              "timeliness": {"rating": 2, "note": "Every ten years"}}
    assert inventory.quality_average(source) == 3.0

    inventory.update_source(db_session, people["lead"], source, coverage={"emigrant_stock": "-"},
                            quality={"accuracy": {"rating": 5, "note": "Full count"}},
                            name="Census 2021")
    assert source.emigrant_stock == "-"
    assert source.immigration_flow == "+"  # coverage merges
    assert set(source.quality) == {"relevance", "accuracy", "timeliness"}
    assert source.name == "Census 2021"

    event = history(db_session, process)[-1]
    assert event.kind == "analysis.source.updated"
    assert event.data["before"]["coverage"]["emigrant_stock"] == "unknown"
    assert event.data["after"]["coverage"]["emigrant_stock"] == "-"
    assert event.data["after"]["custodian"] == "National Statistical Office"

    inventory.delete_source(db_session, people["core"], source)
    assert inventory.list_sources(db_session, process) == []
    assert kinds(db_session, process) == ["analysis.source.created", "analysis.source.updated",
                                          "analysis.source.deleted"]
    assert verify(db_session, process.id) == []


def test_data_source_validation(db_session, setting):
    process, people, _ = setting
    lead = people["lead"]
    with pytest.raises(InvalidInput) as error:
        inventory.create_source(db_session, lead, process, source_type="other")
    assert error.value.message == "Name the source."
    other = inventory.create_source(db_session, lead, process, source_type="other",
                                    name="Survey of returnees 2019")
    assert other.name == "Survey of returnees 2019"
    with pytest.raises(InvalidInput):
        inventory.create_source(db_session, lead, process, source_type="tea_leaves")
    with pytest.raises(InvalidInput):
        inventory.create_source(db_session, lead, process, source_type="border_cards",
                                coverage={"immigration_flow": "yes"})
    with pytest.raises(InvalidInput):
        inventory.create_source(db_session, lead, process, source_type="border_cards",
                                coverage={"tourism": "+"})
    with pytest.raises(InvalidInput):
        inventory.create_source(db_session, lead, process, source_type="border_cards",
                                quality={"accuracy": {"rating": 6}})
    with pytest.raises(InvalidInput):
        inventory.create_source(db_session, lead, process, source_type="border_cards",
                                custodian_id=999_999)
    with pytest.raises(InvalidInput):
        inventory.update_source(db_session, lead, other, colour="blue")


def test_standard_sources_come_with_their_typical_coverage(db_session, setting):
    process, people, _ = setting
    added = inventory.add_standard_sources(db_session, people["lead"], process)
    assert len(added) == 9
    consular = next(s for s in added if s.source_type == "register_of_nationals_abroad")
    assert [consular.coverage(d) for d in ("immigration_flow", "emigration_flow",
                                           "immigrant_stock", "emigrant_stock")] == \
        ["-", "-", "-", "+"]
    assert inventory.add_standard_sources(db_session, people["lead"], process) == []
    summary = inventory.coverage_summary(added)
    assert summary.uncovered == []
    assert summary.partly == []


def test_problem_swot_and_citations(db_session, setting):
    process, people, make_institution = setting
    core = people["core"]
    assert problem.get_problem(db_session, process) is None
    first = problem.save_problem(db_session, core, process, problem_statement="Irregular work")
    assert first.rationale == ""
    again = problem.save_problem(db_session, core, process, vision="Safe migration")
    assert again is first
    assert (first.problem_statement, first.vision) == ("Irregular work", "Safe migration")

    strength = problem.add_swot_item(db_session, core, process, quadrant="strength",
                                     text="Census 2021")
    threat = problem.add_swot_item(db_session, core, process, quadrant="threat", text="Elections")
    problem.update_swot_item(db_session, core, threat, text="Elections in 2027")
    lists = problem.list_swot(db_session, process)
    assert [i.text for i in lists["strength"]] == ["Census 2021"]
    assert [i.text for i in lists["threat"]] == ["Elections in 2027"]
    assert lists["weakness"] == lists["opportunity"] == []

    source = inventory.create_source(db_session, core, process, source_type="population_census")
    paper = deliverables.create_deliverable(db_session, core, process, stage="agenda_setting",
                                            kind="issues_paper")
    on_item = problem.add_citation(db_session, core, process, claim=f"swot:{strength.id}",
                                   data_source_id=source.id, note="Table 4")
    on_text = problem.add_citation(db_session, core, process, field="problem_statement",
                                   deliverable_id=paper.id)
    by_claim = problem.citations_by_claim(db_session, process)
    assert by_claim[f"swot:{strength.id}"] == [on_item]
    assert by_claim["problem_statement"] == [on_text]
    with pytest.raises(InvalidInput):
        problem.add_citation(db_session, core, process, field="vision")  # no evidence
    with pytest.raises(InvalidInput):
        problem.add_citation(db_session, core, process, field="vision", data_source_id=source.id,
                             deliverable_id=paper.id)
    with pytest.raises(InvalidInput):
        problem.add_citation(db_session, core, process, field="mood", data_source_id=source.id)

    problem.delete_citation(db_session, core, on_text)
    problem.delete_swot_item(db_session, core, strength)  # takes its citation along
    assert problem.list_citations(db_session, process) == []
    assert kinds(db_session, process)[:3] == ["analysis.problem.created",
                                              "analysis.problem.updated",
                                              "analysis.swot.created"]


def test_objectives_and_indicators(db_session, setting):
    process, people, _ = setting
    lead = people["lead"]
    general = objectives.create_objective(db_session, lead, process, title="Manage labour migration",
                                          ndp_reference="NDP pillar 2")
    specific = objectives.create_objective(db_session, lead, process, title="Reduce irregular work",
                                           parent_id=general.id)
    assert specific.level == "specific"
    assert [o.title for o in objectives.list_objectives(db_session, process)] == [
        "Manage labour migration", "Reduce irregular work"]
    with pytest.raises(InvalidInput):  # only two levels
        objectives.create_objective(db_session, lead, process, title="Too deep",
                                    parent_id=specific.id)
    source = inventory.create_source(db_session, lead, process, source_type="register_of_foreigners")
    indicator = objectives.create_indicator(
        db_session, lead, specific, name="Contracts registered", unit="%", baseline=38,
        baseline_year="2022", target="70", target_year=2030, data_source_id=source.id)
    assert (indicator.baseline, indicator.baseline_year, indicator.has_baseline) == ("38", 2022, True)
    with pytest.raises(InvalidInput):
        objectives.update_indicator(db_session, lead, indicator, target_year=2010)
    objectives.update_indicator(db_session, lead, indicator, baseline="")
    assert not indicator.has_baseline
    with pytest.raises(Conflict):  # it has a specific objective
        objectives.delete_objective(db_session, lead, general)
    objectives.delete_indicator(db_session, lead, indicator)
    objectives.delete_objective(db_session, lead, specific)
    objectives.delete_objective(db_session, lead, general)
    assert objectives.list_objectives(db_session, process) == []
    assert db_session.scalars(select(Indicator)).all() == []


def test_options_criteria_scores_and_choice(db_session, setting):
    process, people, _ = setting
    core = people["core"]
    goal = objectives.create_objective(db_session, core, process, title="Manage labour migration")
    cost = criteria.create_criterion(db_session, core, process, scope="options", name="Cost",
                                     weight=3)
    impact = criteria.create_criterion(db_session, core, process, scope="options", name="Impact",
                                       weight="1")
    with pytest.raises(InvalidInput):
        criteria.create_criterion(db_session, core, process, scope="options", name="cost")
    status_quo = options.create_option(db_session, core, process, objective_id=goal.id,
                                       title="Status quo", costs="None", benefits="None")
    one_stop = options.create_option(db_session, core, process, objective_id=goal.id,
                                     title="One-stop shop", costs="EUR 1.2 million",
                                     benefits="Faster permits")
    changed = criteria.set_scores(db_session, core, process, "options", [
        {"option_id": status_quo.id, "criterion_id": cost.id, "score": 5},
        {"option_id": status_quo.id, "criterion_id": impact.id, "score": 1},
        {"option_id": one_stop.id, "criterion_id": cost.id, "score": "3"},
    ])
    assert changed == 3
    assert criteria.weighted(status_quo, [cost, impact]).score == 4.0  # (3*5 + 1*1) / 4
    partial = criteria.weighted(one_stop, [cost, impact])
    assert (partial.score, partial.complete) == (2.25, False)
    assert not options.is_appraised(one_stop, [cost, impact])
    criteria.set_scores(db_session, core, process, "options",
                        [{"option_id": one_stop.id, "criterion_id": impact.id, "score": 5}])
    assert options.is_appraised(one_stop, [cost, impact])
    with pytest.raises(InvalidInput):
        criteria.set_scores(db_session, core, process, "options",
                            [{"option_id": one_stop.id, "criterion_id": cost.id, "score": 6}])
    scored = history(db_session, process)[-1]
    assert scored.kind == "analysis.options.scored"
    assert scored.data["changes"] == [{"option": "One-stop shop", "criterion": "Impact",
                                       "before": None, "after": 5}]

    with pytest.raises(InvalidInput):  # a choice needs its justification
        options.choose_option(db_session, core, one_stop, justification=" ")
    options.choose_option(db_session, core, status_quo, justification="Cheapest")
    options.choose_option(db_session, core, one_stop, justification="Best weighted score")
    assert [o.title for o in options.chosen_options(db_session, process)] == ["One-stop shop"]
    assert "instead of “Status quo”" in history(db_session, process)[-1].summary
    (group,) = options.appraisal(db_session, process)
    assert (group.appraised_count, group.chosen, group.best) == (2, one_stop, status_quo)

    criteria.delete_criterion(db_session, core, impact)
    assert criteria.weighted(one_stop, [cost]).score == 3.0
    options.delete_option(db_session, core, status_quo)
    assert options.list_options(db_session, process) == [one_stop]


def test_instruments_need_chosen_options_and_rank_by_score(db_session, setting):
    process, people, make_institution = setting
    lead = people["lead"]
    interior, labour = make_institution("Interior"), make_institution("Labour")
    goal = objectives.create_objective(db_session, lead, process, title="Goal")
    option = options.create_option(db_session, lead, process, objective_id=goal.id, title="Law")
    with pytest.raises(InvalidInput) as error:
        instruments.create_instrument(db_session, lead, process, family="regulatory",
                                      title="Amend the law", option_id=option.id)
    assert error.value.details == {"option_id": "not a chosen option"}
    options.choose_option(db_session, lead, option, justification="Only one")
    law = instruments.create_instrument(
        db_session, lead, process, family="regulatory", title="Amend the law", option_id=option.id,
        lead_institution_id=interior.id, implementing_institution_ids=[labour.id, interior.id],
        resources="Four drafters")
    assert [i.name for i in law.implementing_institutions] == ["Labour", "Interior"]
    campaign = instruments.create_instrument(db_session, lead, process, family="informational",
                                             title="Campaign",
                                             implementing_institution_ids=f"{labour.id}")
    with pytest.raises(InvalidInput):
        instruments.create_instrument(db_session, lead, process, family="moral", title="Sermon")
    instruments.update_instrument(db_session, lead, law, implementing_institution_ids=[interior.id])
    assert [i.name for i in law.implementing_institutions] == ["Interior"]
    mandate = criteria.create_criterion(db_session, lead, process, scope="instruments",
                                        name="Within the mandate", weight=2)
    criteria.set_scores(db_session, lead, process, "instruments", [
        {"instrument_id": law.id, "criterion_id": mandate.id, "score": 2},
        {"instrument_id": campaign.id, "criterion_id": mandate.id, "score": 4},
    ])
    ranked = instruments.ranking(db_session, process)
    assert [(r.rank, r.instrument.title) for r in ranked] == [(1, "Campaign"), (2, "Amend the law")]
    with pytest.raises(InvalidInput):  # an options criterion does not score instruments
        criteria.set_scores(db_session, lead, process, "options",
                            [{"option_id": option.id, "criterion_id": mandate.id, "score": 1}])
    measure = actions.create_measure(db_session, lead, process, title="Draft", instrument_id=law.id)
    instruments.delete_instrument(db_session, lead, law)
    assert measure.instrument_id is None
    assert db_session.scalars(select(Instrument)).all() == [campaign]


def test_measures_budget_and_timeline(db_session, setting):
    process, people, make_institution = setting
    core = people["core"]
    ministry, partner = make_institution("Ministry of Labour"), make_institution("NSO")
    goal = objectives.create_objective(db_session, core, process, title="Goal")
    indicator = objectives.create_indicator(db_session, core, goal, name="Contracts")
    spread = actions.create_measure(
        db_session, core, process, title="Train officers", responsible_id=ministry.id,
        partner_ids=[partner.id], start_on="2026-07-01", end_on="2027-06-30",
        indicator_id=indicator.id, budget="1,000.00", funding_source="EU grant")
    assert spread.budget == Decimal("1000.00")
    assert spread.has_indicator
    assert spread.indicator_text == "Contracts"
    actions.create_measure(db_session, core, process, title="Undated", budget=250.5)
    actions.create_measure(db_session, core, process, title="One day", start_on="2026-03-01",
                           responsible_id=ministry.id, budget="100")
    with pytest.raises(InvalidInput):
        actions.create_measure(db_session, core, process, title="Backwards",
                               start_on="2026-02-01", end_on="2026-01-01")
    with pytest.raises(InvalidInput):
        actions.create_measure(db_session, core, process, title="Too precise", budget="1.234")
    with pytest.raises(InvalidInput):
        actions.create_measure(db_session, core, process, title="Negative", budget="-5")

    totals = actions.budget_totals(db_session, process)
    assert totals.years == [2026, 2027]
    assert totals.undated
    rows = {name: (per, total) for name, per, total in totals.rows}
    # 184 of 365 days in 2026, the rest in 2027
    assert rows["Ministry of Labour"][0] == {2026: Decimal("504.11") + Decimal("100"),
                                             2027: Decimal("495.89")}
    assert rows[actions.NO_RESPONSIBLE][0] == {None: Decimal("250.50")}
    assert totals.total == Decimal("1350.50")
    assert sum(totals.by_year.values()) == totals.total

    dated, undated = actions.timeline(db_session, process)
    assert [r.measure.title for r in dated] == ["One day", "Train officers"]
    assert [m.title for m in undated] == ["Undated"]

    actions.update_measure(db_session, core, spread, partner_ids=[], budget=None)
    assert spread.partners == []
    assert spread.budget is None
    objectives.delete_indicator(db_session, core, indicator)
    assert spread.indicator_id is None
    actions.delete_measure(db_session, core, spread)
    assert len(actions.list_measures(db_session, process)) == 2
    assert db_session.scalars(select(Measure).where(Measure.title == "Train officers")).first() is None


def test_budget_spread_always_adds_up():
    from datetime import date

    shares = actions.spread_by_year(Decimal("100.00"), date(2025, 12, 31), date(2028, 1, 1))
    assert list(shares) == [2025, 2026, 2027, 2028]
    assert sum(shares.values()) == Decimal("100.00")
    assert actions.spread_by_year(Decimal("7"), date(2026, 1, 1), date(2026, 12, 31)) == {
        2026: Decimal("7")}


def test_risk_register(db_session, setting):
    process, people, make_institution = setting
    lead, core = people["lead"], people["core"]
    risk = risks.create_risk(db_session, lead, process, title="Elections in 2027",
                             category="elections", likelihood="high", impact=4,
                             mitigation="Submit before the campaign", owner_user_id=core.id,
                             owner_institution_id=make_institution("Interior").id)
    assert (risk.likelihood, risk.score, risks.level(risk.score)) == (5, 20, "high")
    assert risk.owner_name == core.name
    minor = risks.create_risk(db_session, lead, process, title="Turnover",
                              category="staff_turnover", likelihood=2, impact=2)
    assert [r.title for r in risks.list_risks(db_session, process)] == ["Elections in 2027",
                                                                        "Turnover"]
    with pytest.raises(InvalidInput):
        risks.create_risk(db_session, lead, process, title="x", category="weather",
                          likelihood=1, impact=1)
    with pytest.raises(InvalidInput):
        risks.create_risk(db_session, lead, process, title="x", category="data", likelihood=0,
                          impact=1)
    with pytest.raises(InvalidInput):  # owners are members
        risks.create_risk(db_session, lead, process, title="x", category="data", likelihood=1,
                          impact=1, owner_user_id=people["outsider"].id)
    risks.update_risk(db_session, core, risk, status="mitigated")
    event = history(db_session, process)[-1]
    assert (event.kind, event.summary) == ("analysis.risk.status",
                                           "Risk “Elections in 2027”: open → mitigated")
    assert [r.title for r in risks.list_risks(db_session, process)] == ["Turnover",
                                                                        "Elections in 2027"]
    risks.delete_risk(db_session, lead, minor)
    assert risks.list_risks(db_session, process) == [risk]


def test_comments_on_analysis_records(db_session, setting):
    process, people, _ = setting
    goal = objectives.create_objective(db_session, people["lead"], process, title="Goal")
    remark = comments.add_comment(db_session, people["expert"], process, item_type="objective",
                                  item_id=goal.id, body="Link it to the NDP")
    comments.add_comment(db_session, people["core"], process, item_type="objective",
                         item_id=goal.id, body="Done")
    assert [c.body for c in comments.list_comments(db_session, process, "objective", goal.id)] == [
        "Link it to the NDP", "Done"]
    assert comments.comment_counts(db_session, process)[("objective", goal.id)] == 2
    assert remark.author == people["expert"]
    with pytest.raises(PermissionDenied):
        comments.add_comment(db_session, people["observer"], process, item_type="objective",
                             item_id=goal.id, body="Me too")
    with pytest.raises(NotFound):
        comments.add_comment(db_session, people["outsider"], process, item_type="objective",
                             item_id=goal.id, body="Hello")
    with pytest.raises(InvalidInput):
        comments.add_comment(db_session, people["core"], process, item_type="objective",
                             item_id=999_999, body="Lost")
    assert comments.get_item(db_session, people["observer"], "objective", goal.id) is goal
    with pytest.raises(NotFound):
        comments.get_item(db_session, people["outsider"], "objective", goal.id)
    objectives.delete_objective(db_session, people["lead"], goal)
    assert comments.comment_counts(db_session, process) == {}


# ------------------------------------------------------------------ permissions


def _creators(db_session, process, make_institution):
    """One call per kind of record, each taking the actor."""
    goal_holder = {}

    def goal(actor):
        goal_holder["goal"] = objectives.create_objective(db_session, actor, process, title="Goal")
        return goal_holder["goal"]

    return {
        "data source": lambda a: inventory.create_source(db_session, a, process,
                                                         source_type="border_cards"),
        "problem": lambda a: problem.save_problem(db_session, a, process, vision="A vision"),
        "swot": lambda a: problem.add_swot_item(db_session, a, process, quadrant="threat",
                                                text="Elections"),
        "objective": goal,
        "criterion": lambda a: criteria.create_criterion(db_session, a, process,
                                                         scope="options", name=f"C{a.id}"),
        "option": lambda a: options.create_option(db_session, a, process,
                                                  objective_id=goal_holder["goal"].id,
                                                  title="Option"),
        "instrument": lambda a: instruments.create_instrument(db_session, a, process,
                                                              family="financial", title="Fee"),
        "measure": lambda a: actions.create_measure(db_session, a, process, title="Measure"),
        "risk": lambda a: risks.create_risk(db_session, a, process, title="Risk",
                                            category="data", likelihood=2, impact=3),
    }


@pytest.mark.parametrize("role", ["lead", "core"])
def test_lead_and_core_edit_every_kind_of_record(db_session, setting, role):
    process, people, make_institution = setting
    for what, create in _creators(db_session, process, make_institution).items():
        assert create(people[role]) is not None, what


@pytest.mark.parametrize(("role", "error"), [("expert", PermissionDenied),
                                             ("observer", PermissionDenied),
                                             ("outsider", NotFound)])
def test_others_cannot_create_any_record(db_session, setting, role, error):
    process, people, make_institution = setting
    creators = _creators(db_session, process, make_institution)
    creators["objective"](people["lead"])  # options need an objective to exist
    for create in creators.values():
        with pytest.raises(error):
            create(people[role])


@pytest.mark.parametrize(("role", "error"), [("expert", PermissionDenied),
                                             ("observer", PermissionDenied),
                                             ("outsider", NotFound)])
def test_others_cannot_change_or_delete(db_session, setting, role, error):
    process, people, _ = setting
    lead = people["lead"]
    source = inventory.create_source(db_session, lead, process, source_type="border_cards")
    goal = objectives.create_objective(db_session, lead, process, title="Goal")
    option = options.create_option(db_session, lead, process, objective_id=goal.id, title="O")
    risk = risks.create_risk(db_session, lead, process, title="R", category="data",
                             likelihood=1, impact=1)
    actor = people[role]
    attempts = [
        lambda: inventory.update_source(db_session, actor, source, name="Mine"),
        lambda: inventory.delete_source(db_session, actor, source),
        lambda: objectives.update_objective(db_session, actor, goal, title="Mine"),
        lambda: objectives.create_indicator(db_session, actor, goal, name="Mine"),
        lambda: options.choose_option(db_session, actor, option, justification="Mine"),
        lambda: options.delete_option(db_session, actor, option),
        lambda: criteria.set_scores(db_session, actor, process, "options", []),
        lambda: risks.update_risk(db_session, actor, risk, status="closed"),
        lambda: risks.delete_risk(db_session, actor, risk),
    ]
    for attempt in attempts:
        with pytest.raises(error):
            attempt()
    # everyone in the process reads; outsiders do not even learn the record exists
    if role == "outsider":
        with pytest.raises(NotFound):
            inventory.get_source(db_session, actor, source.id)
    else:
        assert inventory.get_source(db_session, actor, source.id) is source
        assert options.get_option(db_session, actor, option.id) is option


def test_history_has_no_database_ids(db_session, setting):
    process, people, make_institution = setting
    lead = people["lead"]
    goal = objectives.create_objective(db_session, lead, process, title="Goal")
    actions.create_measure(db_session, lead, process, title="M", objective_id=goal.id,
                           responsible_id=make_institution("Labour").id, budget="10")
    event = db_session.scalars(select(AuditEvent).where(
        AuditEvent.kind == "analysis.measure.created")).one()
    assert event.data["after"]["objective"] == "Goal"
    assert event.data["after"]["responsible"] == "Labour"
    assert event.data["after"]["budget"] == "10.00"
    assert not any(key.endswith("_id") for key in event.data["after"])
    assert event.subject_type == "Measure"


def test_records_remember_their_stage(db_session, make_process, satisfy_gate):
    from engine.services import transitions

    process = make_process()
    lead = process.lead.user
    satisfy_gate(process)
    transitions.fire(db_session, lead, process, "advance", note="Agenda set")
    source = inventory.create_source(db_session, lead, process, source_type="border_cards")
    later = inventory.create_source(db_session, lead, process, source_type="border_cards",
                                    stage="policy_instruments")
    assert (source.stage_key, later.stage_key) == ("policy_analysis", "policy_instruments")
    transitions.fire(db_session, lead, process, "suspend", note="Elections")
    paused = risks.create_risk(db_session, lead, process, title="Elections", category="elections",
                               likelihood=5, impact=4)
    assert paused.stage_key == "policy_analysis"
    with pytest.raises(InvalidInput):
        inventory.create_source(db_session, lead, process, source_type="border_cards",
                                stage="nowhere")
    assert db_session.scalars(select(PolicyOption)).all() == []
