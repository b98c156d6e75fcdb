"""Evaluations of a policy: criteria, evidence, recommendations, decisions, the revision."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import login_required
from flask_wtf import FlaskForm

from engine.errors import Conflict, InvalidInput
from engine.models import Evaluation, Process
from engine.services import evaluations as service
from engine.services.analysis.inventory import list_sources
from engine.services.deliverables import list_deliverables
from engine.vocabulary import (
    EVALUATION_CRITERIA,
    EVALUATION_KINDS,
    EVALUATION_STATES,
    REVISION_STATES,
)
from webapp.auth import actor
from webapp.database import get_session
from webapp.evaluation import bp
from webapp.evaluation.forms import (
    CriterionForm,
    DecisionForm,
    EvaluationForm,
    EvidenceForm,
    RecommendationForm,
    RevisionForm,
)
from webapp.forms import report
from webapp.workspace.common import failed, load, render


def _evidence_choices(process: Process) -> list[tuple[str, str]]:
    session = get_session()
    return ([(f"data_source:{s.id}", s.name) for s in list_sources(session, process)]
            + [(f"deliverable:{d.id}", d.title) for d in list_deliverables(session, process)])


def _render(process: Process, status: int = 200, *, failing: tuple[str, FlaskForm] | None = None
            ):  # noqa: ANN202
    """The page; ``failing`` is the form (by its key) that was refused, shown with its errors."""
    session = get_session()
    items = service.list_evaluations(session, process)
    choices = _evidence_choices(process)
    forms: dict[str, FlaskForm] = {}
    for evaluation in items:
        for entry in evaluation.criteria:
            key = f"{evaluation.id}-{entry.criterion}"
            forms["criterion-" + key] = CriterionForm(
                formdata=None, data={"findings": entry.findings, "rating": entry.rating or ""})
            forms["recommendation-" + key] = RecommendationForm(formdata=None)
            evidence = EvidenceForm(formdata=None)
            evidence.item.choices = choices
            forms["evidence-" + key] = evidence
            for rec in entry.recommendations:
                forms[f"decision-{rec.id}"] = DecisionForm(formdata=None)
    forms.setdefault("evaluation", EvaluationForm(formdata=None))
    forms.setdefault("revision", RevisionForm(formdata=None, data={"title": process.title}))
    if failing is not None:
        forms[failing[0]] = failing[1]
    return render("evaluation/evaluations.html", process, "evaluations", status,
                  evaluations=items, forms=forms, cycle=service.cycle_of(session, process),
                  may_evaluate=process.state in EVALUATION_STATES,
                  may_revise=process.state in REVISION_STATES, has_evidence=bool(choices),
                  failing_key=failing[0] if failing else None)


def _evaluation(process: Process, evaluation_id: int) -> Evaluation:
    item = service.get_evaluation(get_session(), actor(), evaluation_id)
    if item.process_id != process.id:
        abort(404)
    return item


def _done(process_id: int, message: str, anchor: str | None = None) -> Any:
    flash(message, "success")
    return redirect(url_for("evaluation.evaluations", process_id=process_id, _anchor=anchor))


@bp.route("/processes/<int:process_id>/evaluations")
@login_required
def evaluations(process_id: int):  # noqa: ANN201
    return _render(load(process_id))


@bp.route("/processes/<int:process_id>/evaluations", methods=["POST"])
@login_required
def create_evaluation(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    form = EvaluationForm()
    if form.validate_on_submit():
        try:
            item = service.create_evaluation(
                session, actor(), process, kind=form.kind.data, title=form.title.data,
                evaluator=form.evaluator.data, completed_on=form.completed_on.data)
        except (InvalidInput, Conflict) as error:
            failed(session)
            report(form, error)
        else:
            return _done(process_id, _("“%(title)s” opened: write the findings of each "
                                       "criterion.", title=item.title or _(EVALUATION_KINDS[
                                           item.kind])), f"evaluation-{item.id}")
    return _render(load(process_id), 422, failing=("evaluation", form))


def _criterion_key(criterion: str) -> str:
    if criterion not in EVALUATION_CRITERIA:
        abort(404)
    return criterion


@bp.route("/processes/<int:process_id>/evaluations/<int:evaluation_id>/criteria/<criterion>",
          methods=["POST"])
@login_required
def update_criterion(process_id: int, evaluation_id: int, criterion: str):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    evaluation = _evaluation(process, evaluation_id)
    key = f"{evaluation_id}-{_criterion_key(criterion)}"
    form = CriterionForm()
    if form.validate_on_submit():
        try:
            service.update_criterion(session, actor(), evaluation, criterion,
                                     findings=form.findings.data, rating=form.rating.data)
        except (InvalidInput, Conflict) as error:
            failed(session)
            report(form, error)
        else:
            return _done(process_id, _("%(criterion)s saved.", criterion=_(
                EVALUATION_CRITERIA[criterion])), f"criterion-{key}")
    return _render(load(process_id), 422, failing=("criterion-" + key, form))


@bp.route("/processes/<int:process_id>/evaluations/<int:evaluation_id>/criteria/<criterion>"
          "/evidence", methods=["POST"])
@login_required
def add_evidence(process_id: int, evaluation_id: int, criterion: str):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    evaluation = _evaluation(process, evaluation_id)
    key = f"{evaluation_id}-{_criterion_key(criterion)}"
    form = EvidenceForm()
    form.item.choices = _evidence_choices(process)
    if form.validate_on_submit():
        kind, _sep, item_id = form.item.data.partition(":")
        try:
            service.add_evidence(session, actor(), evaluation, criterion,
                                 data_source_id=item_id if kind == "data_source" else None,
                                 deliverable_id=item_id if kind == "deliverable" else None,
                                 note=form.note.data)
        except (InvalidInput, Conflict) as error:
            failed(session)
            report(form, error)
        else:
            return _done(process_id, _("Evidence added."), f"criterion-{key}")
    return _render(load(process_id), 422, failing=("evidence-" + key, form))


@bp.route("/processes/<int:process_id>/evaluations/<int:evaluation_id>/criteria/<criterion>"
          "/recommendations", methods=["POST"])
@login_required
def add_recommendation(process_id: int, evaluation_id: int, criterion: str):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    evaluation = _evaluation(process, evaluation_id)
    key = f"{evaluation_id}-{_criterion_key(criterion)}"
    form = RecommendationForm()
    if form.validate_on_submit():
        try:
            service.add_recommendation(session, actor(), evaluation, criterion,
                                       text=form.text.data)
        except (InvalidInput, Conflict) as error:
            failed(session)
            report(form, error)
        else:
            return _done(process_id, _("Recommendation added: it awaits the lead's decision."),
                         f"criterion-{key}")
    return _render(load(process_id), 422, failing=("recommendation-" + key, form))


@bp.route("/processes/<int:process_id>/recommendations/<int:recommendation_id>/decision",
          methods=["POST"])
@login_required
def decide_recommendation(process_id: int, recommendation_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    item = service.get_recommendation(session, actor(), recommendation_id)
    if item.criterion.evaluation.process_id != process.id:
        abort(404)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            service.decide_recommendation(session, actor(), item, decision=form.decision.data,
                                          reason=form.reason.data)
        except (InvalidInput, Conflict) as error:
            failed(session)
            report(form, error)
        else:
            message = (_("Recommendation accepted.") if item.decision == "accepted"
                       else _("Recommendation rejected."))
            return _done(process_id, message, f"recommendation-{item.id}")
    return _render(load(process_id), 422, failing=(f"decision-{recommendation_id}", form))


@bp.route("/processes/<int:process_id>/revision", methods=["POST"])
@login_required
def start_revision(process_id: int):  # noqa: ANN201
    """Open the next cycle and go to it."""
    session = get_session()
    process = load(process_id)
    form = RevisionForm()
    if form.validate_on_submit():
        try:
            successor = service.start_revision(
                session, actor(), current_app.extensions["policycycle.catalog"], process,
                title=form.title.data)
        except (InvalidInput, Conflict) as error:
            failed(session)
            report(form, error)
        else:
            flash(_("The revision has started: “%(title)s” is in agenda setting, with the "
                    "accepted recommendations, the document and the indicators carried over.",
                    title=successor.title), "success")
            return redirect(url_for("workspace.overview", process_id=successor.id))
    return _render(load(process_id), 422, failing=("revision", form))
