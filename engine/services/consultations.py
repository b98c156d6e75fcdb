"""Consultations of stakeholders and the dispositions of what they said."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.catalog import definition_of
from engine.db import utcnow
from engine.errors import InvalidInput, NotFound
from engine.i18n import msg
from engine.models import Consultation, ConsultationInput, Process, Section, StoredFile, User
from engine.permissions import Action, authorize
from engine.services import audit, files, inputs, loading
from engine.vocabulary import CONSULTATION_METHODS, DISPOSITIONS, SEXES, STAKEHOLDER_GROUPS

#: Most names of invited institutions one consultation records.
MAX_INVITED = 200
MAX_PARTICIPANTS = 1_000_000


def stage_key(process: Process, value: Any) -> str:
    """A non-terminal stage of the process's workflow."""
    definition = definition_of(process)
    allowed = [s.key for s in definition.stages if not s.terminal]
    return inputs.choice(value, "stage", allowed)


def get_consultation(session: Session, actor: User, consultation_id: Any) -> Consultation:
    return loading.get_item(session, actor, Consultation, consultation_id, "consultation")


def create_consultation(
    session: Session,
    actor: User,
    process: Process,
    *,
    stage: str,
    method: str,
    title: str,
    held_on: Any = None,
    groups: Any = None,
    summary: str | None = None,
    invited_institutions: Any = None,
    invited_groups: Any = None,
    participants_by_group: Any = None,
    participants_by_sex: Any = None,
    report: Any = None,
) -> Consultation:
    authorize(session, actor, Action.EDIT, process)
    consultation = Consultation(
        process_id=process.id,
        stage_key=stage_key(process, stage),
        method=inputs.choice(method, "method", CONSULTATION_METHODS),
        title=inputs.text(title, "title"),
        held_on=inputs.a_date(held_on, "held_on"),
        groups=inputs.choices(groups, "groups", STAKEHOLDER_GROUPS),
        summary=inputs.optional_text(summary, "summary") or "",
        invited_institutions=invited_names(invited_institutions),
        invited_groups=inputs.choices(invited_groups, "invited_groups", STAKEHOLDER_GROUPS),
        participants_by_group=counts(participants_by_group, "participants_by_group",
                                     STAKEHOLDER_GROUPS),
        participants_by_sex=counts(participants_by_sex, "participants_by_sex", SEXES),
        report=inputs.optional_text(report, "report", max_length=100_000) or "",
        created_by_id=actor.id,
    )
    session.add(consultation)
    session.flush()
    audit.record(
        session, actor, "consultation.created",
        f"Consultation “{consultation.title}” ({CONSULTATION_METHODS[consultation.method]}) recorded",
        process=process, stage=consultation.stage_key, subject=consultation,
        data=_snapshot(consultation),
    )
    return consultation


def update_consultation(
    session: Session, actor: User, consultation: Consultation, **changes: Any
) -> Consultation:
    process = session.get(Process, consultation.process_id)
    assert process is not None
    authorize(session, actor, Action.EDIT, process)
    before = _snapshot(consultation)
    if "title" in changes:
        consultation.title = inputs.text(changes["title"], "title")
    if "method" in changes:
        consultation.method = inputs.choice(changes["method"], "method", CONSULTATION_METHODS)
    if "stage" in changes:
        consultation.stage_key = stage_key(process, changes["stage"])
    if "held_on" in changes:
        consultation.held_on = inputs.a_date(changes["held_on"], "held_on")
    if "groups" in changes:
        consultation.groups = inputs.choices(changes["groups"], "groups", STAKEHOLDER_GROUPS)
    if "summary" in changes:
        consultation.summary = inputs.optional_text(changes["summary"], "summary") or ""
    if "invited_institutions" in changes:
        consultation.invited_institutions = invited_names(changes["invited_institutions"])
    if "invited_groups" in changes:
        consultation.invited_groups = inputs.choices(changes["invited_groups"], "invited_groups",
                                                     STAKEHOLDER_GROUPS)
    if "participants_by_group" in changes:
        consultation.participants_by_group = counts(
            changes["participants_by_group"], "participants_by_group", STAKEHOLDER_GROUPS)
    if "participants_by_sex" in changes:
        consultation.participants_by_sex = counts(changes["participants_by_sex"],
                                                  "participants_by_sex", SEXES)
    if "report" in changes:
        consultation.report = inputs.optional_text(changes["report"], "report",
                                                   max_length=100_000) or ""
    after = _snapshot(consultation)
    if after != before:  # saving an unchanged form records nothing
        audit.record(session, actor, "consultation.updated",
                     f"Consultation “{consultation.title}” updated", process=process,
                     stage=consultation.stage_key, subject=consultation,
                     data={"before": before, "after": after})
    return consultation


