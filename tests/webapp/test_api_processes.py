"""API: workflows, institutions, processes, transitions, history and export."""

from __future__ import annotations

import pytest

from tests.webapp.api_client import assert_error
from tests.webapp.world import World


@pytest.fixture
def world(make_world) -> World:
    return make_world("api")


# ---------------------------------------------------------------- account, workflows


def test_me_names_the_token_owner(world):
    answer = world["core"].get("/me")
    assert answer.status_code == 200
    assert answer.get_json() == {"id": world.core.id, "name": "Cora Core",
                                 "email": world.core.email, "is_admin": False, "language": None,
                                 "timezone": None, "locale": None}


def test_me_changes_language_and_time_zone_and_reads_them_back(world):
    answer = world["core"].patch("/me", {"language": "fr", "timezone": "Africa/Dakar"})
    assert answer.status_code == 200
    assert answer.get_json()["language"] == "fr"
    assert answer.get_json()["timezone"] == "Africa/Dakar"
    again = world["core"].get("/me").get_json()
    assert (again["language"], again["timezone"]) == ("fr", "Africa/Dakar")
    # Only what is sent changes; an empty string goes back to the defaults.
    assert world["core"].patch("/me", {"timezone": ""}).get_json()["language"] == "fr"
    assert world["core"].get("/me").get_json()["timezone"] is None


@pytest.mark.parametrize(("body", "field"), [
    ({"language": "xx"}, "language"),
    ({"language": "de"}, "language"),  # a real language the site does not offer
    ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
    ({"timezone": "CET; DROP"}, "timezone"),
    ({"language": None}, "language"),
    ({"theme": "dark"}, "theme"),
])
def test_me_refuses_unknown_languages_and_zones_with_422(world, body, field):
    answer = world["core"].patch("/me", body)
    assert_error(answer, 422)
    assert field in str(answer.get_json()["error"]["details"])
    assert world["core"].get("/me").get_json()["language"] is None


def test_workflows_list_the_shipped_ones_with_their_stages(world):
    answer = world["expert"].get("/workflows")
    assert answer.status_code == 200
    by_key = {w["key"]: w for w in answer.get_json()}
    assert {"national-policy", "sectoral-action-plan", "technical-assistance"} <= set(by_key)
    national = by_key["national-policy"]
    assert national["version"] >= 1
    assert national["title"]
    assert [s["key"] for s in national["stages"]] == [
        "agenda_setting", "policy_analysis", "policy_instruments", "validation", "adopted",
        "implementation", "evaluation", "closed"]
    assert all(set(s) == {"key", "title"} for s in national["stages"])


def test_workflow_definition_is_whole(world, app):
    answer = world["observer"].get("/workflows/national-policy")
    assert answer.status_code == 200
    data = answer.get_json()
    definition = app.extensions["policycycle.catalog"].get("national-policy")
    expected = definition.to_dict(translations=False)  # the API serves the English texts
    assert data["stages"] == expected["stages"]  # sections, deliverables, consultations, gate
    agenda = data["stages"][0]
    assert {"kind": "issues_paper", "title": "Issues paper"} in agenda["deliverables"]
    assert agenda["consultations"][0]["groups"] == ["civil_society"]
    assert {c["kind"] for c in agenda["gate"]} >= {"lead_assigned", "min_members"}
    assert [s["key"] for s in agenda["sections"]] == ["issues", "mandate"]
    assert agenda["sections"][0]["sections"][0]["key"] == "drivers"
    triggers = {t["trigger"] for t in data["transitions"]}
    assert {"advance", "send_back", "suspend", "resume"} <= triggers
    declared = [t for t in data["transitions"] if not t["implicit"]]
    assert [{k: v for k, v in t.items() if k != "implicit"} for t in declared] == \
        expected["transitions"]
    assert data["terminal_states"] == ["closed"]
    assert data["initial"] == "agenda_setting"
    assert "suspended" in data["states"]


def test_unknown_workflow_is_404(world):
    assert_error(world["lead"].get("/workflows/no-such-thing"), 404, "not_found")
    assert_error(world["lead"].get("/workflows/national-policy?version=99"), 404)
    assert_error(world["lead"].get("/workflows/national-policy?version=abc"), 422, "invalid")


# ---------------------------------------------------------------- institutions


