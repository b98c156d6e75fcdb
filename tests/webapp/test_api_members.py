"""API: the core group, the lead's handover, sign-offs."""

from __future__ import annotations

import pytest

from tests.webapp.api_client import assert_error
from tests.webapp.world import World


@pytest.fixture
def world(make_world) -> World:
    return make_world("api")


def test_members_are_listed_with_roles(world):
    members = world["observer"].get(f"/processes/{world.pid}/members").get_json()
    assert {(m["user"]["email"], m["role"]) for m in members} == {
        (world.lead.email, "lead"), (world.core.email, "core"),
        (world.expert.email, "expert"), (world.observer.email, "observer")}
    assert all(m["active"] and m["ended_at"] is None for m in members)


def test_lead_adds_a_member(world, make_user):
    """A lead's request invites the person, who becomes a member on accepting."""
    newcomer = make_user("Nina New")
    answer = world["lead"].post(f"/processes/{world.pid}/members", {
        "email": newcomer.email.upper(), "institution_id": world.other_institution.id,
        "role": "core"})
    assert answer.status_code == 201
    member = answer.get_json()
    assert member["invited"] is True and member["user"] is None
    assert member["email"] == newcomer.email
    assert member["institution"] == {"id": world.other_institution.id,
                                     "name": "National Statistics Office"}
    assert member["role"] == "core"


def test_adding_members_is_checked(world, make_user):
    path = f"/processes/{world.pid}/members"
    other = make_user()
    body = {"email": other.email, "institution_id": world.institution.id, "role": "core"}
    assert_error(world["core"].post(path, body), 403, "forbidden")
    assert_error(world["outsider"].post(path, body), 404)
    error = assert_error(world["lead"].post(path, {**body, "role": "boss"}), 422, "invalid")
    assert "role" in error["details"]
    assert_error(world["lead"].post(path, {**body, "email": world.core.email}), 409, "conflict")
    assert_error(world["lead"].post(path, {**body, "role": "lead"}), 409)


def test_an_address_without_an_account_is_invited_with_the_same_answer_shape(world, make_user):
    """F6: a lead cannot tell from the answer, or from the member list after it, whether
    an address has an account."""
    path = f"/processes/{world.pid}/members"
    known = make_user("Kofi Known")
    body = {"institution_id": world.other_institution.id, "role": "expert"}
    added = world["lead"].post(path, {**body, "email": known.email})
    invited = world["lead"].post(path, {**body, "email": "nobody@example.org"})
    assert added.status_code == invited.status_code == 201
    assert {k for k, _ in added.headers} == {k for k, _ in invited.headers}

    def without_identity(answer) -> dict:
        return {k: v for k, v in answer.get_json().items() if k not in ("id", "email")}

    assert without_identity(added) == without_identity(invited)
    assert invited.get_json()["invited"] is True
    assert invited.get_json()["email"] == "nobody@example.org"
    assert invited.get_json()["institution"]["id"] == world.other_institution.id
    # Neither is listed as a member before accepting.
    members = world["lead"].get(path).get_json()
    assert known.email not in {m["user"]["email"] for m in members}


def test_ending_a_membership_keeps_it_in_history(world):
    members = world["lead"].get(f"/processes/{world.pid}/members").get_json()
    expert = next(m for m in members if m["role"] == "expert")
    answer = world["lead"].delete(f"/processes/{world.pid}/members/{expert['id']}?reason=Left")
    assert answer.status_code == 200
    assert answer.get_json()["active"] is False
    assert answer.get_json()["end_reason"] == "Left"
    active = world["lead"].get(f"/processes/{world.pid}/members").get_json()
    assert expert["id"] not in {m["id"] for m in active}
    every = world["lead"].get(f"/processes/{world.pid}/members?include_ended=true").get_json()
    assert expert["id"] in {m["id"] for m in every}
    kinds = [e["kind"] for e in world["lead"].get(f"/processes/{world.pid}/history").get_json()]
    assert "member.ended" in kinds
    # The former expert no longer sees the process.
    assert_error(world["expert"].get(f"/processes/{world.pid}"), 404)
    assert_error(world["lead"].delete(f"/processes/{world.pid}/members/{expert['id']}"), 409)


def test_ending_membership_errors(world, make_process):
    lead_member = world.process.lead
    path = f"/processes/{world.pid}/members/"
    assert_error(world["lead"].delete(path + str(lead_member.id)), 409)
    assert_error(world["core"].delete(path + str(lead_member.id)), 403)
    assert_error(world["lead"].delete(path + "999999"), 404)
    other = make_process()
    assert_error(world["lead"].delete(f"{path}{other.lead.id}"), 404)


def test_lead_hands_over(world):
    members = world["lead"].get(f"/processes/{world.pid}/members").get_json()
    core = next(m for m in members if m["role"] == "core")
    answer = world["lead"].post(f"/processes/{world.pid}/members/{core['id']}/lead",
                                {"note": "Moving to another post"})
    assert answer.status_code == 200
    assert answer.get_json()["role"] == "lead"
    assert answer.get_json()["user"]["email"] == world.core.email
    # Now the former lead is core and can no longer fire transitions.
    assert_error(world["lead"].post(f"/processes/{world.pid}/transitions",
                                    {"trigger": "suspend", "note": "x"}), 403)
    roles = {m["user"]["email"]: m["role"]
             for m in world["core"].get(f"/processes/{world.pid}/members").get_json()}
    assert roles[world.lead.email] == "core"
    assert roles[world.core.email] == "lead"


def test_hand_over_with_no_body(world):
    members = world["lead"].get(f"/processes/{world.pid}/members").get_json()
    core = next(m for m in members if m["role"] == "core")
    assert world["lead"].post(f"/processes/{world.pid}/members/{core['id']}/lead").status_code \
        == 200


def test_signoffs(world):
    path = f"/processes/{world.pid}/signoffs"
    assert world["core"].get(path).get_json() == []
    answer = world["core"].post(path, {"institution_id": world.other_institution.id})
    assert answer.status_code == 201
    signed = answer.get_json()
    assert signed["stage"] == "agenda_setting"
    assert signed["institution"]["id"] == world.other_institution.id
    assert signed["user"]["email"] == world.core.email
    assert [s["id"] for s in world["observer"].get(path).get_json()] == [signed["id"]]
    assert_error(world["core"].post(path, {"institution_id": world.other_institution.id}), 409)
    assert_error(world["core"].post(path, {"institution_id": world.institution.id}), 403)
    assert_error(world["expert"].post(path, {"institution_id": world.other_institution.id}), 403)
    assert_error(world["core"].post(path, {"institution_id": 999999}), 422)
    assert_error(world["core"].post(path, {}), 422)
