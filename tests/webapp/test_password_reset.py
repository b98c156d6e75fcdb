"""Forgotten passwords: a mailed single-use link that works for an hour and ends other sessions."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from engine.db import utcnow
from engine.models import OutgoingMail, PasswordReset
from tests.fixtures import PASSWORD
from tests.webapp.browser import text

NEW_PASSWORD = "lantern orchard quietly 47"


@pytest.fixture
def person(make_user, db_session):
    user = make_user("Amina Diallo", "amina@example.org")
    db_session.flush()
    return user


def ask(client, auth, address, **kwargs):
    token = auth.csrf_token("/password/forgot")
    return client.post("/password/forgot", data={"email": address, "csrf_token": token}, **kwargs)


def link_in(message) -> str:
    plain = message.get_body(("plain",)).get_content()
    return re.search(r"http://127\.0\.0\.1:5000(/password/reset/\S+)", plain).group(1)


def test_the_login_page_links_to_the_forgotten_password_page(client):
    html = client.get("/login").get_data(as_text=True)
    assert 'href="/password/forgot"' in html
    assert 'name="email"' in client.get("/password/forgot").get_data(as_text=True)


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(
        client, auth, person, db_session):
    known = ask(client, auth, "amina@example.org")
    unknown = ask(client, auth, "nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    assert text(known).replace("amina@example.org", "X") == text(unknown).replace(
        "nobody@example.org", "X")
    queued = db_session.scalars(select(OutgoingMail)).all()
    assert [m.to_address for m in queued] == ["amina@example.org"]


def test_a_reset_link_arrives_works_once_and_ends_every_other_session_and_token(
        app, client, auth, runner, person, smtp_server, api_token, fresh, db_session):
    app.config.update(smtp_server.config())
    headers = api_token(person)
    other = app.test_client()
    from tests.webapp.conftest import AuthActions

    AuthActions(other).login(person)
    assert other.get("/").status_code == 200
    assert client.get("/api/v1/me", headers=headers).status_code == 200

    ask(client, auth, "amina@example.org")
    assert "1 message(s) sent" in runner.invoke(args=["mail", "send"]).output
    [message] = smtp_server.messages
    assert message["To"] == "amina@example.org"
    path = link_in(message)

    assert client.get(path).status_code == 200
    token = auth.csrf_token(path)
    done = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD,
                                   "csrf_token": token})
    assert done.status_code == 302 and done.headers["Location"].endswith("/login")
    # The link is spent, the other session is over, the token revoked.
    assert client.get(path).status_code == 404
    assert other.get("/").status_code == 302
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    # The new password signs in, the old one does not.
    assert auth.login(person, password=PASSWORD).status_code == 200
    assert auth.login(person, password=NEW_PASSWORD).status_code == 302


def test_an_expired_or_made_up_link_is_refused(client, auth, person, db_session, fresh):
    ask(client, auth, "amina@example.org")
    reset = db_session.scalars(select(PasswordReset)).one()
    reset.expires_at = utcnow() - timedelta(minutes=1)
    db_session.flush()
    assert client.get("/password/reset/made-up-token").status_code == 404
    html = text(client.get("/password/reset/made-up-token"))
    assert "Ask for a new one" in html


def test_a_weak_new_password_is_refused_with_the_reason(
        app, client, auth, runner, person, smtp_server):
    app.config.update(smtp_server.config())
    ask(client, auth, "amina@example.org")
    runner.invoke(args=["mail", "send"])
    path = link_in(smtp_server.messages[0])
    token = auth.csrf_token(path)
    weak = client.post(path, data={"password": "password1", "confirm": "password1",
                                   "csrf_token": token})
    assert weak.status_code == 422
    assert "too easy to guess" in text(weak)
    named = client.post(path, data={"password": "orchard-diallo-2026!", "confirm": "orchard-diallo-2026!",
                                    "csrf_token": token})
    assert "must not contain your name or email address" in text(named)
    assert client.get(path).status_code == 200  # still usable


def test_reset_requests_are_rate_limited(app, client, auth, person):
    app.config["PASSWORD_RESET_RATE_LIMIT"] = "3 per hour"
    from webapp import security

    app.extensions["policycycle.throttles"]["password_reset"] = security.Throttle(
        "password_reset", security.make_limiter("memory://", "t"), "3 per hour")
    for _ in range(3):
        assert ask(client, auth, "someone@example.org").status_code == 200
    limited = ask(client, auth, "someone@example.org")
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0
