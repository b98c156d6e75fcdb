"""Pages of the strategy document: outline, section, conflicts, history, comparison.

Every flow works with plain forms (JavaScript only adds presence, notices and
shortcuts). Views parse the request, call engine services and render; the
rules live in the engine.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from flask import (
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from engine.errors import Conflict, EditConflict, InvalidInput
from engine.gates import evaluate_gate
from engine.models import Comment, Process, Revision, Section, User
from engine.permissions import Action, allowed
from engine.services import awareness, presence
from engine.services import comments as comment_service
from engine.services import sections as section_service
from engine.services.processes import get_process
from engine.text.diff import diff_html
from engine.vocabulary import SECTION_STATUSES
from webapp.auth import actor
from webapp.database import get_session
from webapp.document import bp

# ------------------------------------------------------------------ helpers


@bp.context_processor
def _helpers() -> dict[str, Any]:
    return {"diff_html": diff_html}


def _me() -> User:
    user = actor()
    assert user is not None  # login_required
    return user


def _ttl() -> float:
    return float(current_app.config.get("PRESENCE_TTL_SECONDS", presence.DEFAULT_TTL) or 45)


def _section(section_id: int) -> tuple[Section, Process]:
    session = get_session()
    section = section_service.get_section(session, _me(), section_id)
    return section, get_process(session, _me(), section.process_id)


def _comment(comment_id: int) -> Comment:
    return comment_service.get_comment(get_session(), _me(), comment_id)


def _back_to_section(section_id: int, anchor: str | None = None) -> Response:
    return redirect(url_for("document.section", section_id=section_id) + (f"#{anchor}" if anchor else ""))


def _back_to_outline(process_id: int, anchor: str | None = None) -> Response:
    return redirect(url_for("document.outline", process_id=process_id) + (f"#{anchor}" if anchor else ""))


def _numbers(process: Process) -> dict[int, str]:
    return section_service.numbering(get_session(), process)


def _blocking_check(process: Process) -> dict[str, Any] | None:
    """The gate that open blocking comments hold: the current stage's, or the next one
    whose gate has a "no blocking comments" condition. None when no stage has one."""
    from engine.catalog import definition_of
    from engine.vocabulary import SUSPENDED

    try:
        definition = definition_of(process)
        keys = list(definition.stage_keys)
        state = process.suspended_from if process.state == SUSPENDED else process.state
        for key in keys[keys.index(state):] if state in keys else []:
            stage = definition.stage(key)
            if any(c.kind == "no_blocking_comments" for c in stage.gate):
                checks = evaluate_gate(get_session(), process, key)
                check = next(c for c in checks if c.kind == "no_blocking_comments")
                return {"ok": check.ok, "message": check.message, "stage": stage.title,
                        "current": key == state}
    except Exception:  # noqa: BLE001 - the document must show even if a gate cannot be evaluated
        current_app.logger.exception("gate evaluation failed")
    return None


def _page(template: str, process: Process, **context: Any) -> str:
    """Render a document page inside the process frame (header, tabs, breadcrumbs)."""
    from webapp.workspace.common import frame

    page = frame(process, "document")
    page.update(context)
    return render_template(template, **page)


def _flash_error(error: Exception) -> None:
    """Undo whatever the refused action may have started (the redirect commits), then say why."""
    get_session().rollback()
    flash(getattr(error, "message", str(error)), "error")


# ------------------------------------------------------------------ outline


@bp.get("/processes/<int:process_id>/document")
@login_required
def outline(process_id: int) -> str:
    session = get_session()
    me = _me()
    process = get_process(session, me, process_id)
    can_edit = allowed(session, me, Action.EDIT, process)
    visit = awareness.record_visit(session, me, process)
    news = awareness.changes_since(session, me, process, visit.previous_seen_at)
    nodes = section_service.flatten(section_service.outline(session, process))
    open_counts: dict[int, int] = {}
    blocking_counts: dict[int, int] = {}
    for section_id, blocking, count in session.execute(
        select(Comment.section_id, Comment.blocking, func.count(Comment.id))
        .where(Comment.process_id == process.id, Comment.parent_id.is_(None),
               Comment.status == "open")
        .group_by(Comment.section_id, Comment.blocking)
    ):
        open_counts[section_id] = open_counts.get(section_id, 0) + count
        if blocking:
            blocking_counts[section_id] = blocking_counts.get(section_id, 0) + count
    pending = dict(session.execute(
        select(Comment.section_id, func.count(Comment.id))
        .where(Comment.process_id == process.id, Comment.suggestion_status == "pending")
        .group_by(Comment.section_id)
    ).all())
    # Suggested edits count with suggestions made in comments.
    from engine.services.track_changes import pending_counts

    for section_id, count in pending_counts(session, process).items():
        pending[section_id] = pending.get(section_id, 0) + count
    return _page("document/outline.html", process,
        nodes=nodes,
        can_edit=can_edit,
        news=news,
        visit=visit,
        open_counts=open_counts,
        blocking_counts=blocking_counts,
        pending=pending,
        editors=presence.process_editors(session, process, ttl=_ttl()),
        deleted=section_service.deleted_sections(session, process) if can_edit else [],
        numbers={n.section.id: n.number for n in nodes},
        blocking_check=_blocking_check(process),
        words=section_service.word_count(session, process),
        ttl=_ttl(),
        me=me,
    )


@bp.post("/processes/<int:process_id>/document/sections")
@login_required
def add_section(process_id: int) -> Response:
    session = get_session()
    process = get_process(session, _me(), process_id)
    try:
        section = section_service.create_section(
            session, _me(), process, title=request.form.get("title", ""),
            parent_id=request.form.get("parent_id") or None,
        )
    except (InvalidInput, Conflict) as error:
        _flash_error(error)
        return _back_to_outline(process.id, "add-section")
    flash(_("Section “%(title)s” added.", title=section.title), "success")
    return _back_to_outline(process.id, f"s-{section.id}")


@bp.post("/sections/<int:section_id>/move")
@login_required
def move(section_id: int) -> Response:
    section, process = _section(section_id)
    try:
        section_service.move_section(get_session(), _me(), section, request.form.get("direction"))
    except (InvalidInput, Conflict) as error:
        _flash_error(error)
    else:
        flash(_("“%(title)s” is now section %(number)s.", title=section.title,
                number=_numbers(process).get(section.id, "?")), "success")
    return _back_to_outline(process.id, f"s-{section.id}")


@bp.post("/sections/<int:section_id>/delete")
@login_required
def delete(section_id: int) -> Response:
    section, process = _section(section_id)
    section_service.delete_section(get_session(), _me(), section)
    flash(_("Section “%(title)s” deleted. It is kept under “Deleted sections” and can be "
            "restored.", title=section.title), "success")
    return _back_to_outline(process.id, "deleted")


@bp.post("/sections/<int:section_id>/restore")
@login_required
def restore(section_id: int) -> Response:
    section, process = _section(section_id)
    try:
        section_service.restore_section(get_session(), _me(), section)
    except Conflict as error:
        _flash_error(error)
        return _back_to_outline(process.id, "deleted")
    flash(_("Section “%(title)s” restored as section %(number)s.", title=section.title,
            number=_numbers(process).get(section.id, "?")), "success")
    return _back_to_outline(process.id, f"s-{section.id}")


@bp.get("/processes/<int:process_id>/presence")
@login_required
def process_presence(process_id: int) -> Response:
    session = get_session()
    process = get_process(session, _me(), process_id)
    found = presence.process_editors(session, process, ttl=_ttl())
    return jsonify({
        "process_id": process.id,
        "ttl": _ttl(),
        "sections": {str(k): [e.as_dict() for e in v] for k, v in found.items()},
    })


@bp.get("/processes/<int:process_id>/export")
@login_required
def export(process_id: int) -> Response:
    session = get_session()
    process = get_process(session, _me(), process_id)
    fmt = request.args.get("format", "docx")
    if fmt not in ("docx", "md", "pdf"):
        flash(_("Choose Word (.docx), PDF or Markdown (.md)."), "error")
        return _back_to_outline(process.id)
    try:
        from engine.services.exports import export_process
    except ImportError:
        flash(_("Export is not available on this installation yet."), "error")
        return _back_to_outline(process.id)
    from webapp.word import export_options

    result = export_process(
        session, _me(), process.id, fmt=fmt, profile=request.args.get("profile") or None,
        changes_since=request.args.get("changes_since") or None,
        **export_options(current_app.config),
    )
    content = result.content if isinstance(result.content, bytes) else result.content.encode()
    return send_file(io.BytesIO(content), mimetype=result.mimetype, as_attachment=True,
                     download_name=result.filename)


# ------------------------------------------------------------------ section


def _render_section(section: Section, process: Process, *, status: int = 200,
                    draft: str | None = None, draft_base: Any = None,
                    comment_form: dict[str, Any] | None = None,
                    comment_error: str | None = None) -> tuple[str, int]:
    session = get_session()
    me = _me()
    can_edit = allowed(session, me, Action.EDIT, process)
    can_comment = allowed(session, me, Action.COMMENT, process)
    threads = comment_service.threads(session, section)
    annotated = comment_service.annotate(section, threads)
    numbers = _numbers(process)
    awareness.record_visit(session, me, process)
    editors = [e for e in presence.editors(session, section, ttl=_ttl()) if e.user_id != me.id]
    last = session.scalar(select(Revision).where(Revision.section_id == section.id)
                          .order_by(Revision.number.desc()).limit(1))
    team_ids = {u.id for u in section.team}
    blocking_open = [t for t in annotated.threads
                     if t.comment.blocking and t.comment.status == "open"]
    html = _page("document/section.html", process,
        section=section,
        number=numbers.get(section.id, ""),
        annotated=annotated,
        can_edit=can_edit and section.deleted_at is None,
        can_comment=can_comment and section.deleted_at is None,
        can_resolve=lambda c: allowed(session, me, Action.RESOLVE_COMMENT, process,
                                      owner_id=c.author_id),
        editors=editors,
        last=last,
        draft=draft,
        draft_base=section.revision if draft_base is None else draft_base,
        comment_form=comment_form or {},
        comment_error=comment_error,
        candidates=[u for u in section_service.team_candidates(session, process)
                    if u.id not in team_ids],
        statuses=SECTION_STATUSES,
        blocking_open=blocking_open,
        blocking_check=_blocking_check(process) if blocking_open else None,
        users={u.id: u for u in session.scalars(select(User).where(User.id.in_(
            {c.comment.decided_by_id for c in annotated.threads if c.comment.decided_by_id}
            | {c.comment.resolved_by_id for c in annotated.threads if c.comment.resolved_by_id}
        )))},
        ttl=_ttl(),
        me=me,
    )
    return html, status


@bp.get("/sections/<int:section_id>")
@login_required
def section(section_id: int) -> tuple[str, int]:
    section, process = _section(section_id)
    return _render_section(section, process)


@bp.post("/sections/<int:section_id>")
@login_required
def save(section_id: int) -> Any:
    section, process = _section(section_id)
    session = get_session()
    body = request.form.get("body", "")
    base = request.form.get("base_revision")
    try:
        result = section_service.save_body(session, _me(), section, body=body, base_revision=base)
    except EditConflict as error:
        return _render_conflict(section, process, error.details), 409
    except InvalidInput as error:
        flash(error.message, "error")
        return _render_section(section, process, status=422, draft=body, draft_base=base)
    if not result.changed:
        flash(_("Nothing to save: the text is the same as revision %(n)s.", n=result.revision),
              "info")
    elif result.merged:
        flash(_("Saved as revision %(n)s. Someone else saved meanwhile; their changes and yours "
                "did not overlap and were merged.", n=result.revision), "success")
    else:
        flash(_("Saved as revision %(n)s.", n=result.revision), "success")
    return _back_to_section(section.id)


def _render_conflict(section: Section, process: Process, details: dict[str, Any]) -> str:
    session = get_session()
    base_no, current = details["base_revision"], details["current_revision"]
    meanwhile = list(session.scalars(
        select(Revision).where(Revision.section_id == section.id, Revision.number > base_no)
        .order_by(Revision.number)
    ))
    conflicts = details["conflicts"]
    columns = [
        ("base", _("Before: revision %(n)s, where you started", n=base_no),
         _segments(details["base"], [c["base"] for c in conflicts],
                   [c["base_start"] for c in conflicts])),
        ("theirs", _("Theirs: revision %(n)s, saved meanwhile", n=current),
         _segments(details["theirs"], [c["theirs"] for c in conflicts],
                   compare_to=[c["base"] for c in conflicts])),
        ("yours", _("Yours: not saved yet"),
         _segments(details["yours"], [c["yours"] for c in conflicts],
                   compare_to=[c["base"] for c in conflicts])),
    ]
    return _page("document/conflict.html", process, section=section,
        number=_numbers(process).get(section.id, ""), details=details, columns=columns,
        conflicts=conflicts, meanwhile=meanwhile, proposal=details.get("proposal", details["yours"]),
        current=current, ttl=_ttl(),
    )


def _segments(text: str, passages: list[str], line_starts: list[int] | None = None, *,
              compare_to: list[str] | None = None) -> list[tuple[str, int | None, list]]:
    """Split ``text`` into (piece, conflict number or None, word parts), marking each passage.

    Passages are whole lines; in the base their line offsets are known, elsewhere they
    are searched for after the previous one. With ``compare_to`` (the base passages),
    each marked passage also comes as (changed?, words) parts, so the words this side
    changed stand out. An empty base passage (an insertion point) is shown as an empty
    marked piece.
    """
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    pieces: list[tuple[str, int | None, list]] = []
    cursor = 0
    for index, passage in enumerate(passages, start=1):
        if line_starts is not None:
            start = offsets[min(line_starts[index - 1], len(lines))]
            if passage and text[start:start + len(passage)] != passage:
                start = text.find(passage, cursor)
        elif passage:
            start = text.find(passage, cursor)
        else:
            continue  # deleted on this side: nothing to point at
        if start < cursor:
            continue
        words = _changed_words(compare_to[index - 1], passage) if compare_to else []
        pieces.append((text[cursor:start], None, []))
        pieces.append((passage, index, words))
        cursor = start + len(passage)
    pieces.append((text[cursor:], None, []))
    return [p for p in pieces if p[0] or p[1] is not None]


def _changed_words(old: str, new: str) -> list[tuple[bool, str]]:
    """``new`` as (changed?, text) runs, word by word against ``old`` (lossless)."""
    import difflib

    from engine.text.diff import tokenize

    a, b = tokenize(old), tokenize(new)
    parts: list[tuple[bool, str]] = []
    for tag, _i1, _i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if j2 > j1:
            parts.append((tag != "equal", "".join(b[j1:j2])))
    # A lone space between two changed words belongs to the change; then join runs.
    for i in range(1, len(parts) - 1):
        if not parts[i][0] and not parts[i][1].strip() and parts[i - 1][0] and parts[i + 1][0]:
            parts[i] = (True, parts[i][1])
    joined: list[tuple[bool, str]] = []
    for changed, text in parts:
        if joined and joined[-1][0] == changed:
            joined[-1] = (changed, joined[-1][1] + text)
        else:
            joined.append((changed, text))
    return joined


@bp.post("/sections/<int:section_id>/settings")
@login_required
def settings(section_id: int) -> Response:
    section, _process = _section(section_id)
    before = (section.title, section.status)
    try:
        section_service.update_section(get_session(), _me(), section,
                                       title=request.form.get("title"),
                                       status=request.form.get("status") or None)
    except (InvalidInput, Conflict) as error:
        _flash_error(error)
        return _back_to_section(section.id, "settings")
    if before == (section.title, section.status):
        flash(_("Nothing changed."), "info")
    else:
        flash(_("Section updated: “%(title)s”, %(status)s.", title=section.title,
                status=_(SECTION_STATUSES[section.status])), "success")
    return _back_to_section(section.id)


@bp.post("/sections/<int:section_id>/team")
@login_required
def team_add(section_id: int) -> Response:
    section, _process = _section(section_id)
    try:
        user = section_service.assign_member(get_session(), _me(), section,
                                             request.form.get("user_id"))
    except (InvalidInput, Conflict) as error:
        _flash_error(error)
    else:
        flash(_("%(name)s joined the drafting team.", name=user.name), "success")
    return _back_to_section(section.id, "team")


@bp.post("/sections/<int:section_id>/team/<int:user_id>/remove")
@login_required
def team_remove(section_id: int, user_id: int) -> Response:
    section, _process = _section(section_id)
    name = next((u.name for u in section.team if u.id == user_id), "")
    section_service.unassign_member(get_session(), _me(), section, user_id)
    flash(_("%(name)s left the drafting team.", name=name), "success")
    return _back_to_section(section.id, "team")


@bp.route("/sections/<int:section_id>/presence", methods=["GET", "POST"])
@login_required
def section_presence(section_id: int) -> Response:
    section, _process = _section(section_id)
    session = get_session()
    me = _me()
    if request.method == "POST":
        if request.form.get("leave") or (request.is_json and (request.get_json(silent=True) or {}).get("leave")):
            presence.leave(session, me, section)
        else:
            presence.heartbeat(session, me, section)
    last = session.scalar(select(Revision).where(Revision.section_id == section.id)
                          .order_by(Revision.number.desc()).limit(1))
    return jsonify({
        "section_id": section.id,
        "revision": section.revision,
        "saved_by": last.author.name if last is not None and last.author else None,
        "saved_by_me": bool(last is not None and last.author_id == me.id),
        "ttl": _ttl(),
        "editors": [e.as_dict() for e in presence.editors(session, section, ttl=_ttl())
                    if e.user_id != me.id],
    })


# ------------------------------------------------------------------ comments


def _comment_form() -> dict[str, Any]:
    form = request.form
    return {
        "body": form.get("body", ""),
        "quote": form.get("quote", ""),
        "blocking": form.get("blocking") in ("on", "1", "true", "yes"),
        "suggestion": form.get("suggestion", ""),
        "with_suggestion": bool(form.get("suggestion", "").strip()),
    }


@bp.post("/sections/<int:section_id>/comments")
@login_required
def add_comment(section_id: int) -> Any:
    section, process = _section(section_id)
    data = _comment_form()
    suggestion = data["suggestion"] if data["with_suggestion"] else None
    try:
        comment = comment_service.add_comment(
            get_session(), _me(), section, body=data["body"], quote=data["quote"] or None,
            blocking=data["blocking"], suggestion=suggestion,
        )
    except (InvalidInput, Conflict) as error:
        # Keep what they wrote: show the form again, filled in, with the reason.
        flash(error.message, "error")
        return _render_section(section, process, status=422, comment_form=data,
                               comment_error=error.message)
    if comment.suggestion is not None:
        flash(_("Suggestion added. A lead or core-group member can accept it in one click."),
              "success")
    elif comment.blocking:
        flash(_("Blocking comment added: the stage cannot move on until it is resolved."),
              "success")
    else:
        flash(_("Comment added."), "success")
    return _back_to_section(section.id, f"comment-{comment.id}")


@bp.post("/comments/<int:comment_id>/replies")
@login_required
def reply(comment_id: int) -> Response:
    comment = _comment(comment_id)
    try:
        answer = comment_service.reply(get_session(), _me(), comment,
                                       body=request.form.get("body", ""))
    except InvalidInput as error:
        _flash_error(error)
        return _back_to_section(comment.section_id, f"comment-{comment.id}")
    flash(_("Reply added."), "success")
    return _back_to_section(comment.section_id, f"comment-{answer.id}")


@bp.post("/comments/<int:comment_id>/resolve")
@login_required
def resolve(comment_id: int) -> Response:
    comment = _comment(comment_id)
    try:
        comment_service.resolve(get_session(), _me(), comment)
    except Conflict as error:
        _flash_error(error)
    else:
        flash(_("Comment #%(id)s resolved.", id=comment.id), "success")
    return _back_to_section(comment.section_id, f"comment-{comment.id}")


@bp.post("/comments/<int:comment_id>/reopen")
@login_required
def reopen(comment_id: int) -> Response:
    comment = _comment(comment_id)
    try:
        comment_service.reopen(get_session(), _me(), comment)
    except Conflict as error:
        _flash_error(error)
    else:
        flash(_("Comment #%(id)s reopened.", id=comment.id), "success")
    return _back_to_section(comment.section_id, f"comment-{comment.id}")


@bp.post("/comments/<int:comment_id>/accept")
@login_required
def accept(comment_id: int) -> Response:
    comment = _comment(comment_id)
    try:
        comment_service.accept_suggestion(get_session(), _me(), comment)
    except EditConflict:
        get_session().rollback()
        flash(_("The quoted passage was rewritten since the suggestion was made, so it cannot be "
                "applied automatically. Edit the text by hand, or decline the suggestion."),
              "error")
        return _back_to_section(comment.section_id, f"comment-{comment.id}")
    except Conflict as error:
        _flash_error(error)
        return _back_to_section(comment.section_id, f"comment-{comment.id}")
    flash(_("Suggestion accepted: saved as revision %(n)s.", n=comment.applied_revision),
          "success")
    return _back_to_section(comment.section_id, f"comment-{comment.id}")


@bp.post("/comments/<int:comment_id>/decline")
@login_required
def decline(comment_id: int) -> Response:
    comment = _comment(comment_id)
    try:
        comment_service.decline_suggestion(get_session(), _me(), comment,
                                           request.form.get("reason", ""))
    except (InvalidInput, Conflict) as error:
        _flash_error(error)
        return _back_to_section(comment.section_id, f"comment-{comment.id}")
    flash(_("Suggestion declined; the reason is shown with it."), "success")
    return _back_to_section(comment.section_id, f"comment-{comment.id}")


# ------------------------------------------------------------------ history


@bp.get("/sections/<int:section_id>/revisions")
@login_required
def revisions(section_id: int) -> str:
    section, process = _section(section_id)
    session = get_session()
    revs = section_service.revisions(session, section)
    numbers = [r.number for r in revs]

    def pick(name: str, default: int) -> int:
        try:
            value = int(request.args.get(name, default))
        except ValueError:
            return default
        return value if value in numbers or value == 0 else default

    new = pick("b", numbers[-1] if numbers else 0)
    old = pick("a", max(0, new - 1))
    if old > new:
        old, new = new, old
    by_number = {r.number: r for r in revs}
    old_body = by_number[old].body if old in by_number else ""
    new_body = by_number[new].body if new in by_number else ""
    return _page("document/revisions.html", process, section=section,
        number=_numbers(process).get(section.id, ""), revisions=list(reversed(revs)),
        old=old, new=new, diff=diff_html(old_body, new_body) if revs else "",
        same=old_body == new_body,
        can_edit=allowed(session, _me(), Action.EDIT, process) and section.deleted_at is None,
    )


@bp.get("/sections/<int:section_id>/revisions/<int:number>")
@login_required
def revision(section_id: int, number: int) -> str:
    section, process = _section(section_id)
    session = get_session()
    rev = section_service.revision(session, section, number)
    previous = (section_service.revision(session, section, number - 1).body
                if number > 1 else "")
    return _page("document/revision.html", process, section=section,
        number=_numbers(process).get(section.id, ""), rev=rev,
        diff=diff_html(previous, rev.body),
        can_edit=allowed(session, _me(), Action.EDIT, process) and section.deleted_at is None,
    )


@bp.post("/sections/<int:section_id>/revisions/<int:number>/restore")
@login_required
def restore_revision(section_id: int, number: int) -> Response:
    section, _process = _section(section_id)
    try:
        result = section_service.restore_revision(get_session(), _me(), section, number)
    except (InvalidInput, Conflict) as error:
        _flash_error(error)
        return redirect(url_for("document.revisions", section_id=section.id))
    if result.changed:
        flash(_("Revision %(old)s restored as the new revision %(n)s; nothing was overwritten.",
                old=number, n=result.revision), "success")
    else:
        flash(_("Revision %(old)s has the same text as the current one.", old=number), "info")
    return redirect(url_for("document.revisions", section_id=section.id))


@bp.get("/processes/<int:process_id>/document/compare")
@login_required
def compare(process_id: int) -> tuple[str, int]:
    session = get_session()
    me = _me()
    process = get_process(session, me, process_id)
    points = section_service.compare_points(session, process)
    args = request.args
    old_key = args.get("from_date") or args.get("from") or (
        points[-2].key if len(points) > 2 else "start")
    new_key = args.get("to_date") or args.get("to") or "now"
    error = None
    try:
        old_at: datetime = section_service.resolve_point(session, process, old_key)
        new_at: datetime = section_service.resolve_point(session, process, new_key)
    except InvalidInput as exc:
        error = exc.message
        old_at = new_at = process.created_at
    if old_at > new_at:
        old_at, new_at = new_at, old_at
    changes = [] if error else section_service.compare_document(session, me, process, old_at, new_at)
    diffs = {c.section.id: diff_html(c.old, c.new) for c in changes if c.op != "unchanged"}
    return _page("document/compare.html", process, points=points, changes=changes, diffs=diffs,
        old_key=args.get("from") or (old_key if not args.get("from_date") else ""),
        new_key=args.get("to") or (new_key if not args.get("to_date") else ""),
        from_date=args.get("from_date", ""), to_date=args.get("to_date", ""),
        old_at=old_at, new_at=new_at, error=error,
        counts={op: sum(1 for c in changes if c.op == op)
                for op in ("added", "removed", "changed", "unchanged")},
    ), (422 if error else 200)
