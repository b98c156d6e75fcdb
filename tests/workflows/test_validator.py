"""Validator details not covered by the broken-file corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.workflows import Problem, validate_file, validate_text
from tests.workflows.test_definition import MINI


def lines(problems: list[Problem]) -> list[str]:
    return [str(problem) for problem in problems]


def test_problem_prints_file_path_and_message():
    problem = Problem("workflows/x.toml", "stages.2.gate.1.min", "must be an integer >= 1")
    assert str(problem) == "workflows/x.toml: stages.2.gate.1.min: must be an integer >= 1"


def test_valid_text_has_no_problem():
    assert validate_text(MINI, "mini.toml") == []


def test_syntax_error_gives_line_and_column_and_stops_there():
    text = 'key = "mini"\nversion = 1\ntitle = = "x"\nbogus = 3\n'
    assert lines(validate_text(text, "w.toml")) == [
        "w.toml: <toml>: invalid TOML at line 3, column 9: invalid value"
    ]


def test_syntax_error_at_end_of_document_is_located():
    assert lines(validate_text('key = "mini"\nversion = ', "w.toml")) == [
        "w.toml: <toml>: invalid TOML at line 2, column 11: invalid value"
    ]


def test_redefined_key_is_a_syntax_error():
    (problem,) = validate_text('key = "a"\nkey = "b"\n', "w.toml")
    assert problem.path == "<toml>"
    assert "line 2" in problem.message


def test_file_that_is_not_utf8(tmp_path: Path):
    path = tmp_path / "latin1.toml"
    path.write_bytes('key = "mini"\ntitle = "Politique migratoire - été"\n'.encode("latin-1"))
    assert lines(validate_file(path)) == [f"{path}: <toml>: not UTF-8 text (byte 46, line 2)"]


def test_missing_file_is_a_problem_not_a_crash(tmp_path: Path):
    path = tmp_path / "nowhere.toml"
    assert lines(validate_file(path)) == [
        f"{path}: (root): cannot read the file (No such file or directory)"
    ]


def test_problems_name_the_file_as_given(tmp_path: Path, monkeypatch):
    (tmp_path / "w.toml").write_text(MINI.replace("version = 1", "version = -1"), "utf-8")
    monkeypatch.chdir(tmp_path)
    assert lines(validate_file("w.toml")) == ["w.toml: version: must be an integer >= 1 (got -1)"]


@pytest.mark.parametrize(
    ("value", "shown"),
    [("nan", "nan"), ("inf", "inf"), ("true", "true"), ("[0.5]", "[0.5]")],
)
def test_quorum_must_be_a_real_share(value: str, shown: str):
    text = MINI.replace(
        'title = "Draft"', f'title = "Draft"\n[[stages.gate]]\nkind = "signoff"\nquorum = {value}'
    )
    assert lines(validate_text(text, "w.toml")) == [
        f"w.toml: stages.0.gate.0.quorum: must be a number > 0 and <= 1 (got {shown})"
    ]


def test_names_of_a_rejected_stage_are_not_reported_again():
    text = MINI.replace('"draft"', '"Draft"')
    assert lines(validate_text(text, "w.toml")) == [
        "w.toml: stages.0.key: must be lowercase letters, digits and underscores, "
        'starting with a letter (got "Draft")',
    ]


def test_a_genuinely_unknown_name_is_still_reported_next_to_a_rejected_stage():
    text = MINI.replace('key = "draft"', 'key = "Draft"')
    assert lines(validate_text(text, "w.toml")) == [
        "w.toml: stages.0.key: must be lowercase letters, digits and underscores, "
        'starting with a letter (got "Draft")',
        'w.toml: initial: unknown stage "draft"',
        'w.toml: transitions.0.source: unknown stage "draft"',
    ]


def test_graph_checks_wait_until_stage_references_are_valid():
    text = MINI.replace('dest = "done"', 'dest = "dnoe"')
    assert lines(validate_text(text, "w.toml")) == [
        'w.toml: transitions.0.dest: unknown stage "dnoe" (did you mean "done"?)'
    ]


def test_self_loop_by_name_is_allowed_but_star_never_loops():
    text = MINI + '\n[[transitions]]\ntrigger = "redo"\nsource = "draft"\ndest = "draft"\n'
    assert validate_text(text, "w.toml") == []
