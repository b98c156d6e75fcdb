"""The rich-text editor over the long Markdown fields of forms (js-src/src/field.js): the
minutes of a meeting, the narrative of a monitoring period, the findings of an evaluation.
Each field loads the editor when the writer starts on it, and the plain form post carries
Markdown, read back through the API."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.e2e.conftest import shoot

pytestmark = pytest.mark.slow

LEAD = "lead@demo.policycycle.org"
PASSWORD = "demo-policy-2026"
FIRST_MEETING = "Constitutive meeting of the core group"
LABOUR = "National Labour Migration Policy 2025–2028"
FOCUSED_IN = "(id) => !!document.activeElement && !!document.activeElement.closest('#' + id)"
# Whether the selection of the editor over the textarea `id` is the text `word`.
SELECTED = """([id, word]) => {
  const editor = document.getElementById(id).editor;
  const {from, to} = editor.state.selection;
  return editor.state.doc.textBetween(from, to) === word;
}"""
AT_END = """(id) => {
  const editor = document.getElementById(id).editor;
  const {selection, doc} = editor.state;
  return selection.empty && selection.to >= doc.content.size - 1;
}"""


def sign_in(page) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(LEAD)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def api_token(page) -> str:
    page.goto("/profile")
    form = page.locator("form[action='/profile/tokens']")
    form.locator("input[name=name]").fill("rich fields test")
    form.get_by_role("button", name="Create a token").click()
    return page.locator("#new-token").input_value()


def api_get(page, token: str, path: str):
    answer = page.request.get(f"/api/v1{path}", headers={"Authorization": f"Bearer {token}"})
    assert answer.ok, answer.text()
    return answer.json()


def first_meeting(live_app) -> tuple[int, int]:
    from engine.models import Meeting
    from webapp.database import get_session

    with live_app.app_context():
        meeting = get_session().scalar(select(Meeting).where(Meeting.title == FIRST_MEETING))
        return meeting.process_id, meeting.id


def labour_process(live_app) -> int:
    from engine.models import Process
    from webapp.database import get_session

    with live_app.app_context():
        return get_session().scalar(select(Process.id).where(Process.title == LABOUR))


def mount(page, textarea_id: str):
    """Start on the field as a writer does; return the editor that replaced it."""
    page.locator(f"#{textarea_id}").focus()
    editor = page.locator(f"#{textarea_id}-editor[data-ready=yes] .ProseMirror")
    editor.wait_for()
    page.wait_for_function(FOCUSED_IN, arg=f"{textarea_id}-editor")
    return editor


def add_list_and_bold_word(page, textarea_id: str, item: str, word: str) -> None:
    """At the end of the text: a bulleted list of one item, then a paragraph with one
    word made bold with Ctrl+B."""
    page.keyboard.press("Control+End")
    page.wait_for_function(AT_END, arg=textarea_id)
    page.keyboard.press("Enter")
    page.locator(f"[role=toolbar][aria-controls='{textarea_id}-editor']") \
        .get_by_role("button", name="Bulleted list").click()
    page.wait_for_function(FOCUSED_IN, arg=f"{textarea_id}-editor")
    page.keyboard.type(item)
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # an empty item ends the list
    page.keyboard.type(word)
    page.keyboard.press("Shift+Home")
    page.wait_for_function(SELECTED, arg=[textarea_id, word])
    page.keyboard.press("Control+b")


def test_meeting_minutes_are_written_rich_and_saved_as_markdown(page, live_app):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    bundles: list[str] = []
    page.on("request", lambda request: bundles.append(request.url)
            if "editor.bundle.js" in request.url else None)
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page)
    token = api_token(page)
    process_id, meeting_id = first_meeting(live_app)
    page.goto(f"/processes/{process_id}/meetings/{meeting_id}/edit")
    page.wait_for_load_state("networkidle")
    # The page is the plain form until the writer starts on a Markdown field.
    assert bundles == []
    assert page.locator(".rich-field").count() == 0
    assert page.locator("#m-minutes").is_visible()

    editor = mount(page, "m-minutes")
    assert len(bundles) == 1
    # Both Markdown fields of the form (agenda, minutes) get an editor of their own; the
    # plain list of decisions does not.
    assert page.locator("#m-agenda-editor[data-ready=yes]").count() == 1
    assert page.locator("#m-decisions-editor").count() == 0
    assert page.locator("#m-minutes").is_hidden()
    assert editor.get_attribute("aria-label") == "Minutes"
    assert editor.locator("h2", has_text="Mandate").count() == 1  # Markdown shown formatted

    add_list_and_bold_word(page, "m-minutes", "Send the minutes to the Statistics Office",
                           "Adjourned")
    assert editor.locator("strong", has_text="Adjourned").count() == 1, editor.inner_html()
    assert editor.locator("ul li", has_text="Send the minutes").count() == 1
    shoot(page, "rich-field-meeting-1366")
    page.get_by_role("button", name="Save the meeting").click()
    page.wait_for_url(re.compile(rf"/processes/{process_id}/meetings/{meeting_id}$"))
    assert errors == []

    meetings = api_get(page, token, f"/processes/{process_id}/meetings")
    # A form post sends a textarea's lines with CRLF, with or without the editor.
    minutes = next(m for m in meetings if m["id"] == meeting_id)["minutes"].replace("\r\n", "\n")
    assert "- Send the minutes to the Statistics Office" in minutes, minutes
    assert "**Adjourned**" in minutes, minutes
    # What nobody touched is saved as it was written.
    assert "## Mandate\n\nThe core group reviewed the draft mandate. Members asked that the " \
           "Diaspora Desk\nand the Law Commission" in minutes, minutes
    assert page.locator(".prose strong", has_text="Adjourned").count() == 1


def test_the_monitoring_narrative_is_written_rich(page, live_app):
    sign_in(page)
    token = api_token(page)
    process_id = labour_process(live_app)
    page.goto(f"/processes/{process_id}/monitoring")
    textarea = page.locator("section#narrative textarea[name=narrative]")
    textarea_id = textarea.get_attribute("id")
    editor = mount(page, textarea_id)
    editor.click()
    add_list_and_bold_word(page, textarea_id, "Two measures delayed", "Outlook")
    page.get_by_role("button", name="Save the narrative").click()
    page.wait_for_url(re.compile(rf"/processes/{process_id}/monitoring"))
    narrative = api_get(page, token, f"/processes/{process_id}/monitoring")["narrative"] \
        .replace("\r\n", "\n")
    assert "- Two measures delayed" in narrative and "**Outlook**" in narrative, narrative


def test_two_evaluation_criteria_each_have_their_editor_and_save_their_own_text(page, live_app):
    sign_in(page)
    token = api_token(page)
    process_id = labour_process(live_app)
    answer = page.request.post(f"/api/v1/processes/{process_id}/evaluations",
                               headers={"Authorization": f"Bearer {token}"},
                               data={"kind": "mid_term", "title": "Rich findings check"})
    assert answer.status == 201, answer.text()
    evaluation = answer.json()
    page.goto(f"/processes/{process_id}/evaluations")
    section = page.locator(f"#evaluation-{evaluation['id']}")
    criteria = [c["criterion"] for c in evaluation["criteria"]][:2]
    ids = []
    for criterion in criteria:
        block = section.locator(f"#criterion-{evaluation['id']}-{criterion}")
        block.locator("summary", has_text="Write findings and rating").click()
        ids.append(block.locator("textarea[name=findings]").get_attribute("id"))
    assert len(set(ids)) == 2
    first = mount(page, ids[0])
    # Every marked field of the page is mounted at once, each over its own textarea.
    second = page.locator(f"#{ids[1]}-editor[data-ready=yes] .ProseMirror")
    assert page.locator(".rich-field").count() >= 6
    first.click()
    page.keyboard.type("Relevant to the ")
    page.keyboard.press("Control+b")
    page.keyboard.type("labour market")
    second.click()
    page.keyboard.type("Coherent with the diaspora strategy")
    assert page.locator(".doc-editor-surface[id$='-editor']").evaluate_all(
        "(nodes) => new Set(nodes.map((n) => n.id)).size === nodes.length")
    shoot(page, "rich-field-evaluation-criteria")
    # Each form posts its own findings: what was typed in the second stays out of the first.
    page.on("dialog", lambda dialog: dialog.accept())  # leaving the second one unsaved
    section.locator(f"#criterion-{evaluation['id']}-{criteria[0]} form button[type=submit]") \
        .first.click()
    page.wait_for_url(re.compile(rf"/processes/{process_id}/evaluations"))
    saved = {c["criterion"]: c["findings"] for c in
             api_get(page, token, f"/evaluations/{evaluation['id']}")["criteria"]}
    assert saved[criteria[0]] == "Relevant to the **labour market**", saved
    assert saved[criteria[1]] == ""
    page.goto(f"/processes/{process_id}/evaluations")
    block = page.locator(f"#criterion-{evaluation['id']}-{criteria[1]}")
    block.locator("summary", has_text="Write findings and rating").click()
    second = mount(page, block.locator("textarea[name=findings]").get_attribute("id"))
    second.click()
    page.keyboard.type("Coherent with the diaspora strategy")
    block.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(rf"/processes/{process_id}/evaluations"))
    saved = {c["criterion"]: c["findings"] for c in
             api_get(page, token, f"/evaluations/{evaluation['id']}")["criteria"]}
    assert saved[criteria[0]] == "Relevant to the **labour market**", saved
    assert saved[criteria[1]] == "Coherent with the diaspora strategy", saved


def test_the_field_editor_speaks_the_language_of_the_page(page, live_app):
    """Every word of the toolbar comes from the page, translated on the server."""
    sign_in(page)
    process_id, meeting_id = first_meeting(live_app)
    edit = f"/processes/{process_id}/meetings/{meeting_id}/edit"
    page.goto(edit)
    # The switcher keeps the choice on the lead's profile: put English back afterwards.
    page.locator("form.language-switcher button[value=fr]").click()
    try:
        page.wait_for_url(re.compile(rf"{edit}$"))
        assert page.locator("html").get_attribute("lang") == "fr"
        editor = mount(page, "m-minutes")
        assert editor.get_attribute("aria-label") == "Procès-verbal"
        toolbar = page.locator("[role=toolbar][aria-controls='m-minutes-editor']")
        assert toolbar.get_attribute("aria-label") == "Mise en forme : Procès-verbal"
        assert toolbar.get_by_role("button", name="Gras").count() == 1
        assert toolbar.get_by_role("button", name="Liste à puces").count() == 1
        assert toolbar.locator("[data-action=source]").inner_text() == "Modifier la source Markdown"
        shoot(page, "rich-field-meeting-fr")
    finally:
        page.locator("form.language-switcher button[value=en]").click()
        page.wait_for_url(re.compile(rf"{edit}$"))
    assert page.locator("html").get_attribute("lang") == "en"
