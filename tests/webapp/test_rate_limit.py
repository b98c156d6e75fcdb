"""Sign-in failures are limited per account and per client address (F1)."""

from __future__ import annotations

import uuid

import pytest

from tests.fixtures import PASSWORD
from webapp import security


@pytest.fixture
def person(make_user, db_session):
    user = make_user("Amina Diallo", "amina@example.org")
    db_session.flush()
    return user


def login(client, auth, email, password, address="10.0.0.1"):
    token = auth.csrf_token("/login")
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address})


def test_eleven_wrong_passwords_answer_429_with_retry_after_even_for_the_right_one(
        client, auth, person):
    for _ in range(10):
        assert login(client, auth, person.email, "wrong password").status_code == 200
    refused = login(client, auth, person.email, "wrong password")
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 15 * 60
    assert "Too many failed sign-ins" in refused.get_data(as_text=True)
    assert login(client, auth, person.email, PASSWORD).status_code == 429


def test_the_limit_counts_per_account_across_addresses(client, auth, person):
    for n in range(10):
        login(client, auth, person.email, "wrong", address=f"10.0.1.{n}")
    assert login(client, auth, person.email, PASSWORD, address="10.0.2.1").status_code == 429


def test_the_limit_counts_per_address_across_accounts(client, auth, person, make_user):
    for n in range(10):
        login(client, auth, f"nobody{n}@example.org", "wrong", address="10.0.3.1")
    assert login(client, auth, person.email, PASSWORD, address="10.0.3.1").status_code == 429
    # Another address still signs the person in.
    assert login(client, auth, person.email, PASSWORD, address="10.0.3.2").status_code == 302


def test_successful_sign_ins_do_not_count(client, auth, person):
    for _ in range(12):
        assert login(client, auth, person.email, PASSWORD).status_code == 302
        client.get("/logout")


def test_the_limit_is_configurable(app, client, auth, person):
    app.extensions["policycycle.throttles"]["login"] = security.Throttle(
        "login", security.make_limiter("memory://", "x"), "2 per minute")
    login(client, auth, person.email, "wrong")
    login(client, auth, person.email, "wrong")
    assert login(client, auth, person.email, PASSWORD).status_code == 429


def test_redis_storage_shares_the_counts_between_servers():
    """Two processes (two limiters) on the same Redis see each other's failures."""
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.fail("the local Redis (127.0.0.1:6379) is not running")
    prefix = f"policycycle-test-{uuid.uuid4().hex}"
    one = security.Throttle("login", security.make_limiter("redis://127.0.0.1:6379/0", prefix),
                            "3 per 15 minutes")
    two = security.Throttle("login", security.make_limiter("redis://127.0.0.1:6379/0", prefix),
                            "3 per 15 minutes")
    try:
        one.failed("account:a@example.org")
        two.failed("account:a@example.org")
        assert one.retry_after("account:a@example.org") is None
        one.failed("account:a@example.org")
        wait = two.retry_after("account:a@example.org")
        assert wait is not None and 0 < wait <= 15 * 60
        assert two.retry_after("account:b@example.org") is None
    finally:
        one.clear("account:a@example.org")


def test_the_app_uses_redis_when_configured(session_factory, tmp_path, make_user, db_session):
    from webapp import create_app

    person = make_user("Redis Person", "redis@example.org")
    db_session.flush()
    app = create_app({"TESTING": True, "SESSION_FACTORY": session_factory,
                      "SECRET_KEY": "k", "DATABASE_URL": "sqlite://",
                      "MAIL_DIR": str(tmp_path / "mail"),
                      "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
                      "RATELIMIT_KEY_PREFIX": f"policycycle-test-{uuid.uuid4().hex}",
                      "LOGIN_RATE_LIMIT": "2 per minute"})
    from tests.webapp.conftest import AuthActions

    client = app.test_client()
    auth = AuthActions(client)
    login(client, auth, person.email, "wrong")
    login(client, auth, person.email, "wrong")
    assert login(client, auth, person.email, PASSWORD).status_code == 429
    app.extensions["policycycle.throttles"]["login"].clear("account:redis@example.org",
                                                           "ip:10.0.0.1")
