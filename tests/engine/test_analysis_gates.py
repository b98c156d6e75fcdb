"""The analysis gate conditions block the national-policy workflow with exact messages, then pass."""

from __future__ import annotations

import pytest

from engine.errors import GateNotMet
from engine.gates import evaluate_gate
from engine.services import transitions
from engine.services.analysis import actions, criteria, instruments, inventory, objectives, options
from engine.workflows import Condition, Params


def checks(db_session, process):
    return {c.key: c for c in evaluate_gate(db_session, process)}


def walk_to(db_session, process, satisfy_gate, stage):
    while process.state != stage:
        satisfy_gate(process)
        transitions.fire(db_session, process.lead.user, process, "advance", note="Done")


@pytest.fixture
def analysis(db_session, make_process, satisfy_gate):
    """A national-policy process in the policy-analysis stage."""
    process = make_process()
    walk_to(db_session, process, satisfy_gate, "policy_analysis")
    return process


def test_inventory_covers_names_the_uncovered_dimensions(db_session, analysis, satisfy_gate):
    lead = analysis.lead.user
    check = checks(db_session, analysis)["inventory_covers"]
    assert not check.ok
    assert check.message == (
        "0 of 4 dimensions covered by the inventory; no source covers: immigration flow, "
        "emigration flow, immigrant stock, emigrant stock.")
    assert check.fix == "analysis/inventory"
    inventory.create_source(db_session, lead, analysis, source_type="border_cards",
                            coverage=inventory.TYPICAL_COVERAGE["border_cards"])
    assert checks(db_session, analysis)["inventory_covers"].message == (
        "2 of 4 dimensions covered by the inventory; no source covers: immigrant stock, "
        "emigrant stock.")
    census = inventory.create_source(db_session, lead, analysis, source_type="population_census",
                                     coverage={"immigrant_stock": "+", "emigrant_stock": "-"})
    assert checks(db_session, analysis)["inventory_covers"].message.endswith(
        "no source covers: emigrant stock.")
    inventory.update_source(db_session, lead, census, coverage={"emigrant_stock": "+/-"})
    check = checks(db_session, analysis)["inventory_covers"]
    assert check.ok
    assert check.message == ("All 4 dimensions covered by the 2 sources of the inventory "
                             "(only under conditions: emigrant stock).")


def test_indicators_have_baselines(db_session, analysis):
    lead = analysis.lead.user
    check = checks(db_session, analysis)["indicators_have_baselines"]
    assert not check.ok
    assert check.message == ("No specific objectives yet: add them under the general "
                             "objectives, each with an indicator and its baseline.")
    general = objectives.create_objective(db_session, lead, analysis,
                                          title="Manage labour migration")
    made = [objectives.create_objective(db_session, lead, analysis, title=title,
                                        parent_id=general.id)
            for title in ("Admit workers where skills are lacking",
                          "Reduce irregular employment of migrant workers",
                          "Protect the rights of migrant workers")]
    objectives.create_indicator(db_session, lead, made[0], name="Vacancies filled",
                                baseline="0", baseline_year=2023)
    objectives.create_indicator(db_session, lead, made[1], name="Contracts", target="70")
    objectives.create_indicator(db_session, lead, made[2], name="Complaints", baseline="120",
                                baseline_year=2024)
    check = checks(db_session, analysis)["indicators_have_baselines"]
    assert not check.ok
    assert check.message == (
        "2 of 3 specific objectives have an indicator with a baseline; missing: Reduce "
        "irregular employment of migrant workers.")
    assert check.fix == "analysis/objectives"
    indicator = made[1].indicators[0]
    objectives.update_indicator(db_session, lead, indicator, baseline="38")
    assert not checks(db_session, analysis)["indicators_have_baselines"].ok  # year still missing
    objectives.update_indicator(db_session, lead, indicator, baseline_year=2022)
    check = checks(db_session, analysis)["indicators_have_baselines"]
    assert check.ok
    assert check.message == "All 3 specific objectives have an indicator with a baseline."


