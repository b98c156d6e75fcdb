"""API: authentication and the error answers (shape, statuses, bad input never a 500)."""

from __future__ import annotations

import json

import pytest

from tests.webapp.api_client import PREFIX, Api, assert_error
from tests.webapp.world import World


@pytest.fixture
def world(make_world) -> World:
    return make_world("api")


def process_body(world: World, **changes) -> dict:
    return {"title": "Strategy", "workflow": "national-policy", "country": "Ruritania",
            "requesting_institution_id": world.institution.id, **changes}


# ---------------------------------------------------------------- 401


@pytest.mark.parametrize("header", [
    None, "", "Bearer", "Bearer ", "Bearer not-a-token", "Basic dXNlcjpwYXNz", "Token abc",
])
def test_missing_or_bad_tokens_are_401(app, client, header):
    headers = {"Authorization": header} if header is not None else {}
    for method, path in (("GET", "/me"), ("GET", "/processes"), ("POST", "/processes"),
                         ("GET", "/processes/1"), ("PUT", "/sections/1")):
        answer = client.open(PREFIX + path, method=method, headers=headers, json={})
        assert_error(answer, 401, "unauthorized")
        assert answer.headers["WWW-Authenticate"].startswith("Bearer")


def test_revoked_token_and_inactive_account_are_401(app, client, db_session, make_user):
    from engine.services.users import create_token, revoke_token

    user = make_user()
    token, raw = create_token(db_session, user)
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get(PREFIX + "/me", headers=headers).status_code == 200
    revoke_token(db_session, user, token.id)
    db_session.flush()
    assert_error(client.get(PREFIX + "/me", headers=headers), 401)
    _, raw = create_token(db_session, user)
    user.is_active = False
    db_session.flush()
    assert_error(client.get(PREFIX + "/me", headers={"Authorization": f"Bearer {raw}"}), 401)


def test_scheme_is_case_insensitive(world, client, api_token):
    token = world["core"].headers["Authorization"].split(" ", 1)[1]
    answer = client.get(PREFIX + "/me", headers={"Authorization": f"bearer {token}"})
    assert answer.status_code == 200


def test_browser_session_does_not_authenticate_the_api(app, client, make_user):
    from flask_login import current_user

    user = make_user()
    with client.session_transaction() as session:  # what a signed-in browser carries
        session["_user_id"] = f"{user.id}.{user.session_epoch}"
        session["_fresh"] = True
    with client:
        assert_error(client.get(PREFIX + "/me"), 401)
        assert current_user.is_authenticated, "the cookie is a valid page session"
    # Without CSRF checks on the API, a forged cross-site POST must not act as the user.
    assert_error(client.post(PREFIX + "/processes", json={"title": "Forged"}), 401)


def test_api_posts_need_no_csrf_token(world):
    # CSRF protection is on in tests; a bearer-token POST goes through without a token.
    assert world["lead"].post("/processes", process_body(world)).status_code == 201


# ---------------------------------------------------------------- 404 and 405


@pytest.mark.parametrize("path", [
    "/processes/abc", "/processes/0", "/processes/-1", "/processes/1.5", "/processes/2147483648",
    "/processes/9999999999", "/processes/99999999999999999999999999", "/processes/1e3",
    "/processes/%F0%9F%98%80", "/processes/ 1", "/nothing-here", "/sections/12/revisions/x",
    "/workflows/" + "k" * 300,
])
def test_bad_ids_and_unknown_paths_are_404(world, path):
    assert_error(world["lead"].get(path), 404, "not_found")


def test_bad_ids_are_404_for_every_method(world):
    for method in ("GET", "POST", "PATCH", "PUT", "DELETE"):
        answer = world["lead"].request(method, "/deliverables/0", json={})
        assert answer.status_code in (404, 405)
        assert_error(answer, answer.status_code)
    assert_error(world["lead"].patch("/deliverables/0", {}), 404)
    assert_error(world["lead"].put("/sections/99999999999", {}), 404)


