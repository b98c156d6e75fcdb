"""Sessions end on the server: a copied cookie stops working after sign-out and the like (F2)."""

from __future__ import annotations

import pytest

from engine.services import users as user_service
from tests.fixtures import PASSWORD
from tests.webapp.browser import post
from tests.webapp.conftest import AuthActions


@pytest.fixture
def person(make_user, db_session):
    user = make_user("Amina Diallo", "amina@example.org")
    db_session.flush()
    return user


def copy_session(app, client):
    """A second browser holding a copy of the first one's session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_a_cookie_copied_before_sign_out_is_refused_after_it(app, client, auth, person):
    auth.login(person)
    thief = copy_session(app, client)
    assert thief.get("/").status_code == 200
    post(client, auth, "/logout", token_from="/")
    assert client.get("/").status_code == 302
    assert thief.get("/").status_code == 302
    assert "/login" in thief.get("/").headers["Location"]


def test_signing_out_keeps_api_tokens(app, client, auth, person, api_token):
    headers = api_token(person)
    auth.login(person)
    post(client, auth, "/logout", token_from="/")
    assert client.get("/api/v1/me", headers=headers).status_code == 200


def test_a_password_change_ends_other_sessions_and_tokens_but_not_this_one(
        app, client, auth, person, api_token, fresh):
    headers = api_token(person)
    auth.login(person)
    thief = copy_session(app, client)
    new = "lantern orchard quietly 47"
    answer = post(client, auth, "/profile/password", {
        "current_password": PASSWORD, "new_password": new, "confirm": new})
    assert answer.status_code == 302
    assert client.get("/profile").status_code == 200
    assert thief.get("/").status_code == 302
    assert client.get("/api/v1/me", headers=headers).status_code == 401


@pytest.mark.parametrize("change", ["reset", "deactivate"])
def test_an_admin_reset_or_deactivation_ends_sessions_and_tokens_and_reactivation_revives_none(
        app, client, auth, person, make_user, api_token, db_session, change):
    admin = make_user("Admin Person", "admin@example.org", admin=True)
    headers = api_token(person)
    browser = app.test_client()
    AuthActions(browser).login(person)
    assert browser.get("/").status_code == 200
    if change == "reset":
        user_service.update_user(db_session, admin, person.id, password="lantern orchard quietly 47")
    else:
        user_service.update_user(db_session, admin, person.id, is_active=False)
        user_service.update_user(db_session, admin, person.id, is_active=True)
    db_session.flush()
    assert browser.get("/").status_code == 302
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_an_old_style_session_without_epoch_is_refused(app, client, person):
    with client.session_transaction() as session:
        session["_user_id"] = str(person.id)
        session["_fresh"] = True
    assert client.get("/").status_code == 302


def test_an_administrator_setting_their_own_password_stays_signed_in(
        app, client, auth, make_user, db_session):
    admin = make_user("Admin Person", "admin@example.org", admin=True)
    db_session.flush()
    auth.login(admin)
    answer = post(client, auth, f"/admin/users/{admin.id}/password",
                  {"password": "lantern orchard quietly 47"}, token_from="/admin")
    assert answer.status_code == 302
    assert client.get("/admin").status_code == 200
