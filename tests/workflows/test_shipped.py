"""The workflows shipped in ``workflows/`` are valid and have the agreed shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.vocabulary import SUSPENDED
from engine.workflows import (
    RESUME_DEST,
    WorkflowDefinition,
    default_directory,
    from_dict,
    load_directory,
    parse_file,
    parse_text,
    validate_file,
)

SHIPPED = sorted(default_directory().glob("*.toml"))
IDS = [path.stem for path in SHIPPED]


@pytest.fixture(scope="module")
def definitions() -> dict[str, WorkflowDefinition]:
    return {key: definition for (key, _version), definition in load_directory().items()}


@pytest.fixture(scope="module")
def national(definitions) -> WorkflowDefinition:
    return definitions["national-policy"]


def test_default_directory_is_the_repository_workflows_folder():
    assert default_directory() == Path(__file__).resolve().parents[2] / "workflows"
    assert {path.name for path in SHIPPED} >= {
        "national-policy.toml",
        "sectoral-action-plan.toml",
        "technical-assistance.toml",
    }


@pytest.mark.parametrize("path", SHIPPED, ids=IDS)
def test_shipped_file_has_no_problem(path: Path):
    assert [str(problem) for problem in validate_file(path)] == []


@pytest.mark.parametrize("path", SHIPPED, ids=IDS)
def test_shipped_file_key_matches_its_file_name(path: Path):
    assert parse_file(path).key == path.stem


@pytest.mark.parametrize("path", SHIPPED, ids=IDS)
def test_round_trip_through_json_gives_an_equal_definition(path: Path):
    definition = parse_file(path)
    data = json.loads(json.dumps(definition.to_dict()))

    again = from_dict(data)

    assert again == definition
    assert again.to_dict() == definition.to_dict()
    assert again.digest == definition.digest


@pytest.mark.parametrize("path", SHIPPED, ids=IDS)
def test_digest_is_stable_across_loads(path: Path):
    assert parse_file(path).digest == parse_file(path).digest
    assert len(parse_file(path).digest) == 64


def test_digests_differ_between_workflows(definitions):
    digests = {definition.digest for definition in definitions.values()}
    assert len(digests) == len(definitions)


@pytest.mark.parametrize("path", SHIPPED, ids=IDS)
def test_every_stage_and_section_is_described(path: Path):
    definition = parse_file(path)
    assert definition.description
    for stage in definition.stages:
        assert stage.description, stage.key
        for _stage_key, section, _depth in definition.all_sections():
            assert section.title


def test_national_policy_stages_and_triggers(national):
    assert national.version == 2
    assert national.initial == "agenda_setting"
    assert national.stage_keys == (
        "agenda_setting",
        "policy_analysis",
        "policy_instruments",
        "validation",
        "adopted",
        "implementation",
        "evaluation",
        "closed",
    )
    assert national.terminal_states == ("closed",)
    assert national.states == national.stage_keys + (SUSPENDED,)
    assert set(national.triggers) == {"advance", "send_back", "suspend", "resume"}


def _triggers(definition, state):
    return {(t.trigger, t.dest) for t in definition.transitions_from(state)}


def test_national_policy_transitions_from_each_state(national):
    assert _triggers(national, "agenda_setting") == {
        ("advance", "policy_analysis"),
        ("suspend", SUSPENDED),
    }
    assert _triggers(national, "policy_analysis") == {
        ("advance", "policy_instruments"),
        ("suspend", SUSPENDED),
    }
    assert _triggers(national, "policy_instruments") == {
        ("advance", "validation"),
        ("send_back", "policy_analysis"),
        ("suspend", SUSPENDED),
    }
    assert _triggers(national, "validation") == {
        ("advance", "adopted"),
        ("send_back", "policy_analysis"),
        ("suspend", SUSPENDED),
    }
    assert _triggers(national, "adopted") == {
        ("advance", "implementation"),
        ("suspend", SUSPENDED),
    }
    assert _triggers(national, "implementation") == {
        ("advance", "evaluation"),
        ("suspend", SUSPENDED),
    }
    assert _triggers(national, "evaluation") == {
        ("advance", "closed"),
        ("suspend", SUSPENDED),
    }
    assert _triggers(national, "closed") == set()
    assert _triggers(national, SUSPENDED) == {("resume", RESUME_DEST)}


def test_national_policy_advance_is_gated_and_send_back_needs_a_note(national):
    for transition in national.all_transitions:
        if transition.trigger == "advance":
            assert transition.gated
            assert not transition.note_required
        elif transition.trigger in ("send_back", "suspend"):
            assert transition.note_required
            assert not transition.gated
        else:
            assert transition.trigger == "resume"
            assert not transition.gated


def test_national_policy_main_line(national):
    line = ["agenda_setting"]
    while (following := national.next_stage(line[-1])) is not None:
        line.append(following)
    assert line == list(national.stage_keys)


def test_national_policy_gates(national):
    def kinds(stage):
        return [condition.kind for condition in national.stage(stage).gate]

    assert kinds("agenda_setting") == [
        "lead_assigned",
        "min_members",
        "min_institutions",
        "deliverables_accepted",
        "meetings_held",
        "consultations_held",
    ]
    assert kinds("policy_analysis") == [
        "min_institutions",
        "deliverables_accepted",
        "inventory_covers",
        "indicators_have_baselines",
        "options_appraised",
        "consultations_held",
        "sections_agreed",
        "no_blocking_comments",
    ]
    assert kinds("policy_instruments") == [
        "deliverables_accepted",
        "instruments_have_lead",
        "actions_complete",
        "consultations_held",
        "sections_agreed",
        "no_blocking_comments",
    ]
    assert kinds("validation") == [
        "consultations_held",
        "inputs_decided",
        "deliverables_accepted",
        "no_blocking_comments",
        "signoff",
    ]
    agenda = national.stage("agenda_setting")
    assert agenda.condition("core_group_formed").params == {"min": 3}
    assert agenda.condition("min_institutions").params == {"min": 2}
    assert national.stage("policy_analysis").condition("min_institutions").params == {"min": 3}
    assert national.stage("validation").condition("signoff").params == {"quorum": 1.0}
    assert national.stage("policy_analysis").condition("options_appraised").params == {"min": 2}


def test_national_policy_required_deliverables(national):
    def required(stage):
        return set(national.stage(stage).deliverable_kinds)

    assert required("agenda_setting") == {"issues_paper", "stakeholder_map", "mandate"}
    assert required("policy_analysis") == {
        "situation_analysis",
        "swot",
        "data_sources_inventory",
        "problem_statement",
        "vision",
        "objectives",
        "options_appraisal",
    }
    assert required("policy_instruments") == {
        "instruments_inventory",
        "action_plan",
        "draft_policy",
    }
    assert required("validation") == {"validation_record", "communication_strategy"}


def test_national_policy_consultations_reach_the_agreed_groups(national):
    def requirement(stage):
        analysis = national.stage(stage)
        (only,) = analysis.effective_params(analysis.condition("consultations_held"))[
            "requirements"
        ]
        return set(only.methods), set(only.groups)

    assert requirement("policy_analysis") == ({"survey", "focus_group"}, {"migrants", "diaspora"})
    assert requirement("policy_instruments") == (
        {"workshop", "round_table"},
        {"local_government", "civil_society"},
    )
    assert requirement("validation") == (
        {"round_table", "public_hearing"},
        {"civil_society", "diaspora"},
    )


def test_national_policy_outline_covers_the_strategy(national):
    top_level = [section.key for _stage, section, depth in national.all_sections() if depth == 0]
    assert top_level[:2] == ["issues", "mandate"]
    assert {"situation_analysis", "swot", "objectives", "options", "action_plan"} <= set(top_level)


def test_sectoral_action_plan_runs_to_evaluation(definitions):
    plan = definitions["sectoral-action-plan"]
    assert plan.stage_keys == (
        "agenda_setting",
        "policy_analysis",
        "policy_instruments",
        "validation",
        "implementation",
        "monitoring_evaluation",
        "closed",
    )
    assert plan.terminal_states == ("closed",)
    assert _triggers(plan, "monitoring_evaluation") == {
        ("advance", "closed"),
        ("revise", "policy_instruments"),
        ("suspend", SUSPENDED),
    }
    assert _triggers(plan, "validation") >= {("send_back", "policy_analysis")}
    revise = next(t for t in plan.transitions if t.trigger == "revise")
    assert revise.note_required


def test_technical_assistance_steering_group_outcomes(definitions):
    action = definitions["technical-assistance"]
    assert action.initial == "in_preparation"
    assert [t.trigger for t in action.transitions_from("in_preparation")
            if t.trigger != "suspend"] == ["submit"]
    assert set(action.terminal_states) == {"completed", "rejected", "forwarded"}
    assert action.stage("action_sheet").target_days == 21
    outcomes = {t.trigger: t for t in action.transitions_from("steering_group")}
    assert outcomes["approve"].dest == "approved"
    assert outcomes["approve"].gated
    assert outcomes["reject"].dest == "rejected"
    assert outcomes["reject"].note_required
    assert outcomes["forward"].dest == "forwarded"
    assert outcomes["forward"].note_required
    assert not outcomes["reject"].gated
    assert not outcomes["forward"].gated
    # The steering group decides every outcome, after its assessment; the lead none.
    assert {t.decided_by for t in outcomes.values() if t.trigger != "suspend"} == {
        "steering_group"}
    gate = {condition.kind for condition in action.stage("steering_group").gate}
    assert gate == {"assessment_complete"}
    line = ["in_preparation"]
    while (following := action.next_stage(line[-1])) is not None:
        line.append(following)
    assert line == [
        "in_preparation",
        "request",
        "action_sheet",
        "steering_group",
        "approved",
        "fact_finding",
        "implementation",
        "completed",
    ]


@pytest.mark.parametrize("path", SHIPPED, ids=IDS)
def test_shipped_workflow_builds_a_state_machine(path: Path):
    """The names fit the transitions library: states, triggers and sources as given."""
    from transitions import Machine

    definition = parse_file(path)
    transitions = [
        {
            "trigger": t.trigger,
            "source": list(t.sources),
            "dest": t.dest,
        }
        for t in definition.all_transitions
        if t.dest != RESUME_DEST
    ]
    machine = Machine(
        model=None,
        states=list(definition.states),
        transitions=transitions,
        initial=definition.initial,
        auto_transitions=False,
    )
    assert set(machine.events) == set(definition.triggers) - {"resume"}


def test_the_example_in_the_authoring_guide_is_valid():
    guide = Path(__file__).resolve().parents[2] / "docs" / "workflows.md"
    text = guide.read_text(encoding="utf-8")
    example = text.split("```toml\n", 1)[1].split("```", 1)[0]

    definition = parse_text(example, "docs/workflows.md")

    assert definition.key == "diaspora-engagement"
    assert {t.trigger for t in definition.transitions_from("drafting")} == {
        "advance",
        "send_back",
        "abandon",
        "suspend",
    }
