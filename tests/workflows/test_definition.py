"""The Python API of workflow definitions: lookups, parameters, serialisation, loading."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from engine.vocabulary import DELIVERABLE_KINDS, SUSPENDED
from engine.workflows import (
    CONDITION_KINDS,
    RESUME_DEST,
    WORKFLOWS_DIR_ENV,
    ConsultationRequirement,
    WorkflowDefinition,
    WorkflowInvalid,
    default_directory,
    from_dict,
    latest_versions,
    load_directory,
    parse_text,
)

MINI = """
key = "mini"
version = 1
title = "Minimal"
initial = "draft"

[[stages]]
key = "draft"
title = "Draft"

[[stages]]
key = "done"
title = "Done"
terminal = true

[[transitions]]
trigger = "advance"
source = "draft"
dest = "done"
"""


def workflow(text: str) -> WorkflowDefinition:
    return parse_text(textwrap.dedent(text), "test.toml")


GATED = """
key = "gated"
version = 2
title = "Gated"
initial = "draft"

[[stages]]
key = "draft"
title = "Draft"

  [[stages.sections]]
  key = "context"
  title = "Context"
    [[stages.sections.sections]]
    key = "drivers"
    title = "Drivers"

  [[stages.sections]]
  key = "vision"
  title = "Vision"

  [[stages.deliverables]]
  kind = "issues_paper"

  [[stages.deliverables]]
  kind = "swot"
  title = "SWOT of the sector"

  [[stages.consultations]]
  title = "Diaspora survey"
  methods = ["survey"]
  groups = ["diaspora"]

  [[stages.consultations]]
  title = "Any two consultations"
  min = 2

  [[stages.gate]]
  kind = "min_members"
  min = 3

  [[stages.gate]]
  kind = "min_members"
  min = 1
  roles = ["expert"]

  [[stages.gate]]
  kind = "deliverables_accepted"

  [[stages.gate]]
  kind = "deliverables_accepted"
  kinds = ["swot"]
  key = "swot_done"

  [[stages.gate]]
  kind = "consultations_held"

  [[stages.gate]]
  kind = "consultations_held"
  min = 2
  groups = ["academia"]
  label = "Researchers heard twice"

  [[stages.gate]]
  kind = "sections_agreed"

  [[stages.gate]]
  kind = "signoff"

  [[stages.gate]]
  kind = "signoff"
  quorum = 1
  key = "all_signed"

[[stages]]
key = "review"
title = "Review"

[[stages]]
key = "done"
title = "Done"
terminal = true

[[stages]]
key = "dropped"
title = "Dropped"
terminal = true

[[transitions]]
trigger = "advance"
source = "draft"
dest = "review"
gated = true

[[transitions]]
trigger = "advance"
source = "review"
dest = "done"

[[transitions]]
trigger = "drop"
source = "*"
dest = "dropped"
note_required = true
label = "Drop the process"

