"""Processes: starting, reading, moving them on, their history and the exported document."""

from __future__ import annotations

from io import BytesIO

from flask import Response, current_app, send_file
from sqlalchemy.orm import Session

from engine.models import User
from engine.permissions import role_of
from engine.services import audit, loading, transitions
from engine.services import processes as service
from engine.services.exports import export_process
from webapp.api import shapes
from webapp.api.registry import Paged, PageQuery, api_route
from webapp.api.schemas import (
    ErrorOut,
    EventOut,
    ExportQuery,
    GateNotMetOut,
    HistoryQuery,
    ProcessIn,
    ProcessOut,
    ProcessPatch,
    ProcessSummary,
    TransitionIn,
)
from webapp.word import export_options

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@api_route("/processes", summary="List my processes", tags=["processes"],
           response=list[ProcessSummary])
def list_processes(session: Session, actor: User) -> list[dict]:
    """The processes the caller belongs to (all of them for administrators), latest change first."""
    return [shapes.process_summary(p, role_of(session, actor, p))
            for p in service.list_processes(session, actor)]


@api_route("/processes", "POST", summary="Start a process", tags=["processes"],
           body=ProcessIn, response=ProcessOut, status=201)
def create_process(session: Session, actor: User, body: ProcessIn) -> dict:
    """Start a process on a workflow; the caller becomes its lead."""
    process = service.start_process(
        session, actor, current_app.extensions["policycycle.catalog"],
        title=body.title, workflow=body.workflow, country=body.country,
        requesting_institution_id=body.requesting_institution_id,
        workflow_version=body.workflow_version, document_language=body.language,
    )
    return service.describe(session, process, viewer=actor)


@api_route("/processes/{process_id}", summary="Read a process", tags=["processes"],
           response=ProcessOut)
def get_process(session: Session, actor: User, process_id: int) -> dict:
    """State, stages, the current gate's checklist and the triggers available now."""
    return service.describe(session, loading.get_process(session, actor, process_id),
                            viewer=actor)


@api_route("/processes/{process_id}", "PATCH", summary="Rename a process or change its language",
           tags=["processes"], body=ProcessPatch, response=ProcessOut, errors=[403])
def update_process(session: Session, actor: User, process_id: int, body: ProcessPatch) -> dict:
    """Change the title, the document language, or the policy process a request supports
    (`supports_process_id`, null to remove the link) (lead only); omitted fields stay."""
    process = loading.get_process(session, actor, process_id)
    link = ({"supports_process_id": body.supports_process_id}
            if "supports_process_id" in body.model_fields_set else {})
    service.update_process(session, actor, process, title=body.title, language=body.language,
                           **link)
    return service.describe(session, process, viewer=actor)


@api_route("/processes/{process_id}/transitions", "POST", summary="Fire a trigger",
           tags=["processes"], body=TransitionIn, response=ProcessOut,
           errors={403: (), 409: (GateNotMetOut, ErrorOut)})
def fire_transition(session: Session, actor: User, process_id: int, body: TransitionIn) -> dict:
    """Move the process (the lead; a trigger with `decided_by: steering_group` only the
    steering group's members, once their assessment is complete, else 409 with
    `details.missing`). A gated trigger whose checks fail answers 409
    `gate_not_met` with `details.checks`; give `override_reason` to go ahead anyway
    (recorded with the failing checks). A trigger not possible now answers 409
    `invalid_transition`."""
    process = loading.get_process(session, actor, process_id)
    transitions.fire(session, actor, process, body.trigger, note=body.note,
                     override_reason=body.override_reason)
    return service.describe(session, process, viewer=actor)


@api_route("/processes/{process_id}/history", summary="The audit history", tags=["processes"],
           query=HistoryQuery, response=list[EventOut])
def history(session: Session, actor: User, process_id: int, query: HistoryQuery,
            page: PageQuery) -> Paged:
    """The recorded changes of the process, oldest first, a page at a time (100 events by
    default); filter by stage or kind prefix. `limit` caps the whole list."""
    process = loading.get_process(session, actor, process_id)
    total = audit.count_history(session, process, stage=query.stage, kind=query.kind)
    if query.limit is not None:
        total = min(total, query.limit)
    size = min(page.per_page, total - page.offset)
    events = audit.history(session, process, stage=query.stage, kind=query.kind,
                           limit=size, offset=page.offset) if size > 0 else []
    return Paged([shapes.event(e) for e in events], total)


@api_route("/processes/{process_id}/export", summary="Export the strategy document",
           tags=["processes"], query=ExportQuery,
           files={DOCX: "Word document (`format=docx`)",
                  "text/markdown": "Markdown (`format=md`)",
                  "application/pdf": "PDF through LibreOffice (`format=pdf`)"})
def export(session: Session, actor: User, process_id: int, query: ExportQuery) -> Response:
    """The document as a file download (docx by default)."""
    loading.get_process(session, actor, process_id)
    result = export_process(
        session, actor, process_id, fmt=query.format, template=query.template,
        with_comments=query.with_comments, profile=query.profile,
        changes_since=query.changes_since, languages=query.languages,
        **export_options(current_app.config),
    )
    return send_file(BytesIO(result.content), mimetype=result.mimetype, as_attachment=True,
                     download_name=result.filename)
