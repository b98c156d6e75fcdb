"""While the database cannot be reached, every request answers 503 with Retry-After; then it recovers."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import event

from tests.fixtures import PASSWORD


@pytest.fixture
def outage_app(tmp_path):
    """An app on its own SQLite file whose new connections can be made to fail."""
    from engine.schema import upgrade
    from engine.services.users import create_token, create_user
    from webapp import create_app
    from webapp.database import engine_of, get_session

    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'outage.db'}",
                      "SECRET_KEY": "outage", "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False})
    engine = engine_of(app)
    upgrade(engine)
    with app.app_context():
        session = get_session()
        user = create_user(session, None, email="lead@example.org", name="Lena Lead",
                           password=PASSWORD)
        session.flush()
        _, raw = create_token(session, user, "outage")
        session.commit()
    state = {"down": False}

    @event.listens_for(engine, "do_connect")
    def _refuse(*_args):
        if state["down"]:
            raise sqlite3.OperationalError("unable to open database file")

    def set_down(down: bool) -> None:
        state["down"] = down
        engine.dispose()  # the pooled connections go too, as when the server restarts

    app.config["test.set_down"] = set_down
    app.config["test.token"] = raw
    yield app
    engine.dispose()


def test_pages_and_api_answer_503_with_retry_after_then_recover(outage_app):
    client = outage_app.test_client()
    bearer = {"Authorization": f"Bearer {outage_app.config['test.token']}"}
    signed_in = client.post("/login", data={"email": "lead@example.org", "password": PASSWORD})
    assert signed_in.status_code in (302, 303)
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/me", headers=bearer).status_code == 200

    outage_app.config["test.set_down"](True)

    page = client.get("/")
    assert page.status_code == 503
    assert page.headers["Retry-After"].isdigit()
    assert page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert "cannot reach its database" in html
    assert "Traceback" not in html and "OperationalError" not in html

    api = client.get("/api/v1/me", headers=bearer)
    assert api.status_code == 503
    assert api.headers["Retry-After"].isdigit()
    assert api.get_json()["error"]["code"] == "unavailable"

    # A write is refused the same way: never acknowledged.
    write = client.post("/api/v1/processes", headers=bearer,
                        json={"title": "Strategy", "workflow": "national-policy"})
    assert write.status_code == 503
    assert write.get_json()["error"]["code"] == "unavailable"

    outage_app.config["test.set_down"](False)

    # No restart: the next requests find the database again.
    assert client.get("/").status_code == 200
    me = client.get("/api/v1/me", headers=bearer)
    assert me.status_code == 200
    assert me.get_json()["email"] == "lead@example.org"


def test_an_app_pointed_at_a_closed_port_answers_503(tmp_path):
    pytest.importorskip("psycopg")
    from webapp import create_app

    app = create_app({"DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:9/nowhere",
                      "SECRET_KEY": "closed", "RATELIMIT_ENABLED": False})
    client = app.test_client()
    api = client.get("/api/v1/me", headers={"Authorization": "Bearer nothing-to-see"})
    assert api.status_code == 503
    assert api.headers["Retry-After"].isdigit()
    assert api.get_json()["error"]["code"] == "unavailable"
    with client.session_transaction() as cookie:
        cookie["_user_id"] = "1"
        cookie["_fresh"] = True
    page = client.get("/processes/1")
    assert page.status_code == 503
    assert page.headers["Retry-After"].isdigit()
    assert "cannot reach its database" in page.get_data(as_text=True)
