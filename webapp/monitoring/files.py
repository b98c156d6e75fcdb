"""The monitoring's files: an indicator's chart (SVG) and a period's report (Word)."""

from __future__ import annotations

from io import BytesIO

from flask import Response, abort, current_app, request, send_file
from flask_login import login_required

from engine.services.monitoring import charts, overview, progress
from engine.services.monitoring_report import chart_words, monitoring_report
from webapp.auth import actor
from webapp.database import get_session
from webapp.monitoring import bp
from webapp.templating import t
from webapp.word import export_options
from webapp.workspace.common import load


@bp.route("/processes/<int:process_id>/monitoring/indicators/<int:indicator_id>/chart.svg")
@login_required
def chart(process_id: int, indicator_id: int) -> Response:
    """The trajectory of one indicator up to ``?period=`` (an image the page shows)."""
    process = load(process_id)
    indicator = progress.get_indicator(get_session(), actor(), indicator_id)
    if indicator.objective.process_id != process.id:
        abort(404)
    view = overview.read(get_session(), process, request.args.get("period"))
    track = next(tr for tr in view.tracks if tr.indicator.id == indicator.id)
    answer = Response(charts.svg(track, chart_words(track, t)), mimetype="image/svg+xml")
    answer.headers["Cache-Control"] = "private, no-cache"
    return answer


@bp.route("/processes/<int:process_id>/monitoring/report")
@login_required
def report(process_id: int) -> Response:
    """The monitoring report of ``?period=`` as a Word file."""
    load(process_id)
    result = monitoring_report(get_session(), actor(), process_id,
                               period=request.args.get("period", ""),
                               **export_options(current_app.config))
    return send_file(BytesIO(result.content), mimetype=result.mimetype, as_attachment=True,
                     download_name=result.filename)
