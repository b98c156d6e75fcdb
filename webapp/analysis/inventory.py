"""The inventory of data sources: the list with its coverage, adding a source, the usual ones."""

from __future__ import annotations

from typing import Any

from flask import flash
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required

from engine.models import Process
from engine.services.analysis import comments, inventory
from engine.vocabulary import COVERAGE_DIMENSIONS, ESS_DIMENSIONS
from webapp.analysis import bp
from webapp.analysis import forms as f
from webapp.analysis.common import REFUSED, back, fill, new_form, page
from webapp.auth import actor
from webapp.database import get_session
from webapp.forms import report
from webapp.workspace.common import failed, load


def _inventory(process: Process, status: int = 200, form: Any = None):  # noqa: ANN202
    session = get_session()
    sources = inventory.list_sources(session, process)
    return page(
        "analysis/inventory.html", process, "inventory", status,
        sources=sources,
        summary=inventory.coverage_summary(sources),
        dimensions=COVERAGE_DIMENSIONS,
        ess=ESS_DIMENSIONS,
        quality_average=inventory.quality_average,
        form=form or new_form(f.DataSourceForm, process, source_type="population_census",
                          **{f"coverage_{d}": "unknown" for d in COVERAGE_DIMENSIONS}),
        open_form=form is not None,
        comment_counts=comments.comment_counts(session, process),
    )


@bp.route("/processes/<int:process_id>/analysis/inventory")
@login_required
def inventory_page(process_id: int):  # noqa: ANN201
    return _inventory(load(process_id))


@bp.route("/processes/<int:process_id>/analysis/inventory", methods=["POST"])
@login_required
def create_source(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    form = fill(f.DataSourceForm(), session, process)
    if form.validate_on_submit():
        try:
            source = inventory.create_source(session, actor(), process, **form.values())
        except REFUSED as error:
            failed(session)
            report(form, error)
        else:
            flash(_("“%(name)s” added to the inventory.", name=source.name), "success")
            return back("analysis.inventory_page", process_id, f"source-{source.id}")
    return _inventory(load(process_id), 422, form)


@bp.route("/processes/<int:process_id>/analysis/inventory/standard", methods=["POST"])
@login_required
def standard_sources(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    form = f.ConfirmForm()
    if form.validate_on_submit():
        added = inventory.add_standard_sources(session, actor(), process)
        if added:
            flash(ngettext("%(num)s usual source added with its typical coverage: check it and "
                           "name its custodian.",
                           "%(num)s usual sources added with their typical coverage: check "
                           "each one and name its custodian.", len(added)), "success")
        else:
            flash(_("Every usual source is already in the inventory."), "info")
    return back("analysis.inventory_page", process_id)
