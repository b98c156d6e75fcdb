"""Administration pages: accounts and institutions, for administrators only."""

from __future__ import annotations

import pytest

from engine.models import Institution, User
from tests.fixtures import PASSWORD
from tests.webapp.browser import post, text


@pytest.fixture
def admin(make_user, fresh):
    return make_user("Ada Admin", "ada@example.org", admin=True)


def test_admin_page_lists_accounts_and_institutions(client, auth, admin, world):
    auth.login(admin)
    page = client.get("/admin")
    assert page.status_code == 200
    words = text(page)
    assert "<h1>Administration</h1>" in page.get_data(as_text=True)
    assert "Amina Lead" in words
    assert "lead@example.org" in words
    assert "Ministry of Home Affairs" in words
    assert "National Statistical Office" in words
    assert "This is you" in words


@pytest.mark.parametrize("path", ["/admin", "/admin/institutions/1"])
def test_admin_pages_are_forbidden_to_others(client, auth, world, path):
    auth.login(world.lead)
    assert client.get(path).status_code == 403


def test_admin_actions_are_forbidden_to_others(client, auth, world):
    auth.login(world.lead)
    response = post(client, auth, "/admin/users", {
        "name": "X", "email": "x@example.org", "password": "long enough"})
    assert response.status_code == 403


def test_header_links_to_admin_only_for_admins(client, auth, admin, world):
    auth.login(world.lead)
    assert 'href="/admin"' not in client.get("/").get_data(as_text=True)
    auth.logout()
    auth.login(admin)
    assert 'href="/admin"' in client.get("/").get_data(as_text=True)


def test_creating_an_account(client, auth, admin, db_session):
    auth.login(admin)
    response = post(client, auth, "/admin/users", {
        "name": "Nadia New", "email": "nadia@example.org", "password": "a long password"},
        follow_redirects=True)
    assert "Account created for Nadia New." in text(response)
    user = db_session.query(User).filter_by(email="nadia@example.org").one()
    assert not user.is_admin
    auth.logout()
    assert auth.login("nadia@example.org", password="a long password").status_code == 302


def test_a_duplicate_email_is_refused_next_to_the_field(client, auth, admin, world):
    auth.login(admin)
    response = post(client, auth, "/admin/users", {
        "name": "Someone", "email": "lead@example.org", "password": "a long password"})
    assert response.status_code == 422
    assert "An account with this email already exists." in text(response)
    assert 'value="Someone"' in response.get_data(as_text=True)


def test_toggling_admin_and_access(client, auth, admin, world, db_session):
    auth.login(admin)
    user = world.core
    made = post(client, auth, f"/admin/users/{user.id}", {"change": "make_admin"},
                follow_redirects=True)
    assert "Carlos Core is now an administrator." in text(made)
    off = post(client, auth, f"/admin/users/{user.id}", {"change": "deactivate"},
               follow_redirects=True)
    assert "Carlos Core can no longer sign in" in text(off)
    db_session.refresh(user)
    assert user.is_admin
    assert not user.is_active
    auth.logout()
    assert auth.login(user).status_code == 200  # refused: the form again
    auth.login(admin)
    post(client, auth, f"/admin/users/{user.id}", {"change": "activate"})
    db_session.refresh(user)
    assert user.is_active


def test_an_admin_cannot_lock_themselves_out(client, auth, admin, db_session):
    auth.login(admin)
    response = post(client, auth, f"/admin/users/{admin.id}", {"change": "deactivate"},
                    follow_redirects=True)
    assert "You cannot deactivate your own account." in text(response)
    db_session.refresh(admin)
    assert admin.is_active


def test_resetting_a_password(client, auth, admin, world):
    auth.login(admin)
    short = post(client, auth, f"/admin/users/{world.core.id}/password", {"password": "short"})
    assert short.status_code == 422
    assert "at least 8 characters" in text(short)
    done = post(client, auth, f"/admin/users/{world.core.id}/password",
                {"password": "brand new secret"}, follow_redirects=True)
    assert "New password set for Carlos Core." in text(done)
    auth.logout()
    assert auth.login(world.core, password=PASSWORD).status_code == 200
    assert auth.login(world.core, password="brand new secret").status_code == 302


def test_institutions_create_edit_and_delete(client, auth, admin, db_session):
    auth.login(admin)
    created = post(client, auth, "/admin/institutions", {
        "name": "Ministry of Justice", "kind": "ministry", "parent_id": "", "country": "Ruritania"},
        follow_redirects=True)
    assert "Ministry of Justice added." in text(created)
    ministry = db_session.query(Institution).filter_by(name="Ministry of Justice").one()
    unit = post(client, auth, "/admin/institutions", {
        "name": "Law Commission", "kind": "agency", "parent_id": str(ministry.id), "country": ""},
        follow_redirects=True)
    assert "Ministry of Justice › Law Commission added." in text(unit)

    page = client.get(f"/admin/institutions/{ministry.id}")
    assert page.status_code == 200
    assert "Delete Ministry of Justice" in text(page)
    edited = post(client, auth, f"/admin/institutions/{ministry.id}", {
        "name": "Ministry of Justice and Constitutional Affairs", "kind": "ministry",
        "parent_id": "", "country": "Ruritania"}, follow_redirects=True)
    assert "Ministry of Justice and Constitutional Affairs saved." in text(edited)

    in_use = post(client, auth, f"/admin/institutions/{ministry.id}/delete", follow_redirects=True)
    assert "is in use" in text(in_use)
    law = db_session.query(Institution).filter_by(name="Law Commission").one()
    gone = post(client, auth, f"/admin/institutions/{law.id}/delete", follow_redirects=True)
    assert "Law Commission deleted." in text(gone)
    assert db_session.query(Institution).filter_by(name="Law Commission").count() == 0


def test_an_institution_with_members_cannot_be_deleted(client, auth, admin, world, db_session):
    # Used only by memberships (no process requests it, nobody signed off yet).
    auth.login(admin)
    response = post(client, auth, f"/admin/institutions/{world.other.id}/delete",
                    follow_redirects=True)
    assert "is in use" in text(response)
    assert db_session.get(Institution, world.other.id) is not None
