"""A long non-Latin section saves from the page form as well as through the API (F9)."""

from __future__ import annotations

import re

from engine.services.document import sections as section_service


def test_a_490000_character_cyrillic_body_saves_from_the_page_form(
        client, auth, db_session, make_process):
    process = make_process()
    lead = process.lead.user
    section = section_service.create_section(db_session, lead, process, title="Видение")
    db_session.flush()
    auth.login(lead)
    word = "миграция "
    body = (word * (490_000 // len(word) + 1))[:489_999].rstrip() + "."
    body = body.ljust(490_000, "я")
    assert len(body) == 490_000
    page = f"/sections/{section.id}"
    html = client.get(page).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    response = client.post(page, data={"csrf_token": csrf, "base_revision": "0", "body": body})
    assert response.status_code == 302, response.status_code
    db_session.expire_all()
    assert section.body.rstrip("\n") == body.rstrip("\n")
    assert section.revision >= 1
