"""The outbox: messages queued with their event, delivered by `policycycle mail send`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from engine.db import utcnow
from engine.models import OutgoingMail
from engine.services import outbox
from tests.webapp.browser import text


@pytest.fixture
def person(make_user, db_session):
    user = make_user("Amina Diallo", "amina@example.org")
    db_session.flush()
    return user


def queue(app, db_session, user, n=1):
    with app.app_context():
        for i in range(n):
            outbox.queue_mail(db_session, user, "password_reset",
                              {"link": f"http://127.0.0.1:5000/password/reset/tok{i}", "hours": 1})
    db_session.flush()


def rows(db_session):
    db_session.expire_all()
    return db_session.scalars(select(OutgoingMail).order_by(OutgoingMail.id)).all()


def test_a_queued_message_reaches_a_real_smtp_server_as_text_and_html(
        app, runner, db_session, person, smtp_server):
    app.config.update(smtp_server.config())
    queue(app, db_session, person)
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert "1 message(s) sent" in result.output
    [message] = smtp_server.messages
    assert message["To"] == "amina@example.org"
    assert message["Subject"] == "Reset your policycycle password"
    assert message.get_content_type() == "multipart/alternative"
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Hello Amina Diallo," in plain
    assert "http://127.0.0.1:5000/password/reset/tok0" in plain
    assert 'href="http://127.0.0.1:5000/password/reset/tok0"' in html
    [row] = rows(db_session)
    assert row.status == "sent" and row.sent_at is not None and row.attempts == 1


def test_with_the_server_down_mail_stays_queued_and_is_sent_once_when_it_is_back(
        app, runner, db_session, person, smtp_server):
    app.config.update(smtp_server.config())
    queue(app, db_session, person, n=3)
    smtp_server.stop()
    down = runner.invoke(args=["mail", "send"])
    assert "0 message(s) sent" in down.output
    assert down.exit_code == 2
    assert [r.status for r in rows(db_session)] == ["queued"] * 3
    assert all(r.attempts == 0 for r in rows(db_session))
    smtp_server.start()
    assert "3 message(s) sent" in runner.invoke(args=["mail", "send"]).output
    assert "0 message(s) sent" in runner.invoke(args=["mail", "send"]).output
    assert len(smtp_server.messages) == 3
    assert sorted(m["Message-ID"] for m in smtp_server.messages) == sorted(
        {m["Message-ID"] for m in smtp_server.messages})
    assert [r.status for r in rows(db_session)] == ["sent"] * 3


class RefusingTransport:
    def __init__(self):
        self.sent = []

    def send(self, message):
        if "refuse" in message["To"]:
            raise ValueError("550 mailbox unavailable")
        self.sent.append(message)

    def close(self):
        pass


def test_a_refused_message_is_retried_with_growing_delays_and_shown_to_administrators(
        app, db_session, session_factory, make_user, person, client, auth, fresh):
    refused = make_user("Refused Person", "refuse@example.org")
    queue(app, db_session, refused)
    queue(app, db_session, person)
    transport = RefusingTransport()
    now = utcnow() + timedelta(seconds=1)
    report = outbox.deliver_due(session_factory, transport, sender="x <x@example.org>",
                                clock=lambda: now)
    assert (report.sent, report.failed) == (1, 1)
    failing = next(r for r in rows(db_session) if r.to_address == "refuse@example.org")
    assert failing.status == "queued" and failing.attempts == 1
    assert "550 mailbox unavailable" in failing.last_error
    assert failing.next_attempt_at == now + timedelta(minutes=1)
    # Not due yet: a second pass at the same moment leaves it alone.
    assert outbox.deliver_due(session_factory, transport, sender="x@example.org",
                              clock=lambda: now).failed == 0
    assert outbox.retry_delay(2) == 2 * outbox.retry_delay(1)
    assert outbox.retry_delay(50) == outbox.LONGEST_WAIT
    failing.attempts = outbox.MAX_ATTEMPTS - 1
    failing.next_attempt_at = utcnow()
    db_session.flush()
    outbox.deliver_due(session_factory, transport, sender="x@example.org")
    assert rows(db_session)[0].status == "failed"

    admin = make_user("Admin Person", "admin@example.org", admin=True)
    db_session.flush()
    auth.login(admin)
    page = client.get("/admin/mail")
    assert page.status_code == 200
    assert "refuse@example.org" in text(page)
    assert "550 mailbox unavailable" in text(page)


def test_without_a_mail_server_messages_become_eml_files_listed_for_administrators(
        app, runner, db_session, person, make_user, client, auth, tmp_path):
    queue(app, db_session, person, n=2)
    result = runner.invoke(args=["mail", "send"])
    assert "2 message(s) sent" in result.output
    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 2
    assert b"Reset your policycycle password" in files[0].read_bytes()
    admin = make_user("Admin Person", "admin@example.org", admin=True)
    db_session.flush()
    auth.login(admin)
    page = client.get("/admin/mail")
    assert files[0].name in page.get_data(as_text=True)
    download = client.get(f"/admin/mail/files/{files[0].name}")
    assert download.status_code == 200
    assert b"Subject: Reset your policycycle password" in download.data
    assert client.get("/admin/mail/files/..%2Fsecret_key").status_code == 404


def test_the_mail_page_is_for_administrators_only(client, auth, person):
    auth.login(person)
    assert client.get("/admin/mail").status_code == 403