def _snapshot(consultation: Consultation) -> dict[str, Any]:
    return {
        "stage": consultation.stage_key,
        "method": consultation.method,
        "title": consultation.title,
        "held_on": consultation.held_on.isoformat() if consultation.held_on else None,
        "groups": list(consultation.groups or []),
        "summary": consultation.summary,
        "invited_institutions": list(consultation.invited_institutions or []),
        "invited_groups": list(consultation.invited_groups or []),
        "participants_by_group": dict(consultation.participants_by_group or {}),
        "participants_by_sex": dict(consultation.participants_by_sex or {}),
        "report": consultation.report or "",
    }


def attach_report_file(
    session: Session,
    actor: User,
    consultation: Consultation,
    *,
    data: bytes | None,
    filename: str | None,
    max_bytes: int = files.DEFAULT_MAX_BYTES,
) -> StoredFile:
    """The consultation's report as a file (checked like any upload), in place of the one
    attached before, if any. The file replaced stays among the process's stored files, so
    the history can still name it."""
    process = loading.process_of(session, consultation.process_id)
    authorize(session, actor, Action.EDIT, process)
    stored = files.store_upload(session, actor, process, data or b"", filename,
                                max_bytes=max_bytes)
    before = report_file_data(consultation.report_file)
    consultation.report_file = stored
    session.flush()
    after = report_file_data(stored)
    if before is None:
        kind, summary = ("consultation.report_file_attached",
                         f"Report file “{stored.name}” attached to “{consultation.title}”")
    else:
        kind, summary = ("consultation.report_file_replaced",
                         f"Report file of “{consultation.title}” replaced: “{before['name']}” → "
                         f"“{stored.name}”")
    audit.record(session, actor, kind, summary, process=process, stage=consultation.stage_key,
                 subject=consultation,
                 data={"consultation": consultation.title, "before": before, "after": after})
    return stored


def remove_report_file(session: Session, actor: User, consultation: Consultation) -> None:
    """Detach the consultation's report file (the Markdown report, if any, stays)."""
    process = loading.process_of(session, consultation.process_id)
    authorize(session, actor, Action.EDIT, process)
    before = report_file_data(consultation.report_file)
    if before is None:
        raise NotFound(msg("This consultation has no report file."))
    consultation.report_file = None
    session.flush()
    audit.record(session, actor, "consultation.report_file_removed",
                 f"Report file “{before['name']}” removed from “{consultation.title}”",
                 process=process, stage=consultation.stage_key, subject=consultation,
                 data={"consultation": consultation.title, "before": before, "after": None})


def report_file(consultation: Consultation) -> StoredFile:
    """The consultation's report file (NotFound when there is none). The caller has loaded
    the consultation for the actor, so whoever may see the process may read it."""
    if consultation.report_file is None:
        raise NotFound(msg("This consultation has no report file."))
    return consultation.report_file


def report_file_data(stored: StoredFile | None) -> dict[str, Any] | None:
    """What the history keeps of a report file: enough to name it and find its bytes."""
    if stored is None:
        return None
    return {"id": stored.id, "name": stored.name, "sha256": stored.sha256,
            "size": stored.size, "type": stored.content_type}


