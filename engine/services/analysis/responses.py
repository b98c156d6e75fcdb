"""The table of responses: what stakeholders and experts said, what was decided, what it changed.

Each consultation input and each suggested wording on a section appears with
its disposition, the reason given and the section revision it led to, so the
core group can show that every contribution was considered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.models import Comment, Consultation, ConsultationInput, Process, Section, User
from engine.vocabulary import CONSULTATION_METHODS, DISPOSITIONS

# Labels of the decisions on suggested wording (comments with a suggestion).
SUGGESTION_DISPOSITIONS = {
    "pending": "Pending",
    "accepted": "Accepted",
    "applied": "Accepted",
    "declined": "Rejected",
    "rejected": "Rejected",
}


@dataclass(frozen=True)
class Response:
    """One contribution and what became of it."""

    kind: str  # "input" (a consultation input) or "suggestion" (suggested wording)
    stage_key: str | None
    origin: str  # the consultation (method, date), or the section commented on
    held_on: date | None
    source: str  # who said it
    said: str
    disposition: str | None  # accepted, partly, rejected, pending...; None while undecided
    disposition_label: str
    reason: str | None
    section_id: int | None
    section_title: str | None
    revision: int | None  # the section revision the decision produced or referred to
    decided_by: str | None
    decided_at: datetime | None

    @property
    def decided(self) -> bool:
        return self.disposition not in (None, "pending")


def list_responses(session: Session, process: Process) -> list[Response]:
    """Consultation inputs (by consultation date) then suggestions (oldest first)."""
    sections = {s.id: s for s in session.scalars(
        select(Section).where(Section.process_id == process.id))}
    rows: list[Response] = []
    inputs = session.execute(
        select(ConsultationInput, Consultation)
        .join(Consultation, Consultation.id == ConsultationInput.consultation_id)
        .where(Consultation.process_id == process.id)
        .order_by(Consultation.held_on, Consultation.id, ConsultationInput.id)
    ).all()
    for item, consultation in inputs:
        section = sections.get(item.section_id) if item.section_id else None
        method = CONSULTATION_METHODS.get(consultation.method, consultation.method)
        rows.append(Response(
            kind="input",
            stage_key=consultation.stage_key,
            origin=f"{consultation.title} ({method.lower()}"
                   + (f", {consultation.held_on.isoformat()})" if consultation.held_on else ")"),
            held_on=consultation.held_on,
            source=item.source,
            said=item.text,
            disposition=item.disposition,
            disposition_label=DISPOSITIONS.get(item.disposition or "", "Not decided yet"),
            reason=item.reason,
            section_id=section.id if section else None,
            section_title=section.title if section else None,
            revision=item.revision_number,
            decided_by=item.decided_by.name if item.decided_by else None,
            decided_at=item.decided_at,
        ))
    suggestions = session.scalars(
        select(Comment).where(Comment.process_id == process.id,
                              Comment.suggestion.is_not(None))
        .order_by(Comment.created_at, Comment.id)
    ).all()
    for comment in suggestions:
        section = sections.get(comment.section_id)
        decider = session.get(User, comment.decided_by_id) if comment.decided_by_id else None
        status = comment.suggestion_status
        said = comment.body
        if comment.quote:
            said += f"\nReplace “{comment.quote}” with “{comment.suggestion}”"
        else:
            said += f"\nSuggested: “{comment.suggestion}”"
        rows.append(Response(
            kind="suggestion",
            stage_key=section.stage_key if section else None,
            origin=f"Comment on “{section.title}”" if section else "Comment",
            held_on=comment.created_at.date() if comment.created_at else None,
            source=comment.author.name,
            said=said,
            disposition=status,
            disposition_label=SUGGESTION_DISPOSITIONS.get(status or "", status or "Pending"),
            reason=comment.decision_reason,
            section_id=section.id if section else None,
            section_title=section.title if section else None,
            revision=comment.applied_revision,
            decided_by=decider.name if decider else None,
            decided_at=None,
        ))
    return rows


def summary(rows: list[Response]) -> dict[str, Any]:
    """Counts for the page header: total, decided, and by disposition label."""
    by_label: dict[str, int] = {}
    for row in rows:
        by_label[row.disposition_label] = by_label.get(row.disposition_label, 0) + 1
    return {"total": len(rows), "decided": sum(1 for r in rows if r.decided),
            "by_label": by_label}
