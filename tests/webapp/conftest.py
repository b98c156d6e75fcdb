"""Web fixtures: the app bound to the test's rolled-back connection, a client, a runner."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from engine.models import User
from tests.fixtures import PASSWORD


@pytest.fixture
def app(session_factory, tmp_path) -> Flask:
    from webapp import create_app

    return create_app({
        "TESTING": True,
        "SESSION_FACTORY": session_factory,
        "SECRET_KEY": "test-secret-key",
        "DATABASE_URL": "sqlite://",
        "MAIL_DIR": str(tmp_path / "mail"),
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
