"""Searching one process: the page behind the search box of the process navigation.

The engine finds and marks the hits (engine/services/search.py); this module
only says where each result lives on the site.
"""

from __future__ import annotations

from flask import request, url_for
from flask_login import login_required

from engine.errors import InvalidInput
from engine.services import search as search_service
from engine.services.search import Hit
from webapp.auth import actor
from webapp.database import get_session
from webapp.workspace import bp
from webapp.workspace.common import load, render


def result_url(process_id: int, hit: Hit) -> str:
    """The page that shows a result, at the result itself."""
    if hit.kind == "section":
        return url_for("document.section", section_id=hit.id)
    if hit.kind == "comment":
        return url_for("document.section", section_id=hit.parent_id, _anchor=f"comment-{hit.id}")
    if hit.kind == "consultation_input":
        return url_for("workspace.consultation", process_id=process_id,
                       consultation_id=hit.parent_id, _anchor=f"input-{hit.id}")
    from webapp.analysis.common import item_url  # the analysis pages build on the workspace

    return item_url(process_id, hit.kind, hit.id)


@bp.route("/processes/<int:process_id>/search")
@login_required
def search(process_id: int):  # noqa: ANN201
    process = load(process_id)
    query = " ".join(request.args.get("q", "").split())
    hits: list[Hit] = []
    error = None
    if query:
        try:
            hits = search_service.search(get_session(), actor(), process.id, query)
        except InvalidInput as refused:
            error = refused.message
    return render(
        "workspace/search.html", process, "search", 422 if error else 200,
        query=query, error=error, searched=bool(query) and error is None,
        results=[(hit, result_url(process.id, hit)) for hit in hits],
        limit=search_service.LIMIT,
    )
