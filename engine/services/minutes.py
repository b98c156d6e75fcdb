"""The minutes of a core-group meeting as a Word document in the house style.

The meeting becomes an ``ExportDocument`` (cover, then numbered parts: the
meeting, attendance, agenda, minutes, decisions, action points) printed in the
process's document language by the same renderer and templates as the strategy.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from engine.catalog import definition_of
from engine.errors import InvalidInput
from engine.export import (
    DEFAULT_TEMPLATE,
    AnnexTable,
    ExportDocument,
    ExportSection,
    TemplateError,
    load_template,
    render_docx,
    template_names,
)
from engine.export.naming import slugify
from engine.export.wording import long_date
from engine.i18n import msg, render, render_value
from engine.models import Meeting, User
from engine.services import loading
from engine.services.meetings import get_meeting
from engine.vocabulary import ACTION_POINT_STATUSES, ATTENDANCE

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _day(value: date | None, language: str) -> str:
    """A date as the house style writes it, the same on the cover and in the tables."""
    return long_date(value, language) if value else ""


def minutes_document(session: Session, meeting: Meeting) -> ExportDocument:
    """The meeting as plain export data, in the process's document language."""
    process = loading.process_of(session, meeting.process_id)
    language = process.document_language or "en"
    definition = definition_of(process)

    def text(message: Any) -> str:
        return render(message, language)

    def label(vocabulary: dict[str, str], key: str) -> str:
        return text(msg(vocabulary.get(key, key)))

    stage = next((s.title for s in definition.stages if s.key == meeting.stage_key),
                 meeting.stage_key)
    where = meeting.place or ""
    if meeting.online:
        where = f"{where} ({text(msg('online'))})" if where else text(msg("Online"))
    facts = [f"**{text(msg('Date'))}:** {_day(meeting.held_on, language)}",
             f"**{text(msg('Stage'))}:** {render_value(stage, language)}"]
    if where:
        facts.append(f"**{text(msg('Place'))}:** {where}")
    memberships = {m.user_id: m for m in process.memberships}
    attendance = [
        [a.user.name,
         memberships[a.user_id].institution.name if a.user_id in memberships else "",
         label(ATTENDANCE, a.status)]
        for a in meeting.attendance
    ]
    sections = [ExportSection(number="1", title=text(msg("The meeting")), level=1,
                              body="\n\n".join(facts),
                              tables=[AnnexTable(columns=[text(msg("Name")),
                                                          text(msg("Institution")),
                                                          text(msg("Attendance"))],
                                                 rows=attendance, widths=[2.2, 3, 1.4],
                                                 title=text(msg("Attendance")))]
                              if attendance else [])]

    def add(title: Any, body: str, tables: list[AnnexTable] | None = None) -> None:
        # One chapter (the house style starts each on a new page), its parts numbered 1.n.
        sections.append(ExportSection(number=f"1.{len(sections)}", title=text(title),
                                      level=2, body=body, tables=tables or []))

    if meeting.agenda.strip():
        add(msg("Agenda"), meeting.agenda)
    add(msg("Minutes"), meeting.minutes or text(msg("No minutes were written.")))
    if meeting.decisions:
        add(msg("Decisions"), "\n".join(f"{n}. {d.text.replace(chr(10), ' ')}"
                                        for n, d in enumerate(meeting.decisions, 1)))
    if meeting.action_points:
        rows = [[p.title, p.owner.name if p.owner else "", _day(p.due_on, language),
                 label(ACTION_POINT_STATUSES, p.status)] for p in meeting.action_points]
        add(msg("Action points"), "",
            [AnnexTable(columns=[text(msg("Action")), text(msg("Owner")), text(msg("Due")),
                                 text(msg("Status"))], rows=rows, widths=[3.4, 1.8, 1.4, 1])])
    return ExportDocument(
        title=meeting.title,
        country=process.country,
        requesting_institution=process.requesting_institution.name,
        workflow_title=process.title,
        stage_title=render_value(stage, language),
        marking="",
        status_label=text(msg("Minutes of the core-group meeting")),
        version=1,
        date=meeting.held_on,
        language=language,
        sections=sections,
        process_id=process.id,
    )


def export_minutes(
    session: Session,
    actor: User,
    meeting_id: Any,
    *,
    template: str | None = None,
    default_template: str | None = None,
    templates_dir: str | None = None,
    **_options: Any,
) -> tuple[bytes, str, str]:
    """``(content, filename, mimetype)`` of the meeting's minutes as .docx (any member)."""
    meeting = get_meeting(session, actor, meeting_id)
    process = loading.process_of(session, meeting.process_id)
    name = template or process.export_template or default_template or DEFAULT_TEMPLATE
    if name not in template_names(templates_dir):
        raise InvalidInput(msg("Unknown house style %(name)s.", name=repr(name)),
                           {"template": msg("unknown house style")})
    try:
        info = load_template(name, templates_dir)
    except (TemplateError, FileNotFoundError) as error:
        raise InvalidInput(str(error), {"template": msg("unknown house style")}) from None
    document = minutes_document(session, meeting)
    filename = f"minutes-{meeting.held_on.isoformat()}-{slugify(meeting.title, 60) or 'meeting'}.docx"
    return render_docx(document, info), filename, DOCX