def test_institutions_are_listed_and_leads_add_them(world):
    names = [i["name"] for i in world["expert"].get("/institutions").get_json()]
    assert "Ministry of the Interior" in names
    answer = world["lead"].post("/institutions", {"name": "Migration Department",
                                                  "kind": "department",
                                                  "parent_id": world.institution.id})
    assert answer.status_code == 201
    created = answer.get_json()
    assert created["parent_id"] == world.institution.id
    assert created["full_name"] == "Ministry of the Interior › Migration Department"
    assert created["country"] == "Ruritania"  # inherited from the parent
    assert any(i["id"] == created["id"] for i in world["core"].get("/institutions").get_json())


def test_institution_rules(world):
    assert_error(world["core"].post("/institutions", {"name": "X", "kind": "ngo"}), 403,
                 "forbidden")
    assert world["admin"].post("/institutions", {"name": "Diaspora Forum",
                                                 "kind": "diaspora_association",
                                                 "country": "Ruritania"}).status_code == 201
    assert_error(world["admin"].post("/institutions", {"name": "Diaspora Forum", "kind": "ngo"}),
                 409, "conflict")
    error = assert_error(world["lead"].post("/institutions", {"name": "X", "kind": "guild"}),
                         422, "invalid")
    assert "kind" in error["details"]
    assert_error(world["lead"].post("/institutions", {"name": "X", "kind": "ngo",
                                                      "parent_id": 999999}), 422)


# ---------------------------------------------------------------- processes


def test_start_process_makes_the_caller_lead(world, db_session):
    world.core.may_start_processes = True  # granted by an administrator
    db_session.flush()
    answer = world["core"].post("/processes", {
        "title": "Diaspora engagement strategy", "workflow": "national-policy",
        "country": "Ruritania", "requesting_institution_id": world.other_institution.id})
    assert answer.status_code == 201
    data = answer.get_json()
    assert data["state"] == "agenda_setting"
    assert data["workflow"]["key"] == "national-policy"
    assert data["lead"]["email"] == world.core.email
    assert data["gate"]["ready"] is False
    assert {"trigger": "advance", "dest": "policy_analysis", "gated": True,
            "note_required": False} .items() <= data["triggers"][0].items()
    listed = world["core"].get("/processes").get_json()
    assert {p["id"]: p["role"] for p in listed}[data["id"]] == "lead"
    members = world["core"].get(f"/processes/{data['id']}/members").get_json()
    assert [(m["user"]["email"], m["role"]) for m in members] == [(world.core.email, "lead")]


def test_start_process_input_errors(world):
    good = {"title": "T", "workflow": "national-policy", "country": "Ruritania",
            "requesting_institution_id": world.institution.id}
    error = assert_error(world["lead"].post("/processes", {**good, "workflow": "nope"}), 422)
    assert "workflow" in error["details"]
    error = assert_error(world["lead"].post("/processes", {**good, "title": "   "}), 422)
    assert error["details"] == {"title": "is required"}
    error = assert_error(world["lead"].post("/processes", {"title": "T"}), 422, "invalid")
    assert set(error["details"]) == {"workflow", "country", "requesting_institution_id"}
    assert_error(world["lead"].post("/processes", {**good, "requesting_institution_id": 10**6}),
                 422)
    assert_error(world["lead"].post("/processes", {**good, "requesting_institution_id": "1"}), 422)


def test_process_is_described_as_the_contract_says(world):
    data = world["expert"].get(f"/processes/{world.pid}").get_json()
    assert {"id", "title", "workflow", "state", "stages", "gate", "triggers"} <= set(data)
    assert data["workflow"] == {"key": "national-policy", "version": 2,
                                "title": "National policy or strategy"}
    assert [s["key"] for s in data["stages"]][0] == "agenda_setting"
    assert all({"key", "title", "status"} <= set(s) for s in data["stages"])
    assert all({"key", "ok", "message"} <= set(c) for c in data["gate"]["checks"])
    assert {"trigger", "dest", "gated", "note_required"} <= set(data["triggers"][0])


def test_processes_are_hidden_from_outsiders(world):
    assert_error(world["outsider"].get(f"/processes/{world.pid}"), 404, "not_found")
    assert world["outsider"].get("/processes").get_json() == []
    assert world["admin"].get(f"/processes/{world.pid}").status_code == 200
    assert_error(world["lead"].get("/processes/2147483647"), 404)


# ---------------------------------------------------------------- transitions


def test_only_the_lead_fires_transitions(world):
    for who in ("core", "expert", "observer"):
        assert_error(world[who].post(f"/processes/{world.pid}/transitions",
                                     {"trigger": "advance"}), 403, "forbidden")
    assert_error(world["outsider"].post(f"/processes/{world.pid}/transitions",
                                        {"trigger": "advance"}), 404)
    assert_error(world["admin"].post(f"/processes/{world.pid}/transitions",
                                     {"trigger": "advance"}), 403)


