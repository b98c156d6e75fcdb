"""Export a process's strategy document: gather it from the database, render it.

Annexes are small builders registered with ``@annex(key)``; a house style's
TOML decides which of them it prints and in what order. Later features add
their tables the same way, in a module that ``engine.composition`` imports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

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
)
from engine.i18n import msg
from engine.models import Comment, Process, Revision, Section, TransitionRecord, User
from engine.services import consultations as consultation_service
from engine.services import deliverables as deliverable_service
from engine.services import loading
from engine.services.annex_registry import ANNEXES, annex
from engine.services.document.sections import flatten, outline
from engine.services.institutions import tree
from engine.vocabulary import (
    CONSULTATION_METHODS,
    DELIVERABLE_KINDS,
    DELIVERABLE_STATUSES,
    DISPOSITIONS,
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
) -> ExportResult:
    """Render the document of a process as .docx or Markdown.

    ``actor`` None means the command line (trusted); otherwise the actor must
    be allowed to see the process. ``profile`` is ``publication`` or
    ``working`` (default: by stage, see :mod:`engine.services.publication`);
    ``with_comments`` None follows the profile; ``changes_since`` makes a
    redline (:mod:`engine.export.redline`); ``pdf`` goes through LibreOffice.
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
    document = build_export_document(session, process, with_comments=with_comments)
    publication.apply_profile(session, process, document, profile,
                              currency=process.currency or currency)
    document.site = site
    if fmt == "md":
        return ExportResult(render_markdown(document).encode(), export_filename(document, "md"),
                            MIMETYPES["md"])
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


def build_export_document(
    session: Session, process: Process, *, with_comments: bool = False, today: date | None = None
) -> ExportDocument:
    """Everything the export prints, read from the database in a few queries."""
    definition = definition_of(process)
    stage_key = process.working_stage
    stage_title = definition.stage(stage_key).title if stage_key in definition.stage_keys else stage_key
    validated = _validated(process)
    status = "Validated" if validated else "Draft"
    if process.state == SUSPENDED:
        status += " (suspended)"
    nodes = flatten(outline(session, process))
    sections = [
        ExportSection(number=n.number, title=n.section.title, level=n.depth, body=n.section.body,
                      key=n.section.key, id=n.section.id, revision=n.section.revision)
        for n in nodes
    ]
    revisions = session.scalar(
        select(func.count(Revision.id)).join(Section).where(Section.process_id == process.id)
    ) or 0
    document = ExportDocument(
        title=process.title,
        country=process.country,
        requesting_institution=process.requesting_institution.name,
        workflow_title=definition.title,
        stage_title=stage_title,
        marking="VALIDATED" if validated else "DRAFT",
        status_label=f"{status} – {stage_title.lower()}",
        version=max(1, revisions),
        date=today or date.today(),
        sections=sections,
    )
    for key, builder in ANNEXES.items():
        built = builder(session, process)
        if built is not None:
            built.key = key
            document.annexes.append(built)
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
    roots = session.scalars(
        select(Comment)
        .where(Comment.process_id == process.id, Comment.parent_id.is_(None),
               Comment.status == "open")
        .order_by(Comment.id)
    )
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
                     for r in comment.replies],
        ))
    return result


def _day(value: Any) -> str:
    # ISO here; the renderer prints every date in the house style's one format.
    return value.date().isoformat() if isinstance(value, datetime) else (
        value.isoformat() if value else "")


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
                rows.append([name, membership.user.name, ROLES[membership.role],
                             _day(membership.started_at)])
                name = ""
            walk(node.children, depth + 1)

    walk(tree(list(institutions.values())), 0)
    return Annex(
        key="core_group",
        title="Composition of the core group",
        intro=f"Members of the core group of “{process.title}” on the date of this version, "
              "by institution.",
        tables=[AnnexTable(columns=["Institution", "Member", "Role", "Member since"], rows=rows,
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
        [_day(c.held_on) or "planned", CONSULTATION_METHODS.get(c.method, c.method), c.title,
         titles.get(c.stage_key, c.stage_key),
         ", ".join(STAKEHOLDER_GROUPS.get(g, g) for g in c.groups or []), str(len(c.inputs))]
        for c in items
    ]
    inputs = [
        [c.title, i.source, i.text, DISPOSITIONS.get(i.disposition or "", "Pending"),
         i.reason or ""]
        for c in items for i in c.inputs
    ]
    tables = [AnnexTable(columns=["Date", "Method", "Consultation", "Stage", "Groups reached",
                                  "Inputs"], rows=held, title="Consultations held",
                         widths=[1.2, 1.4, 2.4, 1.4, 2.2, 0.8])]
    if inputs:
        tables.append(AnnexTable(columns=["Consultation", "Source", "Input", "Disposition",
                                          "Reason"], rows=inputs,
                                 title="Inputs received and how they were taken into account",
                                 widths=[1.6, 1.4, 3, 1.1, 2.4]))
    return Annex(key="consultations", title="Consultations and inputs received",
                 intro="Consultations of stakeholders in each stage, and the core group's "
                       "disposition of every input received.", tables=tables)


@annex("deliverables")
def deliverables_annex(session: Session, process: Process) -> Annex | None:
    items = deliverable_service.list_deliverables(session, process)
    if not items:
        return None
    definition = definition_of(process)
    order = {s.key: n for n, s in enumerate(definition.stages)}
    titles = {s.key: s.title for s in definition.stages}
    rows = [
        [titles.get(d.stage_key, d.stage_key), d.title, DELIVERABLE_KINDS.get(d.kind, d.kind),
         d.owner.name if d.owner else "", _day(d.due_on),
         DELIVERABLE_STATUSES.get(d.status, d.status)]
        for d in sorted(items, key=lambda d: (order.get(d.stage_key, 99), d.id))
    ]
    return Annex(key="deliverables", title="Deliverables and their status",
                 tables=[AnnexTable(columns=["Stage", "Deliverable", "Kind", "Owner", "Due",
                                             "Status"], rows=rows,
                                    widths=[1.4, 2.6, 1.6, 1.6, 1.1, 1])])


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
    titles[SUSPENDED] = "Suspended"
    rows = []
    for record in records:
        note = record.note or ""
        if record.override_reason:
            failing = "; ".join(c.get("message", "") for c in record.failing_checks or [])
            note = (note + "\n" if note else "") + (
                f"Gate overridden: {record.override_reason}"
                + (f" (open checks: {failing})" if failing else "")
            )
        rows.append([_day(record.at), titles.get(record.source, record.source),
                     titles.get(record.dest, record.dest), record.actor.name, note])
    return Annex(key="transitions", title="History of stage transitions",
                 tables=[AnnexTable(columns=["Date", "From", "To", "Decided by", "Note"],
                                    rows=rows, widths=[1.1, 1.6, 1.6, 1.6, 3.6])])
