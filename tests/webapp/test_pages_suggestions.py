"""Suggested edits on the document pages: the outline's count, the section's inline changes."""

from __future__ import annotations

import pytest

from engine.services import track_changes
from engine.services.document import sections as section_service

BODY = "Labour migration is rising fast.\n\nThe plan names partners.\n"


@pytest.fixture
def doc(db_session, make_process, add_member):
    process = make_process()
    lead = process.lead.user
    core = add_member(process, "core").user
    expert = add_member(process, "expert").user
    section = section_service.create_section(db_session, lead, process, title="Context", body=BODY)
    db_session.flush()
    return {"process": process, "lead": lead, "core": core, "expert": expert, "section": section}


@pytest.fixture
def login(client):
    def sign_in(user):
        with client.session_transaction() as session:
            session["_user_id"] = f"{user.id}.{user.session_epoch or 0}"
            session["_fresh"] = True

    return sign_in


def test_the_outline_counts_pending_suggested_edits(client, db_session, doc, login):
    section = doc["section"]
    track_changes.propose(db_session, doc["expert"], section, base_revision=1,
                          body=BODY.replace("fast", "steadily"))
    track_changes.propose(db_session, doc["core"], section, base_revision=1,
                          body=BODY.replace("partners", "social partners"))
    db_session.flush()
    login(doc["core"])
    page = client.get(f"/processes/{doc['process'].id}/document").get_data(as_text=True)
    row = page[page.index(f'id="s-{section.id}"'):][:3000]
    assert "2 suggestions" in row


@pytest.fixture
def csrf(client):
    def token(path: str) -> str:
        import re

        page = client.get(path).get_data(as_text=True)
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    return token


def test_an_expert_suggests_through_the_plain_form_and_a_member_accepts_inline(
        client, db_session, doc, login, csrf):
    section = doc["section"]
    login(doc["expert"])
    page = client.get(f"/sections/{section.id}").get_data(as_text=True)
    assert f'action="/sections/{section.id}/suggestions"' in page
    assert "Send suggestion" in page
    answer = client.post(f"/sections/{section.id}/suggestions", data={
        "csrf_token": csrf(f"/sections/{section.id}"), "base_revision": "1",
        "body": BODY.replace("fast", "steadily")})
    assert answer.status_code == 302
    db_session.expire_all()
    [suggestion] = track_changes.suggestions_for(db_session, doc["expert"], section)
    assert section.body == BODY

    login(doc["core"])
    page = client.get(f"/sections/{section.id}").get_data(as_text=True)
    assert '<del class="sugg-del"' in page and ">fast</del>" in page
    assert ">steadily</ins>" in page
    assert "Accept all" in page
    change = suggestion.changes[0]
    answer = client.post(f"/suggestions/{suggestion.id}/accept", data={
        "csrf_token": csrf(f"/sections/{section.id}"), "change_id": str(change.id)})
    assert answer.status_code == 302
    db_session.expire_all()
    assert section.body == BODY.replace("fast", "steadily")
    assert section.revision == 2


def test_experts_see_no_decision_buttons_and_a_rejection_keeps_the_text(
        client, db_session, doc, login, csrf):
    section = doc["section"]
    suggestion = track_changes.propose(db_session, doc["expert"], section, base_revision=1,
                                       body=BODY.replace("partners", "social partners"))
    db_session.flush()
    login(doc["expert"])
    page = client.get(f"/sections/{section.id}").get_data(as_text=True)
    assert "social " in page
    assert "Accept all" not in page
    login(doc["lead"])
    client.post(f"/suggestions/{suggestion.id}/reject",
                data={"csrf_token": csrf(f"/sections/{section.id}")})
    db_session.expire_all()
    assert suggestion.status == "rejected"
    assert section.body == BODY
    assert "Accept all" not in client.get(f"/sections/{section.id}").get_data(as_text=True)


def test_a_form_sent_twice_saves_once_and_an_agreed_section_warns(
        client, db_session, doc, login, csrf):
    section = doc["section"]
    section_service.update_section(db_session, doc["lead"], section, status="agreed")
    db_session.flush()
    login(doc["core"])
    page = client.get(f"/sections/{section.id}").get_data(as_text=True)
    assert "This section is agreed. Saving a change returns it to drafting." in page
    assert 'name="client_save_id" value="' in page
    form = {"csrf_token": csrf(f"/sections/{section.id}"), "base_revision": "1",
            "client_save_id": "form-1", "body": BODY + "\nOne more line.\n"}
    first = client.post(f"/sections/{section.id}", data=form, follow_redirects=True)
    assert "returned it to drafting" in first.get_data(as_text=True)
    client.post(f"/sections/{section.id}", data=form)
    db_session.expire_all()
    assert section.revision == 2
    assert section.status == "drafting"
