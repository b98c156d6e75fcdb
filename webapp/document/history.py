"""The history of the document: a section's revisions, one revision, restoring one,
and the comparison of the whole document between two points in time."""

from __future__ import annotations

from datetime import datetime

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from engine.errors import Conflict, InvalidInput
from engine.permissions import Action
from engine.services.document import revisions as revision_service
from engine.services.document import sections as section_service
from engine.text.diff import diff_html
from webapp.database import get_session
from webapp.document import bp
from webapp.document.common import flash_error, me, numbers, page, section_and_process
from webapp.paging import paged
from webapp.workspace.common import load, may

#: Revisions listed per page of a section's history.
REVISIONS_PER_PAGE = 50


@bp.get("/sections/<int:section_id>/revisions")
@login_required
def revisions(section_id: int) -> str:
    section, process = section_and_process(section_id)
    revs = revision_service.revisions(get_session(), section)
    known = [r.number for r in revs]

    def pick(name: str, default: int) -> int:
        try:
            value = int(request.args.get(name, default))
        except ValueError:
            return default
        return value if value in known or value == 0 else default

    new = pick("b", known[-1] if known else 0)
    old = pick("a", max(0, new - 1))
    if old > new:
        old, new = new, old
    by_number = {r.number: r for r in revs}
    old_body = by_number[old].body if old in by_number else ""
    new_body = by_number[new].body if new in by_number else ""
    shown, page_url = paged(list(reversed(revs)), REVISIONS_PER_PAGE)
    return page("document/revisions.html", process, section=section,
        number=numbers(process).get(section.id, ""), revisions=shown.items,
        revision_count=len(revs), revisions_page=shown, page_url=page_url,
        old=old, new=new, diff=diff_html(old_body, new_body) if revs else "",
        same=old_body == new_body,
        can_edit=may(process, Action.EDIT) and section.deleted_at is None,
    )


@bp.get("/sections/<int:section_id>/revisions/<int:number>")
@login_required
def revision(section_id: int, number: int) -> str:
    section, process = section_and_process(section_id)
    session = get_session()
    rev = revision_service.revision(session, section, number)
    previous = (revision_service.revision(session, section, number - 1).body
                if number > 1 else "")
    return page("document/revision.html", process, section=section,
        number=numbers(process).get(section.id, ""), rev=rev,
        diff=diff_html(previous, rev.body),
        can_edit=may(process, Action.EDIT) and section.deleted_at is None,
    )


@bp.post("/sections/<int:section_id>/revisions/<int:number>/restore")
@login_required
def restore_revision(section_id: int, number: int) -> Response:
    section, _process = section_and_process(section_id)
    try:
        result = section_service.restore_revision(get_session(), me(), section, number)
    except (InvalidInput, Conflict) as error:
        flash_error(error)
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
    process = load(process_id)
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
    changes = ([] if error else
               section_service.compare_document(session, me(), process, old_at, new_at))
    diffs = {c.section.id: diff_html(c.old, c.new) for c in changes if c.op != "unchanged"}
    return page("document/compare.html", process, points=points, changes=changes, diffs=diffs,
        old_key=args.get("from") or (old_key if not args.get("from_date") else ""),
        new_key=args.get("to") or (new_key if not args.get("to_date") else ""),
        from_date=args.get("from_date", ""), to_date=args.get("to_date", ""),
        old_at=old_at, new_at=new_at, error=error,
        counts={op: sum(1 for c in changes if c.op == op)
                for op in ("added", "removed", "changed", "unchanged")},
    ), (422 if error else 200)
