"""API: sections, saving with base revisions (merge or conflict), revisions, comments."""

from __future__ import annotations

import pytest

from tests.webapp.api_client import assert_error
from tests.webapp.world import World


@pytest.fixture
def world(make_world) -> World:
    return make_world("api")


def first_section(world: World) -> dict:
    return world["lead"].get(f"/processes/{world.pid}/sections").get_json()[0]


BASE = "Line one.\n\nLine two.\n\nLine three.\n"


def saved_section(world: World) -> int:
    """A section whose revision 1 is BASE."""
    sid = first_section(world)["id"]
    answer = world["core"].put(f"/sections/{sid}", {"body": BASE, "base_revision": 0})
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["revision"] == 1
    return sid


def test_outline_is_the_workflow_tree(world):
    tree = world["observer"].get(f"/processes/{world.pid}/sections").get_json()
    assert [n["key"] for n in tree][:2] == ["issues", "mandate"]
    assert [n["number"] for n in tree][:2] == ["1", "2"]
    issues = tree[0]
    assert [c["key"] for c in issues["children"]] == ["drivers", "public_problem"]
    assert issues["children"][1]["number"] == "1.2"


def test_create_read_update_section(world):
    parent = first_section(world)
    answer = world["core"].post(f"/processes/{world.pid}/sections", {
        "title": "Labour migration", "parent_id": parent["id"], "position": 0,
        "body": "# Labour\n\nText."})
    assert answer.status_code == 201
    created = answer.get_json()
    assert created["parent_id"] == parent["id"]
    assert created["number"] == "1.1"
    assert created["revision"] == 1
    one = world["expert"].get(f"/sections/{created['id']}").get_json()
    assert {"id", "title", "body", "revision", "status"} <= set(one)
    assert one["body"].startswith("# Labour\n\nText.")
    assert one["status"] == "drafting"
    patched = world["lead"].patch(f"/sections/{created['id']}", {
        "title": "Labour migration and skills", "status": "in_review"}).get_json()
    assert patched["title"] == "Labour migration and skills"
    assert patched["status"] == "in_review"
    moved = world["lead"].patch(f"/sections/{created['id']}", {"parent_id": None}).get_json()
    assert moved["parent_id"] is None
    top = world["lead"].get(f"/processes/{world.pid}/sections").get_json()
    assert created["id"] in [n["id"] for n in top]
    deleted = world["lead"].delete(f"/sections/{created['id']}").get_json()
    assert deleted["deleted"] is True
    assert deleted["number"] is None
    restored = world["lead"].post(f"/sections/{created['id']}/restore").get_json()
    assert restored["deleted"] is False


def test_section_errors(world):
    sid = first_section(world)["id"]
    assert_error(world["expert"].post(f"/processes/{world.pid}/sections", {"title": "X"}), 403)
    assert_error(world["core"].post(f"/processes/{world.pid}/sections", {"title": ""}), 422)
    assert_error(world["core"].post(f"/processes/{world.pid}/sections",
                                    {"title": "X", "parent_id": 999999}), 422)
    assert_error(world["core"].post(f"/processes/{world.pid}/sections",
                                    {"title": "X", "position": -1}), 422)
    assert_error(world["core"].patch(f"/sections/{sid}", {"status": "final"}), 422)
    assert_error(world["core"].patch(f"/sections/{sid}", {"title": None}), 422)
    error = assert_error(world["core"].patch(f"/sections/{sid}", {"parent_id": sid}), 409)
    assert error["details"] == {"parent_id": "cycle"}
    assert_error(world["expert"].put(f"/sections/{sid}", {"body": "x", "base_revision": 0}), 403)
    assert_error(world["outsider"].get(f"/sections/{sid}"), 404)
    assert_error(world["core"].get("/sections/9999999999"), 404)
    assert_error(world["core"].put(f"/sections/{sid}", {"body": "x"}), 422)
    assert_error(world["core"].put(f"/sections/{sid}", {"body": "x", "base_revision": 7}), 422)
    assert_error(world["core"].put(f"/sections/{sid}", {"body": 5, "base_revision": 0}), 422)


def test_save_then_save_again(world):
    sid = saved_section(world)
    answer = world["core"].put(f"/sections/{sid}", {"body": BASE + "\nLine four.\n",
                                                    "base_revision": 1})
    assert answer.get_json() == {"id": sid, "revision": 2, "merged": False, "changed": True,
                                 "repeated": False}
    same = world["core"].put(f"/sections/{sid}", {"body": BASE + "\nLine four.\n",
                                                  "base_revision": 2})
    assert same.get_json()["changed"] is False
    assert same.get_json()["revision"] == 2
    section = world["expert"].get(f"/sections/{sid}").get_json()
    assert section["revision"] == 2
    assert "Line four." in section["body"]


def test_stale_base_with_disjoint_edits_merges(world):
    sid = saved_section(world)
    mine = BASE.replace("Line one.", "Line ONE.")
    theirs = BASE.replace("Line three.", "Line THREE.")
    assert world["lead"].put(f"/sections/{sid}", {"body": theirs,
                                                  "base_revision": 1}).status_code == 200
    answer = world["core"].put(f"/sections/{sid}", {"body": mine, "base_revision": 1})
    assert answer.status_code == 200
    assert answer.get_json()["merged"] is True
    assert answer.get_json()["revision"] == 3
    body = world["core"].get(f"/sections/{sid}").get_json()["body"]
    assert "Line ONE." in body
    assert "Line THREE." in body


