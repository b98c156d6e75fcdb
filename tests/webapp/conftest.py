"""Web fixtures: the app bound to the test's rolled-back connection, a client, a runner."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from engine.models import User
from tests.fixtures import PASSWORD
from tests.webapp.world import CASTS, World


@pytest.fixture
def app(session_factory, tmp_path) -> Flask:
    from webapp import create_app

    return create_app({
        "TESTING": True,
        "SESSION_FACTORY": session_factory,
        "SECRET_KEY": "test-secret-key",
        "DATABASE_URL": "sqlite://",
        "MAIL_DIR": str(tmp_path / "mail"),
        # A relationship read one row at a time fails the request (an N+1 in the making).
        "LAZY_LOADS": "raise",
    })


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


class AuthActions:
    """Sign in and out through the real login form (CSRF token included)."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def csrf_token(self, path: str = "/login") -> str:
        import re

        html = self.client.get(path).get_data(as_text=True)
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
            r'value="([^"]+)"[^>]*name="csrf_token"', html)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def login(self, user: User | str, password: str = PASSWORD) -> Any:
        email = user if isinstance(user, str) else user.email
        token = self.csrf_token("/login")
        return self.client.post("/login", data={"email": email, "password": password,
                                                "csrf_token": token})

    def logout(self) -> Any:
        return self.client.get("/logout")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def api_token(db_session) -> Callable[[User], dict[str, str]]:
    """Headers with a fresh bearer token for a user."""
    from engine.services.users import create_token

    def make(user: User) -> dict[str, str]:
        _, raw = create_token(db_session, user, "test")
        db_session.flush()
        return {"Authorization": f"Bearer {raw}"}

    return make


@pytest.fixture
def fresh(client: FlaskClient, db_session, monkeypatch) -> FlaskClient:
    """Requests write through their own session; re-read rows in the test's session after each."""
    original = client.open

    def open_(*args: Any, **kwargs: Any):
        response = original(*args, **kwargs)
        db_session.expire_all()
        return response

    monkeypatch.setattr(client, "open", open_)
    return client


@pytest.fixture
def make_world(app, client, db_session, api_token, make_user, make_institution, make_process,
               add_member) -> Callable[[str], World]:
    """Build the world of one cast ("pages" or "api", see tests/webapp/world.py)."""
    from tests.webapp.api_client import Api

    def make(cast_name: str = "pages") -> World:
        cast = CASTS[cast_name]
        password = {} if cast.passwords else {"password": None}
        home = make_institution(cast.home)
        other = make_institution(cast.other, kind="statistics_office")
        lead = make_user(*cast.lead, **password)
        process = make_process(lead=lead, institution=home, title="National migration policy")
        people = {"lead": lead}
        for role, who, institution in (("core", cast.core, other), ("expert", cast.expert, other),
                                       ("observer", cast.observer, home)):
            people[role] = make_user(*who, **password)
            add_member(process, role, user=people[role], institution=institution)
        people["outsider"] = make_user(*cast.outsider, **password)
        if cast.admin is not None:
            people["admin"] = make_user(*cast.admin, admin=True, **password)
        db_session.flush()
        world = World(process=process, home=home, other=other, **people)
        if cast.tokens:
            world.apis = {who: Api(app, client, api_token(user)) for who, user in people.items()}
            world.apis["anonymous"] = Api(app, client, None)
        return world

    return make


@pytest.fixture
def world(make_world, fresh) -> World:
    """The page tests' world: a process with a person in each role, who sign in by password."""
    return make_world("pages")
