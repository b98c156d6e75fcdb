"""Export a process's strategy document: gather it from the database, render it.

Annexes are small builders registered with ``@annex(key)``; a house style's
TOML decides which of them it prints and in what order. Later features add
their tables the same way, in a module that ``engine.composition`` imports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, raiseload

from engine.catalog import definition_of
from engine.errors import InvalidInput, NotFound
from engine.export import (
    DEFAULT_TEMPLATE,
    Annex,
    AnnexTable,
    ExportComment,
    ExportDocument,
    ExportSection,
    TemplateError,
    export_filename,
    load_template,
    render_docx,
    render_markdown,
    template_names,
    wording,
)
from engine.i18n import Items, Message, from_data, msg, render, render_value
from engine.models import (
    Comment,
    Process,
    Revision,
    Section,
    SectionTranslation,
    TransitionRecord,
    User,
)
from engine.services import consultations as consultation_service
from engine.services import deliverables as deliverable_service
from engine.services import loading
from engine.services.analysis.common import reading
from engine.services.annex_registry import _PRINTING, ANNEXES, annex, printing_language
from engine.services.document.sections import flatten, outline
from engine.services.institutions import tree
from engine.vocabulary import (
    CONSULTATION_METHODS,
    DELIVERABLE_KINDS,
    DELIVERABLE_STATUSES,
    DISPOSITIONS,
    DOCUMENT_LANGUAGES,
    ROLES,
    STAKEHOLDER_GROUPS,
    SUSPENDED,
)

MIMETYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
}

@dataclass(frozen=True)
class ExportResult:
    content: bytes
    filename: str
    mimetype: str


def export_process(
    session: Session,
    actor: User | None,
    process_id: Any,
    *,
    fmt: str = "docx",
    template: str | None = None,
    with_comments: bool | None = None,
    default_template: str | None = None,
    templates_dir: str | Path | None = None,
    profile: str | None = None,
    changes_since: str | None = None,
    currency: str = "EUR",
    site: str = "",
    languages: Any = None,
) -> ExportResult:
    """Render the document of a process as .docx or Markdown.

    ``actor`` None means the command line (trusted); otherwise the actor must
    be allowed to see the process. ``profile`` is ``publication`` or
    ``working`` (default: by stage, see :mod:`engine.services.publication`);
    ``with_comments`` None follows the profile; ``changes_since`` makes a
    redline (:mod:`engine.export.redline`); ``pdf`` goes through LibreOffice.
    ``languages`` ("fr" or "fr,en") prints the
    document in another language (the sections' translations) or in two, side
    by side; by default, in the document language.
    """
    from engine.services import publication

    if fmt not in (*MIMETYPES, "pdf"):
        raise InvalidInput(msg("format must be docx, md or pdf."), {"format": msg("docx, md or pdf")})
    if actor is None:
        try:
            process = session.get(Process, int(process_id))
        except (TypeError, ValueError):
            process = None
        if process is None:
            raise NotFound(msg("No process %(process_id)s.", process_id=process_id))
    else:
        process = loading.get_process(session, actor, process_id)
    profile = publication.check_profile(profile, process)
    if with_comments is None:
        with_comments = profile == "working"
    wanted = parse_languages(languages)
    with reading(session):
        document = build_export_document(session, process, with_comments=with_comments,
                                         languages=wanted)
        publication.apply_profile(session, process, document, profile,
                                  currency=process.currency or currency)
    document.site = site
    if fmt == "md":
        return ExportResult(render_markdown(document).encode(),
                            export_filename(document, "md"), MIMETYPES["md"])
    name = template or process.export_template or default_template or DEFAULT_TEMPLATE
    if actor is not None and name not in template_names(templates_dir):
        # Names from requests never reach the file system as paths.
        raise InvalidInput(msg("Unknown house style %(name)s.", name=repr(name)),
                           {"template": msg("one of %(names)s", names=template_names(templates_dir))})
    try:
        info = load_template(name, templates_dir)
    except (TemplateError, FileNotFoundError) as error:
        raise InvalidInput(str(error), {"template": msg("unknown house style")}) from None
    if changes_since:
        from engine.services.redlines import render_redline

        content = render_redline(session, process, document, info, changes_since,
                                 with_comments=with_comments)
    else:
        content = render_docx(document, info, with_comments=with_comments)
    if fmt == "pdf":
        from engine.export.pdf import PDF_MIMETYPE, to_pdf

        return ExportResult(to_pdf(content), export_filename(document, "pdf"), PDF_MIMETYPE)
    return ExportResult(content, export_filename(document, "docx"), MIMETYPES["docx"])


def parse_languages(value: Any) -> tuple[str, ...]:
    """``"fr"``, ``"fr,en"`` or a list: one or two distinct document languages (or none)."""
    if value in (None, "", [], ()):
        return ()
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        items = [items]
    found = tuple(dict.fromkeys(str(item).strip().lower() for item in items if str(item).strip()))
    if not 1 <= len(found) <= 2 or any(code not in DOCUMENT_LANGUAGES for code in found):
        raise InvalidInput(msg("languages must be one or two of %(names)s, separated by a comma.",
                               names=", ".join(DOCUMENT_LANGUAGES)),
                           {"languages": msg("e.g. fr or fr,en")})
    return found


#: The language the annex builders print their dates and numbers in, during one export.


def build_export_document(
    session: Session, process: Process, *, with_comments: bool = False, today: date | None = None,
    languages: tuple[str, ...] = (),
) -> ExportDocument:
    """Everything the export prints, read from the database in a few queries.

    ``languages``: the document printed in the first (sections from their
    translations when it is not the document language, the main text where a
    section has none) and, if given, the second beside it.
    """
    definition = definition_of(process)
    stage_key = process.working_stage
    stage_title = definition.stage(stage_key).title if stage_key in definition.stage_keys else stage_key
    main_language = wording.language_of(process.document_language)
    language = languages[0] if languages else main_language
    parallel = languages[1] if len(languages) > 1 else ""
    validated = _validated(process)
    status = msg("Validated") if validated else msg("Draft")
    if process.state == SUSPENDED:
        status = msg("%(status)s (suspended)", status=status)
    status_text = render(msg("%(status)s – %(stage)s", status=status, stage=stage_title), language)
    nodes = flatten(outline(session, process))
    sections = [
        ExportSection(number=n.number, title=n.section.title, level=n.depth, body=n.section.body,
                      key=n.section.key, id=n.section.id, revision=n.section.revision)
        for n in nodes
    ]
    if language != main_language or parallel:
        _translate_sections(session, sections, main_language, language, parallel)
    revisions = session.scalar(
        select(func.count(Revision.id)).join(Section).where(Section.process_id == process.id)
    ) or 0
    document = ExportDocument(
        title=process.title,
        country=process.country,
        requesting_institution=process.requesting_institution.name,
        workflow_title=render_value(definition.title, language),
        stage_title=render_value(stage_title, language),
        marking="VALIDATED" if validated else "DRAFT",
        status_label=status_text[:1] + status_text[1:].lower(),
        version=max(1, revisions),
        date=today or date.today(),
        language=language,
        parallel_language=parallel,
        sections=sections,
    )
    token = _PRINTING.set(language)
    try:
        for key, builder in ANNEXES.items():
            built = builder(session, process)
            if built is not None:
                built.key = key
                document.annexes.append(localize_annex(built, language))
    finally:
        _PRINTING.reset(token)
    if with_comments:
        document.comments = _comments(session, process, {s.id for s in sections})
    return document


def _validated(process: Process) -> bool:
    """A document is marked VALIDATED once its validation stage has been passed."""
    record = process.stage_record("validation")
    if record is None or record.completed_at is None:
        return False
    definition = definition_of(process)
    order = list(definition.stage_keys)
    current = process.working_stage
    return current in order and order.index(current) > order.index("validation")


def _comments(session: Session, process: Process, section_ids: set[int]) -> list[ExportComment]:
    """The open threads on the printed sections, in two queries whatever their number."""
    roots = session.scalars(
        select(Comment)
        .where(Comment.process_id == process.id, Comment.parent_id.is_(None),
               Comment.status == "open")
        .options(raiseload(Comment.replies))
        .order_by(Comment.id)
    ).all()
    replies: dict[int, list[Comment]] = {}
    for reply in session.scalars(
        select(Comment)
        .where(Comment.process_id == process.id, Comment.parent_id.is_not(None))
        .options(raiseload(Comment.replies))
        .order_by(Comment.id)
    ):
        replies.setdefault(reply.parent_id, []).append(reply)
    result = []
    for comment in roots:
        if comment.section_id not in section_ids:
            continue
        body = comment.body
        if comment.suggestion is not None and comment.suggestion_status == "pending":
            body += f"\n\nSuggested text: {comment.suggestion}"
        if comment.blocking:
            body = "[Blocking] " + body
        result.append(ExportComment(
            section_id=comment.section_id, quote=comment.quote, author=comment.author.name,
            initials=comment.author.initials, created_at=comment.created_at, body=body,
            replies=[ExportComment(section_id=comment.section_id, quote=None,
                                   author=r.author.name, initials=r.author.initials,
                                   created_at=r.created_at, body=r.body)
                     for r in replies.get(comment.id, [])],
        ))
    return result


def localize_annex(annex: Annex, language: str) -> Annex:
    """The annex with every message (titles, headings, vocabulary cells) in ``language``.

    Builders write their headings as ``msg(...)`` and their vocabulary cells as
    messages or workflow texts; this renders them in the document language.
    """

    def text(value: Any) -> Any:
        return value if value is None else str(render_value(value, language))

    annex.title = text(annex.title)
    annex.intro = text(annex.intro)
    for table in annex.tables:
        table.title = text(table.title)
        table.columns = [text(c) for c in table.columns]
        table.rows = [[text(c) if c is not None else "" for c in row] for row in table.rows]
    return annex


def _translate_sections(session: Session, sections: list[ExportSection], main: str, first: str,
                        second: str) -> None:
    """Put each section's text in the printed language(s), from its translations."""
    ids = [s.id for s in sections if s.id is not None]
    found: dict[tuple[int, str], SectionTranslation] = {
        (t.section_id, t.language): t
        for t in session.scalars(select(SectionTranslation)
                                 .where(SectionTranslation.section_id.in_(ids)))
    } if ids else {}

    def version(section: ExportSection, language: str) -> tuple[str, str]:
        if language == main or section.id is None:
            return section.title, section.body
        translation = found.get((section.id, language))
        if translation is None:
            return section.title, section.body if not second else ""
        return translation.title or section.title, translation.body

    for section in sections:
        first_version = version(section, first)
        if second:
            section.parallel_title, section.parallel_body = version(section, second)
        section.title, section.body = first_version


def _day(value: Any, process: Process | None = None) -> str:
    return wording.short_date(value, printing_language())


def _label(value: str | None) -> Message | str:
    """A vocabulary label as a message (its English text is the engine's msgid)."""
    return msg(value) if value else ""


# ------------------------------------------------------------------ annexes


@annex("core_group")
def core_group_annex(session: Session, process: Process) -> Annex | None:
    active = process.active_memberships
    if not active:
        return None
    institutions = {m.institution.id: m.institution for m in active}
    for institution in list(institutions.values()):
        for node in institution.path:
            institutions.setdefault(node.id, node)
    by_institution: dict[int, list] = {}
    for membership in active:
        by_institution.setdefault(membership.institution_id, []).append(membership)
    rows: list[list[str]] = []

    def walk(nodes: list, depth: int) -> None:
        for node in nodes:
            members = by_institution.get(node.institution.id, [])
            name = "    " * depth + node.institution.name
            if not members:
                rows.append([name, "", "", ""])
            for membership in sorted(members, key=lambda m: (m.role != "lead", m.user.name)):
                rows.append([name, membership.user.name, _label(ROLES[membership.role]),
                             _day(membership.started_at, process)])
                name = ""
            walk(node.children, depth + 1)

    walk(tree(list(institutions.values())), 0)
    return Annex(
        key="core_group",
        title=msg("Composition of the core group"),
        intro=msg("Members of the core group of “%(title)s” on the date of this version, "
                  "by institution.", title=process.title),
        tables=[AnnexTable(columns=[msg("Institution"), msg("Member"), msg("Role"),
                                    msg("Member since")], rows=rows,
                           widths=[3, 2.2, 1.6, 1.2])],
    )


@annex("consultations")
def consultations_annex(session: Session, process: Process) -> Annex | None:
    items = consultation_service.list_consultations(session, process)
    if not items:
        return None
    definition = definition_of(process)
    titles = {s.key: s.title for s in definition.stages}
    held = [
        [_day(c.held_on, process) or msg("planned"),
         _label(CONSULTATION_METHODS.get(c.method, c.method)), c.title,
         titles.get(c.stage_key, c.stage_key),
         Items([_label(STAKEHOLDER_GROUPS.get(g, g)) for g in c.groups or []]),
         wording.number(len(c.inputs), printing_language())]
        for c in items
    ]
    inputs = [
        [c.title, i.source, i.text, _label(DISPOSITIONS.get(i.disposition or "", "Pending")),
         i.reason or ""]
        for c in items for i in c.inputs
    ]
    tables = [AnnexTable(columns=[msg("Date"), msg("Method"), msg("Consultation"), msg("Stage"),
                                  msg("Groups reached"), msg("Inputs")], rows=held,
                         title=msg("Consultations held"),
                         widths=[1.1, 1.4, 2.1, 1.2, 1.9, 1.7])]
    if inputs:
        tables.append(AnnexTable(columns=[msg("Consultation"), msg("Source"), msg("Input"),
                                          msg("Disposition"), msg("Reason")], rows=inputs,
                                 title=msg("Inputs received and how they were taken into "
                                           "account"),
                                 widths=[1.8, 1.3, 2.6, 1.6, 2.2]))
    return Annex(key="consultations", title=msg("Consultations and inputs received"),
                 intro=msg("Consultations of stakeholders in each stage, and the core group's "
                           "disposition of every input received."), tables=tables)


@annex("deliverables")
def deliverables_annex(session: Session, process: Process) -> Annex | None:
    items = deliverable_service.list_deliverables(session, process)
    if not items:
        return None
    definition = definition_of(process)
    order = {s.key: n for n, s in enumerate(definition.stages)}
    titles = {s.key: s.title for s in definition.stages}
    rows = [
        [titles.get(d.stage_key, d.stage_key), d.title,
         _label(DELIVERABLE_KINDS.get(d.kind, d.kind)),
         d.owner.name if d.owner else "", _day(d.due_on, process),
         _label(DELIVERABLE_STATUSES.get(d.status, d.status)), _accepted(d, process)]
        for d in sorted(items, key=lambda d: (order.get(d.stage_key, 99), d.id))
    ]
    return Annex(key="deliverables", title=msg("Deliverables and their status"),
                 intro=msg("The accepted version of each deliverable: its file with the first "
                           "characters of its sha256 digest, or the sections and analysis "
                           "items it links."),
                 tables=[AnnexTable(columns=[msg("Stage"), msg("Deliverable"), msg("Kind"),
                                             msg("Owner"), msg("Due"), msg("Status"),
                                             msg("Accepted version")], rows=rows,
                                    widths=[1.2, 2, 1.3, 1.3, 1, 1, 2.4])])


def _accepted(deliverable: Any, process: Process) -> Any:
    """The accepted version, as one cell: number, date, then the file or the links."""
    version = deliverable_service.accepted_version(deliverable)
    if version is None:
        return ""
    if version.file is not None:
        content = msg("%(name)s (sha256 %(digest)s)", name=version.file.name,
                      digest=version.file.sha256[:12])
    else:
        content = Items([link.get("title", "") for link in version.links or []], "semicolon")
    return msg("Version %(number)s of %(day)s: %(content)s", number=version.number,
               day=_day(version.decided_at or version.created_at, process), content=content)


@annex("transitions")
def transitions_annex(session: Session, process: Process) -> Annex | None:
    records = list(session.scalars(
        select(TransitionRecord).where(TransitionRecord.process_id == process.id)
        .order_by(TransitionRecord.at, TransitionRecord.id)
    ))
    if not records:
        return None
    definition = definition_of(process)
    titles = {s.key: s.title for s in definition.stages}
    titles[SUSPENDED] = msg("Suspended")
    rows = []
    for record in records:
        note: Any = record.note or ""
        if record.override_reason:
            failing = Items([_check_message(c) for c in record.failing_checks or []],
                            "semicolon")
            override = (msg("Gate overridden: %(reason)s (open checks: %(checks)s)",
                            reason=record.override_reason, checks=failing)
                        if record.failing_checks else
                        msg("Gate overridden: %(reason)s", reason=record.override_reason))
            override_text = render(override, printing_language())
            note = (note + "\n" if note else "") + override_text
        rows.append([_day(record.at, process), titles.get(record.source, record.source),
                     titles.get(record.dest, record.dest), record.actor.name, note])
    return Annex(key="transitions", title=msg("History of stage transitions"),
                 tables=[AnnexTable(columns=[msg("Date"), msg("From"), msg("To"),
                                             msg("Decided by"), msg("Note")],
                                    rows=rows, widths=[1.1, 1.6, 1.6, 1.6, 3.6])])


def _check_message(check: dict[str, Any]) -> Any:
    """A failing gate check kept with an override: its message when stored, else its text."""
    if check.get("message_key"):
        data: dict[str, Any] = {"msgid": check["message_key"], "params": check.get("params") or {}}
        if check.get("message_plural"):
            data["plural"], data["count"] = check["message_plural"], check.get("count")
        return from_data(data)
    return check.get("message", "")
