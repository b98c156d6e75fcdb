"""The outline of the document: its sections in order, adding, moving, deleting and
restoring them, presence across the process, and the export."""

from __future__ import annotations

import io

from flask import current_app, flash, jsonify, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from engine.errors import Conflict, InvalidInput
from engine.permissions import Action, authorize
from engine.services import awareness, presence
from engine.services.document import sections as section_service
from engine.services.document import translations as translation_service
from engine.services.document_reads import comment_tallies
from engine.services.exports import export_process
from engine.vocabulary import DOCUMENT_LANGUAGES
from webapp.database import get_session
from webapp.document import bp
from webapp.document.common import (
    back_to_outline,
    flash_error,
    held_gate,
    me,
    numbers,
    page,
    section_and_process,
    ttl,
)
from webapp.word import export_options
from webapp.workspace.common import load, may


@bp.get("/processes/<int:process_id>/document")
@login_required
def outline(process_id: int) -> str:
    session = get_session()
    process = load(process_id)
    can_edit = may(process, Action.EDIT)
    visit = awareness.record_visit(session, me(), process)
    news = awareness.changes_since(session, me(), process, visit.previous_seen_at)
    nodes = section_service.flatten(section_service.outline(session, process))
    tallies = comment_tallies(session, process)
    return page("document/outline.html", process,
        nodes=nodes,
        can_edit=can_edit,
        news=news,
        visit=visit,
        open_counts=tallies.open,
        blocking_counts=tallies.blocking,
        pending=tallies.pending,
        editors=presence.process_editors(session, process, ttl=ttl()),
        deleted=section_service.deleted_sections(session, process) if can_edit else [],
        numbers={n.section.id: n.number for n in nodes},
        blocking_check=held_gate(process),
        words=section_service.word_count(session, process),
        translations=translation_service.status_by_section(session, process),
        export_languages=export_language_choices(process),
        ttl=ttl(),
        me=me(),
    )


@bp.post("/processes/<int:process_id>/document/sections")
@login_required
def add_section(process_id: int) -> Response:
    process = load(process_id)
    try:
        section = section_service.create_section(
            get_session(), me(), process, title=request.form.get("title", ""),
            parent_id=request.form.get("parent_id") or None,
        )
    except (InvalidInput, Conflict) as error:
        flash_error(error)
        return back_to_outline(process.id, "add-section")
    flash(_("Section “%(title)s” added.", title=section.title), "success")
    return back_to_outline(process.id, f"s-{section.id}")


@bp.post("/sections/<int:section_id>/move")
@login_required
def move(section_id: int) -> Response:
    section, process = section_and_process(section_id)
    try:
        section_service.move_section(get_session(), me(), section, request.form.get("direction"))
    except (InvalidInput, Conflict) as error:
        flash_error(error)
    else:
        flash(_("“%(title)s” is now section %(number)s.", title=section.title,
                number=numbers(process).get(section.id, "?")), "success")
    return back_to_outline(process.id, f"s-{section.id}")


@bp.get("/sections/<int:section_id>/delete")
@login_required
def confirm_delete(section_id: int) -> str:
    """Ask once, on a page of its own (no script needed), before deleting."""
    section, process = section_and_process(section_id)
    authorize(get_session(), me(), Action.EDIT, process)
    nodes = section_service.flatten(section_service.outline(get_session(), process))
    index = next((i for i, n in enumerate(nodes) if n.section.id == section.id), None)
    below = []
    if index is not None:
        depth = nodes[index].depth
        for node in nodes[index + 1:]:
            if node.depth <= depth:
                break
            below.append(node)
    return page("document/delete.html", process, section=section,
                number=nodes[index].number if index is not None else "", below=below)


@bp.post("/sections/<int:section_id>/delete")
@login_required
def delete(section_id: int) -> Response:
    section, process = section_and_process(section_id)
    if request.form.get("confirm") != "yes":
        return redirect(url_for("document.confirm_delete", section_id=section.id), code=303)
    section_service.delete_section(get_session(), me(), section)
    flash(_("Section “%(title)s” deleted. It is kept under “Deleted sections” and can be "
            "restored.", title=section.title), "success")
    return back_to_outline(process.id, "deleted")


@bp.post("/sections/<int:section_id>/restore")
@login_required
def restore(section_id: int) -> Response:
    section, process = section_and_process(section_id)
    try:
        section_service.restore_section(get_session(), me(), section)
    except Conflict as error:
        flash_error(error)
        return back_to_outline(process.id, "deleted")
    flash(_("Section “%(title)s” restored as section %(number)s.", title=section.title,
            number=numbers(process).get(section.id, "?")), "success")
    return back_to_outline(process.id, f"s-{section.id}")


@bp.get("/processes/<int:process_id>/presence")
@login_required
def process_presence(process_id: int) -> Response:
    process = load(process_id)
    found = presence.process_editors(get_session(), process, ttl=ttl())
    return jsonify({
        "process_id": process.id,
        "ttl": ttl(),
        "sections": {str(k): [e.as_dict() for e in v] for k, v in found.items()},
    })


@bp.get("/processes/<int:process_id>/export")
@login_required
def export(process_id: int) -> Response:
    process = load(process_id)
    fmt = request.args.get("format", "docx")
    if fmt not in ("docx", "md", "pdf"):
        flash(_("Choose Word (.docx), PDF or Markdown (.md)."), "error")
        return back_to_outline(process.id)
    result = export_process(
        get_session(), me(), process.id, fmt=fmt, profile=request.args.get("profile") or None,
        changes_since=request.args.get("changes_since") or None,
        languages=request.args.get("languages") or None,
        **export_options(current_app.config),
    )
    content = result.content if isinstance(result.content, bytes) else result.content.encode()
    return send_file(io.BytesIO(content), mimetype=result.mimetype, as_attachment=True,
                     download_name=result.filename)


def export_language_choices(process) -> list[tuple[str, str]]:
    """The export's language choices: the document language, another one (from the
    translations), or both side by side."""
    main = process.document_language
    choices = [("", _("In the document language (%(language)s)",
                      language=_(DOCUMENT_LANGUAGES[main])))]
    for code, label in DOCUMENT_LANGUAGES.items():
        if code == main:
            continue
        choices.append((code, _("In %(language)s (the translations)", language=_(label))))
        choices.append((f"{main},{code}", _("%(first)s and %(second)s side by side",
                                             first=_(DOCUMENT_LANGUAGES[main]),
                                             second=_(label))))
    return choices
