"""Several `mail send` processes at once share the outbox: each message goes out once."""

from __future__ import annotations

import threading
import uuid

import pytest
from sqlalchemy import delete, select

from engine.db import make_session_factory
from engine.models import OutgoingMail
from engine.services import outbox

pytestmark = pytest.mark.postgres


class Recording:
    """A transport that keeps what it was handed (shared by the senders)."""

    def __init__(self, sent: list[str], lock: threading.Lock, started: threading.Barrier):
        self.sent, self.lock, self.started = sent, lock, started
        self.first = True

    def send(self, message):
        if self.first:
            self.first = False
            self.started.wait()  # both senders hold a row before either commits
        with self.lock:
            self.sent.append(str(message["Message-ID"]))

    def close(self):
        pass


def test_two_senders_on_postgresql_deliver_every_message_exactly_once(db_engine, is_postgres):
    if not is_postgres:
        pytest.skip("FOR UPDATE SKIP LOCKED is what lets senders share the queue on PostgreSQL")
    factory = make_session_factory(db_engine)
    tag = uuid.uuid4().hex[:8]
    previous = outbox.use_renderer(lambda key, context, locale: outbox.RenderedMail(
        f"Subject {context['n']}", "text", "<p>html</p>"))
    try:
        with factory() as session:
            for n in range(12):
                outbox.queue_mail(session, f"r{n}-{tag}@example.org", "test", {"n": n})
            session.commit()
        sent: list[str] = []
        lock = threading.Lock()
        started = threading.Barrier(2, timeout=30)
        reports = []

        def sender() -> None:
            reports.append(outbox.deliver_due(factory, Recording(sent, lock, started),
                                              sender="x <x@example.org>"))

        threads = [threading.Thread(target=sender) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert len(sent) == len(set(sent)) == 12
        assert all(r.sent >= 1 for r in reports)  # both took part
        with factory() as session:
            rows = session.scalars(select(OutgoingMail).where(
                OutgoingMail.to_address.like(f"%-{tag}@example.org"))).all()
            assert [r.status for r in rows] == ["sent"] * 12
    finally:
        outbox.use_renderer(previous)
        with factory() as session:
            session.execute(delete(OutgoingMail).where(
                OutgoingMail.to_address.like(f"%-{tag}@example.org")))
            session.commit()
