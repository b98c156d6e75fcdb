"""Reading a process's audit log one page at a time, with the filters people use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.models import AuditEvent, Process, User
from engine.services.audit import chain_for

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first(self) -> int:
        """The position (from 1) of the page's first item; 0 on an empty list."""
        return (self.page - 1) * self.per_page + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.total, self.page * self.per_page)


def _filtered(process: Process, stage: str | None, actor_id: int | None, kind: str | None):  # noqa: ANN202
    query = select(AuditEvent).where(AuditEvent.chain == chain_for(process.id))
    if stage:
        query = query.where(AuditEvent.stage == stage)
    if actor_id:
        query = query.where(AuditEvent.actor_id == actor_id)
    if kind:
        # A family ("member") or one exact kind ("member.added").
        query = query.where(
            (AuditEvent.kind == kind) | AuditEvent.kind.startswith(kind + ".", autoescape=True)
        )
    return query


def history_page(
    session: Session,
    process: Process,
    *,
    stage: str | None = None,
    actor_id: int | None = None,
    kind: str | None = None,
    page: int = 1,
    per_page: int = 25,
) -> Page[AuditEvent]:
    """One page of the process's events, newest first."""
    per_page = max(1, min(int(per_page), 200))
    query = _filtered(process, stage, actor_id, kind)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, int(page)), pages)
    items = list(
        session.scalars(
            query.order_by(AuditEvent.seq.desc()).offset((page - 1) * per_page).limit(per_page)
        )
    )
    return Page(items, page, per_page, total)


def process_exists(session: Session, process_id: int) -> bool:
    """Whether a process with this id exists (its audit chain can be checked)."""
    return session.get(Process, process_id) is not None


def event_people(session: Session, process: Process) -> list[User]:
    """Everyone who appears as the author of an event of the process, by name."""
    ids = select(AuditEvent.actor_id).where(
        AuditEvent.chain == chain_for(process.id), AuditEvent.actor_id.is_not(None)
    )
    return list(session.scalars(select(User).where(User.id.in_(ids)).order_by(User.name)))


def event_families(session: Session, process: Process) -> list[str]:
    """The families of event kinds present ("member", "transition", ...), sorted."""
    kinds = session.scalars(
        select(AuditEvent.kind).where(AuditEvent.chain == chain_for(process.id)).distinct()
    )
    return sorted({kind.split(".", 1)[0] for kind in kinds})
