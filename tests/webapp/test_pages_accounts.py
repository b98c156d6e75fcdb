"""Signing in and out, the profile, the password and API tokens, through the pages."""

from __future__ import annotations

import re

import pytest

from engine.models import ApiToken
from tests.fixtures import PASSWORD
from tests.webapp.browser import post, text


@pytest.fixture
def person(make_user, fresh):
    return make_user("Amina Diallo", "amina@example.org")


def test_login_page_has_the_contract_fields(client):
    response = client.get("/login")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'name="email"' in html
    assert 'name="password"' in html
    assert "<h1>Sign in</h1>" in html
    assert 'name="csrf_token"' in html


def test_signing_in_leads_to_the_dashboard(client, auth, person):
    response = auth.login(person)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/")
    page = client.get("/", follow_redirects=True)
    assert "Amina Diallo" in text(page)
    assert "Welcome, Amina Diallo" in text(page)


def test_a_wrong_password_says_so_and_keeps_the_email(client, auth, person):
    response = auth.login(person, password="not the password")
    assert response.status_code == 200
    assert "The email address or the password is not correct." in text(response)
    assert 'value="amina@example.org"' in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # still signed out


def test_pages_need_a_signed_in_person(client):
    response = client.get("/processes/1/members")
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]


def test_sign_in_returns_to_a_local_page_only(client, auth, person):
    token = auth.csrf_token("/login")
    response = client.post("/login", data={"email": person.email, "password": PASSWORD,
                                           "csrf_token": token, "next": "/profile"})
    assert response.headers["Location"].endswith("/profile")
    client.get("/logout")
    for evil in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"):
        token = auth.csrf_token("/login")
        response = client.post("/login", data={"email": person.email, "password": PASSWORD,
                                               "csrf_token": token, "next": evil})
        assert response.status_code == 302
        assert "evil" not in response.headers["Location"]
        assert "javascript" not in response.headers["Location"]
        client.get("/logout")


def test_signing_out(client, auth, person):
    auth.login(person)
    response = auth.logout()
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert "You are signed out." in text(page)
    assert client.get("/profile").status_code == 302


def test_profile_renders_with_name_password_and_tokens(client, auth, person):
    auth.login(person)
    page = client.get("/profile")
    assert page.status_code == 200
    words = text(page)
    assert "Your profile" in words
    assert "API tokens" in words
    assert "You have no API token." in words
    assert "Change your password" in words


def test_changing_the_name(client, auth, person):
    auth.login(person)
    response = post(client, auth, "/profile", {"name": "Amina D. Diallo"}, follow_redirects=True)
    assert "Your profile is saved." in text(response)
    assert "Amina D. Diallo" in text(response)


def test_changing_the_password(client, auth, person):
    auth.login(person)
    wrong = post(client, auth, "/profile/password", {
        "current_password": "guess", "new_password": "a new sentence", "confirm": "a new sentence"})
    assert wrong.status_code == 422
    assert "This is not your current password." in text(wrong)
    short = post(client, auth, "/profile/password", {
        "current_password": PASSWORD, "new_password": "short", "confirm": "short"})
    assert "at least 8 characters" in text(short)
    done = post(client, auth, "/profile/password", {
        "current_password": PASSWORD, "new_password": "a new sentence",
        "confirm": "a new sentence"}, follow_redirects=True)
    assert "Your password is changed." in text(done)
    auth.logout()
    assert auth.login(person, password="a new sentence").status_code == 302


def test_a_new_token_is_shown_once_then_listed_by_its_prefix(client, auth, person, db_session):
    auth.login(person)
    created = post(client, auth, "/profile/tokens", {"name": "Data upload"})
    assert created.status_code == 201
    assert created.headers["Cache-Control"] == "no-store"
    html = created.get_data(as_text=True)
    raw = re.search(r'id="new-token"[^>]*value="([^"]+)"', html).group(1)
    assert "shown only this once" in text(created)
    token = db_session.query(ApiToken).filter_by(user_id=person.id).one()
    assert raw.startswith(token.prefix)
    # The raw token works for the API…
    assert client.get("/api/v1/processes", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    # …and is never shown again: the list has the name and the prefix only.
    listing = client.get("/profile")
    assert raw not in listing.get_data(as_text=True)
    assert "Data upload" in text(listing)
    assert f"{token.prefix}…" in text(listing)
    assert "Active" in text(listing)


def test_revoking_a_token(client, auth, person, db_session):
    auth.login(person)
    post(client, auth, "/profile/tokens", {"name": "Old script"})
    token = db_session.query(ApiToken).filter_by(user_id=person.id).one()
    response = post(client, auth, f"/profile/tokens/{token.id}/revoke", follow_redirects=True)
    assert "Token “Old script” revoked: it no longer works." in text(response)
    assert "Revoked on" in text(response)
    assert token.revoked_at is not None


def test_a_token_name_is_required(client, auth, person):
    auth.login(person)
    response = post(client, auth, "/profile/tokens", {"name": ""})
    assert response.status_code == 422
    assert "This field is required." in text(response)


def test_someone_elses_token_cannot_be_revoked(client, auth, person, make_user, db_session):
    from engine.services.users import create_token

    other = make_user("Someone Else")
    token, _ = create_token(db_session, other, "theirs")
    db_session.flush()
    auth.login(person)
    assert post(client, auth, f"/profile/tokens/{token.id}/revoke").status_code == 404
