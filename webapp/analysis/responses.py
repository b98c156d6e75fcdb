"""The table of responses (``/processes/<id>/responses``) and CSV downloads of the analysis tables."""

from __future__ import annotations

import re

from flask import Response, abort, request
from flask_login import login_required

from engine.services.analysis import tables
from engine.services.analysis.responses import list_responses, summary
from webapp.analysis import bp
from webapp.analysis.common import page
from webapp.database import get_session
from webapp.paging import paged
from webapp.workspace.common import load

FILTERS = ("all", "input", "suggestion", "undecided")
#: Rows per page of the table of responses (the CSV download holds them all).
RESPONSES_PER_PAGE = 50


def _csv(process_title: str, name: str, text: str) -> Response:
    slug = re.sub(r"[^a-z0-9]+", "-", process_title.lower()).strip("-")[:60] or "process"
    response = Response("\ufeff" + text, mimetype="text/csv")  # BOM: spreadsheets read UTF-8
    response.headers["Content-Disposition"] = f'attachment; filename="{slug}-{name}.csv"'
    return response


@bp.route("/processes/<int:process_id>/responses")
@login_required
def responses(process_id: int):  # noqa: ANN201
    process = load(process_id)
    rows = list_responses(get_session(), process)
    shown = request.args.get("show", "all")
    if shown not in FILTERS:
        shown = "all"
    visible = [r for r in rows if shown == "all" or r.kind == shown
               or (shown == "undecided" and not r.decided)]
    shown_page, page_url = paged(visible, RESPONSES_PER_PAGE)
    return page("analysis/responses.html", process, "responses", rows=shown_page.items,
                rows_page=shown_page, page_url=page_url,
                summary=summary(rows), shown=shown, total=len(rows))


@bp.route("/processes/<int:process_id>/responses.csv")
@login_required
def responses_csv(process_id: int):  # noqa: ANN201
    process = load(process_id)
    return _csv(process.title, "responses",
                tables.to_csv(tables.responses_table(get_session(), process)))


@bp.route("/processes/<int:process_id>/analysis/tables/<name>.csv")
@login_required
def table_csv(process_id: int, name: str):  # noqa: ANN201
    process = load(process_id)
    build = tables.TABLES.get(name)
    if build is None:
        abort(404)
    return _csv(process.title, name.replace("_", "-"), tables.to_csv(build(get_session(), process)))
