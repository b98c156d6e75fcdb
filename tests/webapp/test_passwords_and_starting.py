"""Passwords that resist guessing (F5) and who may start a process (F6)."""

from __future__ import annotations

import pytest

from engine.demo import DEMO_PASSWORD
from engine.errors import InvalidInput
from engine.services.passwords import check_password
from tests.fixtures import PASSWORD
from tests.webapp.api_client import PREFIX
from tests.webapp.browser import post, text

# ------------------------------------------------------------------ F5 passwords


@pytest.mark.parametrize(("password", "reason"), [
    ("12345678", "too easy to guess"),
    ("password", "too easy to guess"),
    ("amina.diallo@example.org", "email"),
    ("amina.diallo-2026!", "email"),
    ("Diallo-orchard-seventeen", "name"),
    ("short", "at least 8"),
])
def test_guessable_or_personal_passwords_are_refused_with_the_reason(password, reason):
    with pytest.raises(InvalidInput) as refused:
        check_password(password, email="amina.diallo@example.org", name="Amina Diallo")
    assert reason in (refused.value.message + str(refused.value.details))
    assert "password" in refused.value.details


def test_strong_passwords_pass_and_the_demo_and_test_passwords_are_strong():
    for password in (PASSWORD, DEMO_PASSWORD, "lantern orchard quietly 47"):
        check_password(password, email="amina.diallo@example.org", name="Amina Diallo")


def test_the_admin_form_shows_why_a_password_is_refused(client, auth, make_user, fresh):
    admin = make_user("Ada Admin", "ada@example.org", admin=True)
    auth.login(admin)
    answer = post(client, auth, "/admin/users", {"name": "Bo Brown", "email": "bo@example.org",
                                                  "password": "password1"}, token_from="/admin")
    assert answer.status_code == 422
    assert "too easy to guess" in text(answer)


def test_the_command_line_refuses_a_weak_password(runner):
    result = runner.invoke(args=["users", "create", "--email", "cli@example.org",
                                 "--name", "Cli Person"], input="12345678\n")
    assert result.exit_code == 1
    assert "too easy to guess" in result.output


# ------------------------------------------------------------------ F6 starting processes


def test_only_people_granted_the_right_may_start_a_process(
        client, auth, make_user, make_institution, api_token, db_session, fresh):
    plain = make_user("Plain Person", "plain@example.org")
    institution = make_institution()
    db_session.flush()
    body = {"title": "Labour plan", "workflow": "national-policy", "country": "Ruritania",
            "requesting_institution_id": institution.id}
    headers = api_token(plain)
    assert client.post(PREFIX + "/processes", json=body, headers=headers).status_code == 403
    auth.login(plain)
    assert client.get("/processes/new").status_code == 403
    assert "Start a process" not in text(client.get("/"))

    admin = make_user("Ada Admin", "ada@example.org", admin=True)
    db_session.flush()
    auth.logout()
    auth.login(admin)
    granted = post(client, auth, f"/admin/users/{plain.id}", {"change": "grant_start"},
                   token_from="/admin")
    assert granted.status_code == 302
    assert client.post(PREFIX + "/processes", json=body, headers=headers).status_code == 201


def test_the_command_line_grants_the_right_at_creation(runner, db_session):
    from engine.services.users import by_email

    result = runner.invoke(args=["users", "create", "--email", "starter@example.org",
                                 "--name", "Sta Rter", "--may-start-processes"],
                           input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert by_email(db_session, "starter@example.org").may_start_processes


def test_the_demo_lead_may_start_processes_and_the_expert_and_observer_may_not(
        db_session, catalog):
    from engine.demo import load_demo
    from engine.demo.cast import email_of
    from engine.permissions import GlobalAction, allowed_global
    from engine.services.users import by_email

    load_demo(db_session, catalog)
    may = {key: allowed_global(db_session, by_email(db_session, email_of(key)),
                               GlobalAction.START_PROCESS)
           for key in ("lead", "expert", "observer")}
    assert may == {"lead": True, "expert": False, "observer": False}
