"""After-commit effects in a request: delivered once the request committed, never on failure."""

from __future__ import annotations

import pytest

from engine.errors import InvalidInput
from engine.services import effects
from tests.webapp.api_client import assert_error
from tests.webapp.world import World


@pytest.fixture
def world(make_world) -> World:
    return make_world("api")


@pytest.fixture
def delivered(monkeypatch) -> list[tuple[str, int | None]]:
    monkeypatch.setattr(effects, "AFTER_COMMIT", [])
    monkeypatch.setattr(effects, "IN_TRANSACTION", [])
    seen: list[tuple[str, int | None]] = []

    @effects.after_commit("deliverable.*")
    def collect(change: effects.Change) -> None:
        seen.append((change.kind, change.process_id))

    return seen


def test_a_successful_request_delivers_its_events_after_the_commit(world, delivered):
    path = f"/processes/{world.pid}/deliverables"
    answer = world["core"].post(path, {"stage": "agenda_setting", "kind": "issues_paper"})
    assert answer.status_code == 201
    assert delivered == [("deliverable.created", world.pid)]

    world["core"].get(path)  # reading delivers nothing more
    assert delivered == [("deliverable.created", world.pid)]


def test_a_request_that_fails_after_recording_delivers_nothing(world, delivered):
    @effects.in_transaction("deliverable.created")
    def refuse(session, event) -> None:
        raise InvalidInput("The outbox is full.")

    path = f"/processes/{world.pid}/deliverables"
    assert_error(world["core"].post(path, {"stage": "agenda_setting", "kind": "issues_paper"}),
                 422)
    assert delivered == []
    assert world["core"].get(path).get_json() == []  # rolled back with the event
