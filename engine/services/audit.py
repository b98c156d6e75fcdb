"""Append-only audit events, hash-chained per process so tampering is detectable."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session

from engine.db import utcnow
from engine.models import AuditEvent, AuditHead, Process, User
from engine.services import effects

GENESIS = "0" * 64


def chain_for(process_id: int | None) -> str:
    return f"process:{process_id}" if process_id is not None else "site"


def event_digest(
    prev_hash: str,
    *,
    chain: str,
    seq: int,
    process_id: int | None,
    at: datetime,
    actor_id: int | None,
    actor_email: str | None,
    kind: str,
    stage: str | None,
    subject_type: str | None,
    subject_id: int | None,
    summary: str,
    data: dict[str, Any],
) -> str:
    """Hash of every column of an event (but its row id and its own hash), chained.

    Ids are in it, so pointing an event at another actor or subject breaks the
    chain; a process restored from an archive gets new ids and is re-sealed.
    """
    payload = json.dumps(
        {
            "chain": chain,
            "seq": seq,
            "process_id": process_id,
            "at": at.isoformat(timespec="microseconds"),
            "actor_id": actor_id,
            "actor": actor_email,
            "kind": kind,
            "stage": stage,
            "subject_type": subject_type,
            "subject_id": subject_id,
            "summary": summary,
            "data": data,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256((prev_hash + payload).encode()).hexdigest()


def digest_of(event: AuditEvent, prev_hash: str | None = None) -> str:
    """The digest an event's current columns give (after ``prev_hash``, default its own)."""
    return event_digest(
        event.prev_hash if prev_hash is None else prev_hash,
        chain=event.chain, seq=event.seq, process_id=event.process_id, at=event.at,
        actor_id=event.actor_id, actor_email=event.actor_email, kind=event.kind,
        stage=event.stage, subject_type=event.subject_type, subject_id=event.subject_id,
        summary=event.summary, data=event.data,
    )


# Built once: every change runs it.
_HEAD = select(AuditHead).where(AuditHead.chain == bindparam("chain")).with_for_update()


