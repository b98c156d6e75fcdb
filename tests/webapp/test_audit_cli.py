"""The audit chain binds every column; anchors kept outside catch a rewritten chain (F4)."""

from __future__ import annotations

from sqlalchemy import select, update

from engine.models import AuditEvent
from engine.services import audit


def events_of(db_session, process):
    return db_session.scalars(select(AuditEvent).where(
        AuditEvent.chain == audit.chain_for(process.id)).order_by(AuditEvent.seq)).all()


def test_pointing_an_event_at_another_actor_breaks_the_chain(
        runner, db_session, make_process, add_member, make_user):
    process = make_process()
    add_member(process, "core")
    intruder = make_user("Someone Else")
    db_session.flush()
    assert runner.invoke(args=["audit", "verify", str(process.id)]).exit_code == 0
    first = events_of(db_session, process)[0]
    db_session.execute(update(AuditEvent).where(AuditEvent.id == first.id)
                       .values(actor_id=intruder.id))
    result = runner.invoke(args=["audit", "verify", str(process.id)])
    assert result.exit_code == 1
    assert "content was changed" in result.output


def test_pointing_an_event_at_another_subject_breaks_the_chain(db_session, make_process,
                                                                 add_member):
    process = make_process()
    add_member(process, "core")
    event = events_of(db_session, process)[-1]
    db_session.execute(update(AuditEvent).where(AuditEvent.id == event.id)
                       .values(subject_id=(event.subject_id or 0) + 1000))
    db_session.expire_all()
    assert audit.verify(db_session, process.id)


def test_a_rewritten_chain_passes_verify_but_not_the_saved_anchor(
        runner, db_session, make_process, add_member, tmp_path):
    process = make_process()
    add_member(process, "core")
    anchor = tmp_path / "anchors.txt"
    printed = runner.invoke(args=["audit", "anchor"])
    assert printed.exit_code == 0
    head = next(line for line in printed.output.splitlines()
                if line.startswith(f"process:{process.id} "))
    assert len(head.split()[2]) == 64
    anchor.write_text(printed.output)
    ok = runner.invoke(args=["audit", "verify", str(process.id), "--anchor", str(anchor)])
    assert ok.exit_code == 0 and "matches the anchor" in ok.output
    # Someone with database access edits an event and recomputes every digest after it.
    first = events_of(db_session, process)[0]
    db_session.execute(update(AuditEvent).where(AuditEvent.id == first.id)
                       .values(summary="Nothing happened"))
    db_session.expire_all()
    audit.seal_chain(db_session, process.id)
    db_session.flush()
    assert runner.invoke(args=["audit", "verify", str(process.id)]).exit_code == 0
    caught = runner.invoke(args=["audit", "verify", str(process.id), "--anchor", str(anchor)])
    assert caught.exit_code == 1
    assert "anchor" in caught.output


def test_the_chain_keeps_growing_past_its_anchor(runner, db_session, make_process, add_member,
                                                 tmp_path):
    process = make_process()
    anchor = tmp_path / "anchors.txt"
    anchor.write_text(runner.invoke(args=["audit", "anchor"]).output)
    add_member(process, "core")
    db_session.flush()
    result = runner.invoke(args=["audit", "verify", str(process.id), "--anchor", str(anchor)])
    assert result.exit_code == 0, result.output


def test_reseal_migrates_chains_sealed_with_an_older_digest_and_says_so(
        runner, db_session, make_process, add_member):
    process = make_process()
    add_member(process, "core")
    db_session.flush()
    # Chains written by an older version: digests that the current one does not reproduce.
    for event in events_of(db_session, process):
        event.hash = "0" * 63 + "1"
    db_session.flush()
    assert runner.invoke(args=["audit", "verify", str(process.id)]).exit_code == 1
    result = runner.invoke(args=["audit", "reseal", str(process.id)])
    assert result.exit_code == 0, result.output
    assert f"process {process.id}:" in result.output
    db_session.expire_all()
    assert runner.invoke(args=["audit", "verify", str(process.id)]).exit_code == 0
    last = events_of(db_session, process)[-1]
    assert last.kind == "audit.resealed"
    assert last.data["events"] >= 2
