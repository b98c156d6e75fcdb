"""Lists that grow come in pages: members, consultation inputs, responses, comment threads.

Each page holds at most ``per_page`` rows (lowered here to keep the data small), links to
the next, says where it sits in the list, and page 2 shows the rest.
"""

from __future__ import annotations

import re

import pytest

from engine.services import consultations as consultation_service
from engine.services.document import comments as comment_service
from engine.services.document import sections as section_service
from tests.webapp.browser import post


def count(html: str, pattern: str) -> int:
    return len(re.findall(pattern, html))


def test_the_core_group_comes_in_pages(client, auth, world, add_member, make_user, db_session,
                                       monkeypatch):
    from webapp.workspace import members

    monkeypatch.setattr(members, "MEMBERS_PER_PAGE", 3)
    for n in range(4):  # 4 (lead, core, expert, observer) + 4 = 8 people: pages of 3, 3, 2
        add_member(world.process, "expert", user=make_user(f"Zed Visitor {n}"),
                   institution=world.other)
    db_session.flush()
    auth.login(world.lead)
    url = f"/processes/{world.process.id}/members"
    first = client.get(url).get_data(as_text=True)
    assert count(first, r'<li class="person" id="member-') == 3
    assert "Page 1 of 3" in first and "1–3 of 8" in first
    assert f'href="{url}?page=2#tree-heading"' in first
    seen = set(re.findall(r'id="member-(\d+)"', first))
    for number in (2, 3):
        html = client.get(f"{url}?page={number}").get_data(as_text=True)
        seen |= set(re.findall(r'id="member-(\d+)"', html))
    assert count(html, r'<li class="person" id="member-') == 2
    assert "7–8 of 8" in html and "Zed Visitor 3" in html
    assert len(seen) == 8
    # A page number out of range shows the nearest page, not an error.
    assert "Page 3 of 3" in client.get(f"{url}?page=99").get_data(as_text=True)


@pytest.fixture
def consultation_with_inputs(world, db_session):
    item = consultation_service.create_consultation(
        db_session, world.lead, world.process, stage=world.process.state, method="workshop",
        title="Regional workshop")
    for n in range(5):
        consultation_service.add_input(db_session, world.lead, item, source=f"Source {n}",
                                       text=f"Point number {n}.")
    db_session.flush()
    return item


def test_consultation_inputs_come_in_pages(client, auth, world, consultation_with_inputs,
                                           monkeypatch):
    from webapp.workspace import consultations

    monkeypatch.setattr(consultations, "INPUTS_PER_PAGE", 2)
    auth.login(world.lead)
    url = f"/processes/{world.process.id}/consultations/{consultation_with_inputs.id}"
    first = client.get(url).get_data(as_text=True)
    assert count(first, r'<li class="input" id="input-') == 2
    assert "Source 0" in first and "Source 2" not in first
    assert "1–2 of 5" in first and f'href="{url}?page=2#inputs-heading"' in first
    # Each page draws the decision form of its own inputs only.
    assert count(first, r'/inputs/\d+" novalidate>') == 2
    last = client.get(f"{url}?page=3").get_data(as_text=True)
    assert count(last, r'<li class="input" id="input-') == 1 and "Source 4" in last
    # A decision on an input of page 3 brings the lead back to page 3.
    fifth = consultation_with_inputs.inputs[4]
    response = post(client, auth, f"{url}/inputs/{fifth.id}",
                    {"disposition": "accepted", "reason": "Agreed.", "section_id": ""})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"?page=3#input-{fifth.id}")


def test_the_table_of_responses_comes_in_pages(client, auth, world, consultation_with_inputs,
                                               monkeypatch):
    from webapp.analysis import responses

    monkeypatch.setattr(responses, "RESPONSES_PER_PAGE", 2)
    auth.login(world.lead)
    url = f"/processes/{world.process.id}/responses"
    first = client.get(url).get_data(as_text=True)
    assert count(first, r'<tr class="response ') == 2
    assert "1–2 of 5" in first
    # The filter is kept when turning the page.
    filtered = client.get(f"{url}?show=input").get_data(as_text=True)
    assert f'href="{url}?show=input&amp;page=2"' in filtered
    last = client.get(f"{url}?show=input&page=3").get_data(as_text=True)
    assert count(last, r'<tr class="response ') == 1 and "Point number 4." in last


def test_comment_threads_beside_a_section_come_in_pages(client, auth, world, db_session,
                                                        monkeypatch):
    from webapp.document import sections

    monkeypatch.setattr(sections, "COMMENTS_PER_PAGE", 2)
    section = section_service.create_section(db_session, world.lead, world.process,
                                             title="Context", body="Some text.\n")
    made = [comment_service.add_comment(db_session, world.core, section, body=f"Remark {n}")
            for n in range(5)]
    for comment in made[:3]:
        comment_service.resolve(db_session, world.lead, comment)
    db_session.flush()
    auth.login(world.lead)
    url = f"/sections/{section.id}"
    first = client.get(url).get_data(as_text=True)
    open_ids = {f"comment-{c.id}" for c in made[3:]}
    assert all(f'id="{i}"' in first for i in open_ids)  # 2 open threads: one page
    assert "Remark 0" not in first.split('id="resolved-comments"')[0]
    resolved = first.split('id="resolved-comments"')[1]
    assert "Remark 0" in resolved and "Remark 1" in resolved and "Remark 2" not in resolved
    assert f'href="{url}?resolved_page=2#resolved-comments"' in resolved
    second = client.get(f"{url}?resolved_page=2").get_data(as_text=True)
    assert '<details class="doc-resolved-list" id="resolved-comments" open>' in second
    assert "Remark 2" in second.split('id="resolved-comments"')[1]
    assert "Remark 0" not in second.split('id="resolved-comments"')[1]
