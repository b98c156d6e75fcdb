"""The validator reports exactly the expected problems for each broken file.

Each ``broken/NAME.toml`` has a sibling ``broken/NAME.expected``: one expected
problem per line, written as ``policycycle workflows check`` prints it, with
``{file}`` standing for the file name as given to the validator. Blank lines
and lines starting with ``#`` are ignored. The comparison is on the multiset
of lines, so a problem reported twice fails too.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from engine.workflows import WorkflowInvalid, parse_file, validate_file

BROKEN = Path(__file__).parent / "broken"
CORPUS = sorted(BROKEN.glob("*.toml"))


def expected_lines(path: Path, file: str) -> list[str]:
    text = path.with_suffix(".expected").read_text(encoding="utf-8")
    return [
        line.replace("{file}", file)
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    ]


def test_corpus_is_large_enough_and_complete():
    assert len(CORPUS) >= 15
    for path in CORPUS:
        assert path.with_suffix(".expected").is_file(), f"{path.name} has no .expected file"


@pytest.mark.parametrize("path", CORPUS, ids=[path.stem for path in CORPUS])
def test_broken_file_reports_exactly_the_expected_problems(path: Path):
    file = str(path)
    reported = [str(problem) for problem in validate_file(file)]

    assert Counter(reported) == Counter(expected_lines(path, file))


@pytest.mark.parametrize("path", CORPUS, ids=[path.stem for path in CORPUS])
def test_broken_file_does_not_load(path: Path):
    with pytest.raises(WorkflowInvalid) as error:
        parse_file(path)

    assert [str(problem) for problem in error.value.problems] == [
        str(problem) for problem in validate_file(path)
    ]
