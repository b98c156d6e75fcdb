"""API lists answer a page at a time: page/per_page, RFC 8288 Link, X-Total-Count."""

from __future__ import annotations

import re

import pytest

from tests.webapp.api_client import assert_error
from tests.webapp.world import World


@pytest.fixture
def world(make_world) -> World:
    return make_world("api")


def links(answer) -> dict[str, str]:
    found = re.findall(r'<([^>]+)>; rel="(\w+)"', answer.headers["Link"])
    return {rel: url.split("/api/v1", 1)[1] for url, rel in found}


def test_a_list_answers_one_page_with_links_and_the_total(world):
    path = f"/processes/{world.pid}/members"
    whole = world["lead"].get(path)
    assert whole.headers["X-Total-Count"] == "4"
    assert len(whole.get_json()) == 4
    assert set(links(whole)) == {"first", "last"}

    second = world["lead"].get(path + "?per_page=3&page=2")
    assert second.status_code == 200
    assert second.headers["X-Total-Count"] == "4"
    assert second.get_json() == whole.get_json()[3:]  # still a JSON array
    assert links(second) == {
        "first": f"{path}?page=1&per_page=3", "prev": f"{path}?page=1&per_page=3",
        "last": f"{path}?page=2&per_page=3"}
    first = world["lead"].get(path + "?per_page=3")
    assert first.get_json() == whole.get_json()[:3]
    assert links(first)["next"] == f"{path}?page=2&per_page=3"


def test_other_query_parameters_are_kept_in_the_links(world):
    path = f"/processes/{world.pid}/history"
    answer = world["lead"].get(path + "?kind=member.&per_page=1")
    assert answer.status_code == 200
    assert int(answer.headers["X-Total-Count"]) == 3  # three members were added
    assert len(answer.get_json()) == 1
    assert links(answer)["next"] == f"{path}?kind=member.&page=2&per_page=1"


def test_history_has_a_default_page_size(world, db_session):
    from engine.services import audit

    for n in range(105):
        audit.record(db_session, world.lead, "note.added", f"Note {n}", process=world.process)
    db_session.flush()
    answer = world["lead"].get(f"/processes/{world.pid}/history")
    assert len(answer.get_json()) == 100
    total = int(answer.headers["X-Total-Count"])
    assert total > 105
    last = world["lead"].get(f"/processes/{world.pid}/history?page=2")
    assert len(last.get_json()) == total - 100
    assert last.get_json()[-1]["summary"] == "Note 104"
    capped = world["lead"].get(f"/processes/{world.pid}/history?limit=5&per_page=2&page=3")
    assert capped.headers["X-Total-Count"] == "5"
    assert len(capped.get_json()) == 1


@pytest.mark.parametrize("query", ["page=0", "page=x", "per_page=0", "per_page=501",
                                   "per_page=-3"])
def test_invalid_pages_are_refused(world, query):
    error = assert_error(world["lead"].get(f"/processes/{world.pid}/members?{query}"), 422,
                         "invalid")
    assert query.split("=")[0] in error["details"]


def test_a_page_past_the_end_is_empty(world):
    answer = world["lead"].get(f"/processes/{world.pid}/members?page=9")
    assert answer.status_code == 200
    assert answer.get_json() == []
    assert answer.headers["X-Total-Count"] == "4"


def test_the_inbox_is_a_paged_list_with_the_unread_count_beside_it(world, db_session):
    from engine.services import notifications

    for n in range(3):
        notifications.notify(db_session, world.expert, "transition", process=world.process,
                             params={"trigger": f"step-{n}"})
    db_session.flush()
    notifications.mark_read(db_session, world.expert, [notifications.inbox(
        db_session, world.expert).items[-1].id])
    db_session.flush()
    path = "/me/notifications"
    first = world["expert"].get(path + "?per_page=2")
    assert first.status_code == 200
    assert isinstance(first.get_json(), list) and len(first.get_json()) == 2
    assert first.headers["X-Total-Count"] == "3"
    assert first.headers["X-Unread-Count"] == "2"
    assert links(first)["next"] == f"{path}?page=2&per_page=2"
    second = world["expert"].get(path + "?per_page=2&page=2")
    assert len(second.get_json()) == 1 and second.get_json()[0]["read_at"] is not None
    assert second.headers["X-Unread-Count"] == "2"
    assert world["expert"].get(path + "?page=9").get_json() == []
    assert_error(world["expert"].get(path + "?per_page=501"), 422, "invalid")
