"""A thin layer over the services for telling one process's story day by day.

Every change goes through ``engine.services``, so permissions are checked and
the audit log is written as if people had used the site; the clock sets when.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.catalog import Catalog
from engine.demo.cast import COUNTRY, Cast
from engine.demo.clock import DemoClock
from engine.demo.documents import docx
from engine.models import (
    Comment,
    Consultation,
    ConsultationInput,
    Deliverable,
    DeliverableVersion,
    Meeting,
    Process,
    Section,
)
from engine.services import (
    consultations,
    deliverables,
    meetings,
    members,
    processes,
    transitions,
)
from engine.services.document import comments, sections, translations

# How a deliverable reaches a status from draft (the allowed flow).
_PATHS = {
    "draft": [],
    "submitted": ["submitted"],
    "accepted": ["submitted", "accepted"],
    "returned": ["submitted", "returned"],
}


@dataclass
class Story:
    session: Session
    catalog: Catalog
    cast: Cast
    clock: DemoClock
    process: Process | None = None
    _sections: dict[str, Section] = field(default_factory=dict)

    # ------------------------------------------------------------ time

    def day(self, day: int, at: str = "10:00") -> Story:
        self.clock.day(day, at)
        return self

    def date(self, day: int) -> date:
        return self.clock.date(day)

    # ------------------------------------------------------------ process and members

    def start(self, person: str, *, title: str, workflow: str, institution: str) -> Process:
        self.process = processes.start_process(
            self.session, self.cast[person], self.catalog, title=title, workflow=workflow,
            country=COUNTRY, requesting_institution_id=self.cast.inst(institution).id,
            start_date=self.clock.origin,
        )
        return self.process

    @property
    def p(self) -> Process:
        assert self.process is not None, "start the process first"
        return self.process

    @property
    def lead(self) -> str:
        lead = self.p.lead
        assert lead is not None
        return next(k for k, u in self.cast.people.items() if u.id == lead.user_id)

    def join(self, person: str, institution: str, role: str = "core") -> None:
        members.add_member(self.session, self.cast[self.lead], self.p,
                           email=self.cast[person].email,
                           institution_id=self.cast.inst(institution).id, role=role)

    def leave(self, person: str, reason: str) -> None:
        user = self.cast[person]
        membership = next(m for m in self.p.active_memberships if m.user_id == user.id)
        members.end_membership(self.session, self.cast[self.lead], self.p, membership.id, reason)

    def hand_lead_to(self, person: str, note: str) -> None:
        user = self.cast[person]
        membership = next(m for m in self.p.active_memberships if m.user_id == user.id)
        members.hand_over_lead(self.session, self.cast[self.lead], self.p, membership.id, note)

    def sign_off(self, person: str, institution: str) -> None:
        members.sign_off(self.session, self.cast[person], self.p, self.cast.inst(institution).id)

    def fire(self, trigger: str, note: str | None = None) -> None:
        """Fire a trigger as the lead; the story meets the gate itself (never overridden)."""
        transitions.fire(self.session, self.cast[self.lead], self.p, trigger, note=note,
                         today=self.clock.today)

    # ------------------------------------------------------------ deliverables

    def deliverable(self, person: str, *, stage: str, kind: str, title: str | None = None,
                    owner: str | None = None, due: int | None = None) -> Deliverable:
        return deliverables.create_deliverable(
            self.session, self.cast[person], self.p, stage=stage, kind=kind, title=title,
            owner_email=self.cast[owner].email if owner else None,
            due_on=self.date(due) if due is not None else None,
        )

    def move(self, person: str, item: Deliverable, status: str) -> Deliverable:
        return deliverables.update_deliverable(self.session, self.cast[person], item,
                                               status=status)

    def reassign(self, person: str, item: Deliverable, owner: str, *,
                 due: int | None = None) -> Deliverable:
        changes: dict[str, Any] = {"owner_email": self.cast[owner].email}
        if due is not None:
            changes["due_on"] = self.date(due)
        return deliverables.update_deliverable(self.session, self.cast[person], item, **changes)

    def deliverable_to(self, item: Deliverable, status: str, *, by: str) -> Deliverable:
        """Walk a fresh deliverable along the flow to ``status`` in one sitting."""
        for step in _PATHS[status]:
            self.move(by, item, step)
        return item

    def upload(self, person: str, item: Deliverable, filename: str, title: str,
               paragraphs: list[str], note: str | None = None) -> DeliverableVersion:
        """Submit a version of the deliverable as a Word file written there and then."""
        data = docx(title, paragraphs, author=self.cast[person].name, when=self.clock())
        return deliverables.add_version(self.session, self.cast[person], item, data=data,
                                        filename=filename, note=note)

    def link(self, person: str, item: Deliverable, keys: list[str],
             note: str | None = None) -> DeliverableVersion:
        """Submit a version of the deliverable made of sections of the document."""
        links = [{"kind": "section", "id": self.section(key).id} for key in keys]
        return deliverables.add_version(self.session, self.cast[person], item, links=links,
                                        note=note)

    def decide(self, person: str, version: DeliverableVersion, decision: str,
               note: str | None = None) -> DeliverableVersion:
        return deliverables.decide_version(self.session, self.cast[person], version,
                                           decision=decision, note=note)

    # ------------------------------------------------------------ meetings

    def meeting(self, person: str, *, stage: str, title: str, held_on: int, place: str = "",
                online: bool = False, agenda: str = "", minutes: str = "",
                attendance: dict[str, str] | None = None, decisions: list[str] | None = None,
                actions: list[tuple[str, str | None, int | None, str]] | None = None) -> Meeting:
        """Record a core-group meeting; ``actions``: (title, owner, due day, status)."""
        return meetings.create_meeting(
            self.session, self.cast[person], self.p, stage=stage, title=title,
            held_on=self.date(held_on), place=place, online=online, agenda=agenda,
            minutes=minutes,
            attendance=[{"email": self.cast[who].email, "status": status}
                        for who, status in (attendance or {}).items()],
            decisions=[{"text": text} for text in decisions or []],
            action_points=[{"title": text, "owner_email": self.cast[owner].email if owner else None,
                            "due_on": self.date(due) if due is not None else None,
                            "status": status} for text, owner, due, status in actions or []],
        )

    # ------------------------------------------------------------ consultations

    def consultation(self, person: str, *, stage: str, method: str, title: str, held_on: int,
                     groups: list[str], summary: str) -> Consultation:
        return consultations.create_consultation(
            self.session, self.cast[person], self.p, stage=stage, method=method, title=title,
            held_on=self.date(held_on), groups=groups, summary=summary,
        )

    def input(self, person: str, consultation: Consultation, source: str,
              text: str) -> ConsultationInput:
        return consultations.add_input(self.session, self.cast[person], consultation,
                                       source=source, text=text)

    def dispose(self, person: str, item: ConsultationInput, disposition: str, reason: str,
                section: str | None = None) -> ConsultationInput:
        return consultations.set_disposition(
            self.session, self.cast[person], item, disposition=disposition, reason=reason,
            section_id=self.section(section).id if section else None,
        )

    # ------------------------------------------------------------ the document

    def section(self, key: str) -> Section:
        if key not in self._sections:
            self._sections[key] = self.session.scalars(
                select(Section).where(Section.process_id == self.p.id, Section.key == key)
            ).one()
        return self._sections[key]

    def write(self, person: str, key: str, body: str, note: str | None = None) -> Section:
        section = self.section(key)
        sections.save_body(self.session, self.cast[person], section, body=body,
                           base_revision=section.revision, note=note)
        return section

    def translate(self, person: str, key: str, language: str, body: str,
                  title: str | None = None) -> Section:
        """Save a second-language version of a section (of its current main text)."""
        section = self.section(key)
        existing = translations.get_translation(self.session, section, language)
        translations.save_translation(self.session, self.cast[person], section, language,
                                      body=body, title=title,
                                      base_revision=existing.revision if existing else 0)
        return section

    def status(self, person: str, key: str, status: str) -> Section:
        return sections.update_section(self.session, self.cast[person], self.section(key),
                                       status=status)

    def comment(self, person: str, key: str, body: str, **options: Any) -> Comment:
        return comments.add_comment(self.session, self.cast[person], self.section(key),
                                    body=body, **options)

    def reply(self, person: str, comment: Comment, body: str) -> Comment:
        return comments.reply(self.session, self.cast[person], comment, body=body)

    def resolve(self, person: str, comment: Comment) -> Comment:
        return comments.resolve(self.session, self.cast[person], comment)
