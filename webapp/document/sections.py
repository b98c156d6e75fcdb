"""One section: reading and editing its text, an edit conflict, its settings, its
drafting team and who is editing it now."""

from __future__ import annotations

from typing import Any

from flask import flash, jsonify, request
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required
from werkzeug.wrappers import Response

from engine.errors import Conflict, EditConflict, InvalidInput
from engine.models import Process, Section
from engine.permissions import Action
from engine.services import awareness, presence, track_changes
from engine.services.document import comments as comment_service
from engine.services.document import sections as section_service
from engine.services.document_reads import deciders, last_revision, revisions_after
from engine.text.conflicts import segments
from engine.vocabulary import SECTION_STATUSES
from webapp.database import get_session
from webapp.document import bp
from webapp.document.common import (
    back_to_section,
    flash_error,
    held_gate,
    me,
    numbers,
    page,
    place_of,
    section_and_process,
    ttl,
)
from webapp.document.translations import translation_links
from webapp.paging import paged
from webapp.workspace.common import may

#: Comment threads listed per page beside a section (open ones and resolved ones apart).
COMMENTS_PER_PAGE = 20


def render_section(section: Section, process: Process, *, status: int = 200,
                   draft: str | None = None, draft_base: Any = None,
                   comment_form: dict[str, Any] | None = None,
                   comment_error: str | None = None) -> tuple[str, int]:
    """The section page (also drawn again, with what was typed, after a refused change)."""
    session = get_session()
    user = me()
    can_edit = may(process, Action.EDIT)
    can_comment = may(process, Action.COMMENT)
    threads = comment_service.threads(session, section)
    annotated = comment_service.annotate(section, threads)
    awareness.record_visit(session, user, process)
    editors = [e for e in presence.editors(session, section, ttl=ttl()) if e.user_id != user.id]
    team_ids = {u.id for u in section.team}
    blocking_open = [t for t in annotated.threads
                     if t.comment.blocking and t.comment.status == "open"]
    place = place_of(process, section)
    current, current_url = paged(
        [t for t in annotated.threads if t.comment.status == "open" and t.state != "outdated"],
        COMMENTS_PER_PAGE, "document.section", "comments-title", param="comments_page",
        section_id=section.id)
    resolved, resolved_url = paged(
        [t for t in annotated.threads if t.comment.status == "resolved"],
        COMMENTS_PER_PAGE, "document.section", "resolved-comments", param="resolved_page",
        section_id=section.id)
    html = page("document/section.html", process,
        section=section,
        number=place.number,
        place=place,
        annotated=annotated,
        current_page=current, current_url=current_url,
        resolved_page=resolved, resolved_url=resolved_url,
        resolved_open="resolved_page" in request.args,
        can_edit=can_edit and section.deleted_at is None,
        can_comment=can_comment and section.deleted_at is None,
        can_resolve=lambda c: may(process, Action.RESOLVE_COMMENT, owner_id=c.author_id),
        editors=editors,
        last=last_revision(session, section),
        draft=draft,
        draft_base=section.revision if draft_base is None else draft_base,
        comment_form=comment_form or {},
        comment_error=comment_error,
        candidates=[u for u in section_service.team_candidates(session, process)
                    if u.id not in team_ids],
        statuses=SECTION_STATUSES,
        blocking_open=blocking_open,
        blocking_check=held_gate(process) if blocking_open else None,
        users=deciders(session, (t.comment for t in annotated.threads)),
        ttl=ttl(),
        me=user,
        **_suggested_edits(section, process),
        mention_names=sorted({m.user.name for m in process.active_memberships
                              if m.user_id != user.id}, key=str.lower),
        translations=translation_links(section, process),
    )
    return html, status


def _suggested_edits(section: Section, process: Process) -> dict[str, Any]:
    """What the section page shows of suggested edits (webapp/document/suggestions.py)."""
    return {
        "can_suggest": may(process, Action.SUGGEST) and section.deleted_at is None,
        "suggestions": [s for s in track_changes.suggestions_for(get_session(), me(), section)
                        if s.decided_at is None],
    }


@bp.get("/sections/<int:section_id>")
@login_required
def section(section_id: int) -> tuple[str, int]:
    found, process = section_and_process(section_id)
    return render_section(found, process)


@bp.post("/sections/<int:section_id>")
@login_required
def save(section_id: int) -> Any:
    found, process = section_and_process(section_id, lock=True)
    body = request.form.get("body", "")
    base = request.form.get("base_revision")
    was_agreed = found.status == "agreed"
    try:
        result = section_service.save_body(get_session(), me(), found, body=body,
                                           base_revision=base,
                                           client_save_id=request.form.get("client_save_id"))
    except EditConflict as error:
        return _render_conflict(found, process, error.details), 409
    except InvalidInput as error:
        flash(error.message, "error")
        return render_section(found, process, status=422, draft=body, draft_base=base)
    if not result.changed:
        flash(_("Nothing to save: the text is the same as revision %(n)s.", n=result.revision),
              "info")
    elif result.merged:
        names = _saved_meanwhile(found, base, result.revision)
        flash(_("Saved as revision %(n)s. %(names)s saved meanwhile; their changes and yours "
                "did not overlap and were merged.", n=result.revision,
                names=", ".join(names) or _("Someone else")),
              "success")
    else:
        flash(_("Saved as revision %(n)s.", n=result.revision), "success")
    if was_agreed and result.changed and not result.repeated:
        flash(_("This section was agreed; the change returned it to drafting."), "info")
    return back_to_section(found.id)


