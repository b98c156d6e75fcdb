"""Public consultations: a frozen revision of chosen sections on a page anyone may answer.

The lead publishes the sections as they stand (the revisions are stored, so
later edits do not change what the public read). Anyone may send input while
the consultation is open, without an account; submissions wait for moderation
and, once accepted, become inputs of the consultation behind the page, with
the usual disposition flow. After closing, the page publishes the "you said,
we did" table: each input, its disposition and the reason.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from engine.catalog import definition_of
from engine.db import utcnow
from engine.errors import Conflict, InvalidInput, NotFound
from engine.export.docx_render import render_docx
from engine.export.model import AnnexTable, ExportDocument, ExportSection
from engine.export.wording import long_date
from engine.i18n import msg, nmsg, render
from engine.models import (
    ConsultationInput,
    Process,
    PublicConsultation,
    PublicSubmission,
    PublishedSection,
    Revision,
    Section,
    User,
)
from engine.permissions import Action, authorize
from engine.services import audit, inputs, loading
from engine.services import consultations as consultation_service
from engine.vocabulary import DISPOSITIONS, MODERATION_DECISIONS, STAKEHOLDER_GROUPS

#: Longest text a member of the public may send in one submission (characters).
MAX_TEXT = 5000
MAX_SECTIONS = 50
_SLUG_BASE = 50


@dataclass
class PublicPage:
    """What the public page shows: nothing else of the process."""

    consultation: PublicConsultation
    phase: str  # upcoming, open, closed
    sections: list[tuple[int, str, str]]  # (section id, title, Markdown body)
    table: list[TableRow] = field(default_factory=list)


@dataclass
class TableRow:
    """One line of "you said, we did"."""

    organisation: str
    group: str | None
    section: str | None
    text: str
    disposition: str | None
    reason: str | None


def slug_for(title: str) -> str:
    """An address from the title and a random suffix: readable, not guessable."""
    letters = "".join(c for c in unicodedata.normalize("NFKD", title)
                      if not unicodedata.combining(c))
    base = re.sub(r"[^a-z0-9]+", "-", letters.lower()).strip("-")[:_SLUG_BASE].strip("-")
    return f"{base or 'consultation'}-{secrets.token_hex(5)}"


def phase(consultation: PublicConsultation, today: date) -> str:
    if today < consultation.opens_on:
        return "upcoming"
    if today > consultation.closes_on:
        return "closed"
    return "open"


def _section_ids(value: Any) -> list[int]:
    if not isinstance(value, list | tuple) or not value:
        raise InvalidInput(msg("Choose at least one section to publish."),
                           {"section_ids": msg("choose at least one section")})
    try:
        ids = list(dict.fromkeys(int(v) for v in value))
    except (TypeError, ValueError):
        raise InvalidInput(msg("Choose at least one section to publish."),
                           {"section_ids": msg("must be a list of section ids")}) from None
    if len(ids) > MAX_SECTIONS:
        raise InvalidInput(msg("Too many sections."),
                           {"section_ids": msg("at most %(max)s sections", max=MAX_SECTIONS)})
    return ids


def publish(
    session: Session,
    actor: User,
    process: Process,
    *,
    title: Any,
    section_ids: Any,
    opens_on: Any,
    closes_on: Any,
) -> PublicConsultation:
    """Publish the current revision of the chosen sections for public input (the lead)."""
    authorize(session, actor, Action.MANAGE, process)
    title = inputs.text(title, "title")
    opening = inputs.a_date(opens_on, "opens_on", required=True)
    closing = inputs.a_date(closes_on, "closes_on", required=True)
    assert opening is not None
    assert closing is not None
    if closing < opening:
        raise InvalidInput(msg("The consultation must close after it opens."),
                           {"closes_on": msg("must not be before the opening date")})
    wanted = _section_ids(section_ids)
    found = {s.id: s for s in session.scalars(select(Section).where(
        Section.id.in_(wanted), Section.process_id == process.id, Section.deleted_at.is_(None)))}
    unknown = [i for i in wanted if i not in found]
    if unknown:
        raise InvalidInput(msg("Unknown section."),
                           {"section_ids": msg("not sections of this process: %(ids)s",
                                               ids=", ".join(map(str, unknown)))})
    empty = [found[i].title for i in wanted if not found[i].revision]
    if empty:
        raise InvalidInput(msg("A section without text cannot be published."),
                           {"section_ids": msg("no text yet: %(titles)s",
                                               titles=", ".join(empty))})
    revisions = {
        r.section_id: r for r in session.scalars(
            select(Revision).join(Section, (Section.id == Revision.section_id)
                                  & (Section.revision == Revision.number))
            .where(Section.id.in_(wanted)))
    }
    if process.state not in {s.key for s in definition_of(process).stages if not s.terminal}:
        raise Conflict(msg("A process in this state cannot open a consultation."))
    consultation = consultation_service.create_consultation(
        session, actor, process, stage=process.state, method="e_consultation", title=title,
        held_on=closing, groups=[],
        summary=None)
    published = PublicConsultation(
        process_id=process.id, consultation_id=consultation.id, slug=slug_for(title),
        title=title, opens_on=opening, closes_on=closing, created_by_id=actor.id)
    for position, section_id in enumerate(wanted):
        section = found[section_id]
        published.sections.append(PublishedSection(
            section_id=section_id, revision_id=revisions[section_id].id, position=position,
            title=section.title))
    session.add(published)
    session.flush()
    audit.record(
        session, actor, "public_consultation.published",
        f"Public consultation “{title}” published, open {opening.isoformat()} to "
        f"{closing.isoformat()}",
        process=process, stage=consultation.stage_key, subject=published,
        data={"title": title, "slug": published.slug, "opens_on": opening.isoformat(),
              "closes_on": closing.isoformat(),
              "sections": [{"id": s.section_id, "revision_id": s.revision_id}
                           for s in published.sections]})
    return published


def list_public_consultations(session: Session, actor: User,
                              process: Process) -> list[PublicConsultation]:
    authorize(session, actor, Action.VIEW, process)
    return list(session.scalars(
        select(PublicConsultation).where(PublicConsultation.process_id == process.id)
        .options(selectinload(PublicConsultation.sections))
        .order_by(PublicConsultation.opens_on.desc(), PublicConsultation.id.desc())))


def submission_counts(session: Session, consultations: list[PublicConsultation]
                      ) -> dict[int, dict[str, int]]:
    """For each public consultation, its submissions by status (one query)."""
    counts: dict[int, dict[str, int]] = {c.id: {} for c in consultations}
    if not consultations:
        return counts
    rows = session.execute(
        select(PublicSubmission.public_consultation_id, PublicSubmission.status,
               func.count(PublicSubmission.id))
        .where(PublicSubmission.public_consultation_id.in_(list(counts)))
        .group_by(PublicSubmission.public_consultation_id, PublicSubmission.status))
    for consultation_id, status, number in rows:
        counts[consultation_id][status] = number
    return counts


def get_public_consultation(session: Session, actor: User, item_id: Any) -> PublicConsultation:
    return loading.get_item(session, actor, PublicConsultation, item_id, "public consultation")


def find_published(session: Session, slug: Any) -> PublicConsultation:
    """The consultation at this public address; NotFound for any other value."""
    if not isinstance(slug, str) or not 3 <= len(slug) <= 120:
        raise NotFound(msg("No such consultation."))
    found = session.scalar(select(PublicConsultation).where(PublicConsultation.slug == slug))
    if found is None:
        raise NotFound(msg("No such consultation."))
    return found


def published_sections(session: Session, consultation: PublicConsultation
                       ) -> list[tuple[int, str, str]]:
    """(section id, title, text) as published: the frozen revisions, in order."""
    rows = session.execute(
        select(PublishedSection.section_id, PublishedSection.title, Revision.body)
        .join(Revision, Revision.id == PublishedSection.revision_id)
        .where(PublishedSection.public_consultation_id == consultation.id)
        .order_by(PublishedSection.position))
    return [(section_id, title, body) for section_id, title, body in rows]


def public_page(session: Session, slug: Any, today: date) -> PublicPage:
    consultation = find_published(session, slug)
    now = phase(consultation, today)
    page = PublicPage(consultation, now, published_sections(session, consultation))
    if now == "closed":
        page.table = you_said_we_did(session, consultation)
    return page


def you_said_we_did(session: Session, consultation: PublicConsultation) -> list[TableRow]:
    """Each input of the consultation with its disposition and reason (one query)."""
    rows = session.execute(
        select(ConsultationInput, PublicSubmission.organisation,
               PublicSubmission.stakeholder_group, Section.title)
        .outerjoin(PublicSubmission, PublicSubmission.input_id == ConsultationInput.id)
        .outerjoin(Section, Section.id == PublicSubmission.section_id)
        .where(ConsultationInput.consultation_id == consultation.consultation_id)
        .order_by(ConsultationInput.id))
    return [TableRow(organisation=organisation or item.source, group=group, section=section,
                     text=item.text, disposition=item.disposition, reason=item.reason)
            for item, organisation, group, section in rows]


def submit(
    session: Session,
    slug: Any,
    *,
    today: date,
    name: Any = None,
    organisation: Any,
    group: Any,
    section_id: Any,
    text: Any,
    trap: Any = None,
) -> PublicSubmission | None:
    """Receive input from anyone while the consultation is open.

    ``trap`` is the honeypot field, invisible to people: when a robot fills it
    in, nothing is stored (None) and the sender sees the usual confirmation.
    """
    consultation = find_published(session, slug)
    if phase(consultation, today) != "open":
        raise Conflict(msg("This consultation is not open for input."))
    if trap not in (None, ""):
        return None
    published = {s.section_id for s in consultation.sections}
    try:
        section = int(section_id)
    except (TypeError, ValueError):
        section = None
    if section not in published:
        raise InvalidInput(msg("Choose the section your input concerns."),
                           {"section_id": msg("choose one of the published sections")})
    submission = PublicSubmission(
        public_consultation_id=consultation.id,
        name=inputs.optional_text(name, "name", max_length=200) or "",
        organisation=inputs.text(organisation, "organisation"),
        stakeholder_group=inputs.choice(group, "stakeholder_group", STAKEHOLDER_GROUPS),
        section_id=section,
        text=inputs.text(text, "text", max_length=MAX_TEXT),
    )
    session.add(submission)
    session.flush()
    process = session.get(Process, consultation.process_id)
    audit.record(session, None, "public_submission.received",
                 f"Public input from {submission.organisation} received for “{consultation.title}”",
                 process=process, stage=consultation.consultation.stage_key, subject=submission,
                 data={"organisation": submission.organisation,
                       "group": submission.stakeholder_group,
                       "consultation": consultation.title})
    return submission


def moderation_queue(session: Session, actor: User, consultation: PublicConsultation
                     ) -> list[PublicSubmission]:
    """Every submission, pending first, then by arrival."""
    process = session.get(Process, consultation.process_id)
    assert process is not None
    authorize(session, actor, Action.VIEW, process)
    return list(session.scalars(
        select(PublicSubmission)
        .where(PublicSubmission.public_consultation_id == consultation.id)
        .order_by((PublicSubmission.status != "pending"), PublicSubmission.id)))


def get_submission(session: Session, actor: User, submission_id: Any) -> PublicSubmission:
    return loading.get_item(session, actor, PublicSubmission, submission_id, "submission",
                            process_id=lambda item: item.public_consultation.process_id)


def moderate(session: Session, actor: User, submission: PublicSubmission, *,
             decision: Any) -> PublicSubmission:
    """Accept a submission as an input of the consultation, or reject it (kept, unpublished)."""
    consultation = submission.public_consultation
    process = session.get(Process, consultation.process_id)
    assert process is not None
    authorize(session, actor, Action.EDIT, process)
    decision = inputs.choice(decision, "decision", MODERATION_DECISIONS)
    if submission.status != "pending":
        raise Conflict(msg("This submission has already been moderated."))
    if decision == "accept":
        source = submission.organisation
        if submission.name:
            source = f"{submission.name}, {submission.organisation}"
        item = consultation_service.add_input(session, actor, consultation.consultation,
                                              source=source[:300], text=submission.text)
        submission.input_id = item.id
        submission.status = "accepted"
        reached = list(consultation.consultation.groups or [])
        if submission.stakeholder_group not in reached:
            consultation.consultation.groups = [*reached, submission.stakeholder_group]
    else:
        submission.status = "rejected"
        submission.rejection = decision
    submission.moderated_by_id = actor.id
    submission.moderated_at = utcnow()
    session.flush()
    audit.record(session, actor, "public_submission.moderated",
                 f"Public input from {submission.organisation}: {submission.status}",
                 process=process, stage=consultation.consultation.stage_key, subject=submission,
                 data={"decision": decision, "organisation": submission.organisation,
                       "input_id": submission.input_id})
    return submission


def table_docx(session: Session, slug: Any, today: date, language: str = "en") -> bytes:
    """The "you said, we did" table of a closed consultation, in the house style."""
    consultation = find_published(session, slug)
    if phase(consultation, today) != "closed":
        raise NotFound(msg("The table is published once the consultation has closed."))
    process = session.get(Process, consultation.process_id)
    assert process is not None
    rows = you_said_we_did(session, consultation)

    def say(message: Any) -> str:
        return render(message, language)

    table = AnnexTable(
        columns=[say(msg("Who")), say(msg("Section")), say(msg("You said")), say(msg("Decision")),
                 say(msg("What we did, and why"))],
        rows=[[row.organisation + (f"\n{say(msg(STAKEHOLDER_GROUPS[row.group]))}"
                                   if row.group in STAKEHOLDER_GROUPS else ""),
               row.section or "", row.text,
               say(msg(DISPOSITIONS[row.disposition])) if row.disposition else say(msg("Pending")),
               row.reason or ""] for row in rows],
        widths=[2, 2, 4, 1.5, 4])
    intro = render(nmsg(
        "Public consultation open from %(opens)s to %(closes)s. %(count)s input was "
        "received and accepted; it is listed with the decision taken and its reason.",
        "Public consultation open from %(opens)s to %(closes)s. %(count)s inputs were "
        "received and accepted; each is listed with the decision taken and its reason.",
        len(rows), opens=long_date(consultation.opens_on, language),
        closes=long_date(consultation.closes_on, language)), language)
    document = ExportDocument(
        title=consultation.title, country=process.country,
        requesting_institution=process.requesting_institution.name,
        workflow_title=say(msg("You said, we did")), stage_title="", marking="",
        status_label=say(msg("You said, we did")), version=1, date=today, language=language,
        profile="publication",
        sections=[ExportSection(number="1", title=say(msg("You said, we did")), level=1, body=intro,
                                tables=[table])])
    return render_docx(document)
