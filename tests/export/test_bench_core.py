"""The benchmark's synthetic strategy, and the speed target against pandoc."""

from __future__ import annotations

import io
import re

import docx
import pytest

from benchmarks.export_bench import (
    generate_strategy,
    main,
    table_count,
    to_pandoc_markdown,
    word_count,
)
from engine.export import render_docx


def test_generated_strategy_has_the_agreed_shape() -> None:
    doc = generate_strategy(seed=1)
    assert len(doc.sections) == 80
    assert {s.level for s in doc.sections} == {1, 2, 3}
    markdown = to_pandoc_markdown(doc)
    assert 40_000 <= word_count(markdown) <= 44_000
    body_tables = sum(table_count(s.body) for s in doc.sections)
    assert body_tables == 20
    assert all(
        len(re.findall(r"\|", line)) == 6
        for s in doc.sections
        for line in s.body.splitlines()
        if line.startswith("|")
    )  # five columns
    bodies = "\n".join(s.body for s in doc.sections)
    for feature in ("**", "*", "](https://", "[^", "\n- ", "\n1. ", "\n  - ", "\n   1. "):
        assert feature in bodies, feature
    assert generate_strategy(seed=1) == doc  # deterministic


def test_generated_strategy_renders() -> None:
    doc = generate_strategy(seed=2)
    document = docx.Document(io.BytesIO(render_docx(doc)))
    assert len(document.tables) == 1 + 20 + 1  # cover, body, annex


@pytest.mark.slow
def test_render_is_well_under_half_of_pandoc(
    pandoc: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--runs", "3"]) == 0
    out = capsys.readouterr().out
    ratio = float(re.search(r"ratio ours/pandoc: ([0-9.]+)", out).group(1))
    assert ratio <= 0.5
