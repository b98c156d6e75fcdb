"""Presence is shared by every server process: two app instances, one database."""

from __future__ import annotations

import re

import pytest

from tests.engine.test_concurrency_document import World, build_world, remove_world


@pytest.fixture
def world(db_engine):
    made = build_world(db_engine, 2, body="Shared text.\n")
    yield made
    remove_world(db_engine, made)


def make_app(database_url: str):
    from webapp import create_app

    return create_app({"TESTING": True, "DATABASE_URL": database_url,
                       "SECRET_KEY": "shared-secret", "PRESENCE_TTL_SECONDS": 45})


def sign_in(client, user_id: int) -> None:
    with client.session_transaction() as session:
        session["_user_id"] = f"{user_id}.0"  # "id.epoch": a fresh account's first session
        session["_fresh"] = True


def test_presence_seen_from_a_second_app_instance(database_url: str, world: World) -> None:
    first, second = make_app(database_url), make_app(database_url)
    assert first.extensions["policycycle.sessions"] is not second.extensions["policycycle.sessions"]
    editor, reader = first.test_client(), second.test_client()
    sign_in(editor, world.user_ids[1])
    sign_in(reader, world.user_ids[0])
    try:
        page = editor.get(f"/sections/{world.section_id}").get_data(as_text=True)
        token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
        beat = editor.post(f"/sections/{world.section_id}/presence", json={},
                           headers={"X-CSRFToken": token, "Accept": "application/json"})
        assert beat.status_code == 200
        # Without the token the heartbeat is refused.
        assert editor.post(f"/sections/{world.section_id}/presence", json={}).status_code == 400

        seen = reader.get(f"/sections/{world.section_id}/presence").get_json()
        assert [e["user_id"] for e in seen["editors"]] == [world.user_ids[1]]
        everywhere = reader.get(f"/processes/{world.process_id}/presence").get_json()
        assert [e["user_id"] for e in everywhere["sections"][str(world.section_id)]] == [world.user_ids[1]]
        html = reader.get(f"/sections/{world.section_id}").get_data(as_text=True)
        assert "is editing this section now" in html
        outline = reader.get(f"/processes/{world.process_id}/document").get_data(as_text=True)
        assert 'class="doc-presence-chip"' in outline

        # Leaving the editor clears it everywhere.
        editor.post(f"/sections/{world.section_id}/presence", data={"leave": "1", "csrf_token": token})
        assert reader.get(f"/sections/{world.section_id}/presence").get_json()["editors"] == []
    finally:
        for app in (first, second):
            app.extensions["policycycle.sessions"].kw["bind"].dispose()