@bp.post("/sections/<int:section_id>/resolve")
@login_required
def resolve_conflict(section_id: int) -> Any:
    """Save after an edit conflict: each clashing passage kept ("mine") or taken from
    the revision saved meanwhile ("theirs"), as the radio buttons say."""
    found, process = section_and_process(section_id)
    yours = request.form.get("yours", "")
    count = request.form.get("conflicts", type=int) or 0
    choices = [request.form.get(f"choice-{n}", "") for n in range(1, min(count, 500) + 1)]
    try:
        result = section_service.resolve_conflict(
            get_session(), me(), found, base_revision=request.form.get("base_revision"),
            theirs_revision=request.form.get("theirs_revision"), yours=yours, choices=choices,
            client_save_id=request.form.get("client_save_id"))
    except EditConflict as error:
        return _render_conflict(found, process, error.details), 409
    except InvalidInput as error:
        flash(error.message, "error")
        return render_section(found, process, status=422, draft=yours,
                              draft_base=request.form.get("theirs_revision"))
    kept = choices.count("mine")
    taken = len(choices) - kept
    flash(_("Saved as revision %(n)s.", n=result.revision) + " "
          + ngettext("%(num)s passage kept as you wrote it", "%(num)s passages kept as you wrote them",
                     kept) + ", "
          + ngettext("%(num)s taken from the other version.", "%(num)s taken from the other version.",
                     taken), "success")
    return back_to_section(found.id)


def _saved_meanwhile(section: Section, base: Any, saved: int) -> list[str]:
    """Who saved the revisions merged with this save (between its base and itself)."""
    try:
        since = int(base)
    except (TypeError, ValueError):
        return []
    found = revisions_after(get_session(), section, since)
    return list(dict.fromkeys(r.author.name for r in found if r.number < saved and r.author))


def _render_conflict(section: Section, process: Process, details: dict[str, Any]) -> str:
    base_no, current = details["base_revision"], details["current_revision"]
    conflicts = details["conflicts"]
    columns = [
        ("base", _("Before: revision %(n)s, where you started", n=base_no),
         segments(details["base"], [c["base"] for c in conflicts],
                  [c["base_start"] for c in conflicts])),
        ("theirs", _("Theirs: revision %(n)s, saved meanwhile", n=current),
         segments(details["theirs"], [c["theirs"] for c in conflicts],
                  compare_to=[c["base"] for c in conflicts])),
        ("yours", _("Yours: not saved yet"),
         segments(details["yours"], [c["yours"] for c in conflicts],
                  compare_to=[c["base"] for c in conflicts])),
    ]
    return page("document/conflict.html", process, section=section,
        number=numbers(process).get(section.id, ""), details=details, columns=columns,
        conflicts=conflicts, meanwhile=revisions_after(get_session(), section, base_no),
        proposal=details.get("proposal", details["yours"]), current=current, ttl=ttl(),
    )


@bp.post("/sections/<int:section_id>/settings")
@login_required
def settings(section_id: int) -> Response:
    found, _process = section_and_process(section_id)
    before = (found.title, found.status)
    try:
        section_service.update_section(get_session(), me(), found,
                                       title=" ".join(request.form.get("title", "").split()),
                                       status=request.form.get("status") or None)
    except (InvalidInput, Conflict) as error:
        flash_error(error)
        return back_to_section(found.id, "settings")
    if before == (found.title, found.status):
        flash(_("Nothing changed."), "info")
    else:
        flash(_("Section updated: “%(title)s”, %(status)s.", title=found.title,
                status=_(SECTION_STATUSES[found.status])), "success")
    return back_to_section(found.id)


@bp.post("/sections/<int:section_id>/team")
@login_required
def team_add(section_id: int) -> Response:
    found, _process = section_and_process(section_id)
    try:
        user = section_service.assign_member(get_session(), me(), found,
                                             request.form.get("user_id"))
    except (InvalidInput, Conflict) as error:
        flash_error(error)
    else:
        flash(_("%(name)s joined the drafting team.", name=user.name), "success")
    return back_to_section(found.id, "team")


@bp.post("/sections/<int:section_id>/team/<int:user_id>/remove")
@login_required
def team_remove(section_id: int, user_id: int) -> Response:
    found, _process = section_and_process(section_id)
    name = next((u.name for u in found.team if u.id == user_id), "")
    section_service.unassign_member(get_session(), me(), found, user_id)
    flash(_("%(name)s left the drafting team.", name=name), "success")
    return back_to_section(found.id, "team")


@bp.route("/sections/<int:section_id>/presence", methods=["GET", "POST"])
@login_required
def section_presence(section_id: int) -> Response:
    found, _process = section_and_process(section_id)
    session = get_session()
    user = me()
    if request.method == "POST":
        if request.form.get("leave") or (request.is_json
                                         and (request.get_json(silent=True) or {}).get("leave")):
            presence.leave(session, user, found)
        else:
            presence.heartbeat(session, user, found)
    last = last_revision(session, found)
    return jsonify({
        "section_id": found.id,
        "revision": found.revision,
        "saved_by": last.author.name if last is not None and last.author else None,
        "saved_by_me": bool(last is not None and last.author_id == user.id),
        "ttl": ttl(),
        "editors": [e.as_dict() for e in presence.editors(session, found, ttl=ttl())
                    if e.user_id != user.id],
    })
