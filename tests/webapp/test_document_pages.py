"""The document pages: outline, section, conflict, history, comparison, roles, escaping."""

from __future__ import annotations

import re
from html import unescape

import pytest

from engine.models import Comment
from engine.services.document import comments as comment_service
from engine.services.document import sections as section_service

BODY = ("Our vision is a safe and orderly migration.\n\n"
        "Labour migration is managed in partnership with countries of destination.\n\n"
        "The diaspora is engaged in development.\n")


@pytest.fixture
def doc(db_session, make_process, add_member):
    process = make_process()
    lead = process.lead.user
    core = add_member(process, "core").user
    expert = add_member(process, "expert").user
    observer = add_member(process, "observer").user
    section = section_service.create_section(db_session, lead, process, title="Vision", body=BODY)
    db_session.flush()
    return {"process": process, "lead": lead, "core": core, "expert": expert,
            "observer": observer, "section": section}


@pytest.fixture(autouse=True)
def _fresh_reads(client, db_session, monkeypatch):
    """Requests write through their own session; re-read rows in the test's session after each."""
    original = client.open

    def open_(*args, **kwargs):
        response = original(*args, **kwargs)
        db_session.expire_all()
        return response

    monkeypatch.setattr(client, "open", open_)


@pytest.fixture
def login(client, auth):
    """Sign in through the login form; straight into the session while that page is missing."""

    def sign_in(user):
        try:
            if auth.login(user).status_code in (302, 303):
                return
        except Exception:  # noqa: BLE001 - the accounts pages are built in parallel
            pass
        with client.session_transaction() as session:
            session["_user_id"] = f"{user.id}.{user.session_epoch}"
            session["_fresh"] = True

    return sign_in


def token(client, path):
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, f"no form on {path}"
    return match.group(1)


def post(client, path, data, *, page=None):
    data = {"csrf_token": token(client, page or path), **data}
    return client.post(path, data=data)


def textarea(html, name):
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', html, re.S)
    assert match, f"no textarea {name}"
    return unescape(match.group(1))


# ------------------------------------------------------------------ every page renders


