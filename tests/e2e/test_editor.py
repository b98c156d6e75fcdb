"""The section editor in a real browser: rich text saved as Markdown, suggested edits
between an expert and a core member, unsaved text offered back, the plain form without
JavaScript."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import shoot

pytestmark = pytest.mark.slow

PASSWORD = "demo-policy-2026"
CORE = "core@demo.policycycle.org"
EXPERT = "expert@demo.policycycle.org"
STRATEGY = "National Immigration Strategy 2027–2032"
SURFACE = "#doc-editor-surface[data-ready=yes] .ProseMirror"
SELECTED = """(() => {
  const editor = document.getElementById('doc-editor-form').editor;
  const {from, to} = editor.state.selection;
  return editor.state.doc.textBetween(from, to);
})"""
AT_END = """() => {
  const editor = document.getElementById('doc-editor-form').editor;
  const {selection, doc} = editor.state;
  return selection.empty && selection.to >= doc.content.size - 1;
}"""
IN_TABLE = """() => {
  const editor = document.getElementById('doc-editor-form').editor;
  const {$from} = editor.state.selection;
  for (let depth = $from.depth; depth > 0; depth--) {
    if (['tableCell', 'tableHeader'].includes($from.node(depth).type.name)) return true;
  }
  return false;
}"""
FOCUSED = "() => document.activeElement && document.activeElement.classList.contains('ProseMirror')"
# Selects the first word of the first paragraph of the text (not in a table or list);
# with true, puts the cursor before it instead.
SELECT_FIRST_WORD = """(before) => {
  const editor = document.getElementById('doc-editor-form').editor;
  let start = null, word = null;
  editor.state.doc.forEach((node, offset) => {
    const found = node.type.name === 'paragraph' && /[A-Za-z]+/.exec(node.textContent);
    if (start === null && found) { start = offset + 1 + found.index; word = found[0]; }
  });
  editor.chain().focus().setTextSelection(before ? start : {from: start, to: start + word.length}).run();
  return word;
}"""


def sign_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def section_urls(page) -> list[str]:
    """The sections of the strategy with a text, from its outline."""
    page.get_by_role("link", name=STRATEGY).first.click()
    page.wait_for_url(re.compile(r"/processes/\d+$"))
    page.goto(page.url + "/document")
    links = page.locator("a[href^='/sections/']")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    return list(dict.fromkeys(h.split("#")[0] for h in hrefs if re.fullmatch(r"/sections/\d+(#.*)?", h)))


def api_token(page) -> str:
    page.goto("/profile")
    form = page.locator("form[action='/profile/tokens']")
    form.locator("input[name=name]").fill("editor test")
    form.get_by_role("button", name="Create a token").click()
    return page.locator("#new-token").input_value()


def api_body(page, token: str, section: str) -> dict:
    answer = page.request.get(f"/api/v1{section}", headers={"Authorization": f"Bearer {token}"})
    assert answer.ok, answer.text()
    return answer.json()


def open_editor(page, url: str):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    # The editor's bundle loads when the writer starts editing (js/editor-loader.js), or
    # at once for one who already used it in this tab.
    textarea = page.locator("#doc-editor-form textarea[name=body]")
    if page.locator("#doc-editor-surface").count() == 0 and textarea.is_visible():
        textarea.focus()
    page.wait_for_selector(SURFACE)
    assert errors == []
    return page.locator(SURFACE)


def test_reading_a_section_does_not_load_the_editor_until_editing_starts(page):
    """The bundle (about 200 KB with gzip) is fetched on the first focus in the text."""
    bundles: list[str] = []
    page.on("request", lambda request: bundles.append(request.url)
            if "editor.bundle.js" in request.url else None)
    sign_in(page, CORE)
    page.goto(section_urls(page)[4])
    page.wait_for_load_state("networkidle")
    assert bundles == []
    assert page.locator("#doc-editor-surface").count() == 0
    page.locator("#doc-editor-form textarea[name=body]").focus()
    page.wait_for_selector(SURFACE)
    assert len(bundles) == 1
    page.wait_for_function(FOCUSED)  # the writer's focus moves into the editor
    assert page.locator(SURFACE).inner_text().strip()


@pytest.fixture
def second(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    other = context.new_page()
    other.set_default_timeout(15_000)
    yield other
    context.close()


def test_core_member_writes_bold_and_a_table_and_it_is_saved_as_markdown(page):
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, CORE)
    section = section_urls(page)[0]
    token = api_token(page)
    editor = open_editor(page, section)
    editor.click()
    page.keyboard.press("Control+End")
    page.wait_for_function(AT_END)
    page.keyboard.press("Enter")
    page.keyboard.type("word")
    page.keyboard.press("Shift+Home")
    # The editor reads the browser's selection asynchronously: wait until it has it.
    page.wait_for_function(f"() => {SELECTED}() === 'word'")
    page.keyboard.press("Control+b")
    assert editor.locator("strong", has_text="word").count() == 1, editor.inner_html()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => {SELECTED}() === ''")
    page.keyboard.press("Enter")
    page.get_by_role("toolbar").get_by_role("button", name="Insert a table").click()
    # The toolbar hands focus back to the editor, with the caret in the first cell,
    # a moment after the click: type only once both have happened.
    page.wait_for_function(IN_TABLE)
    page.wait_for_function(FOCUSED)
    for index, cell in enumerate(("Year", "People", "2024", "120")):
        if index:
            page.keyboard.press("Tab")
        page.keyboard.type(cell)
    # A row and a column added with the keyboard, then undone with it.
    page.keyboard.press("Control+Alt+r")
    page.keyboard.press("Control+Alt+c")
    assert editor.locator("table tr").count() == 3
    assert editor.locator("table tr").first.locator("th").count() == 3
    page.keyboard.press("Control+z")
    page.keyboard.press("Control+z")
    assert editor.locator("table td, table th").count() == 4
    shoot(page, "editor-01-bold-and-table")
    page.locator("#doc-save-button").click()
    page.wait_for_url(re.compile(r"/sections/\d+"))
    page.wait_for_selector(SURFACE)

    body = api_body(page, token, section)["body"]
    assert "**word**" in body
    assert re.search(r"\| Year \| People \|\n\| --- \| --- \|\n\| 2024 \| 120 \|", body), body

    page.reload()
    editor = page.locator(SURFACE)
    page.wait_for_selector(SURFACE)
    assert page.locator("#doc-draft-offer").count() == 0  # saved: nothing to offer back
    assert editor.locator("strong", has_text="word").count() == 1
    assert editor.locator("table th").all_inner_texts() == ["Year", "People"]
    assert editor.locator("table td").all_inner_texts() == ["2024", "120"]


def test_the_toolbar_is_one_tab_stop_with_arrow_keys(page):
    sign_in(page, CORE)
    open_editor(page, section_urls(page)[1])
    toolbar = page.get_by_role("toolbar")
    assert toolbar.locator("[tabindex='0']").count() == 1
    toolbar.locator("[tabindex='0']").focus()
    page.keyboard.press("ArrowRight")
    focused = page.evaluate("document.activeElement.getAttribute('data-action')")
    assert focused == "italic"
    assert toolbar.locator("[tabindex='0']").get_attribute("data-action") == "italic"


def test_an_expert_suggests_and_the_core_member_accepts_or_rejects(page, second):
    page.on("dialog", lambda dialog: dialog.accept())
    second.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, CORE)
    section = section_urls(page)[2]
    token = api_token(page)
    before = api_body(page, token, section)

    # The expert, in a second browser: the editor is locked in "Suggest edits".
    sign_in(second, EXPERT)
    editor = open_editor(second, section)
    toggle = second.locator("#doc-suggest-toggle")
    assert toggle.is_checked() and toggle.is_disabled()
    old = second.evaluate(SELECT_FIRST_WORD, False)
    second.wait_for_function(FOCUSED)
    second.keyboard.type("Rewritten")
    assert editor.locator("del.sugg-del").first.inner_text() == old
    assert editor.locator("ins.sugg-ins").first.inner_text() == "Rewritten"
    shoot(second, "editor-02-expert-suggests")
    second.get_by_role("button", name="Send suggestion").click()
    second.wait_for_url(re.compile(r"/sections/\d+"))
    assert api_body(page, token, section)["body"] == before["body"]  # nothing changed yet

    # The core member sees it inline and accepts it: a new revision holds the change.
    page.goto(section)
    suggested = page.locator("#suggestions .doc-suggested").first
    assert suggested.locator("del.sugg-del").first.inner_text() == old
    assert suggested.locator("ins.sugg-ins").first.inner_text() == "Rewritten"
    shoot(page, "editor-03-core-sees-suggestion")
    suggested.get_by_role("button", name="Accept all").click()
    after = api_body(page, token, section)
    assert after["revision"] == before["revision"] + 1
    assert after["body"] == re.sub(rf"\b{old}\b", "Rewritten", before["body"], count=1)

    # A rejected suggestion leaves the text as it is.
    editor = open_editor(second, section)
    second.evaluate(SELECT_FIRST_WORD, True)
    second.wait_for_function(FOCUSED)
    second.keyboard.type("Unwanted ")
    second.get_by_role("button", name="Send suggestion").click()
    second.wait_for_url(re.compile(r"/sections/\d+"))
    page.goto(section)
    page.locator("#suggestions .doc-suggested").first.get_by_role("button", name="Reject all").click()
    final = api_body(page, token, section)
    assert final["body"] == after["body"]
    assert final["revision"] == after["revision"]


def test_a_reload_after_typing_without_saving_offers_the_text_back(page):
    dialogs: list[str] = []

    def answer(dialog) -> None:
        dialogs.append(dialog.type)
        dialog.accept()

    page.on("dialog", answer)
    sign_in(page, CORE)
    section = section_urls(page)[3]
    editor = open_editor(page, section)
    editor.click()
    page.keyboard.press("Control+End")
    page.wait_for_function(AT_END)
    page.keyboard.press("Enter")
    page.keyboard.type("Words nobody saved yet.")
    page.wait_for_function("() => Object.keys(localStorage).some(k => k.startsWith('policycycle-draft-'))")
    page.reload()
    assert dialogs == ["beforeunload"]  # leaving with unsaved changes asks first
    page.wait_for_selector(SURFACE)
    offer = page.locator("#doc-draft-offer")
    assert offer.is_visible()
    offer.get_by_role("button", name="Restore my text").click()
    assert "Words nobody saved yet." in page.locator(SURFACE).inner_text()
    shoot(page, "editor-04-draft-restored")


def test_without_javascript_the_plain_textarea_saves(browser, live_server):
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, CORE)
        section = section_urls(page)[4]
        page.goto(section)
        textarea = page.locator("#doc-body-input")
        assert textarea.is_visible()
        assert page.locator("#doc-editor-surface").count() == 0
        textarea.fill(textarea.input_value() + "\nA sentence typed without JavaScript.\n")
        page.locator("#doc-save-button").click()
        page.wait_for_url(re.compile(r"/sections/\d+"))
        assert "A sentence typed without JavaScript." in page.locator("#doc-body").inner_text()
    finally:
        context.close()


def test_the_markdown_source_keeps_its_way_back(page):
    """In the Markdown source the toolbar keeps only the button back to the formatted text."""
    sign_in(page, CORE)
    editor = open_editor(page, section_urls(page)[1])
    toolbar = page.get_by_role("toolbar")
    source = toolbar.locator("[data-action=source]")
    source.click()
    textarea = page.locator("#doc-editor-form textarea[name=body]")
    assert textarea.is_visible() and not editor.is_visible()
    assert source.is_visible() and source.get_attribute("aria-pressed") == "true"
    visible = [b for b in toolbar.locator("button, label").all() if b.is_visible()]
    assert [b.get_attribute("data-action") or b.inner_text() for b in visible] == ["source"]
    textarea.press("End")
    textarea.type("\n\nAdded in the source.")
    source.click()
    page.wait_for_selector(SURFACE)
    assert "Added in the source." in page.locator(SURFACE).inner_text()
    assert toolbar.locator("[data-action=bold]").is_visible()