def record(
    session: Session,
    actor: User | None,
    kind: str,
    summary: str,
    *,
    process: Process | None = None,
    stage: str | None = None,
    subject: Any = None,
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Append one event to the process's chain (or the site chain).

    Every change passes through here, so this is also where side effects hang:
    the event goes on to ``effects.dispatch`` (in-transaction handlers now,
    after-commit handlers once the transaction commits).
    """
    process_id = process.id if process is not None else None
    chain = chain_for(process_id)
    head = session.execute(_HEAD, {"chain": chain}).scalar_one_or_none()
    if head is None:
        head = AuditHead(chain=chain, seq=0, hash=GENESIS)
        session.add(head)
    clean = json.loads(json.dumps(data or {}, default=str))
    at = at or utcnow()
    seq = head.seq + 1
    actor_email = actor.email if actor is not None else None
    if stage is None and process is not None:
        stage = process.state
    event = AuditEvent(
        chain=chain,
        seq=seq,
        process_id=process_id,
        at=at,
        actor_id=actor.id if actor is not None else None,
        actor_email=actor_email,
        kind=kind,
        stage=stage,
        subject_type=type(subject).__name__ if subject is not None else None,
        subject_id=getattr(subject, "id", None),
        summary=summary,
        data=clean,
        prev_hash=head.hash,
        hash="",
    )
    digest = event.hash = digest_of(event)
    head.seq = seq
    head.hash = digest
    session.add(event)
    session.flush()
    effects.dispatch(session, event)
    return event


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    message: str

    def __str__(self) -> str:
        return f"event {self.seq}: {self.message}"


def verify(session: Session, process_id: int | None) -> list[ChainProblem]:
    """Recompute the chain; return every break (edited, removed or reordered events)."""
    chain = chain_for(process_id)
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.chain == chain).order_by(AuditEvent.seq)
    ).all()
    problems: list[ChainProblem] = []
    prev = GENESIS
    expected_seq = 1
    for event in events:
        if event.seq != expected_seq:
            problems.append(ChainProblem(event.seq, f"expected sequence {expected_seq}"))
        if event.prev_hash != prev:
            problems.append(ChainProblem(event.seq, "does not follow the previous event"))
        if digest_of(event) != event.hash:
            problems.append(ChainProblem(event.seq, "content was changed after it was written"))
        prev = event.hash
        expected_seq = event.seq + 1
    head = session.get(AuditHead, chain)
    if head is not None and events and (head.seq != events[-1].seq or head.hash != events[-1].hash):
        problems.append(ChainProblem(head.seq, "the last events are missing"))
    return problems


def seal_chain(session: Session, process_id: int | None) -> tuple[int, str | None]:
    """Recompute every hash of a chain from its current content; return (events, old head).

    It vouches for whatever the rows hold now: only for a migration to a new
    digest (``reseal``) and for a process restored with new ids (archive load).
    """
    chain = chain_for(process_id)
    head = session.execute(_HEAD, {"chain": chain}).scalar_one_or_none()
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.chain == chain).order_by(AuditEvent.seq)
    ).all()
    previous_head = head.hash if head is not None else None
    prev = GENESIS
    for event in events:
        event.prev_hash = prev
        event.hash = prev = digest_of(event, prev)
    if head is None:
        head = AuditHead(chain=chain, seq=0, hash=GENESIS)
        session.add(head)
    if events:
        head.seq = events[-1].seq
    head.hash = prev
    session.flush()
    return len(events), previous_head


def reseal(session: Session, process_id: int | None, actor: User | None = None,
           *, reason: str = "digest upgraded") -> int:
    """Re-seal a chain (see ``seal_chain``) and record that it was done, in that chain."""
    count, previous_head = seal_chain(session, process_id)
    process = session.get(Process, process_id) if process_id is not None else None
    record(session, actor, "audit.resealed", f"Audit chain re-sealed ({reason})",
           process=process, data={"events": count, "previous_head": previous_head,
                                  "reason": reason})
    return count


def chains(session: Session) -> list[int | None]:
    """The process id of every chain (None: the site chain)."""
    found = []
    for chain in session.scalars(select(AuditHead.chain).order_by(AuditHead.chain)):
        found.append(None if chain == "site" else int(chain.split(":", 1)[1]))
    return found


def anchors(session: Session) -> list[tuple[str, int, str]]:
    """The head of every chain: (chain, seq, hash), to keep outside the database."""
    return [(h.chain, h.seq, h.hash)
            for h in session.scalars(select(AuditHead).order_by(AuditHead.chain))]


def parse_anchors(text: str) -> dict[str, tuple[int, str]]:
    """Read what ``anchors`` printed: one ``chain seq hash`` line per chain (# comments)."""
    found: dict[str, tuple[int, str]] = {}
    for line in text.splitlines():
        parts = line.split("#", 1)[0].split()
        if len(parts) != 3 or not parts[1].isdigit():
            continue
        found[parts[0]] = (int(parts[1]), parts[2].lower())
    return found


def check_anchor(session: Session, process_id: int | None, seq: int,
                 digest: str) -> list[ChainProblem]:
    """Whether the chain still holds the event an anchor saw (a rewritten chain does not)."""
    event = session.scalars(select(AuditEvent).where(
        AuditEvent.chain == chain_for(process_id), AuditEvent.seq == seq)).first()
    if event is None:
        return [ChainProblem(seq, "the anchored event is missing")]
    if event.hash != digest:
        return [ChainProblem(seq, "does not match the saved anchor: the chain was rewritten")]
    return []


def _history_query(
    process: Process, stage: str | None, actor_id: int | None, kind: str | None
) -> Select[tuple[AuditEvent]]:
    query = select(AuditEvent).where(AuditEvent.chain == chain_for(process.id))
    if stage:
        query = query.where(AuditEvent.stage == stage)
    if actor_id:
        query = query.where(AuditEvent.actor_id == actor_id)
    if kind:
        query = query.where(AuditEvent.kind.startswith(kind))
    return query


def history(
    session: Session,
    process: Process,
    *,
    stage: str | None = None,
    actor_id: int | None = None,
    kind: str | None = None,
    limit: int | None = None,
    newest_first: bool = False,
    offset: int = 0,
) -> list[AuditEvent]:
    """The process's events, oldest first unless asked otherwise, optionally filtered."""
    query = _history_query(process, stage, actor_id, kind)
    query = query.order_by(AuditEvent.seq.desc() if newest_first else AuditEvent.seq)
    if offset:
        query = query.offset(offset)
    if limit:
        query = query.limit(limit)
    return list(session.scalars(query))


def count_history(
    session: Session,
    process: Process,
    *,
    stage: str | None = None,
    actor_id: int | None = None,
    kind: str | None = None,
) -> int:
    """How many events ``history`` would list with the same filters."""
    query = _history_query(process, stage, actor_id, kind)
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0
