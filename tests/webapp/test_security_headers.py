"""Every answer carries the security headers; no page needs inline script or style (F3, F7)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "webapp" / "templates"


@pytest.fixture
def person(make_user, db_session):
    user = make_user("Amina Diallo", "amina@example.org")
    db_session.flush()
    return user


@pytest.mark.parametrize("path", ["/login", "/", "/nothing-here", "/api/v1/me",
                                  "/api/v1/openapi.json", "/static/css/app.css"])
def test_every_answer_has_the_security_headers(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"]
    assert "Strict-Transport-Security" not in response.headers


def test_hsts_only_when_cookies_are_secure(app, client):
    app.config["SESSION_COOKIE_SECURE"] = True
    assert "max-age=" in client.get("/login").headers["Strict-Transport-Security"]


def test_signed_in_pages_carry_the_headers_too(client, auth, person):
    auth.login(person)
    response = client.get("/profile")
    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_no_template_has_inline_script_or_style():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        if "mail" in path.relative_to(TEMPLATES).parts[:1]:
            continue  # mail clients need inline styles; mails are never served as pages
        source = path.read_text()
        for pattern in (r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", r"<style\b",
                        r"<[a-z][^>]*\sstyle\s*=", r"<[a-z][^>]*\son[a-z]+\s*="):
            if re.search(pattern, source, flags=re.I):
                offenders.append(f"{path.relative_to(TEMPLATES)}: {pattern}")
    assert offenders == []


def test_a_405_keeps_the_allow_header(client):
    page = client.delete("/login")
    assert page.status_code == 405
    assert set(page.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
    api = client.delete("/api/v1/me")
    assert api.status_code == 405
    assert "GET" in api.headers["Allow"]
    assert api.is_json
