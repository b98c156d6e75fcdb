"""The adoption record: which body adopted the policy, by which act, and the text it adopted.

The lead records the adoption once the process has reached ``adopted`` (or a
later stage): the gated ``advance`` into ``adopted`` says the approving body has
endorsed the draft, while the act's reference and its publication usually
arrive days or weeks later, when the decision is numbered and gazetted. So the
record is its own action on the adopted process, not a form on the trigger.

Recording it freezes the adopted text: the revision of every section, and the
Word export of that text kept in the file store by its sha256. Neither ever
changes; ``verify_snapshots`` recomputes the digest of the stored file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.errors import Conflict, NotFound
from engine.i18n import msg
from engine.models import AdoptionRecord, Process, Revision, Section, User
from engine.permissions import Action, authorize
from engine.services import audit, inputs, loading
from engine.services.document.sections import flatten, outline
from engine.services.exports import MIMETYPES, export_process
from engine.storage import digest_of, file_store
from engine.vocabulary import ACT_TYPES, ADOPTION_STATES


def get_adoption(session: Session, process: Process) -> AdoptionRecord | None:
    """The adoption record of the process, if it was recorded."""
    return session.scalar(select(AdoptionRecord).where(AdoptionRecord.process_id == process.id))


def record_adoption(
    session: Session,
    actor: User,
    process: Process,
    *,
    body: Any,
    act_type: Any,
    act_reference: Any,
    adopted_on: Any,
    published_in: Any = None,
    export_options: dict[str, Any] | None = None,
) -> AdoptionRecord:
    """Record how the policy was adopted and freeze its text (lead only, once)."""
    authorize(session, actor, Action.MANAGE, process)
    fields = {
        "body": inputs.text(body, "body"),
        "act_type": inputs.choice(act_type, "act_type", ACT_TYPES),
        "act_reference": inputs.text(act_reference, "act_reference", max_length=200),
        "adopted_on": inputs.a_date(adopted_on, "adopted_on", required=True),
        "published_in": inputs.optional_text(published_in, "published_in", max_length=300),
    }
    if process.state not in ADOPTION_STATES:
        raise Conflict(msg("The adoption is recorded once the process has been adopted."),
                       {"state": process.state})
    if get_adoption(session, process) is not None:
        raise Conflict(msg("The adoption of this policy is already recorded; it cannot change."))
    sections = _frozen_sections(session, process)
    exported = export_process(session, actor, process.id, fmt="docx", profile="publication",
                              **(export_options or {}))
    digest = file_store().put(exported.content)
    record = AdoptionRecord(
        process_id=process.id, sections=sections, file_sha256=digest,
        file_name=exported.filename, file_size=len(exported.content), recorded_by=actor,
        **fields,
    )
    session.add(record)
    session.flush()
    audit.record(
        session, actor, "adoption.recorded",
        f"Adoption recorded: {fields['act_reference']} of {fields['adopted_on'].isoformat()}",
        process=process, subject=record,
        data={**{k: (v.isoformat() if k == "adopted_on" else v) for k, v in fields.items()},
              "sha256": digest, "sections": len(sections)},
    )
    return record


def _frozen_sections(session: Session, process: Process) -> list[dict[str, Any]]:
    """Every section of the document in reading order, with its current revision's id."""
    nodes = flatten(outline(session, process))
    ids = [node.section.id for node in nodes]
    revision_ids = dict(session.execute(
        select(Revision.section_id, Revision.id)
        .join(Section, Section.id == Revision.section_id)
        .where(Revision.section_id.in_(ids), Revision.number == Section.revision)
    ).all()) if ids else {}
    return [{"section_id": node.section.id, "number": node.number,
             "title": node.section.title, "revision": node.section.revision,
             "revision_id": revision_ids.get(node.section.id)} for node in nodes]


@dataclass(frozen=True)
class AdoptedFile:
    content: bytes
    filename: str
    mimetype: str


def adopted_file(session: Session, actor: User, process_id: Any) -> AdoptedFile:
    """The stored export of the adopted text, checked against its digest."""
    process = loading.get_process(session, actor, process_id)
    record = get_adoption(session, process)
    if record is None:
        raise NotFound(msg("No adoption is recorded for this process."))
    try:
        content = file_store().read(record.file_sha256)
    except FileNotFoundError:
        raise NotFound(msg("The stored file of the adopted text is missing.")) from None
    if digest_of(content) != record.file_sha256:
        raise Conflict(msg("The stored file of the adopted text does not match its digest."))
    return AdoptedFile(content, record.file_name, MIMETYPES["docx"])


def verify_snapshots(session: Session, process_id: int) -> list[str]:
    """One line per adopted-text file that is missing or whose bytes changed."""
    problems = []
    store = file_store()
    records = session.scalars(
        select(AdoptionRecord).where(AdoptionRecord.process_id == process_id)
    ).all()
    for record in records:
        try:
            content = store.read(record.file_sha256)
        except FileNotFoundError:
            problems.append(f"adopted text file {record.file_sha256} is missing from the store")
            continue
        actual = digest_of(content)
        if actual != record.file_sha256:
            problems.append(f"adopted text file {record.file_sha256} was altered "
                            f"(its bytes now hash to {actual})")
    return problems


def count_snapshots(session: Session, process_id: int) -> int:
    return len(session.scalars(
        select(AdoptionRecord.id).where(AdoptionRecord.process_id == process_id)).all())
