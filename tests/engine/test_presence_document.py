"""Presence (who is editing now) and awareness (what changed since my last visit)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from engine.db import utcnow
from engine.errors import PermissionDenied
from engine.models import Presence
from engine.services import awareness, presence
from engine.services.document import comments as comment_service
from engine.services.document import sections, suggestions


@pytest.fixture
def doc(db_session, make_process, add_member):
    process = make_process()
    lead = process.lead.user
    core = add_member(process, "core").user
    expert = add_member(process, "expert").user
    first = sections.create_section(db_session, lead, process, title="One", body="Alpha.\n")
    second = sections.create_section(db_session, lead, process, title="Two", body="Beta.\n")
    return process, lead, core, expert, first, second


def test_heartbeats_upsert_and_expire(db_session, doc):
    process, lead, core, _, first, second = doc
    now = utcnow()
    presence.heartbeat(db_session, core, first, now=now - timedelta(seconds=30))
    presence.heartbeat(db_session, core, first, now=now)
    presence.heartbeat(db_session, lead, second, now=now - timedelta(seconds=50))
    rows = db_session.scalar(select(func.count(Presence.id)).where(Presence.process_id == process.id))
    assert rows == 2
    assert [e.name for e in presence.editors(db_session, first, ttl=45, now=now)] == [core.name]
    assert presence.editors(db_session, second, ttl=45, now=now) == []  # 50 s ago: gone
    assert [e.name for e in presence.editors(db_session, second, ttl=60, now=now)] == [lead.name]
    by_section = presence.process_editors(db_session, process, ttl=45, now=now)
    assert list(by_section) == [first.id]
    presence.leave(db_session, core, first)
    assert presence.editors(db_session, first, ttl=45, now=now) == []


def test_only_editors_send_heartbeats(db_session, doc):
    *_, expert, first, _ = doc
    with pytest.raises(PermissionDenied):
        presence.heartbeat(db_session, expert, first)


def test_deleted_sections_show_nobody(db_session, doc):
    _, lead, core, _, first, _ = doc
    presence.heartbeat(db_session, core, first)
    sections.delete_section(db_session, lead, first)
    assert presence.editors(db_session, first) == []


def test_old_rows_are_purged(db_session, doc):
    process, lead, core, _, first, second = doc
    presence.heartbeat(db_session, core, first, now=utcnow() - timedelta(days=3))
    presence.heartbeat(db_session, lead, second)
    assert db_session.scalar(select(func.count(Presence.id))
                             .where(Presence.process_id == process.id)) == 1


def test_visits_span_a_working_session(db_session, doc):
    process, lead, *_ = doc
    t0 = utcnow() - timedelta(days=2)
    visit = awareness.record_visit(db_session, lead, process, now=t0)
    assert visit.previous_seen_at is None
    awareness.record_visit(db_session, lead, process, now=t0 + timedelta(minutes=10))
    assert visit.previous_seen_at is None  # same visit
    awareness.record_visit(db_session, lead, process, now=t0 + timedelta(days=1))
    assert visit.previous_seen_at == t0 + timedelta(minutes=10)
    awareness.record_visit(db_session, lead, process, now=t0 + timedelta(days=1, minutes=5))
    assert visit.previous_seen_at == t0 + timedelta(minutes=10)


def test_changes_since_the_last_visit(db_session, doc):
    process, lead, core, expert, first, second = doc
    since = utcnow()
    sections.save_body(db_session, core, first, body="Alpha, edited.\n", base_revision=1)
    sections.save_body(db_session, core, first, body="Alpha, edited twice.\n", base_revision=2)
    sections.save_body(db_session, lead, second, body="Beta, by me.\n", base_revision=1)
    comment_service.add_comment(db_session, expert, second, body="Hm.")
    suggestion = comment_service.add_comment(db_session, expert, first, body="Better:",
                                             quote="twice", suggestion="two times")
    suggestions.accept_suggestion(db_session, core, suggestion)
    news = awareness.changes_since(db_session, lead, process, since)
    assert [(n.title, n.edits) for n in news.edited] == [("One", 3)]  # my own edit is not news
    assert len(news.comments) == 2
    assert len(news.accepted) == 1
    assert news.changed_section_ids == {first.id, second.id}
    assert not news.empty
    assert awareness.changes_since(db_session, lead, process, None).empty
    assert awareness.changes_since(db_session, core, process, utcnow()).empty
