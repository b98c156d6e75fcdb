"""The overview of the analysis: its parts, what the gates check, the budget and the top risks."""

from __future__ import annotations

from flask_login import login_required

from engine.services.analysis import actions, inventory, problem, risks
from engine.services.checklists import analysis_readiness
from webapp.analysis import bp
from webapp.analysis.common import page
from webapp.database import get_session
from webapp.workspace.common import load


@bp.route("/processes/<int:process_id>/analysis")
@login_required
def index(process_id: int):  # noqa: ANN201
    process = load(process_id)
    session = get_session()
    sources = inventory.list_sources(session, process)
    return page("analysis/index.html", process, "index",
                readiness=analysis_readiness(session, process),
                coverage=inventory.coverage_summary(sources),
                problem=problem.get_problem(session, process),
                budget=actions.budget_totals(session, process),
                top_risks=[r for r in risks.list_risks(session, process)
                           if r.status in ("open", "occurred")][:3],
                level=risks.level)
