"""Speaking to the JSON API in tests: the ``Api`` client and the error-shape check.

``Api`` sends requests with a user's bearer token and checks every answer
against the OpenAPI document: the status must be one the route documents and
the JSON body must match the documented schema. So each test of behaviour is
also a test that the document tells the truth.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.exceptions import HTTPException

PREFIX = "/api/v1"
ERROR_STATUSES = {400, 401, 403, 404, 405, 409, 413, 415, 422}


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """Assert the error shape ``{"error": {"code", "message", "details"}}``; return the error."""
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True))
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert isinstance(body, dict), body
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"code", "message", "details"}, error
    assert isinstance(error["code"], str)
    assert error["code"]
    assert isinstance(error["message"], str)
    assert error["message"]
    if code is not None:
        assert error["code"] == code, error
    return error


@cache
def _validator(path: str, method: str, status: str) -> Any:
    import jsonschema

    from webapp.api.openapi import document

    doc = document()
    content = doc["paths"][path][method]["responses"][status].get("content", {})
    if "application/json" not in content:
        return None
    schema = {**content["application/json"]["schema"], "components": doc["components"]}
    return jsonschema.Draft202012Validator(schema)


def check_documented(app: Flask, method: str, path: str, response: Any) -> None:
    """Fail unless the route documents this status and the JSON body matches its schema."""
    from webapp.api.openapi import document
    from webapp.api.registry import ROUTES

    try:
        endpoint, _args = app.url_map.bind("localhost").match(path.split("?")[0], method=method)
    except HTTPException:
        return  # no such route: the 404/405 JSON shape is tested on its own
    route = next(r for r in ROUTES if r.endpoint == endpoint and r.method == method)
    operation = document()["paths"][route.path][method.lower()]
    status = str(response.status_code)
    assert status in operation["responses"], (
        f"{method} {route.path} answered {status}, which it does not document: "
        f"{response.get_data(as_text=True)[:500]}"
    )
    try:
        validator = _validator(route.path, method.lower(), status)
    except ImportError:
        return
    if validator is not None and response.is_json:
        errors = sorted(validator.iter_errors(response.get_json()), key=str)
        assert not errors, f"{method} {route.path} {status}: {errors[0]}"


class Api:
    """A test client speaking to /api/v1 as one user (or anonymously)."""

    def __init__(self, app: Flask, client: FlaskClient, headers: dict[str, str] | None) -> None:
        self.app, self.client, self.headers = app, client, headers or {}

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        response = self.client.open(PREFIX + path, method=method, headers=headers, **kwargs)
        assert response.status_code < 500, response.get_data(as_text=True)
        check_documented(self.app, method, PREFIX + path, response)
        return response

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        return self.request("POST", path, json=json, **kwargs)

    def patch(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        return self.request("PATCH", path, json=json, **kwargs)

    def put(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        return self.request("PUT", path, json=json, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Any:
        return self.request("DELETE", path, **kwargs)