[[transitions]]
trigger = "restart"
source = "*"
dest = "draft"
"""


@pytest.fixture(scope="module")
def gated() -> WorkflowDefinition:
    return workflow(GATED)


def test_gate_keys_default_to_the_kind_with_a_counter(gated):
    keys = [condition.key for condition in gated.stage("draft").gate]
    assert keys == [
        "min_members",
        "min_members_2",
        "deliverables_accepted",
        "swot_done",
        "consultations_held",
        "consultations_held_2",
        "sections_agreed",
        "signoff",
        "all_signed",
    ]


def test_params_hold_only_what_the_author_wrote_and_are_read_only(gated):
    draft = gated.stage("draft")
    assert draft.condition("deliverables_accepted").params == {}
    assert draft.condition("min_members_2").params == {"min": 1, "roles": ("expert",)}
    assert draft.condition("all_signed").params == {"quorum": 1.0}
    assert isinstance(draft.condition("all_signed").params["quorum"], float)
    with pytest.raises(TypeError):
        draft.condition("min_members").params["min"] = 1  # type: ignore[index]
    assert hash(gated) == hash(workflow(GATED))


def test_effective_params_fill_defaults_from_the_registry_and_the_stage(gated):
    draft = gated.stage("draft")

    def effective(key):
        return draft.effective_params(draft.condition(key))

    assert effective("min_members") == {"min": 3, "roles": ("lead", "core")}
    assert effective("min_members_2") == {"min": 1, "roles": ("expert",)}
    assert effective("deliverables_accepted") == {"kinds": ("issues_paper", "swot")}
    assert effective("swot_done") == {"kinds": ("swot",)}
    assert effective("sections_agreed") == {"sections": ("context", "drivers", "vision")}
    assert effective("signoff") == {"quorum": 1.0, "signatory_kinds": ()}
    assert effective("consultations_held") == {"requirements": draft.consultations}
    assert effective("consultations_held_2") == {
        "requirements": (
            ConsultationRequirement(
                title="Researchers heard twice", min=2, methods=(), groups=("academia",)
            ),
        )
    }


def test_requirements_and_their_defaults(gated):
    draft = gated.stage("draft")
    assert [(d.kind, d.title) for d in draft.deliverables] == [
        ("issues_paper", DELIVERABLE_KINDS["issues_paper"]),
        ("swot", "SWOT of the sector"),
    ]
    assert draft.consultations == (
        ConsultationRequirement("Diaspora survey", 1, ("survey",), ("diaspora",)),
        ConsultationRequirement("Any two consultations", 2, (), ()),
    )
    assert [(stage, section.key, depth) for stage, section, depth in gated.all_sections()] == [
        ("draft", "context", 0),
        ("draft", "drivers", 1),
        ("draft", "vision", 0),
    ]


def test_star_source_means_every_other_non_terminal_stage(gated):
    by_trigger = {t.trigger: t for t in gated.transitions}
    assert by_trigger["drop"].sources == ("draft", "review")
    assert by_trigger["restart"].sources == ("review",)
    assert by_trigger["drop"].label == "Drop the process"


def test_transitions_from_lists_declared_then_implicit_ones(gated):
    assert [t.trigger for t in gated.transitions_from("draft")] == ["advance", "drop", "suspend"]
    assert [t.trigger for t in gated.transitions_from("review")] == [
        "advance",
        "drop",
        "restart",
        "suspend",
    ]
    assert gated.transitions_from("done") == []
    (resume,) = gated.transitions_from(SUSPENDED)
    assert (resume.trigger, resume.dest, resume.gated) == ("resume", RESUME_DEST, False)
    suspend = gated.transitions_from("draft")[-1]
    assert suspend.dest == SUSPENDED
    assert suspend.sources == ("draft", "review")
    assert suspend.note_required
    assert not suspend.gated


def test_lookups(gated):
    assert gated.terminal_states == ("done", "dropped")
    assert gated.next_stage("draft") == "review"
    assert gated.next_stage("done") is None
    with pytest.raises(KeyError):
        gated.stage("nowhere")
    with pytest.raises(KeyError):
        gated.next_stage("nowhere")
    with pytest.raises(KeyError):
        gated.stage("draft").condition("nothing")


def test_next_stage_without_advance_takes_the_first_forward_transition():
    definition = workflow(MINI.replace('trigger = "advance"', 'trigger = "finish"'))
    assert definition.next_stage("draft") == "done"


def test_not_suspendable_has_no_implicit_transitions_and_frees_the_names():
    definition = workflow(
        MINI.replace('initial = "draft"', 'initial = "draft"\nsuspendable = false')
        + '\n[[transitions]]\ntrigger = "suspend"\nsource = "draft"\ndest = "done"\n'
    )
    assert definition.states == ("draft", "done")
    assert [t.trigger for t in definition.transitions_from("draft")] == ["advance", "suspend"]
    assert definition.transitions_from(SUSPENDED) == []


def test_to_dict_is_plain_and_explicit(gated):
    data = gated.to_dict()
    assert data["stages"][0]["gate"][1] == {
        "kind": "min_members",
        "key": "min_members_2",
        "label": None,
        "params": {"min": 1, "roles": ["expert"]},
    }
    assert data["transitions"][2]["source"] == ["draft", "review"]
    assert "suspend" not in {t["trigger"] for t in data["transitions"]}
    assert from_dict(data) == gated


def test_digest_changes_with_the_content(gated):
    data = gated.to_dict()
    data["stages"][0]["gate"][0]["params"]["min"] = 4
    assert from_dict(data).digest != gated.digest


def test_from_dict_validates():
    data = workflow(MINI).to_dict()
    data["stages"][0]["gate"] = [{"kind": "signoff", "params": {"quorum": 3}}]
    data["initial"] = "nowhere"
    with pytest.raises(WorkflowInvalid) as error:
        from_dict(data, source="api")
    assert [str(problem) for problem in error.value.problems] == [
        "api: stages.0.gate.0.quorum: must be a number > 0 and <= 1 (got 3)",
        'api: initial: unknown stage "nowhere"',
    ]


def test_condition_kinds_registry_is_consistent():
    for key, kind in CONDITION_KINDS.items():
        assert kind.key == key
        assert kind.label
        assert kind.description
        assert kind.message
        names = kind.param_names
        assert len(set(names)) == len(names)
        # Parameters sit next to kind/key/label in the gate table.
        assert not set(names) & {"kind", "key", "label"}
        for spec in kind.params:
            assert spec.type in ("int", "float", "str", "list[str]")
            assert not (spec.required and spec.default is not None)
            if spec.default is not None and spec.type in ("int", "float"):
                assert spec.in_range(spec.default)
            if spec.default is not None and spec.vocabulary is not None:
                assert set(spec.default) <= set(spec.vocabulary)


def test_load_directory_keys_by_key_and_version(tmp_path: Path):
    (tmp_path / "mini.toml").write_text(MINI, encoding="utf-8")
    (tmp_path / "mini-v2.toml").write_text(MINI.replace("version = 1", "version = 2"), "utf-8")
    (tmp_path / "notes.txt").write_text("not a workflow", encoding="utf-8")

    loaded = load_directory(tmp_path)

    assert sorted(loaded) == [("mini", 1), ("mini", 2)]
    assert latest_versions(loaded)["mini"].version == 2


def test_load_directory_reports_every_invalid_file_and_duplicate_versions(tmp_path: Path):
    (tmp_path / "a.toml").write_text(MINI, encoding="utf-8")
    (tmp_path / "b.toml").write_text(MINI, encoding="utf-8")
    (tmp_path / "c.toml").write_text(MINI.replace("version = 1", "version = 0"), "utf-8")

    with pytest.raises(WorkflowInvalid) as error:
        load_directory(tmp_path)

    assert [str(problem) for problem in error.value.problems] == [
        f'{tmp_path / "b.toml"}: version: workflow "mini" version 1 is also defined in a.toml; '
        "bump the version",
        f"{tmp_path / 'c.toml'}: version: must be an integer >= 1 (got 0)",
    ]
    assert str(error.value).count("\n") == 1


def test_default_directory_can_be_overridden(monkeypatch, tmp_path: Path):
    monkeypatch.setenv(WORKFLOWS_DIR_ENV, str(tmp_path))
    assert default_directory() == tmp_path
    (tmp_path / "mini.toml").write_text(MINI, encoding="utf-8")
    assert list(load_directory()) == [("mini", 1)]


def test_load_directory_needs_a_directory(tmp_path: Path):
    with pytest.raises(WorkflowInvalid, match="not a directory"):
        load_directory(tmp_path / "missing")


def test_engine_workflows_imports_nothing_of_the_web_adapter():
    code = (
        "import sys, engine.workflows\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'flask', 'webapp', 'werkzeug', 'flask_login', 'flask_babel', 'flask_wtf'})\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(  # noqa: S603 - fixed command
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
