"""The editor's Markdown bridge (webapp/static/js-src), run in Node over the committed bundle.

Markdown -> editor -> Markdown must be stable after one pass and lose nothing the
renderer shows, over every section of the demo and tests/data/torture.md; pasting
Word's clipboard HTML keeps the document's structure and drops the rest.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.models import Section
from engine.text.markdown import render_markdown

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "webapp/static/js-src/tests/roundtrip.mjs"
DATA = ROOT / "tests/data"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js is not installed")


def run(payload: dict) -> dict:
    answer = subprocess.run([NODE, str(SCRIPT)], input=json.dumps(payload), capture_output=True,
                            text=True, timeout=300, check=False)
    assert answer.returncode == 0, answer.stderr
    return json.loads(answer.stdout)


def rendered(text: str) -> str:
    """The HTML the page shows, whitespace between tags ignored."""
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", render_markdown(text))).strip()


def assert_round_trips(texts: dict[str, str]) -> dict[str, str]:
    results = run({"texts": texts})["texts"]
    for name, text in texts.items():
        result = results[name]
        assert "error" not in result, (name, result.get("error"))
        assert result["twice"] == result["once"], f"{name}: not stable after one pass"
        assert rendered(result["once"]) == rendered(text), f"{name}: the rendering changed"
    return {name: r["once"] for name, r in results.items()}


def test_every_demo_section_round_trips(db_session, catalog):
    from engine.demo import load_demo

    load_demo(db_session, catalog)
    db_session.flush()
    texts = {f"section-{s.id}": s.body for s in db_session.scalars(select(Section)) if s.body.strip()}
    assert len(texts) >= 30
    assert_round_trips(texts)


def test_the_torture_file_round_trips_with_tables_footnotes_and_nested_lists():
    once = assert_round_trips({"torture": (DATA / "torture.md").read_text(encoding="utf-8")})["torture"]
    assert "| :--- | :---: | ---: |" in once
    assert "| Returns with a \\| pipe | *n/a* | [link](https://example.org) |" in once
    assert "    - Nested once\n" in once and "        - Nested twice\n" in once
    assert "[^census]: Population and housing census, 2021." in once
    assert "[^3]: A note in two paragraphs.\n\n    Its second paragraph is indented." in once
    assert "***both***" in once and "~~struck~~" in once
    assert "a hard break  \nand the line after it." in once


def test_a_word_paste_keeps_the_structure_and_drops_the_rest():
    answer = run({"paste": {"word": (DATA / "word-paste.html").read_text(encoding="utf-8")}})
    if "paste_skipped" in answer:
        pytest.skip(answer["paste_skipped"])
    markdown = answer["paste"]["word"]
    assert markdown.startswith("## Return and reintegration\n")
    assert "Returning migrants need **recognised skills** and *fast* access to services[^1]." in markdown
    assert "[reintegration guide](https://example.org/reintegration)" in markdown
    assert "- Skills recognition\n    - Vocational certificates\n- Job placement\n" in markdown
    assert "1. Register the returnee\n2. Assess their skills\n" in markdown
    assert "| **Service** | **Returnees served** |\n| --- | --- |\n| Counselling | 1,250 |" in markdown
    assert markdown.rstrip().endswith("[^1]: Return migration survey, 2023.")
    for noise in ("mso", "o:p", "Calibri", "font", "MsoNormal", "&nbsp;", "\u00a0", "<", "---\n\n["):
        assert noise not in markdown, noise
