"""The portfolio of policies: a sortable, paged table, and the same rows as CSV."""

from __future__ import annotations

from flask import Response, render_template, request
from flask_babel import gettext as _
from flask_login import login_required

from engine.errors import InvalidInput
from engine.services import portfolio as service
from webapp.auth import actor
from webapp.database import get_session
from webapp.evaluation import bp
from webapp.paging import paged
from webapp.templating import t

PER_PAGE = 25
#: Columns people can sort by, with their headings.
SORTABLE = ("title", "institution", "stage", "next_deadline", "budget_planned",
            "budget_spent", "measures_delayed", "indicators_off_track")


def _rows() -> tuple[list[service.PortfolioRow], str, str, str]:
    sort = request.args.get("sort") or "next_deadline"
    direction = request.args.get("direction") or "asc"
    institution = request.args.get("institution") or ""
    try:
        rows = service.portfolio(get_session(), actor(), institution=institution or None,
                                 sort=sort, direction=direction)
    except InvalidInput:  # a hand-edited address: show the default order instead
        sort, direction, institution = "next_deadline", "asc", ""
        rows = service.portfolio(get_session(), actor())
    return rows, sort, direction, institution


@bp.route("/portfolio")
@login_required
def portfolio():  # noqa: ANN201
    """Every policy one may see, with its stage, figures and next deadline."""
    rows, sort, direction, institution = _rows()
    page, page_url = paged(rows, PER_PAGE)
    return render_template(
        "evaluation/portfolio.html", page=page, page_url=page_url, sort=sort,
        direction=direction, institution=institution, sortable=SORTABLE,
        institutions=service.institutions_of(get_session(), actor()))


@bp.route("/portfolio.csv")
@login_required
def portfolio_csv():  # noqa: ANN201
    """The whole portfolio (every page), in the table's order, as a CSV attachment."""
    rows, *_rest = _rows()
    header = [_("Id"), _("Policy"), _("Country"), _("Requesting institution"), _("Stage"),
              _("Next deadline"), _("Budget planned"), _("Budget spent"), _("Measures delayed"),
              _("Indicators off track"), _("Currency")]
    text = service.as_csv(rows, header, stage_title=t)
    response = Response("\ufeff" + text, mimetype="text/csv")  # BOM: spreadsheets read UTF-8
    response.headers["Content-Disposition"] = 'attachment; filename="portfolio.csv"'
    return response
