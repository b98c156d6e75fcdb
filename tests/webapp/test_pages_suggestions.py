"""Suggested edits on the document pages: the outline's count, the section's inline changes."""

from __future__ import annotations

import pytest

from engine.services import sections as section_service
from engine.services import track_changes

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
            session["_user_id"] = str(user.id)
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