def test_closed_gate_answers_409_with_the_checks(world):
    answer = world["lead"].post(f"/processes/{world.pid}/transitions", {"trigger": "advance"})
    error = assert_error(answer, 409, "gate_not_met")
    checks = error["details"]["checks"]
    assert checks
    assert all({"key", "ok", "message"} <= set(c) for c in checks)
    failing = {c["key"] for c in checks if not c["ok"]}
    assert "deliverables_accepted" in failing
    assert {c["key"] for c in error["details"]["failing"]} == failing
    assert world["lead"].get(f"/processes/{world.pid}").get_json()["state"] == "agenda_setting"


def test_override_with_reason_moves_on_and_is_recorded(world):
    answer = world["lead"].post(f"/processes/{world.pid}/transitions", {
        "trigger": "advance", "override_reason": "Minister's instruction of 3 May"})
    assert answer.status_code == 200
    assert answer.get_json()["state"] == "policy_analysis"
    events = world["observer"].get(f"/processes/{world.pid}/history").get_json()
    fired = [e for e in events if e["kind"] == "transition.advance"]
    assert len(fired) == 1
    assert fired[0]["data"]["override_reason"] == "Minister's instruction of 3 May"
    assert fired[0]["data"]["failing_checks"]
    assert fired[0]["actor"]["email"] == world.lead.email


def test_gate_met_advances(world, satisfy_gate):
    satisfy_gate(world.process)
    answer = world["lead"].post(f"/processes/{world.pid}/transitions", {"trigger": "advance"})
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["state"] == "policy_analysis"


def test_transition_errors(world):
    path = f"/processes/{world.pid}/transitions"
    error = assert_error(world["lead"].post(path, {"trigger": "resume"}), 409,
                         "invalid_transition")
    assert "suspend" in error["details"]["possible"]
    error = assert_error(world["lead"].post(path, {"trigger": "suspend"}), 422)
    assert "note" in error["details"]
    assert world["lead"].post(path, {"trigger": "suspend", "note": "Elections"}).get_json()[
        "state"] == "suspended"
    resumed = world["lead"].post(path, {"trigger": "resume"}).get_json()
    assert resumed["state"] == "agenda_setting"
    assert_error(world["lead"].post(path, {}), 422)
    assert_error(world["lead"].post(path, {"trigger": ""}), 422)


def test_history_is_oldest_first_and_filters(world):
    world["lead"].post(f"/processes/{world.pid}/transitions",
                       {"trigger": "suspend", "note": "Elections"})
    events = world["core"].get(f"/processes/{world.pid}/history").get_json()
    assert events[0]["kind"] == "process.started"
    assert [e["seq"] for e in events] == sorted(e["seq"] for e in events)
    only = world["core"].get(f"/processes/{world.pid}/history?kind=transition.").get_json()
    assert [e["kind"] for e in only] == ["transition.suspend"]
    assert len(world["core"].get(f"/processes/{world.pid}/history?limit=2").get_json()) == 2
    assert_error(world["core"].get(f"/processes/{world.pid}/history?limit=0"), 422)
    assert_error(world["outsider"].get(f"/processes/{world.pid}/history"), 404)


# ---------------------------------------------------------------- export


def test_export_markdown(world):
    pytest.importorskip("engine.services.exports")
    answer = world["expert"].get(f"/processes/{world.pid}/export?format=md")
    assert answer.status_code == 200
    assert "attachment" in answer.headers["Content-Disposition"]
    assert answer.mimetype.startswith("text/")


def test_export_docx(world):
    pytest.importorskip("engine.services.exports")
    answer = world["lead"].get(f"/processes/{world.pid}/export?format=docx")
    assert answer.status_code == 200
    assert answer.data[:2] == b"PK"


def test_export_refuses_unknown_formats_and_outsiders(world):
    assert_error(world["lead"].get(f"/processes/{world.pid}/export?format=odt"), 422, "invalid")
    answer = world["outsider"].get(f"/processes/{world.pid}/export?format=md")
    assert answer.status_code in (404, 501)


def test_export_template_must_be_a_known_house_style(world):
    pytest.importorskip("engine.services.exports")
    base = f"/processes/{world.pid}/export?format=docx&template="
    assert_error(world["lead"].get(base + "../../etc"), 422, "invalid")
    assert_error(world["lead"].get(base + "nosuchstyle"), 422, "invalid")
