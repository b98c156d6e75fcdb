"""A redline export: what changed in the document since a date or a stage
transition, as Word tracked changes attributed to each revision's author."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.errors import InvalidInput
from engine.export import ExportDocument, TemplateInfo, render_docx
from engine.export.redline import SectionHistory
from engine.models import Process, Revision, Section, TransitionRecord


def since_point(session: Session, process: Process, value: str) -> datetime:
    """``transition:<id>`` (that transition's time) or an ISO 8601 date or date-time (UTC)."""
    value = (value or "").strip()
    if value.startswith("transition:"):
        try:
            record = session.get(TransitionRecord, int(value.split(":", 1)[1]))
        except ValueError:
            record = None
        if record is None or record.process_id != process.id:
            raise InvalidInput("No such transition of this process.",
                               {"changes_since": "unknown transition"})
        at = record.at
    else:
        try:
            at = datetime.fromisoformat(value) if "T" in value or " " in value else (
                datetime.combine(date.fromisoformat(value), time()))
        except ValueError:
            raise InvalidInput("changes_since must be an ISO 8601 date or date-time, or "
                               "transition:<id>.", {"changes_since": "not a date"}) from None
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def histories(session: Session, process: Process, since: datetime) -> dict[int, SectionHistory]:
    """Per section changed since ``since``: its body then and each revision after, in two queries."""
    later = session.execute(
        select(Revision.section_id, Revision.body, Revision.created_at, Revision.author_id)
        .join(Section).where(Section.process_id == process.id, Revision.created_at > since)
        .order_by(Revision.section_id, Revision.number)
    ).all()
    if not later:
        return {}
    changed = {row.section_id for row in later}
    last_before = (
        select(Revision.section_id, func.max(Revision.number).label("number"))
        .where(Revision.section_id.in_(changed), Revision.created_at <= since)
        .group_by(Revision.section_id).subquery()
    )
    bases = dict(session.execute(
        select(Revision.section_id, Revision.body).join(
            last_before, (Revision.section_id == last_before.c.section_id)
            & (Revision.number == last_before.c.number))
    ).all())
    from engine.models import User

    names = dict(session.execute(
        select(User.id, User.name).where(User.id.in_({r.author_id for r in later if r.author_id}))
    ).all())
    result: dict[int, SectionHistory] = {}
    for row in later:
        history = result.setdefault(row.section_id, SectionHistory(bases.get(row.section_id, "")))
        history.steps.append((names.get(row.author_id, "policycycle"), row.created_at, row.body))
    return result


def render_redline(session: Session, process: Process, document: ExportDocument,
                   info: TemplateInfo, changes_since: str, *, with_comments: bool) -> bytes:
    since = since_point(session, process, changes_since)
    found = histories(session, process, since)
    for section in [*document.front, *document.sections]:
        if section.id in found:
            section.history = found[section.id]
    return render_docx(document, info, with_comments=with_comments)
