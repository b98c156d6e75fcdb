"""API: consultations, their inputs and dispositions; deliverables."""

from __future__ import annotations

import pytest

from tests.webapp.api_client import assert_error
from tests.webapp.world import World


@pytest.fixture
def world(make_world) -> World:
    return make_world("api")


CONSULTATION = {"stage": "agenda_setting", "method": "workshop", "title": "Stakeholder workshop",
                "held_on": "2026-03-02", "groups": ["civil_society", "diaspora"],
                "summary": "Mapped the stakeholders."}


def test_consultation_round_trip(world):
    path = f"/processes/{world.pid}/consultations"
    answer = world["core"].post(path, CONSULTATION)
    assert answer.status_code == 201
    consultation = answer.get_json()
    assert {k: consultation[k] for k in CONSULTATION} == CONSULTATION
    assert consultation["inputs"] == []
    listed = world["observer"].get(path).get_json()
    assert [c["id"] for c in listed] == [consultation["id"]]
    assert world["observer"].get(path + "?stage=policy_analysis").get_json() == []
    one = world["expert"].get(f"/consultations/{consultation['id']}").get_json()
    assert one["title"] == "Stakeholder workshop"
    changed = world["lead"].patch(f"/consultations/{consultation['id']}",
                                  {"title": "Workshop with NGOs", "held_on": None})
    assert changed.status_code == 200
    assert changed.get_json()["title"] == "Workshop with NGOs"
    assert changed.get_json()["held_on"] is None
    assert changed.get_json()["groups"] == ["civil_society", "diaspora"]


def test_consultation_errors(world):
    path = f"/processes/{world.pid}/consultations"
    assert_error(world["expert"].post(path, CONSULTATION), 403)
    assert_error(world["outsider"].post(path, CONSULTATION), 404)
    error = assert_error(world["core"].post(path, {**CONSULTATION, "method": "seance"}), 422)
    assert "method" in error["details"]
    error = assert_error(world["core"].post(path, {**CONSULTATION, "groups": ["aliens"]}), 422)
    assert "groups.0" in error["details"]
    error = assert_error(world["core"].post(path, {**CONSULTATION, "stage": "closed"}), 422)
    assert "stage" in error["details"]
    error = assert_error(world["core"].post(path, {**CONSULTATION, "held_on": "2026-13-45"}), 422)
    assert "held_on" in error["details"]
    assert_error(world["core"].post(path, {**CONSULTATION, "held_on": 20260302}), 422)
    assert_error(world["core"].patch("/consultations/999999", {"title": "x"}), 404)
    created = world["core"].post(path, CONSULTATION).get_json()
    assert_error(world["core"].patch(f"/consultations/{created['id']}", {"title": None}), 422)


def test_inputs_and_dispositions(world):
    consultation = world["core"].post(f"/processes/{world.pid}/consultations",
                                      CONSULTATION).get_json()
    answer = world["core"].post(f"/consultations/{consultation['id']}/inputs",
                                {"source": "Diaspora Council", "text": "Recognise diplomas."})
    assert answer.status_code == 201
    item = answer.get_json()
    assert item["disposition"] is None
    assert item["consultation_id"] == consultation["id"]
    section = world["lead"].get(f"/processes/{world.pid}/sections").get_json()[0]
    decided = world["lead"].patch(f"/inputs/{item['id']}", {
        "disposition": "partly", "reason": "Covered for regulated professions.",
        "section_id": section["id"]})
    assert decided.status_code == 200
    decided = decided.get_json()
    assert decided["disposition"] == "partly"
    assert decided["section_id"] == section["id"]
    assert decided["decided_by"]["email"] == world.lead.email
    again = world["observer"].get(f"/consultations/{consultation['id']}").get_json()
    assert again["inputs"][0]["disposition"] == "partly"


def test_input_errors(world):
    consultation = world["core"].post(f"/processes/{world.pid}/consultations",
                                      CONSULTATION).get_json()
    inputs = f"/consultations/{consultation['id']}/inputs"
    assert_error(world["expert"].post(inputs, {"source": "A", "text": "B"}), 403)
    assert_error(world["core"].post(inputs, {"source": "A"}), 422)
    assert_error(world["core"].post("/consultations/999999/inputs", {"source": "A", "text": "B"}),
                 404)
    item = world["core"].post(inputs, {"source": "A", "text": "B"}).get_json()
    error = assert_error(world["core"].patch(f"/inputs/{item['id']}",
                                             {"disposition": "maybe", "reason": "r"}), 422)
    assert "disposition" in error["details"]
    assert_error(world["core"].patch(f"/inputs/{item['id']}",
                                     {"disposition": "accepted", "reason": " "}), 422)
    assert_error(world["core"].patch(f"/inputs/{item['id']}",
                                     {"disposition": "accepted", "reason": "r",
                                      "section_id": 999999}), 422)
    assert_error(world["outsider"].patch(f"/inputs/{item['id']}",
                                         {"disposition": "accepted", "reason": "r"}), 404)


def test_deliverable_flow(world):
    path = f"/processes/{world.pid}/deliverables"
    answer = world["core"].post(path, {"stage": "agenda_setting", "kind": "issues_paper",
                                       "owner_email": world.core.email, "due_on": "2026-05-01"})
    assert answer.status_code == 201
    item = answer.get_json()
    assert item["status"] == "draft"
    assert item["title"] == "Issues paper"
    assert item["owner"]["email"] == world.core.email
    assert item["due_on"] == "2026-05-01"
    url = f"/deliverables/{item['id']}"
    assert world["core"].patch(url, {"status": "submitted"}).get_json()["status"] == "submitted"
    assert world["lead"].patch(url, {"status": "accepted"}).get_json()["status"] == "accepted"
    error = assert_error(world["lead"].patch(url, {"status": "draft"}), 409, "conflict")
    assert "status" in error["details"]
    cleared = world["lead"].patch(url, {"owner_email": None, "title": "Issues paper v2"})
    assert cleared.get_json()["owner"] is None
    assert cleared.get_json()["title"] == "Issues paper v2"
    assert world["expert"].get(url).get_json()["status"] == "accepted"
    assert [d["id"] for d in world["expert"].get(path).get_json()] == [item["id"]]
    assert world["expert"].get(path + "?stage=validation").get_json() == []


def test_deliverable_errors(world):
    path = f"/processes/{world.pid}/deliverables"
    body = {"stage": "agenda_setting", "kind": "issues_paper"}
    assert_error(world["expert"].post(path, body), 403)
    assert_error(world["core"].post(path, {**body, "kind": "poem"}), 422)
    assert_error(world["core"].post(path, {**body, "stage": "nowhere"}), 422)
    error = assert_error(world["core"].post(path, {**body, "owner_email": world.outsider.email}),
                         422)
    assert error["details"] == {"owner_email": "not a member"}
    item = world["core"].post(path, body).get_json()
    url = f"/deliverables/{item['id']}"
    error = assert_error(world["core"].patch(url, {"status": "lost"}), 422)
    assert "status" in error["details"]
    assert_error(world["core"].patch(url, {"status": None}), 422)
    assert_error(world["expert"].patch(url, {"status": "submitted"}), 403)
    assert_error(world["outsider"].get(url), 404)
    assert_error(world["core"].patch("/deliverables/0", {"status": "submitted"}), 404)
