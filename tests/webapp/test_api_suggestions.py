"""API: suggested edits sent as a whole text, cut into changes, accepted or rejected."""

from __future__ import annotations

import pytest

from tests.webapp.test_api_support import World, assert_error, make_world

BASE = "Labour migration is rising fast.\n\nThe plan names partners.\n"
PROPOSED = "Labour migration is rising steadily.\n\nThe plan names social partners.\n"


@pytest.fixture
def world(app, client, api_token, make_user, make_institution, make_process, add_member) -> World:
    return make_world(app, client, api_token, make_user, make_institution, make_process,
                      add_member)


@pytest.fixture
def sid(world: World) -> int:
    section = world["lead"].get(f"/processes/{world.pid}/sections").get_json()[0]
    answer = world["core"].put(f"/sections/{section['id']}", {"body": BASE, "base_revision": 0})
    assert answer.status_code == 200
    return section["id"]


def test_an_expert_proposes_a_whole_text_and_the_server_cuts_it(world, sid):
    answer = world["expert"].post(f"/sections/{sid}/suggestions",
                                  {"body": PROPOSED, "base_revision": 1})
    assert answer.status_code == 201, answer.get_json()
    made = answer.get_json()
    assert made["status"] == "pending"
    assert made["source"] == "api"
    assert [(c["kind"], c["old_text"], c["new_text"]) for c in made["changes"]] == [
        ("replace", "fast", "steadily"), ("insert", "", "social ")]
    listed = world["observer"].get(f"/sections/{sid}/suggestions").get_json()
    assert [s["id"] for s in listed] == [made["id"]]
    assert world["observer"].get(f"/sections/{sid}").get_json()["body"] == BASE


def test_the_same_text_is_refused_and_observers_cannot_suggest(world, sid):
    same = world["expert"].post(f"/sections/{sid}/suggestions", {"body": BASE, "base_revision": 1})
    assert assert_error(same, 422, "invalid")["details"] == {"body": "identical to the base revision"}
    refused = world["observer"].post(f"/sections/{sid}/suggestions",
                                     {"body": PROPOSED, "base_revision": 1})
    assert_error(refused, 403, "forbidden")


def test_accepting_one_change_then_rejecting_the_rest(world, sid):
    made = world["expert"].post(f"/sections/{sid}/suggestions",
                                {"body": PROPOSED, "base_revision": 1}).get_json()
    first, second = (c["id"] for c in made["changes"])
    assert_error(world["expert"].post(f"/suggestions/{made['id']}/accept"), 403)
    accepted = world["core"].post(f"/suggestions/{made['id']}/accept", {"change_ids": [first]})
    assert accepted.status_code == 200, accepted.get_json()
    assert accepted.get_json()["status"] == "partly_accepted"
    assert accepted.get_json()["applied_revision"] == 2
    section = world["core"].get(f"/sections/{sid}").get_json()
    assert section["revision"] == 2
    assert section["body"] == BASE.replace("fast", "steadily")
    rejected = world["core"].post(f"/suggestions/{made['id']}/reject").get_json()
    assert [c["status"] for c in rejected["changes"]] == ["accepted", "rejected"]
    assert rejected["decided_by"]["name"]
    assert world["core"].get(f"/sections/{sid}").get_json()["revision"] == 2
    again = world["core"].post(f"/suggestions/{made['id']}/accept")
    assert_error(again, 409, "conflict")


def test_rejecting_everything_leaves_the_text(world, sid):
    made = world["expert"].post(f"/sections/{sid}/suggestions",
                                {"body": PROPOSED, "base_revision": 1}).get_json()
    answer = world["lead"].post(f"/suggestions/{made['id']}/reject")
    assert answer.get_json()["status"] == "rejected"
    assert world["lead"].get(f"/sections/{sid}").get_json()["body"] == BASE


def test_unknown_change_ids_and_suggestions(world, sid):
    made = world["expert"].post(f"/sections/{sid}/suggestions",
                                {"body": PROPOSED, "base_revision": 1}).get_json()
    assert_error(world["core"].post(f"/suggestions/{made['id']}/accept",
                                    {"change_ids": [2_000_000]}), 422, "invalid")
    assert_error(world["core"].post(f"/suggestions/{made['id']}/accept",
                                    {"change_ids": "all"}), 422)
    assert_error(world["core"].post("/suggestions/2000000/accept"), 404, "not_found")