def test_every_document_page_renders(client, login, doc, db_session):
    lead, section, process = doc["lead"], doc["section"], doc["process"]
    section_service.save_body(db_session, lead, section, body=BODY + "\nMore.\n", base_revision=1)
    comment_service.add_comment(db_session, doc["expert"], section, body="Which countries?",
                                quote="countries of destination", blocking=True)
    login(lead)
    for path in (f"/processes/{process.id}/document", f"/sections/{section.id}",
                 f"/sections/{section.id}/revisions", f"/sections/{section.id}/revisions/1",
                 f"/sections/{section.id}/revisions?a=1&b=2",
                 f"/processes/{process.id}/document/compare",
                 f"/processes/{process.id}/document/compare?from=start&to=now",
                 f"/processes/{process.id}/document/compare?from_date=2020-01-01"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "csrf-token" in response.get_data(as_text=True)


def test_outline_shows_numbers_status_counts_and_gate(client, login, doc, db_session):
    process, section = doc["process"], doc["section"]
    comment_service.add_comment(db_session, doc["expert"], section, body="Not agreed.",
                                blocking=True)
    login(doc["core"])
    html = client.get(f"/processes/{process.id}/document").get_data(as_text=True)
    number = section_service.numbering(db_session, process)[section.id]
    assert re.search(rf'doc-number">{re.escape(number)}</span>\s*<a href="/sections/{section.id}">Vision', html)
    assert "1 blocking" in html
    assert "Gate held" in html or "blocking" in html
    assert "/export?format=docx" in html
    assert "/export?format=md" in html


def test_outline_add_move_delete_restore(client, login, doc, db_session):
    process = doc["process"]
    login(doc["lead"])
    page = f"/processes/{process.id}/document"
    response = post(client, f"/processes/{process.id}/document/sections", {"title": "Annex"}, page=page)
    assert response.status_code == 302
    annex = db_session.query(section_service.Section).filter_by(process_id=process.id, title="Annex").one()
    before = section_service.numbering(db_session, process)[annex.id]
    response = post(client, f"/sections/{annex.id}/move", {"direction": "up"}, page=page)
    assert response.status_code == 302
    assert section_service.numbering(db_session, process)[annex.id] != before
    follow = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "is now section" in follow
    post(client, f"/sections/{annex.id}/move", {"direction": "indent"}, page=page)
    assert "." in section_service.numbering(db_session, process)[annex.id]
    # Deleting asks once, on a page of its own; a POST without the confirmation deletes nothing.
    assert f'href="/sections/{annex.id}/delete"' in client.get(page).get_data(as_text=True)
    unconfirmed = post(client, f"/sections/{annex.id}/delete", {}, page=page)
    assert unconfirmed.status_code == 303
    assert annex.deleted_at is None
    confirm = client.get(unconfirmed.headers["Location"]).get_data(as_text=True)
    assert "Delete “" in confirm and 'name="confirm" value="yes"' in confirm
    post(client, f"/sections/{annex.id}/delete", {"confirm": "yes"}, page=page)
    assert annex.deleted_at is not None
    html = client.get(page).get_data(as_text=True)
    assert "Deleted sections" in html
    assert f'action="/sections/{annex.id}/restore"' in html
    post(client, f"/sections/{annex.id}/restore", {}, page=page)
    assert annex.deleted_at is None


# ------------------------------------------------------------------ saving and conflicts


def test_save_and_merge_from_the_page(client, login, doc, db_session):
    section, lead, core = doc["section"], doc["lead"], doc["core"]
    login(core)
    page = f"/sections/{section.id}"
    csrf = token(client, page)
    # Meanwhile the lead edits the first paragraph.
    section_service.save_body(db_session, lead, section,
                              body=BODY.replace("Our vision", "The vision"), base_revision=1)
    response = client.post(page, data={"csrf_token": csrf, "base_revision": "1",
                                       "body": BODY.replace("diaspora is", "diaspora are")})
    assert response.status_code == 302
    assert section.body == BODY.replace("Our vision", "The vision").replace("diaspora is", "diaspora are")
    html = client.get(page).get_data(as_text=True)
    assert "merged" in html


def test_conflict_screen_shows_three_versions_and_keeps_my_text(client, login, doc, db_session):
    section, lead, core = doc["section"], doc["lead"], doc["core"]
    login(core)
    page = f"/sections/{section.id}"
    csrf = token(client, page)
    section_service.save_body(db_session, lead, section,
                              body=BODY.replace("in partnership with", "together with"),
                              base_revision=1)
    mine = BODY.replace("in partnership with", "through agreements with")
    response = client.post(page, data={"csrf_token": csrf, "base_revision": "1", "body": mine})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Before: revision 1" in html
    assert "Theirs: revision 2" in html
    assert "Yours: not saved yet" in html
    assert html.count('class="doc-conflict-mark"') == 3
    marks = [re.sub(r"<[^>]+>", "", m)
             for m in re.findall(r'<mark class="doc-conflict-mark"[^>]*>(.*?)</mark>', html, re.S)]
    # The words each side changed stand out inside the marked passages.
    assert '<strong class="doc-conflict-words">together' in html
    assert '<strong class="doc-conflict-words">through agreements' in html
    assert any("in partnership with" in m for m in marks)
    assert any("together with" in m for m in marks)
    assert any("through agreements with" in m for m in marks)
    assert textarea(html, "body") == mine
    assert re.search(r'name="base_revision" value="2"', html)
    assert section.revision == 2  # nothing saved yet
    # Reconciling and saving again works.
    fixed = BODY.replace("in partnership with", "together with, through agreements,")
    response = client.post(page, data={"csrf_token": csrf, "base_revision": "2", "body": fixed})
    assert response.status_code == 302
    assert section.body == fixed


TWO = ("First *paragraph*.\n\nMiddle paragraph.\n\nLast | paragraph.\n")


def _two_conflicts(client, login, doc, db_session):
    """The core member's save clashes twice with the lead's; answers the conflict page."""
    section, lead, core = doc["section"], doc["lead"], doc["core"]
    section_service.save_body(db_session, lead, section, body=TWO, base_revision=section.revision)
    base = section.revision
    section_service.save_body(db_session, lead, section, base_revision=base,
                              body=TWO.replace("First", "Theirs first").replace("Last", "Theirs last"))
    login(core)
    page = f"/sections/{section.id}"
    csrf = token(client, page)
    mine = TWO.replace("First", "Mine **first**").replace("Last", "Mine last")
    response = client.post(page, data={"csrf_token": csrf, "base_revision": str(base),
                                       "body": mine})
    assert response.status_code == 409
    return response.get_data(as_text=True), csrf, base, mine


@pytest.mark.parametrize(("choices", "expected"), [
    (("mine", "theirs"), TWO.replace("First", "Mine **first**").replace("Last", "Theirs last")),
    (("theirs", "mine"), TWO.replace("First", "Theirs first").replace("Last", "Mine last")),
    (("mine", "mine"), TWO.replace("First", "Mine **first**").replace("Last", "Mine last")),
])
def test_conflict_keep_mine_or_take_theirs_per_passage(client, login, doc, db_session,
                                                       choices, expected):
    section, lead = doc["section"], doc["lead"]
    html, csrf, base, mine = _two_conflicts(client, login, doc, db_session)
    # The passages are shown as text (rendered Markdown), each with the two radio buttons.
    passage = html[html.index('id="conflict-1"'):html.index("</fieldset>")]
    assert "<strong>first</strong>" in passage and "**" not in passage
    for n in (1, 2):
        assert f'name="choice-{n}" id="choice-{n}-mine" value="mine" checked' in html
        assert f'id="choice-{n}-theirs" value="theirs"' in html
    assert f"Take theirs ({lead.name}, revision {base + 1})" in html
    response = client.post(f"/sections/{section.id}/resolve", data={
        "csrf_token": csrf, "base_revision": str(base), "theirs_revision": str(base + 1),
        "conflicts": "2", "yours": mine, "choice-1": choices[0], "choice-2": choices[1]})
    assert response.status_code == 302
    assert section.body == expected
    assert section.revision == base + 2
    assert "Saved as revision" in client.get(f"/sections/{section.id}").get_data(as_text=True)


def test_conflict_choices_missing_keep_the_text_and_say_why(client, login, doc, db_session):
    section = doc["section"]
    _html, csrf, base, mine = _two_conflicts(client, login, doc, db_session)
    response = client.post(f"/sections/{section.id}/resolve", data={
        "csrf_token": csrf, "base_revision": str(base), "theirs_revision": str(base + 1),
        "conflicts": "2", "yours": mine, "choice-1": "mine"})
    assert response.status_code == 422
    assert textarea(response.get_data(as_text=True), "body") == mine
    assert section.revision == base + 1


def test_merged_save_names_who_saved_meanwhile(client, login, doc, db_session):
    section, lead, core = doc["section"], doc["lead"], doc["core"]
    login(core)
    page = f"/sections/{section.id}"
    csrf = token(client, page)
    section_service.save_body(db_session, lead, section,
                              body=BODY.replace("Our vision", "The vision"), base_revision=1)
    client.post(page, data={"csrf_token": csrf, "base_revision": "1",
                            "body": BODY.replace("diaspora is", "diaspora are")})
    html = unescape(client.get(page).get_data(as_text=True))
    assert f"{lead.name} saved meanwhile" in html


def test_invalid_save_keeps_the_text(client, login, doc):
    section = doc["section"]
    login(doc["lead"])
    page = f"/sections/{section.id}"
    csrf = token(client, page)
    response = client.post(page, data={"csrf_token": csrf, "base_revision": "99",
                                       "body": "My precious paragraph."})
    assert response.status_code == 422
    assert textarea(response.get_data(as_text=True), "body") == "My precious paragraph."


def test_forms_need_a_csrf_token(client, login, doc):
    login(doc["lead"])
    response = client.post(f"/sections/{doc['section'].id}", data={"base_revision": "1", "body": "x"})
    assert response.status_code == 400


# ------------------------------------------------------------------ roles


def test_expert_comments_but_cannot_edit(client, login, doc, db_session):
    section = doc["section"]
    login(doc["expert"])
    page = f"/sections/{section.id}"
    html = client.get(page).get_data(as_text=True)
    assert 'id="doc-save-button"' not in html  # experts suggest edits instead
    assert f'action="/sections/{section.id}/suggestions" id="doc-editor-form"' in html
    assert 'id="new-comment"' in html
    csrf = token(client, page)
    response = client.post(page, data={"csrf_token": csrf, "base_revision": "1", "body": "Mine now"})
    assert response.status_code == 403
    assert section.body == BODY
    response = client.post(f"{page}/comments", data={"csrf_token": csrf, "body": "Please add data.",
                                                     "quote": "countries of destination"})
    assert response.status_code == 302
    mine = db_session.query(Comment).filter_by(section_id=section.id, author_id=doc["expert"].id).one()
    # Experts resolve their own comments only.
    other = comment_service.add_comment(db_session, doc["core"], section, body="Core remark")
    assert client.post(f"/comments/{other.id}/resolve", data={"csrf_token": csrf}).status_code == 403
    assert other.status == "open"
    assert client.post(f"/comments/{mine.id}/resolve", data={"csrf_token": csrf}).status_code == 302
    assert mine.status == "resolved"
    assert client.post(f"/sections/{section.id}/presence", data={"csrf_token": csrf}).status_code == 403


def test_observer_cannot_comment(client, login, doc):
    section = doc["section"]
    login(doc["observer"])
    page = f"/sections/{section.id}"
    html = client.get(page).get_data(as_text=True)
    assert 'id="new-comment"' not in html
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
    response = client.post(f"{page}/comments", data={"csrf_token": csrf, "body": "Hello"})
    assert response.status_code == 403


def test_strangers_do_not_see_the_document(client, login, doc, make_user):
    login(make_user())
    assert client.get(f"/sections/{doc['section'].id}").status_code == 404
    assert client.get(f"/processes/{doc['process'].id}/document").status_code == 404


# ------------------------------------------------------------------ comments on the page


def test_comment_anchor_highlighted_then_outdated(client, login, doc, db_session):
    section, lead = doc["section"], doc["lead"]
    comment = comment_service.add_comment(db_session, doc["expert"], section,
                                          body="Which ones?", quote="countries of destination")
    login(lead)
    page = f"/sections/{section.id}"
    html = client.get(page).get_data(as_text=True)
    assert re.search(rf'<mark class="comment-anchor" id="anchor-{comment.id}" data-comments="{comment.id}">'
                     r"countries of destination</mark>", html)
    # The paragraph moves: still highlighted, anchor follows.
    moved = "New first paragraph.\n\n" + BODY
    section_service.save_body(db_session, lead, section, body=moved, base_revision=1)
    assert comment.anchor_start == moved.index("countries of destination")
    assert f'id="anchor-{comment.id}"' in client.get(page).get_data(as_text=True)
    # The passage goes: listed as outdated, no highlight.
    section_service.save_body(db_session, lead, section,
                              body=moved.replace("in partnership with countries of destination", "alone"),
                              base_revision=2)
    html = client.get(page).get_data(as_text=True)
    assert comment.anchor_start is None
    assert "Outdated: the passage is no longer in the text" in html
    assert f'id="anchor-{comment.id}"' not in html


def test_invalid_comment_keeps_what_was_written(client, login, doc):
    section = doc["section"]
    login(doc["expert"])
    page = f"/sections/{section.id}"
    csrf = token(client, page)
    response = client.post(f"{page}/comments", data={
        "csrf_token": csrf, "body": "My long careful remark", "quote": "words that are not there"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert textarea(html[html.index('id="new-comment"'):], "body") == "My long careful remark"
    assert textarea(html, "quote") == "words that are not there"


def test_suggestion_accepted_from_the_page(client, login, doc, db_session):
    section = doc["section"]
    login(doc["expert"])
    page = f"/sections/{section.id}"
    csrf = token(client, page)
    client.post(f"{page}/comments", data={
        "csrf_token": csrf, "body": "Say it plainly.", "quote": "in partnership with",
        "suggestion": "jointly with"})
    comment = db_session.query(Comment).filter_by(section_id=section.id).one()
    assert comment.suggestion_status == "pending"
    assert "Accept suggestion" not in client.get(page).get_data(as_text=True)
    assert client.post(f"/comments/{comment.id}/accept", data={"csrf_token": csrf}).status_code == 403
    login(doc["core"])
    html = client.get(page).get_data(as_text=True)
    assert "Accept suggestion" in html
    csrf = token(client, page)
    assert client.post(f"/comments/{comment.id}/accept", data={"csrf_token": csrf}).status_code == 302
    assert "jointly with countries" in section.body
    assert comment.suggestion_status == "accepted"
    assert comment.status == "resolved"
    assert "Suggestion accepted: saved as revision 2" in client.get(page).get_data(as_text=True)


def test_suggestion_declined_with_a_reason(client, login, doc, db_session):
    section = doc["section"]
    comment = comment_service.add_comment(db_session, doc["expert"], section, body="Shorter?",
                                          quote="is engaged in development",
                                          suggestion="helps development")
    login(doc["lead"])
    page = f"/sections/{section.id}"
    csrf = token(client, page)
    response = client.post(f"/comments/{comment.id}/decline", data={"csrf_token": csrf, "reason": ""})
    assert response.status_code == 302
    assert comment.suggestion_status == "pending"
    client.post(f"/comments/{comment.id}/decline",
                data={"csrf_token": csrf, "reason": "Engagement is the agreed term."})
    assert comment.suggestion_status == "declined"
    html = client.get(page).get_data(as_text=True)
    assert "Engagement is the agreed term." in html


def test_reply_resolve_reopen(client, login, doc, db_session):
    section = doc["section"]
    comment = comment_service.add_comment(db_session, doc["expert"], section, body="Question")
    login(doc["core"])
    page = f"/sections/{section.id}"
    csrf = token(client, page)
    client.post(f"/comments/{comment.id}/replies", data={"csrf_token": csrf, "body": "Answer here"})
    assert [r.body for r in comment.replies] == ["Answer here"]
    client.post(f"/comments/{comment.id}/resolve", data={"csrf_token": csrf})
    assert comment.status == "resolved"
    client.post(f"/comments/{comment.id}/reopen", data={"csrf_token": csrf})
    assert comment.status == "open"


def test_blocking_comment_shows_gate_impact(client, login, doc, db_session):
    section = doc["section"]
    comment = comment_service.add_comment(db_session, doc["expert"], section,
                                          body="Data missing", blocking=True)
    login(doc["lead"])
    html = client.get(f"/sections/{section.id}").get_data(as_text=True)
    assert "Blocking" in html
    assert "holds the stage gate" in html
    assert f"comment #{comment.id}" in html


# ------------------------------------------------------------------ escaping


XSS = [
    "<script>alert('body')</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(2))",
    '<a href="javascript:alert(3)">x</a>',
    '<svg onload="alert(4)">',
    '<iframe src="javascript:alert(5)"></iframe>',
]


def test_section_and_comments_render_escaped(client, login, doc, db_session):
    section, lead = doc["section"], doc["lead"]
    nasty = "\n\n".join(XSS) + "\n"
    section_service.save_body(db_session, lead, section, body=BODY + "\n" + nasty, base_revision=1)
    section_service.update_section(db_session, lead, section, title="<script>alert('title')</script>")
    comment_service.add_comment(db_session, doc["expert"], section,
                                body="<script>alert('c')</script> <img src=x onerror=alert(9)>",
                                quote="<img src=x onerror=\"alert(1)\">",
                                suggestion="<script>alert('s')</script>")
    comment_service.add_comment(db_session, doc["expert"], section, body="ok",
                                quote="countries of destination")
    login(lead)
    html = client.get(f"/sections/{section.id}").get_data(as_text=True)
    # Everything we render from the section: the text, the comments, the forms.
    region = html[html.index('id="doc-section"'):html.index("</main>")]
    outside_forms = re.sub(r"<textarea.*?</textarea>", "", region, flags=re.S)
    assert "<script" not in region
    assert not re.search(r"<[^>]+\son\w+\s*=", region)
    for tag in re.findall(r"<(?:a|area|form|button)\b[^>]*>", region):
        assert "javascript:" not in tag.lower()
    for tag in re.findall(r"<(?:iframe|svg|img|object|embed)\b[^>]*>", region):
        pytest.fail(f"dangerous tag rendered: {tag}")
    assert "<script>alert" not in outside_forms
    assert "&lt;script&gt;alert(" in outside_forms  # the comment's quote, shown as text
    assert "&lt;script&gt;alert(&#39;title&#39;)" in html or "&lt;script&gt;alert('title')" in html
    # The user's raw text is intact in the editor.
    assert "<script>alert('body')</script>" in textarea(html, "body")


def test_export_buttons_download_the_document(client, login, doc):
    login(doc["core"])
    process = doc["process"]
    markdown = client.get(f"/processes/{process.id}/export?format=md")
    assert markdown.status_code == 200
    assert "attachment" in markdown.headers["Content-Disposition"]
    assert "labour migration" in markdown.get_data(as_text=True).lower()
    word = client.get(f"/processes/{process.id}/export?format=docx")
    assert word.status_code == 200
    assert word.data[:2] == b"PK"
    assert client.get(f"/processes/{process.id}/export?format=exe").status_code == 302


def test_title_status_and_team_from_the_section_page(client, login, doc):
    section, core, expert = doc["section"], doc["core"], doc["expert"]
    login(doc["lead"])
    page = f"/sections/{section.id}"
    post(client, f"{page}/settings", {"title": "Vision and values", "status": "in_review"}, page=page)
    assert (section.title, section.status) == ("Vision and values", "in_review")
    # A refused change leaves everything as it was, even the valid part.
    post(client, f"{page}/settings", {"title": "Half applied?", "status": "bogus"}, page=page)
    assert (section.title, section.status) == ("Vision and values", "in_review")
    post(client, f"{page}/team", {"user_id": str(expert.id)}, page=page)
    post(client, f"{page}/team", {"user_id": str(core.id)}, page=page)
    assert {u.id for u in section.team} == {core.id, expert.id}
    html = client.get(page).get_data(as_text=True)
    assert f'action="/sections/{section.id}/team/{expert.id}/remove"' in html
    post(client, f"{page}/team/{expert.id}/remove", {}, page=page)
    assert [u.id for u in section.team] == [core.id]


def test_a_long_section_history_is_listed_a_page_at_a_time(client, login, doc, db_session):
    lead, section = doc["lead"], doc["section"]
    for n in range(55):
        section_service.save_body(db_session, lead, section, body=BODY + f"\nVersion {n}.\n",
                                  base_revision=section.revision)
    db_session.flush()
    login(lead)
    first = client.get(f"/sections/{section.id}/revisions").get_data(as_text=True)
    assert "56 revisions" in first
    assert first.count('name="b" value=') == 50
    assert 'name="b" value="56"' in first and 'name="b" value="6"' not in first
    assert "Page 1 of 2" in first
    second = client.get(f"/sections/{section.id}/revisions?page=2&a=1&b=2").get_data(
        as_text=True)
    assert second.count('name="b" value=') == 6
    assert 'name="b" value="1"' in second


def test_title_fields_show_the_whole_title(client, login, doc, db_session):
    long_title = ("Labour migration, skills partnerships and the recognition of qualifications "
                  "acquired abroad by returning members of the diaspora and their families, "
                  "with the role of municipalities")
    section = section_service.create_section(db_session, doc["lead"], doc["process"],
                                             title=long_title)
    db_session.flush()
    login(doc["lead"])
    html = client.get(f"/sections/{section.id}").get_data(as_text=True)
    assert textarea(html, "title") == long_title
    csrf = token(client, f"/sections/{section.id}")
    client.post(f"/sections/{section.id}/settings", data={
        "csrf_token": csrf, "title": long_title.replace(", with", ",\n with"),
        "status": "drafting"})
    assert section.title == long_title  # a line break typed in the box is a space
