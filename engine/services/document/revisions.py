"""The revisions of a section: every text it ever had, numbered from 1.

The bottom of the document services: reading revisions needs nothing but the
models, so sections, comments and suggestions all build on it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.errors import InvalidInput, NotFound
from engine.i18n import msg
from engine.models import Process, Revision, Section


def revision_body(session: Session, section: Section, number: int) -> str:
    """The text of revision ``number`` of the section ("" for revision 0, before any save)."""
    if number == 0:
        return ""
    body = session.scalar(
        select(Revision.body).where(Revision.section_id == section.id, Revision.number == number)
    )
    if body is None:
        raise InvalidInput(msg("Unknown base revision."), {"base_revision": msg("not found")})
    return body


def revisions(session: Session, section: Section) -> list[Revision]:
    return list(session.scalars(
        select(Revision).where(Revision.section_id == section.id).order_by(Revision.number)
    ))


def revision(session: Session, section: Section, number: Any) -> Revision:
    try:
        n = int(number)
    except (TypeError, ValueError):
        raise NotFound(msg("No such revision.")) from None
    found = session.scalar(
        select(Revision).where(Revision.section_id == section.id, Revision.number == n)
    )
    if found is None:
        raise NotFound(msg("No such revision."))
    return found


def revision_count(session: Session, process: Process) -> int:
    return session.scalar(
        select(func.count(Revision.id)).join(Section).where(Section.process_id == process.id)
    ) or 0


def body_as_of(session: Session, section: Section, when: datetime) -> str:
    """The section's text as it stood at ``when``: its latest revision made at or before it."""
    body = session.scalar(
        select(Revision.body).where(Revision.section_id == section.id, Revision.created_at <= when)
        .order_by(Revision.number.desc()).limit(1)
    )
    return body or ""


def bodies_as_of(session: Session, section_ids: list[int], when: datetime) -> dict[int, str]:
    """``body_as_of`` for many sections in one statement: section id -> text ("" if none)."""
    if not section_ids:
        return {}
    latest = (
        select(Revision.section_id, func.max(Revision.number).label("number"))
        .where(Revision.section_id.in_(section_ids), Revision.created_at <= when)
        .group_by(Revision.section_id)
        .subquery()
    )
    rows = session.execute(
        select(Revision.section_id, Revision.body).join(
            latest, (latest.c.section_id == Revision.section_id)
            & (latest.c.number == Revision.number))
    ).all()
    found = {section_id: body or "" for section_id, body in rows}
    return {sid: found.get(sid, "") for sid in section_ids}