def invited_names(value: Any) -> list[str]:
    """Names of invited institutions: a list of texts, or one name per line."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, list | tuple):
        raise InvalidInput(msg("%(field)s must be a list.", field="invited_institutions"),
                           {"invited_institutions": msg("must be a list")})
    names = [inputs.text(v, "invited_institutions", required=False) for v in value]
    names = list(dict.fromkeys(n for n in names if n))
    if len(names) > MAX_INVITED:
        raise InvalidInput(msg("Too many invited institutions."),
                           {"invited_institutions": msg("at most %(max)s names", max=MAX_INVITED)})
    return names


def counts(value: Any, field: str, allowed: dict[str, str]) -> dict[str, int]:
    """Participant counts by key of a vocabulary; zero and empty counts are left out."""
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        raise InvalidInput(msg("%(field)s must be an object of counts.", field=field),
                           {field: msg("must map each key to a number")})
    result: dict[str, int] = {}
    for key, number in value.items():
        if key not in allowed:
            raise InvalidInput(msg("Unknown %(field)s: %(values)s.", field=field, values=key),
                               {field: msg("unknown values %(unknown)s; allowed: %(allowed)s",
                                           unknown=[key], allowed=list(allowed))})
        if number in (None, ""):
            continue
        if isinstance(number, bool) or not isinstance(number, int | str):
            raise InvalidInput(msg("%(field)s must be an object of counts.", field=field),
                               {field: msg("must map each key to a number")})
        try:
            number = int(number)
        except ValueError:
            raise InvalidInput(msg("%(field)s must be an object of counts.", field=field),
                               {field: msg("must map each key to a number")}) from None
        if not 0 <= number <= MAX_PARTICIPANTS:
            raise InvalidInput(msg("%(field)s must be an object of counts.", field=field),
                               {field: msg("each count between 0 and %(max)s",
                                           max=MAX_PARTICIPANTS)})
        if number:
            result[key] = number
    return result


def add_input(
    session: Session, actor: User, consultation: Consultation, *, source: str, text: str
) -> ConsultationInput:
    process = session.get(Process, consultation.process_id)
    assert process is not None
    authorize(session, actor, Action.EDIT, process)
    item = ConsultationInput(
        source=inputs.text(source, "source"),
        text=inputs.text(text, "text", max_length=20000),
    )
    consultation.inputs.append(item)
    session.flush()
    audit.record(session, actor, "input.received",
                 f"Input from {item.source} recorded for “{consultation.title}”",
                 process=process, stage=consultation.stage_key, subject=item,
                 data={"source": item.source, "text": item.text,
                       "consultation": consultation.title})
    return item


def get_input(session: Session, actor: User, input_id: Any) -> ConsultationInput:
    return loading.get_item(session, actor, ConsultationInput, input_id, "input",
                            process_id=lambda item: item.consultation.process_id)


def set_disposition(
    session: Session,
    actor: User,
    item: ConsultationInput,
    *,
    disposition: str,
    reason: str,
    section_id: Any = None,
) -> ConsultationInput:
    """Record how the core group took an input into account, and why."""
    consultation = item.consultation
    process = session.get(Process, consultation.process_id)
    assert process is not None
    authorize(session, actor, Action.EDIT, process)
    before = {"disposition": item.disposition, "reason": item.reason, "section_id": item.section_id}
    item.disposition = inputs.choice(disposition, "disposition", DISPOSITIONS)
    item.reason = inputs.text(reason, "reason", max_length=5000)
    if section_id not in (None, ""):
        try:
            section = session.get(Section, int(section_id))
        except (TypeError, ValueError):
            section = None
        if section is None or section.process_id != process.id:
            raise InvalidInput(msg("Unknown section."), {"section_id": msg("not a section of this process")})
        item.section_id = section.id
        item.revision_number = section.revision
    else:
        item.section_id = None
        item.revision_number = None
    item.decided_by_id = actor.id
    item.decided_at = utcnow()
    audit.record(
        session, actor, "input.disposed",
        f"Input from {item.source}: {DISPOSITIONS[item.disposition].lower()}",
        process=process, stage=consultation.stage_key, subject=item,
        data={"before": before, "after": {"disposition": item.disposition, "reason": item.reason,
                                          "section_id": item.section_id},
              "source": item.source},
    )
    return item


def list_consultations(session: Session, process: Process, stage: str | None = None) -> list[Consultation]:
    query = select(Consultation).where(Consultation.process_id == process.id)
    if stage:
        query = query.where(Consultation.stage_key == stage)
    return list(session.scalars(query.order_by(Consultation.held_on, Consultation.id)))


def coverage(consultations: list[Consultation]) -> dict[str, dict[str, int]]:
    """For each stage, how many consultations reached each stakeholder group."""
    table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for consultation in consultations:
        for group in consultation.groups or []:
            table[consultation.stage_key][group] += 1
    return {stage: dict(groups) for stage, groups in table.items()}


def pending_inputs(session: Session, process: Process) -> list[ConsultationInput]:
    """Inputs still waiting for a disposition."""
    return list(
        session.scalars(
            select(ConsultationInput)
            .join(Consultation)
            .where(Consultation.process_id == process.id, ConsultationInput.disposition.is_(None))
            .order_by(ConsultationInput.id)
        )
    )
