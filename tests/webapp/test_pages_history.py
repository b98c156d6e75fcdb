"""The history page: newest first, filtered by stage, person and kind, paginated."""

from __future__ import annotations

from engine.services import deliverables as deliverable_service
from engine.services.transitions import fire
from tests.webapp.browser import text


def base(world) -> str:
    return f"/processes/{world.process.id}/history"


def test_history_lists_events_newest_first(client, auth, world, db_session):
    deliverable_service.create_deliverable(db_session, world.lead, world.process,
                                           stage="agenda_setting", kind="mandate")
    db_session.flush()
    auth.login(world.expert)
    page = client.get(base(world))
    assert page.status_code == 200
    words = text(page)
    assert "<h1>History</h1>" in page.get_data(as_text=True)
    newest = words.index("Deliverable “Mandate of the process” added")
    oldest = words.index("Process “National migration policy” started")
    assert newest < oldest


def test_filter_by_stage_person_and_kind(client, auth, world, db_session):
    fire(db_session, world.lead, world.process, "advance", note="Moving on",
         override_reason="The minister asked")
    deliverable_service.create_deliverable(db_session, world.core, world.process,
                                           stage="policy_analysis", kind="swot")
    db_session.flush()
    auth.login(world.lead)

    by_kind = text(client.get(base(world), query_string={"kind": "transition"}))
    assert "Advance: Agenda setting → Policy analysis (gate overridden)" in by_kind
    assert "The minister asked" in by_kind
    assert "Deliverable “SWOT analysis” added" not in by_kind
    assert "1 event matches the filters" in by_kind

    by_person = text(client.get(base(world), query_string={"person": world.core.id}))
    assert "Deliverable “SWOT analysis” added" in by_person
    assert "Carlos Core joined" not in by_person  # that was the lead's doing

    by_stage = text(client.get(base(world), query_string={"stage": "policy_analysis"}))
    assert "Deliverable “SWOT analysis” added" in by_stage
    assert "Process “National migration policy” started" not in by_stage

    nothing = text(client.get(base(world), query_string={"stage": "validation"}))
    assert "No event matches these filters." in nothing


def test_unknown_filter_values_are_ignored(client, auth, world):
    auth.login(world.lead)
    response = client.get(base(world), query_string={"stage": "nope", "kind": "x", "person": "y",
                                                     "page": "-3"})
    assert response.status_code == 200
    assert "Process “National migration policy” started" in text(response)


def test_history_is_paginated(client, auth, world, db_session):
    for n in range(30):
        deliverable_service.create_deliverable(db_session, world.lead, world.process,
                                               stage="agenda_setting", kind="other",
                                               title=f"Note {n:02d}")
    db_session.flush()
    auth.login(world.lead)
    first = client.get(base(world))
    words = text(first)
    assert "Page 1 of 2" in words
    assert "Older →" in words
    assert "Deliverable “Note 29” added" in words
    assert "Process “National migration policy” started" not in words
    second = client.get(base(world), query_string={"page": 2})
    assert "Process “National migration policy” started" in text(second)
    assert "← Newer" in text(second)
    filtered = client.get(base(world), query_string={"kind": "deliverable"})
    assert "page=2" in filtered.get_data(as_text=True)
    assert "kind=deliverable" in filtered.get_data(as_text=True)


def test_history_needs_membership(client, auth, world):
    auth.login(world.outsider)
    assert client.get(base(world)).status_code == 404
