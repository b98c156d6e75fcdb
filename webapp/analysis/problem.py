"""The problem: statement, rationale and vision, the SWOT, and the evidence cited for each claim."""

from __future__ import annotations

from typing import Any

from flask import flash, request
from flask_babel import gettext as _
from flask_login import login_required

from engine.models import Process
from engine.services import deliverables as deliverable_service
from engine.services.analysis import comments, inventory, problem
from engine.vocabulary import PROBLEM_FIELDS, SWOT_QUADRANTS
from webapp.analysis import bp
from webapp.analysis import forms as f
from webapp.analysis.common import REFUSED, back, fill, new_form, own, page
from webapp.auth import actor
from webapp.database import get_session
from webapp.forms import report
from webapp.workspace.common import failed, load


def render_problem(process: Process, status: int = 200, *, problem_form: Any = None,
             swot_form: Any = None, citation_form: Any = None, comment_form: Any = None):  # noqa: ANN202
    session = get_session()
    current = problem.get_problem(session, process)
    swot = problem.list_swot(session, process)
    sources = inventory.list_sources(session, process)
    papers = deliverable_service.list_deliverables(session, process)
    if problem_form is None:
        problem_form = f.ProblemForm(formdata=None, data={
            name: getattr(current, name) if current else "" for name in PROBLEM_FIELDS})
    if swot_form is None:
        swot_form = new_form(f.SwotForm, process, quadrant=request.args.get("quadrant", "strength"))
    citation_form = citation_form or f.CitationForm(formdata=None)
    claims = [(name, _(label)) for name, label in PROBLEM_FIELDS.items()]
    for quadrant, items in swot.items():
        for item in items:
            claims.append((f"swot:{item.id}", f"{_(SWOT_QUADRANTS[quadrant])}: {item.text[:80]}"))
    citation_form.claim.choices = claims
    citation_form.evidence.choices = (
        [(f"source:{s.id}", _("Data source: %(name)s", name=s.name)) for s in sources]
        + [(f"deliverable:{d.id}", _("Deliverable: %(title)s", title=d.title)) for d in papers])
    remarks = comments.list_comments(session, process, "problem", current.id) if current else []
    return page(
        "analysis/problem.html", process, "problem", status,
        current=current, swot=swot, quadrants=SWOT_QUADRANTS, fields=PROBLEM_FIELDS,
        cited=problem.citations_by_claim(session, process),
        evidence_label=problem.evidence_label,
        problem_form=problem_form, swot_form=swot_form, citation_form=citation_form,
        comment_form=comment_form or f.CommentForm(formdata=None), remarks=remarks,
        can_cite=bool(sources or papers),
        open_swot=status != 200 and swot_form is not None,
    )


@bp.route("/processes/<int:process_id>/analysis/problem")
@login_required
def problem_page(process_id: int):  # noqa: ANN201
    return render_problem(load(process_id))


@bp.route("/processes/<int:process_id>/analysis/problem", methods=["POST"])
@login_required
def save_problem(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    form = f.ProblemForm()
    if form.validate_on_submit():
        try:
            problem.save_problem(session, actor(), process, **{
                name: form[name].data for name in PROBLEM_FIELDS})
        except REFUSED as error:
            failed(session)
            report(form, error)
        else:
            flash(_("Problem statement, rationale and vision saved."), "success")
            return back("analysis.problem_page", process_id, "statement")
    return render_problem(load(process_id), 422, problem_form=form)


@bp.route("/processes/<int:process_id>/analysis/problem/swot", methods=["POST"])
@login_required
def add_swot(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    form = fill(f.SwotForm(), session, process)
    if form.validate_on_submit():
        try:
            item = problem.add_swot_item(session, actor(), process, quadrant=form.quadrant.data,
                                         text=form.text.data)
        except REFUSED as error:
            failed(session)
            report(form, error)
        else:
            flash(_("Added to %(quadrant)s.", quadrant=_(SWOT_QUADRANTS[item.quadrant]).lower()),
                  "success")
            return back("analysis.problem_page", process_id, f"swot-{item.quadrant}")
    return render_problem(load(process_id), 422, swot_form=form)


@bp.route("/processes/<int:process_id>/analysis/problem/swot/<int:item_id>", methods=["POST"])
@login_required
def edit_swot(process_id: int, item_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    item = own(problem.get_swot_item(session, actor(), item_id), process)
    form = fill(f.SwotForm(), session, process)
    if form.validate_on_submit():
        try:
            problem.update_swot_item(session, actor(), item, quadrant=form.quadrant.data,
                                     text=form.text.data)
        except REFUSED as error:
            failed(session)
            flash(error.message, "error")
        else:
            flash(_("SWOT item saved."), "success")
    else:
        flash(_("Write the item's text."), "error")
    return back("analysis.problem_page", process_id, f"swot-{item.quadrant}")


@bp.route("/processes/<int:process_id>/analysis/problem/swot/<int:item_id>/delete",
          methods=["POST"])
@login_required
def delete_swot(process_id: int, item_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    item = own(problem.get_swot_item(session, actor(), item_id), process)
    quadrant = item.quadrant
    if f.ConfirmForm().validate_on_submit():
        problem.delete_swot_item(session, actor(), item)
        flash(_("SWOT item removed."), "success")
    return back("analysis.problem_page", process_id, f"swot-{quadrant}")


@bp.route("/processes/<int:process_id>/analysis/problem/citations", methods=["POST"])
@login_required
def add_citation(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    form = f.CitationForm()
    if form.validate_on_submit():
        try:
            problem.add_citation(session, actor(), process, **form.values())
        except REFUSED as error:
            failed(session)
            report(form, error)
        else:
            flash(_("Evidence cited."), "success")
            return back("analysis.problem_page", process_id, "evidence")
    return render_problem(load(process_id), 422, citation_form=form)


@bp.route("/processes/<int:process_id>/analysis/problem/citations/<int:citation_id>/delete",
          methods=["POST"])
@login_required
def delete_citation(process_id: int, citation_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    citation = own(problem.get_citation(session, actor(), citation_id), process)
    if f.ConfirmForm().validate_on_submit():
        problem.delete_citation(session, actor(), citation)
        flash(_("Citation removed."), "success")
    return back("analysis.problem_page", process_id, "evidence")