def test_wrong_method_is_405_json(world):
    assert_error(world["lead"].request("DELETE", "/processes"), 405, "method_not_allowed")


# ---------------------------------------------------------------- 400, 413, 415


@pytest.mark.parametrize("raw", [
    b"{", b"{'title': 1}", b"[1, 2]", b"\"text\"", b"42", b"null", b"true",
    b"{\"a\": NaN}", b"{\"a\": Infinity}", b"\xff\xfe\x00", b"{\"a\": 1}}",
    b"{\"title\": \"\\ud800\"}", b"[" * 100_000 + b"]" * 100_000,
    b"{\"a\":" * 40 + b"1" + b"}" * 40, b"{\"n\": " + b"9" * 5000 + b"}",
])
def test_malformed_json_is_400(world, raw):
    answer = world["lead"].post("/processes", data=raw,
                                headers={"Content-Type": "application/json"})
    assert_error(answer, 400, "bad_json")


def test_body_over_the_limit_is_413(world, app):
    limit = app.config["MAX_CONTENT_LENGTH"]
    sid = world["lead"].get(f"/processes/{world.pid}/sections").get_json()[0]["id"]
    raw = json.dumps({"body": "x" * (limit + 10), "base_revision": 0})
    answer = world["lead"].put(f"/sections/{sid}", data=raw,
                               headers={"Content-Type": "application/json"})
    assert_error(answer, 413, "too_large")


@pytest.mark.parametrize("content_type", [
    "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
    "application/xml", None,
])
def test_non_json_bodies_are_415(world, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    raw = json.dumps(process_body(world))
    answer = world["lead"].post("/processes", data=raw, headers=headers)
    assert_error(answer, 415, "unsupported_media_type")


def test_json_variants_are_accepted(world):
    raw = json.dumps(process_body(world)).encode()
    for content_type in ("application/json; charset=utf-8", "application/merge-patch+json"):
        answer = world["lead"].post("/processes", data=raw, headers={"Content-Type": content_type})
        assert answer.status_code == 201


# ---------------------------------------------------------------- 422


def test_validation_errors_list_field_paths(world):
    error = assert_error(world["lead"].post(f"/processes/{world.pid}/consultations", {
        "stage": "agenda_setting", "method": "workshop", "title": 7,
        "groups": ["media", 3, "aliens"], "colour": "red"}), 422, "invalid")
    details = error["details"]
    assert set(details) == {"title", "groups.1", "groups.2", "colour"}
    assert all(isinstance(message, str) and message for message in details.values())
    assert "colour" in error["message"]


@pytest.mark.parametrize("changes", [
    {"title": None}, {"title": ["a"]}, {"title": {"a": 1}}, {"title": "x" * 301},
    {"requesting_institution_id": True}, {"requesting_institution_id": 1.5},
    {"requesting_institution_id": 2**31}, {"requesting_institution_id": -1},
    {"requesting_institution_id": 10**30}, {"country": "c" * 101}, {"workflow": None},
    {"extra": 1}, {"title": "nul\u0000byte"},
])
def test_wrong_values_are_422(world, changes):
    assert_error(world["lead"].post("/processes", process_body(world, **changes)), 422, "invalid")


def test_empty_body_counts_as_an_empty_object(world):
    error = assert_error(world["lead"].post("/processes", data=b""), 422, "invalid")
    assert set(error["details"]) == {"title", "workflow", "country", "requesting_institution_id"}


def test_unicode_round_trips(world):
    title = "Стратегія 移民 政策 — استراتيجية 🌍 e\u0301"
    answer = world["lead"].post("/processes", process_body(world, title=title))
    assert answer.status_code == 201
    assert world["lead"].get(f"/processes/{answer.get_json()['id']}").get_json()["title"] == title


def test_error_bodies_are_documented_schemas(world, app):
    """A sample of errors checked against the OpenAPI document (Api does it on every call)."""
    anonymous = Api(app, world["lead"].client, None)
    assert_error(anonymous.get(f"/processes/{world.pid}"), 401)
    assert_error(world["outsider"].get(f"/processes/{world.pid}"), 404)
