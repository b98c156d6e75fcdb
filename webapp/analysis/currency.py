"""The currency of a process's action plan: every budget amount is shown in it."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from engine.services.analysis import actions
from webapp.analysis import bp
from webapp.auth import actor
from webapp.database import get_session
from webapp.formats import currency_name, default_currency
from webapp.workspace.common import load


@bp.route("/processes/<int:process_id>/analysis/actions/currency", methods=["POST"])
@login_required
def set_currency(process_id: int):  # noqa: ANN201
    """Set the currency; an unknown code is refused with 422 by the one error mapping."""
    process = load(process_id)
    actions.set_currency(get_session(), actor(), process, request.form.get("currency", ""))
    flash(_("Amounts of the action plan are now in %(currency)s.",
            currency=currency_name(process.currency or default_currency())), "success")
    return redirect(url_for("analysis.actions_page", process_id=process_id) + "#currency")
