"""API: malformed input of every kind, on every route, never yields a 500.

Seeded and deterministic: each route that takes a body receives wrong types,
missing and extra fields, unknown vocabulary values, nulls, huge numbers,
very long and odd Unicode strings, deep nesting, non-object JSON and non-JSON
bytes. Every answer must be a success for a payload the route's model accepts,
or an error with the documented shape and one of the expected statuses. The
``Api`` helper also checks each answer against the OpenAPI document.
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from pydantic import ValidationError

from tests.webapp.api_client import Api, assert_error
from tests.webapp.world import World

ERRORS = {400, 401, 403, 404, 409, 413, 415, 422}

JUNK: list[Any] = [
    None, True, False, 0, -1, 1.5, 2**31, 10**30, -(10**30), "", " ", "\t\n",
    "x" * 100_000, "🌍" * 300, "\u202eevil", "e\u0301", "nul\u0000byte", "'; DROP TABLE users;--",
    "<script>alert(1)</script>", "2026-13-45", "0000-00-00", "lead", "advance", "national-policy",
    "agenda_setting", [], [1, "a", None], ["media"] * 100, {}, {"a": {"b": [1]}},
    [[[[[[[[[[]]]]]]]]]], {"$ref": "#/x"},
]

PLAUSIBLE: dict[str, Any] = {
    "title": "A title", "name": "A name", "kind": "ministry", "country": "Ruritania",
    "workflow": "national-policy", "email": "someone@example.org", "role": "core",
    "stage": "agenda_setting", "method": "workshop", "held_on": "2026-01-31",
    "groups": ["media"], "summary": "S", "source": "S", "text": "T", "disposition": "accepted",
    "reason": "R", "status": "submitted", "owner_email": None, "due_on": "2026-02-01",
    "body": "B", "base_revision": 0, "quote": None, "blocking": False, "suggestion": None,
    "trigger": "advance", "note": "N", "override_reason": None, "position": 0,
    "parent_id": None, "section_id": None, "workflow_version": None,
}

RAW_BODIES = [
    b"{", b"}", b"[", b"nul", b"{\"a\":}", b"\xff\xfe\xfd", b"\x00", b"{\"a\": NaN}",
    b"[" * 50_000 + b"]" * 50_000, b"{\"a\":" * 1000 + b"1" + b"}" * 1000,
    json.dumps([{"title": "x"}]).encode(), b"\"just text\"", b"12345", b"null", b"true",
    b"{\"title\": \"\\udc00\"}", b"{\"n\": 1" + b"0" * 5000 + b"}",
]


def nested(depth: int) -> Any:
    value: Any = "deep"
    for n in range(depth):
        value = {"k": value} if n % 2 else [value]
    return value


def id_for(name: str, ids: dict[str, Any]) -> Any:
    return ids.get(name, 1)


@pytest.fixture
def world(make_world) -> World:
    return make_world("api")


@pytest.fixture
def ids(world: World) -> dict[str, Any]:
    """One record of each kind, made through the API, to aim the requests at."""
    lead, pid = world["lead"], world.pid
    consultation = lead.post(f"/processes/{pid}/consultations", {
        "stage": "agenda_setting", "method": "workshop", "title": "W"}).get_json()
    item = lead.post(f"/consultations/{consultation['id']}/inputs",
                     {"source": "S", "text": "T"}).get_json()
    deliverable = lead.post(f"/processes/{pid}/deliverables",
                            {"stage": "agenda_setting", "kind": "issues_paper"}).get_json()
    section = lead.get(f"/processes/{pid}/sections").get_json()[0]
    lead.put(f"/sections/{section['id']}", {"body": "Some text.\n", "base_revision": 0})
    comment = world["expert"].post(f"/sections/{section['id']}/comments",
                                   {"body": "C"}).get_json()
    members = lead.get(f"/processes/{pid}/members").get_json()
    observer = next(m for m in members if m["role"] == "observer")
    return {"process_id": pid, "consultation_id": consultation["id"], "input_id": item["id"],
            "deliverable_id": deliverable["id"], "section_id": section["id"],
            "comment_id": comment["id"], "member_id": observer["id"], "number": 1,
            "key": "national-policy"}


def routes(kind: str) -> list[Any]:
    from webapp.api.registry import ROUTES

    if kind == "body":
        return [r for r in ROUTES if r.body is not None]
    if kind == "query":
        return [r for r in ROUTES if r.query is not None]
    return [r for r in ROUTES if r.path_params]


def url(route: Any, ids: dict[str, Any], **override: Any) -> str:
    path = route.path
    for name in route.path_params:
        path = path.replace("{" + name + "}", str(override.get(name, id_for(name, ids))))
    return path


def payloads(model: Any, rng: random.Random) -> list[Any]:
    """Wrong bodies for a model, plus plausible ones (which may be valid)."""
    fields = list(model.model_fields)
    base = {f: PLAUSIBLE.get(f, "x") for f in fields}
    found: list[Any] = [{}, base, {**base, "unexpected": 1}, {"": None}, {"🌍": "🌍"}]
    for field in fields:
        found.append({k: v for k, v in base.items() if k != field})
        for junk in rng.sample(JUNK, 12):
            found.append({**base, field: junk})
        found.append({**base, field: nested(60)})
        found.append({**base, field: "y" * 300_000})
    for _ in range(10):  # everything wrong at once
        found.append({f: rng.choice(JUNK) for f in rng.sample(fields, k=len(fields))})
    found.extend([[], [base], "text", 7, None, nested(33)])
    return found


def check(answer: Any, model: Any, payload: Any) -> None:
    status = answer.status_code
    if status < 400:
        assert status in (200, 201), status
        assert isinstance(payload, dict), f"{status} for a body that is not an object"
        try:
            model.model_validate(payload)
        except ValidationError:
            pytest.fail(f"{status} for a payload the model refuses: {str(payload)[:200]}")
        return
    assert status in ERRORS, (status, answer.get_data(as_text=True)[:300])
    assert_error(answer, status)


@pytest.mark.parametrize("route", routes("body"), ids=lambda r: f"{r.method} {r.path}")
def test_malformed_bodies(world: World, ids: dict[str, Any], route: Any, app) -> None:
    rng = random.Random(f"{route.method} {route.path}")
    target = url(route, ids)
    for n, payload in enumerate(payloads(route.body, rng)):
        who = "lead" if n % 3 else rng.choice(["core", "expert", "observer", "outsider"])
        answer = world[who].request(route.method, target, data=json.dumps(payload),
                                    headers={"Content-Type": "application/json"})
        check(answer, route.body, payload)
    for raw in RAW_BODIES:
        answer = world["lead"].request(route.method, target, data=raw,
                                       headers={"Content-Type": "application/json"})
        assert answer.status_code in ERRORS, (raw[:40], answer.status_code)
        assert_error(answer, answer.status_code)
    too_large = app.config["MAX_CONTENT_LENGTH"] + 100_000
    answer = world["lead"].request(route.method, target, data=b"x" * too_large,
                                   headers={"Content-Type": "application/json"})
    assert_error(answer, 413)
    answer = world["lead"].request(route.method, target, data=b"a=1",
                                   headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert_error(answer, 415)


def test_malformed_query_strings(world: World, ids: dict[str, Any]) -> None:
    rng = random.Random(20261126)
    values = ["", "0", "-1", "abc", "true", "1e9", "99999999999999999999", "%00", "%F0%9F%8C%8D",
              "x" * 5000, "md", "docx", "agenda_setting", "../../etc/passwd", "a&b=c"]
    for route in routes("query"):
        target = url(route, ids)
        names = list(route.query.model_fields) + ["unexpected"]
        for _ in range(30):
            query = "&".join(f"{rng.choice(names)}={rng.choice(values)}"
                             for _ in range(rng.randint(1, 3)))
            answer = world["lead"].request(route.method, f"{target}?{query}")
            if answer.status_code >= 400:
                assert answer.status_code in ERRORS, (route.path, query, answer.status_code)
                assert_error(answer, answer.status_code)


def test_malformed_path_ids(world: World, ids: dict[str, Any]) -> None:
    bad_ids = ("0", "-1", "abc", "1.0", "1e3", "2147483648", "99999999999", "9" * 400, "%20",
               "%F0%9F%8C%8D", "0x10")
    for route in routes("path"):
        for name, kind in route.path_params.items():
            if kind is not int:
                continue
            for bad in bad_ids:
                answer = world["lead"].request(route.method, url(route, ids, **{name: bad}),
                                               json={})
                assert_error(answer, 404)


def test_outsiders_and_anonymous_get_no_500(world: World, ids: dict[str, Any], app) -> None:
    from webapp.api.registry import ROUTES

    anonymous = Api(app, world["lead"].client, None)
    for route in ROUTES:
        for api in (anonymous, world["outsider"], world["admin"], world["observer"]):
            answer = api.request(route.method, url(route, ids), json={})
            if answer.status_code >= 400:
                assert answer.status_code in ERRORS | {501}, (route.path, answer.status_code)
                assert_error(answer, answer.status_code)
            if api is anonymous and route.auth:
                assert answer.status_code == 401
