"""The audit log of a process, newest first, filtered by stage, person and kind."""

from __future__ import annotations

from flask import request, url_for
from flask_login import login_required

from engine.catalog import definition_of
from engine.services import history as history_service
from webapp.database import get_session
from webapp.workspace import bp
from webapp.workspace.common import load, render

PER_PAGE = 25


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        return default


@bp.route("/processes/<int:process_id>/history")
@login_required
def history(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    definition = definition_of(process)
    stages = [(s.key, s.title) for s in definition.stages]
    stage = request.args.get("stage") or None
    if stage not in {key for key, _ in stages}:
        stage = None
    person = _int(request.args.get("person"))
    families = history_service.event_families(session, process)
    kind = request.args.get("kind") or None
    if kind not in families:
        kind = None
    page = history_service.history_page(
        session, process, stage=stage, actor_id=person, kind=kind,
        page=_int(request.args.get("page"), 1) or 1, per_page=PER_PAGE)
    filters = {"stage": stage or "", "person": person or "", "kind": kind or ""}

    def page_url(number: int) -> str:
        args = {k: v for k, v in filters.items() if v}
        return url_for("workspace.history", process_id=process_id, page=number, **args)

    return render(
        "workspace/history.html", process, "history",
        page=page,
        page_url=page_url,
        filters=filters,
        filtered=any(filters.values()),
        stages=stages,
        people=history_service.event_people(session, process),
        families=families,
    )
