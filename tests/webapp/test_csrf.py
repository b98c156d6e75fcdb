"""Every form carries a CSRF token, and a POST without one changes nothing.

The ``app`` fixture keeps Flask-WTF's CSRF protection on, as in production.
"""

from __future__ import annotations

import re

import pytest

from tests.fixtures import PASSWORD
from tests.webapp.browser import text


def test_csrf_protection_is_on_in_tests(app):
    assert app.config.get("WTF_CSRF_ENABLED", True) is True


def test_signing_in_without_a_token_is_refused(client, world):
    response = client.post("/login", data={"email": world.lead.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "The form expired or did not come from this site." in text(response)
    assert client.get("/").status_code == 302  # still signed out


def test_a_forged_token_is_refused(client, world):
    response = client.post("/login", data={"email": world.lead.email, "password": PASSWORD,
                                           "csrf_token": "forged"})
    assert response.status_code == 400


def test_a_workspace_action_without_a_token_changes_nothing(client, auth, world, make_user,
                                                            db_session):
    newcomer = make_user("Nadia New", "nadia@example.org")
    auth.login(world.lead)
    before = len(world.process.active_memberships)
    response = client.post(f"/processes/{world.process.id}/members", data={
        "email": newcomer.email, "institution_id": str(world.other.id), "role": "core"})
    assert response.status_code == 400
    db_session.refresh(world.process)
    assert len(world.process.active_memberships) == before
    fired = client.post(f"/processes/{world.process.id}/transitions/suspend",
                        data={"note": "Elections"})
    assert fired.status_code == 400
    db_session.refresh(world.process)
    assert world.process.state == "agenda_setting"


@pytest.mark.parametrize("path", [
    "/profile", "/processes/new", "/processes/{id}", "/processes/{id}/members",
    "/processes/{id}/consultations", "/processes/{id}/deliverables",
])
def test_every_post_form_carries_a_token(client, auth, world, path):
    auth.login(world.lead)
    html = client.get(path.format(id=world.process.id)).get_data(as_text=True)
    forms = re.findall(r"<form\b[^>]*>.*?</form>", html, re.S)
    posting = [f for f in forms if re.search(r'method="post"', f, re.I)]
    assert posting, f"no form on {path}"
    for form in posting:
        assert 'name="csrf_token"' in form, form[:200]


def test_nul_characters_are_refused_before_the_database(client, auth, make_user):
    user = make_user()
    auth.login(user)
    response = client.get("/processes/new?title=%00")
    assert response.status_code == 400
    assert "NUL" in response.get_data(as_text=True)
