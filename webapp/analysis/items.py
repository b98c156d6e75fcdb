"""One analysis record on its own page: everything about it, its edit form, its comment thread.

``/processes/<id>/analysis/<segment>/<item id>`` where the segment is the list
page it belongs to (inventory, objectives, options, instruments, actions, risks).
Everyone in the process reads it; the lead and the core group edit or delete
it; they and the experts comment on it.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import login_required

from engine.models import Process
from engine.services.analysis import comments, criteria, instruments, inventory, options, problem
from engine.vocabulary import ANALYSIS_ITEM_TYPES, COVERAGE_DIMENSIONS, ESS_DIMENSIONS
from webapp.analysis import bp
from webapp.analysis import forms as f
from webapp.analysis.common import REFUSED, Kind, fill, form_data, form_values, kind_of, own, page
from webapp.analysis.problem import render_problem
from webapp.auth import actor
from webapp.database import get_session
from webapp.forms import report
from webapp.workspace.common import failed, load

LIST_PAGES = {
    "inventory": "analysis.inventory_page", "objectives": "analysis.objectives_page",
    "options": "analysis.options_page", "instruments": "analysis.instruments_page",
    "actions": "analysis.actions_page", "risks": "analysis.risks_page",
}


def _item(kind: Kind, process: Process, item_id: int) -> Any:
    return own(kind.get(get_session(), actor(), item_id), process)


def _render(process: Process, kind: Kind, item: Any, status: int = 200, *, form: Any = None,
            comment_form: Any = None):  # noqa: ANN202
    session = get_session()
    if form is None:
        form = fill(kind.form(formdata=None, data=form_data(kind, item)), session, process)
    _keep_current(kind, item, form)
    extra: dict[str, Any] = {}
    if kind.item_type == "data_source":
        extra.update(dimensions=COVERAGE_DIMENSIONS, ess=ESS_DIMENSIONS,
                     quality_average=inventory.quality_average(item))
    elif kind.item_type == "option":
        found = criteria.list_criteria(session, process, "options")
        extra.update(criteria=found, weighted=criteria.weighted(item, found),
                     appraised=options.is_appraised(item, found),
                     choose_form=f.ChooseForm(formdata=None,
                                              data={"justification": item.justification or ""}))
    elif kind.item_type == "instrument":
        found = criteria.list_criteria(session, process, "instruments")
        ranked = next((r for r in instruments.ranking(session, process)
                       if r.instrument.id == item.id), None)
        extra.update(criteria=found, weighted=criteria.weighted(item, found),
                     rank=ranked.rank if ranked else None)
    return page(
        "analysis/item.html", process, kind.segment, status,
        kind=kind, item=item, item_label=ANALYSIS_ITEM_TYPES[kind.item_type],
        title=comments.item_title(kind.item_type, item), form=form,
        open_form=status != 200 and comment_form is None,
        remarks=comments.list_comments(session, process, kind.item_type, item.id),
        comment_form=comment_form or f.CommentForm(formdata=None),
        list_endpoint=LIST_PAGES[kind.segment], **extra,
    )


def _keep_current(kind: Kind, item: Any, form: Any) -> None:
    """Keep a link the lists no longer offer (an option no longer chosen, an owner who left),
    so that saving other changes does not drop it."""
    if kind.item_type == "instrument" and item.option is not None:
        field, value, text = form.option_id, str(item.option_id), item.option.title
    elif kind.item_type == "risk" and item.owner_user is not None:
        field, value, text = form.owner_user_id, str(item.owner_user_id), item.owner_user.name
    else:
        return
    if value not in {str(v) for v, _label in field.choices}:
        field.choices = [*field.choices, (value, text)]


@bp.route("/processes/<int:process_id>/analysis/<segment>/<int:item_id>")
@login_required
def item(process_id: int, segment: str, item_id: int):  # noqa: ANN201
    process = load(process_id)
    kind = kind_of(segment)
    return _render(process, kind, _item(kind, process, item_id))


@bp.route("/processes/<int:process_id>/analysis/<segment>/<int:item_id>", methods=["POST"])
@login_required
def update_item(process_id: int, segment: str, item_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    kind = kind_of(segment)
    record = _item(kind, process, item_id)
    form = fill(kind.form(), session, process)
    if form.validate_on_submit():
        values = form_values(form)
        if not values.get("stage"):
            values.pop("stage", None)  # keep the stage it was made in
        try:
            kind.update(session, actor(), record, **values)
        except REFUSED as error:
            failed(session)
            report(form, error)
        else:
            flash(_("Changes to “%(title)s” saved.",
                    title=comments.item_title(kind.item_type, record)), "success")
            return redirect(url_for("analysis.item", process_id=process_id, segment=segment,
                                    item_id=item_id))
    process = load(process_id)
    return _render(process, kind, _item(kind, process, item_id), 422, form=form)


@bp.route("/processes/<int:process_id>/analysis/<segment>/<int:item_id>/delete",
          methods=["POST"])
@login_required
def delete_item(process_id: int, segment: str, item_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    kind = kind_of(segment)
    record = _item(kind, process, item_id)
    title = comments.item_title(kind.item_type, record)
    if not f.ConfirmForm().validate_on_submit():
        abort(400)
    try:
        kind.delete(session, actor(), record)
    except REFUSED as error:
        failed(session)
        flash(error.message, "error")
        return redirect(url_for("analysis.item", process_id=process_id, segment=segment,
                                item_id=item_id))
    flash(_("“%(title)s” deleted. Its history stays in the process history.", title=title),
          "success")
    return redirect(url_for(LIST_PAGES[segment], process_id=process_id))


@bp.route("/processes/<int:process_id>/analysis/<segment>/<int:item_id>/comments",
          methods=["POST"])
@login_required
def comment_item(process_id: int, segment: str, item_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    kind = kind_of(segment)
    record = _item(kind, process, item_id)
    form = f.CommentForm()
    if form.validate_on_submit():
        try:
            comments.add_comment(session, actor(), process, item_type=kind.item_type,
                                 item_id=record.id, body=form.body.data)
        except REFUSED as error:
            failed(session)
            report(form, error)
        else:
            flash(_("Comment added."), "success")
            return redirect(url_for("analysis.item", process_id=process_id, segment=segment,
                                    item_id=item_id, _anchor="comments"))
    process = load(process_id)
    return _render(process, kind, _item(kind, process, item_id), 422, comment_form=form)


@bp.route("/processes/<int:process_id>/analysis/problem/comments", methods=["POST"])
@login_required
def comment_problem(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    current = problem.get_problem(session, process)
    if current is None:
        flash(_("Write the problem statement first; then it can be commented on."), "info")
        return redirect(url_for("analysis.problem_page", process_id=process_id))
    form = f.CommentForm()
    if form.validate_on_submit():
        try:
            comments.add_comment(session, actor(), process, item_type="problem",
                                 item_id=current.id, body=form.body.data)
        except REFUSED as error:
            failed(session)
            report(form, error)
        else:
            flash(_("Comment added."), "success")
            return redirect(url_for("analysis.problem_page", process_id=process_id,
                                    _anchor="comments"))
    return render_problem(load(process_id), 422, comment_form=form)