def test_stale_base_with_overlapping_edits_is_409(world):
    sid = saved_section(world)
    world["lead"].put(f"/sections/{sid}", {"body": BASE.replace("Line two.", "Line 2 (lead)."),
                                           "base_revision": 1})
    answer = world["core"].put(f"/sections/{sid}", {
        "body": BASE.replace("Line two.", "Line 2 (core)."), "base_revision": 1})
    error = assert_error(answer, 409, "edit_conflict")
    details = error["details"]
    assert details["base"] == BASE
    assert "Line 2 (lead)." in details["theirs"]
    assert "Line 2 (core)." in details["yours"]
    assert details["conflicts"]
    assert {"base", "theirs", "yours"} <= set(details["conflicts"][0])
    assert details["current_revision"] == 2
    # Nothing was saved by the refused attempt.
    assert world["core"].get(f"/sections/{sid}").get_json()["revision"] == 2


def test_revisions(world):
    sid = saved_section(world)
    world["core"].put(f"/sections/{sid}", {"body": "Rewritten.\n", "base_revision": 1})
    listed = world["observer"].get(f"/sections/{sid}/revisions").get_json()
    assert [r["number"] for r in listed] == [1, 2]
    assert "body" not in listed[0]
    assert listed[1]["author"]["email"] == world.core.email
    one = world["observer"].get(f"/sections/{sid}/revisions/1").get_json()
    assert one["body"] == BASE
    assert one["number"] == 1
    assert_error(world["observer"].get(f"/sections/{sid}/revisions/3"), 404)
    assert_error(world["observer"].get(f"/sections/{sid}/revisions/0"), 404)
    assert_error(world["outsider"].get(f"/sections/{sid}/revisions"), 404)


def test_comments_threads(world):
    sid = saved_section(world)
    answer = world["expert"].post(f"/sections/{sid}/comments", {
        "body": "Cite the source.", "quote": "Line two.", "blocking": True})
    assert answer.status_code == 201
    comment = answer.get_json()
    assert comment["blocking"] is True
    assert comment["status"] == "open"
    assert comment["quote"] == "Line two."
    assert comment["author"]["email"] == world.expert.email
    reply = world["core"].post(f"/comments/{comment['id']}/replies", {"body": "Added."})
    assert reply.status_code == 201
    assert reply.get_json()["parent_id"] == comment["id"]
    threads = world["observer"].get(f"/sections/{sid}/comments").get_json()
    assert [t["id"] for t in threads] == [comment["id"]]
    assert [r["body"] for r in threads[0]["replies"]] == ["Added."]
    # The blocking comment shows in the gate of the stage whose gate counts it (later
    # stage); here just check it resolves and reopens.
    resolved = world["expert"].post(f"/comments/{comment['id']}/resolve")
    assert resolved.status_code == 200
    assert resolved.get_json()["status"] == "resolved"
    assert resolved.get_json()["resolved_by"]["email"] == world.expert.email
    assert_error(world["expert"].post(f"/comments/{comment['id']}/resolve"), 409)
    reopened = world["lead"].post(f"/comments/{comment['id']}/reopen").get_json()
    assert reopened["status"] == "open"
    assert reopened["resolved_by"] is None
    assert world["observer"].get(f"/comments/{comment['id']}").get_json()["status"] == "open"


def test_comment_with_suggestion(world):
    sid = saved_section(world)
    answer = world["core"].post(f"/sections/{sid}/comments", {
        "body": "Sharper.", "quote": "Line three.", "suggestion": "Line 3."})
    assert answer.status_code == 201
    assert answer.get_json()["suggestion"] == "Line 3."
    assert answer.get_json()["suggestion_status"] == "pending"


def test_comment_rules(world):
    sid = saved_section(world)
    path = f"/sections/{sid}/comments"
    assert_error(world["observer"].post(path, {"body": "Hm."}), 403)
    assert_error(world["outsider"].post(path, {"body": "Hm."}), 404)
    error = assert_error(world["core"].post(path, {"body": "Hm.", "quote": "Not there."}), 422)
    assert "quote" in error["details"]
    assert_error(world["core"].post(path, {"body": "Hm.", "blocking": "yes"}), 422)
    assert_error(world["core"].post(path, {"body": "Hm.", "suggestion": "x"}), 422)
    assert_error(world["core"].post(path, {}), 422)
    by_core = world["core"].post(path, {"body": "Core's remark."}).get_json()
    assert_error(world["expert"].post(f"/comments/{by_core['id']}/resolve"), 403)
    assert_error(world["observer"].post(f"/comments/{by_core['id']}/replies", {"body": "x"}), 403)
    assert_error(world["core"].post("/comments/999999/replies", {"body": "x"}), 404)
    reply = world["expert"].post(f"/comments/{by_core['id']}/replies", {"body": "Agree"})
    assert_error(world["lead"].post(f"/comments/{reply.get_json()['id']}/resolve"), 409)