def test_options_appraised(db_session, analysis):
    lead = analysis.lead.user
    assert checks(db_session, analysis)["options_appraised"].message == (
        "No general objectives yet: define them, then appraise their options.")
    labour = objectives.create_objective(db_session, lead, analysis, title="Manage labour migration")
    diaspora = objectives.create_objective(db_session, lead, analysis, title="Engage the diaspora")
    cost = criteria.create_criterion(db_session, lead, analysis, scope="options", name="Cost")
    a = options.create_option(db_session, lead, analysis, objective_id=labour.id,
                              title="Status quo", costs="None", benefits="None")
    b = options.create_option(db_session, lead, analysis, objective_id=labour.id,
                              title="One-stop shop", costs="EUR 1.2 million", benefits="Speed")
    c = options.create_option(db_session, lead, analysis, objective_id=diaspora.id,
                              title="Diaspora office", costs="EUR 0.25 million a year",
                              benefits="A contact point")
    criteria.set_scores(db_session, lead, analysis, "options", [
        {"option_id": a.id, "criterion_id": cost.id, "score": 5},
        {"option_id": c.id, "criterion_id": cost.id, "score": 4},
    ])
    check = checks(db_session, analysis)["options_appraised"]
    assert not check.ok
    assert check.message == (
        "0 of 2 general objectives have at least 2 appraised options and a chosen one; "
        "missing: Manage labour migration (1 of 2 appraised, none chosen), Engage the "
        "diaspora (1 of 2 appraised, none chosen).")
    assert check.fix == "analysis/options"
    criteria.set_scores(db_session, lead, analysis, "options",
                        [{"option_id": b.id, "criterion_id": cost.id, "score": 3}])
    options.choose_option(db_session, lead, b, justification="Best value")
    d = options.create_option(db_session, lead, analysis, objective_id=diaspora.id,
                              title="Diaspora bond", costs="EUR 0.4 million", benefits="Capital")
    assert checks(db_session, analysis)["options_appraised"].message == (
        "1 of 2 general objectives have at least 2 appraised options and a chosen one; "
        "missing: Engage the diaspora (1 of 2 appraised, none chosen).")
    criteria.set_scores(db_session, lead, analysis, "options",
                        [{"option_id": d.id, "criterion_id": cost.id, "score": 2}])
    assert checks(db_session, analysis)["options_appraised"].message == (
        "1 of 2 general objectives have at least 2 appraised options and a chosen one; "
        "missing: Engage the diaspora (2 of 2 appraised, none chosen).")
    options.choose_option(db_session, lead, c, justification="Builds on the diaspora desk")
    check = checks(db_session, analysis)["options_appraised"]
    assert check.ok
    assert check.message == (
        "All 2 general objectives have at least 2 appraised options and a chosen one.")


def test_options_appraised_for_specific_objectives(db_session, analysis):
    """The `level` parameter: options answer the specific objectives instead."""
    from engine.catalog import definition_of
    from engine.gates import EVALUATORS, GateContext

    lead = analysis.lead.user
    general = objectives.create_objective(db_session, lead, analysis, title="General")
    specific = objectives.create_objective(db_session, lead, analysis, title="Specific",
                                           parent_id=general.id)
    option = options.create_option(db_session, lead, analysis, objective_id=specific.id,
                                   title="Only option", costs="Low", benefits="High")
    options.choose_option(db_session, lead, option, justification="The only one")
    definition = definition_of(analysis)
    from datetime import date

    context = GateContext(db_session, analysis, definition, definition.stage("policy_analysis"),
                          date.today())
    condition = Condition("options_appraised", "options_appraised",
                          Params({"min": 1, "level": "specific"}))
    check = EVALUATORS["options_appraised"](context, condition)
    assert check.ok
    assert check.message == ("The specific objective has at least 1 appraised option and a "
                             "chosen one.")


def test_policy_analysis_cannot_be_left_until_the_analysis_is_done(db_session, analysis,
                                                                   satisfy_gate):
    lead = analysis.lead.user
    with pytest.raises(GateNotMet) as refused:
        transitions.fire(db_session, lead, analysis, "advance", note="Try")
    failing = {c["key"] for c in refused.value.details["checks"] if not c["ok"]}
    assert {"inventory_covers", "indicators_have_baselines", "options_appraised"} <= failing
    satisfy_gate(analysis)
    assert all(c.ok for c in evaluate_gate(db_session, analysis))
    transitions.fire(db_session, lead, analysis, "advance", note="Analysis done")
    assert analysis.state == "policy_instruments"


