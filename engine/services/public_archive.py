"""Public consultations in the process archive (``engine.archive``).

A consultation is dumped with the revisions it froze (by section ref and
revision number) and every submission, moderated or not. A loaded copy gets a
new public address: addresses are unique, and the copy is not the original's
page.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.archive import Refs, register_part
from engine.archive import iso as _iso
from engine.archive import user_email as _email
from engine.models import (
    Process,
    PublicConsultation,
    PublicSubmission,
    PublishedSection,
    Revision,
    User,
)
from engine.services.public_consultations import slug_for

Rows = list[dict[str, Any]]


def _user_id(session: Session, email: str | None) -> int | None:
    if not email:
        return None
    return session.scalar(select(User.id).where(User.email == email))


def dump(session: Session, process: Process, refs: Refs) -> Rows:
    rows = []
    for item in session.scalars(select(PublicConsultation).where(
            PublicConsultation.process_id == process.id).order_by(PublicConsultation.id)):
        numbers = dict(session.execute(
            select(Revision.id, Revision.number)
            .where(Revision.id.in_([s.revision_id for s in item.sections]))).all())
        submissions = session.scalars(select(PublicSubmission).where(
            PublicSubmission.public_consultation_id == item.id).order_by(PublicSubmission.id))
        rows.append({
            "id": item.id, "ref": refs.name("publicconsultation", item.id),
            "consultation": refs.name("consultation", item.consultation_id),
            "title": item.title, "opens_on": _iso(item.opens_on),
            "closes_on": _iso(item.closes_on),
            "created_by": _email(session, item.created_by_id),
            "created_at": _iso(item.created_at),
            "sections": [{"section": refs.name("section", s.section_id),
                          "revision": numbers[s.revision_id], "position": s.position,
                          "title": s.title} for s in item.sections],
            "submissions": [
                {"id": s.id, "ref": refs.name("publicsubmission", s.id), "name": s.name,
                 "organisation": s.organisation, "group": s.stakeholder_group,
                 "section": refs.name("section", s.section_id), "text": s.text,
                 "status": s.status, "rejection": s.rejection,
                 "input": refs.name("input", s.input_id),
                 "moderated_by": _email(session, s.moderated_by_id),
                 "moderated_at": _iso(s.moderated_at), "created_at": _iso(s.created_at)}
                for s in submissions],
        })
    return rows


def load(session: Session, process: Process, rows: Rows, refs: Refs) -> None:
    for row in rows:
        item = PublicConsultation(
            process_id=process.id, consultation_id=refs.id("consultation", row["consultation"]),
            slug=slug_for(row["title"]), title=row["title"],
            opens_on=date.fromisoformat(row["opens_on"]),
            closes_on=date.fromisoformat(row["closes_on"]),
            created_by_id=_user_id(session, row["created_by"]),
            created_at=datetime.fromisoformat(row["created_at"]))
        for given in row["sections"]:
            section_id = refs.id("section", given["section"])
            revision_id = session.scalar(select(Revision.id).where(
                Revision.section_id == section_id, Revision.number == given["revision"]))
            item.sections.append(PublishedSection(
                section_id=section_id, revision_id=revision_id, position=given["position"],
                title=given["title"]))
        session.add(item)
        session.flush()
        refs.bind("publicconsultation", row["ref"], item.id)
        for given in row["submissions"]:
            submission = PublicSubmission(
                public_consultation_id=item.id, name=given["name"],
                organisation=given["organisation"], stakeholder_group=given["group"],
                section_id=refs.id("section", given["section"]), text=given["text"],
                status=given["status"], rejection=given["rejection"],
                input_id=refs.id("input", given["input"]),
                moderated_by_id=_user_id(session, given["moderated_by"]),
                moderated_at=(datetime.fromisoformat(given["moderated_at"])
                              if given["moderated_at"] else None),
                created_at=datetime.fromisoformat(given["created_at"]))
            session.add(submission)
            session.flush()
            refs.bind("publicsubmission", given["ref"], submission.id)


register_part("public_consultations", dump, load)
