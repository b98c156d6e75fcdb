"""The field editor (mountField, webapp/static/js-src/src/field.js), in Node with jsdom over
the committed bundle: every textarea marked data-rich-editor gets its own editor, and the
textarea, which the form sends, holds the edited text as Markdown."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
JS = ROOT / "webapp/static/js-src"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js is not installed")


@pytest.fixture(scope="module")
def run() -> dict:
    if not (JS / "node_modules" / "jsdom").is_dir():
        pytest.skip("jsdom is not installed (npm ci in webapp/static/js-src)")
    answer = subprocess.run([NODE, str(JS / "tests/field.mjs")], capture_output=True, text=True,
                            timeout=300, check=False, cwd=JS)
    assert answer.returncode == 0, answer.stderr
    return json.loads(answer.stdout)


def test_every_marked_textarea_and_only_those_get_an_editor_of_their_own(run):
    assert run["mounted"] == {"minutes": {"editor": True, "enhanced": "yes"},
                              "agenda": {"editor": True, "enhanced": "yes"},
                              "plain": {"editor": False, "enhanced": None}}
    assert run["surfaceIds"] == ["minutes-editor", "agenda-editor"]
    assert run["toolbars"] == [["Formatting: Minutes", "minutes-editor"],
                               ["Formatting: Agenda", "agenda-editor"]]


def test_the_editor_is_named_and_described_as_its_textarea_was(run):
    assert run["minutesEditor"] == {"label": "Minutes", "describedby": "minutes-hint",
                                    "role": "textbox"}
    # The section editor's formatting, without suggest mode, and the Markdown source.
    buttons = run["toolbarButtons"]
    assert buttons[:3] == ["bold", "italic", "heading"] and buttons[-1] == "source"
    assert "bulletList" in buttons and "table" in buttons and "suggest" not in " ".join(buttons)


def test_an_untouched_field_is_sent_as_it_came(run):
    steps = run["steps"]
    assert steps["untouched"] == "Opening words.\n\n## Decisions\n\nThe board met."
    assert steps["agendaUntouched"] == "- one\n- two"
    assert steps["untouchedLeaveAsks"] is False


def test_edits_reach_the_textarea_as_markdown_after_a_pause(run):
    steps = run["steps"]
    assert steps["beforeSubmit"] == "Opening words.\n\n## Decisions\n\nThe board met."
    # Bold, a bulleted list, a heading at the level the field asks for (data-heading-level).
    assert steps["afterPause"] == ("### **Opening** words.\n\n## Decisions\n\nThe board met.\n\n"
                                   "- first item\n")


def test_the_markdown_source_shows_the_textarea_and_comes_back_formatted(run):
    steps = run["steps"]
    assert steps["sourceShown"] == {"textareaHidden": False, "label": "Back to the formatted text",
                                    "others": 1}
    assert steps["backFromSource"]["textareaHidden"] is True
    assert steps["backFromSource"]["html"].endswith("<p>A <em>new</em> line.</p>")
    assert steps["submitted"].endswith("- first item\n\nA *new* line.\n")


def test_leaving_with_unsaved_changes_asks_but_not_once_the_form_is_sent(run):
    assert run["steps"]["leaveAsks"] is True
    assert run["steps"]["leaveAfterSubmitAsks"] is False