def test_instruments_have_lead_and_actions_complete(db_session, analysis, satisfy_gate,
                                                    make_institution):
    lead = analysis.lead.user
    walk_to(db_session, analysis, satisfy_gate, "policy_instruments")
    current = checks(db_session, analysis)
    assert current["instruments_have_lead"].message == (
        "No instruments yet: list the instruments that carry out the chosen options.")
    assert current["actions_complete"].message == (
        "No measures in the action plan yet: add them with a responsible institution, an "
        "indicator, start and end dates and a budget.")
    interior = make_institution("Ministry of Interior")
    law = instruments.create_instrument(db_session, lead, analysis, family="regulatory",
                                        title="Amendment of the Law on Foreigners",
                                        lead_institution_id=interior.id)
    fund = instruments.create_instrument(db_session, lead, analysis, family="financial",
                                         title="Diaspora investment fund")
    check = checks(db_session, analysis)["instruments_have_lead"]
    assert not check.ok
    assert check.message == ("1 of 2 instruments have a lead institution; missing: Diaspora "
                             "investment fund.")
    assert check.fix == "analysis/instruments"
    instruments.update_instrument(db_session, lead, fund, lead_institution_id=interior.id)
    assert checks(db_session, analysis)["instruments_have_lead"].message == (
        "All 2 instruments have a lead institution.")

    done = actions.create_measure(db_session, lead, analysis, title="Draft the amendment",
                                  instrument_id=law.id, responsible_id=interior.id,
                                  output_indicator="Draft submitted", start_on="2027-01-01",
                                  end_on="2027-06-30", no_cost=True)
    train = actions.create_measure(db_session, lead, analysis, title="Train border police",
                                   responsible_id=interior.id, start_on="2027-02-01",
                                   budget="40000")
    shop = actions.create_measure(db_session, lead, analysis, title="Open one-stop shop")
    check = checks(db_session, analysis)["actions_complete"]
    assert not check.ok
    assert check.message == (
        "1 of 3 measures are complete; missing: Train border police (no indicator, no end "
        "date), Open one-stop shop (no responsible institution, no indicator, no start date, "
        "no end date, no budget (or “no cost”)).")
    assert check.fix == "analysis/actions"
    goal = objectives.list_objectives(db_session, analysis)[0]
    indicator = objectives.create_indicator(db_session, lead, goal, name="Officers trained")
    actions.update_measure(db_session, lead, train, indicator_id=indicator.id,
                           end_on="2027-12-31")
    actions.update_measure(db_session, lead, shop, responsible_id=interior.id,
                           output_indicator="Shop open", start_on="2027-03-01",
                           end_on="2028-03-01")
    check = checks(db_session, analysis)["actions_complete"]
    assert check.message == ("2 of 3 measures are complete; missing: Open one-stop shop "
                             "(no budget (or “no cost”)).")
    actions.update_measure(db_session, lead, shop, budget="250000.00")
    check = checks(db_session, analysis)["actions_complete"]
    assert check.ok
    assert check.message == (
        "All 3 measures are complete: a responsible institution, an indicator, start and end "
        "dates and a budget (or no cost).")
    assert done.no_cost and done.budget is None
    assert done.has_indicator

    satisfy_gate(analysis)
    transitions.fire(db_session, lead, analysis, "advance", note="Instruments chosen")
    assert analysis.state == "validation"


def test_sent_back_work_still_counts(db_session, analysis, satisfy_gate):
    """Records made in an earlier entry of the stage still count after a send-back."""
    lead = analysis.lead.user
    walk_to(db_session, analysis, satisfy_gate, "policy_instruments")
    transitions.fire(db_session, lead, analysis, "send_back", note="Rethink the options")
    assert analysis.state == "policy_analysis"
    current = checks(db_session, analysis)
    assert current["inventory_covers"].ok
    assert current["indicators_have_baselines"].ok
    assert current["options_appraised"].ok


def test_sectoral_action_plan_checks_indicators_instruments_and_actions(db_session, make_process,
                                                                        satisfy_gate):
    process = make_process(workflow="sectoral-action-plan", title="Action plan against trafficking")
    walk_to(db_session, process, satisfy_gate, "policy_analysis")
    assert "indicators_have_baselines" in checks(db_session, process)
    walk_to(db_session, process, satisfy_gate, "policy_instruments")
    assert {"instruments_have_lead", "actions_complete"} <= set(checks(db_session, process))
    walk_to(db_session, process, satisfy_gate, "validation")
