"""What the analysis pages share: the page frame with its sub-tabs, and the forms' choices."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, g, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from engine.catalog import definition_of
from engine.errors import Conflict, InvalidInput
from engine.models import Objective, Process
from engine.services.analysis import (
    actions,
    comments,
    instruments,
    inventory,
    objectives,
    options,
    risks,
)
from engine.services.analysis.counts import record_counts
from engine.vocabulary import (
    COVERAGE_VALUES,
    DATA_SOURCE_TYPES,
    INSTRUMENT_FAMILIES,
    RISK_CATEGORIES,
    RISK_IMPACTS,
    RISK_LIKELIHOODS,
    RISK_STATUSES,
    SWOT_QUADRANTS,
)
from webapp.analysis import forms as f
from webapp.database import get_session
from webapp.forms import choice_labels, institution_choices
from webapp.templating import t
from webapp.workspace.common import render

# What a refused change raises: the page is drawn again with the engine's message.
REFUSED = (InvalidInput, Conflict)

# The sub-tabs of the analysis, in the order of the methodology.
SECTIONS = (
    ("index", _l("Overview")),
    ("inventory", _l("Data sources")),
    ("problem", _l("Problem")),
    ("objectives", _l("Objectives")),
    ("options", _l("Options")),
    ("instruments", _l("Instruments")),
    ("actions", _l("Action plan")),
    ("risks", _l("Risks")),
    ("responses", _l("Responses")),
)


def page(template: str, process: Process, section: str, status: int = 200,
         **context: Any) -> tuple[str, int]:
    """Render an analysis page inside the process frame, with the analysis sub-tabs."""
    session = get_session()
    return render(template, process, "analysis", status, section=section,
                  sections=SECTIONS, counts=record_counts(session, process), **context)


def back(endpoint: str, process_id: int, anchor: str | None = None) -> Response:
    """Redirect to an analysis page (at an anchor) after a change."""
    return redirect(url_for(endpoint, process_id=process_id, _anchor=anchor))


def new_form(form_class: type[Any], process: Process, **data: Any) -> Any:
    """An empty form of the page (with its choices), filled with ``data``."""
    return fill(form_class(formdata=None, data=data), get_session(), process)


def own(item: Any, process: Process) -> Any:
    """Refuse a record of another process reached through this process's URL."""
    process_id = getattr(item, "process_id", None)
    if process_id is None and hasattr(item, "objective"):
        process_id = item.objective.process_id
    if process_id != process.id:
        abort(404)
    return item


def stage_choices(process: Process, blank: bool = True) -> list[tuple[str, str]]:
    stages = [(s.key, t(s.title)) for s in definition_of(process).stages]
    return ([("", _("The current stage"))] if blank else []) + stages


def institutions(session: Session, blank: str) -> list[tuple[str, str]]:
    return institution_choices(session, blank=blank)


def _numbered(session: Session, process: Process) -> list[tuple[Objective, str]]:
    """Objectives with their numbers (1, 1.1, 1.2, 2...)."""
    result = []
    general = specific = 0
    for objective in objectives.list_objectives(session, process):
        if objective.parent_id is None:
            general, specific = general + 1, 0
            result.append((objective, f"{general}"))
        else:
            specific += 1
            result.append((objective, f"{general}.{specific}"))
    return result


def objective_numbers(session: Session, process: Process) -> dict[int, str]:
    return {o.id: number for o, number in _numbered(session, process)}


def objective_choices(session: Session, process: Process, blank: str | None = None
                      ) -> list[tuple[str, str]]:
    return ([("", blank)] if blank is not None else []) + [
        (str(o.id), f"{number} {o.title}") for o, number in _numbered(session, process)]


def fill(form: Any, session: Session, process: Process) -> Any:
    """Give a form's select fields their choices (read once per request, whatever the
    number of forms on the page)."""

    def _memo(name: str, compute: Callable[[], list[tuple[str, str]]]) -> list[tuple[str, str]]:
        memo = g.setdefault("analysis_choices", {})
        key = (process.id, name)
        if key not in memo:
            memo[key] = compute()
        return list(memo[key])

    if isinstance(form, f.DataSourceForm):
        form.source_type.choices = choice_labels(DATA_SOURCE_TYPES)
        form.custodian_id.choices = _memo("institutions", lambda: institutions(session, _("Not known yet")))
        short = {"+": _("covers"), "+/-": _("under conditions"), "-": _("does not cover"),
                 "unknown": _("not known")}
        for _dimension, field in form.coverage_fields():
            field.choices = [(k, f"{'?' if k == 'unknown' else k}  {short[k]}")
                             for k in COVERAGE_VALUES]
        for _dimension, rating, _note in form.quality_fields():
            rating.choices = [("", _("Not rated"))] + [(str(n), str(n)) for n in range(1, 6)]
        form.stage.choices = stage_choices(process)
    elif isinstance(form, f.SwotForm):
        form.quadrant.choices = choice_labels(SWOT_QUADRANTS)
    elif isinstance(form, f.ObjectiveForm):
        form.parent_id.choices = _memo("general", lambda: [("", _("None: this is a general objective"))] + [
            (str(o.id), o.title) for o in objectives.general_objectives(session, process)])
        form.stage.choices = stage_choices(process)
    elif isinstance(form, f.IndicatorForm):
        form.data_source_id.choices = _memo("sources", lambda: [("", _("None"))] + [
            (str(s.id), s.name) for s in inventory.list_sources(session, process)])
    elif isinstance(form, f.OptionForm):
        form.objective_id.choices = _memo("objectives", lambda: objective_choices(session, process))
        form.stage.choices = stage_choices(process)
    elif isinstance(form, f.InstrumentForm):
        form.family.choices = choice_labels(INSTRUMENT_FAMILIES)
        form.option_id.choices = _memo("chosen", lambda: [("", _("None"))] + [
            (str(o.id), f"{o.title} ({o.objective.title})")
            for o in options.chosen_options(session, process)])
        form.lead_institution_id.choices = _memo("institutions:undecided", lambda: institutions(session, _("Not decided yet")))
        form.implementing_institution_ids.choices = _memo("institutions:none", lambda: institutions(session, "")[1:])
        form.stage.choices = stage_choices(process)
    elif isinstance(form, f.MeasureForm):
        form.instrument_id.choices = _memo("instruments", lambda: [("", _("None"))] + [
            (str(i.id), i.title) for i in instruments.list_instruments(session, process)])
        form.objective_id.choices = _memo("objectives:none", lambda: objective_choices(session, process, _("None")))
        form.responsible_id.choices = _memo("institutions:undecided", lambda: institutions(session, _("Not decided yet")))
        form.partner_ids.choices = _memo("institutions:none", lambda: institutions(session, "")[1:])
        form.indicator_id.choices = _memo("indicators", lambda: [("", _("None"))] + [
            (str(i.id), f"{i.name} ({i.objective.title})")
            for i in objectives.list_indicators(session, process)])
        form.stage.choices = stage_choices(process)
    elif isinstance(form, f.RiskForm):
        form.category.choices = choice_labels(RISK_CATEGORIES)
        form.likelihood.choices = [(k, f"{k} – {v}") for k, v in choice_labels(RISK_LIKELIHOODS)]
        form.impact.choices = [(k, f"{k} – {v}") for k, v in choice_labels(RISK_IMPACTS)]
        form.owner_user_id.choices = [("", _("Nobody"))] + [
            (str(m.user_id), m.user.name)
            for m in sorted(process.active_memberships, key=lambda m: m.user.name.lower())]
        form.owner_institution_id.choices = _memo("institutions:blank", lambda: institutions(session, _("None")))
        form.status.choices = choice_labels(RISK_STATUSES)
        form.stage.choices = stage_choices(process)
    return form


# ------------------------------------------------------------------ records


@dataclass(frozen=True)
class Kind:
    """A kind of analysis record with its own page (the URL segment is its list page)."""

    segment: str  # inventory, objectives, options, instruments, actions, risks
    item_type: str  # as comments name it
    noun: Any
    form: type[Any]
    get: Any
    update: Any
    delete: Any


KINDS: dict[str, Kind] = {
    "inventory": Kind("inventory", "data_source", _l("data source"), f.DataSourceForm,
                      inventory.get_source, inventory.update_source, inventory.delete_source),
    "objectives": Kind("objectives", "objective", _l("objective"), f.ObjectiveForm,
                       objectives.get_objective, objectives.update_objective,
                       objectives.delete_objective),
    "options": Kind("options", "option", _l("option"), f.OptionForm, options.get_option,
                    options.update_option, options.delete_option),
    "instruments": Kind("instruments", "instrument", _l("instrument"), f.InstrumentForm,
                        instruments.get_instrument, instruments.update_instrument,
                        instruments.delete_instrument),
    "actions": Kind("actions", "measure", _l("measure"), f.MeasureForm, actions.get_measure,
                    actions.update_measure, actions.delete_measure),
    "risks": Kind("risks", "risk", _l("risk"), f.RiskForm, risks.get_risk, risks.update_risk,
                  risks.delete_risk),
}
SEGMENT_OF = {kind.item_type: kind.segment for kind in KINDS.values()}


def kind_of(segment: str) -> Kind:
    kind = KINDS.get(segment)
    if kind is None:
        abort(404)
    return kind


def item_url(process_id: int, item_type: str, item_id: int) -> str:
    if item_type == "problem":
        return url_for("analysis.problem_page", process_id=process_id, _anchor="comments")
    return url_for("analysis.item", process_id=process_id, segment=SEGMENT_OF[item_type],
                   item_id=item_id)


def item_title(item_type: str, item: Any) -> str:
    return comments.item_title(item_type, item)


def form_data(kind: Kind, item: Any) -> dict[str, Any]:
    """The edit form's values for a record."""
    s = lambda value: "" if value is None else str(value)  # noqa: E731 - local shorthand
    if kind.item_type == "data_source":
        data = {"source_type": item.source_type, "name": item.name,
                "custodian_id": s(item.custodian_id),
                "residence_definition": item.residence_definition or "",
                "length_of_stay": item.length_of_stay or "", "gaps": item.gaps or "",
                "stage": item.stage_key}
        for dimension in inventory.COVERAGE_DIMENSIONS:
            data[f"coverage_{dimension}"] = item.coverage(dimension)
        for dimension, entry in (item.quality or {}).items():
            data[f"quality_{dimension}_rating"] = s(entry.get("rating"))
            data[f"quality_{dimension}_note"] = entry.get("note") or ""
        return data
    if kind.item_type == "objective":
        return {"title": item.title, "parent_id": s(item.parent_id),
                "description": item.description, "ndp_reference": item.ndp_reference or "",
                "stage": item.stage_key}
    if kind.item_type == "option":
        return {"objective_id": s(item.objective_id), "title": item.title,
                **{name: getattr(item, name) for name in options.TEXTS},
                "stage": item.stage_key}
    if kind.item_type == "instrument":
        return {"family": item.family, "title": item.title, "option_id": s(item.option_id),
                "lead_institution_id": s(item.lead_institution_id),
                "implementing_institution_ids": [str(i.id) for i in item.implementing_institutions],
                "description": item.description, "resources": item.resources,
                "stage": item.stage_key}
    if kind.item_type == "measure":
        return {"title": item.title, "instrument_id": s(item.instrument_id),
                "objective_id": s(item.objective_id), "responsible_id": s(item.responsible_id),
                "partner_ids": [str(p.id) for p in item.partners], "start_on": item.start_on,
                "end_on": item.end_on, "indicator_id": s(item.indicator_id),
                "output_indicator": item.output_indicator or "",
                "budget": s(item.budget), "funding_source": item.funding_source or "",
                "no_cost": bool(item.no_cost),
                "description": item.description, "stage": item.stage_key}
    if kind.item_type == "risk":
        return {"title": item.title, "category": item.category,
                "likelihood": str(item.likelihood), "impact": str(item.impact),
                "mitigation": item.mitigation, "owner_user_id": s(item.owner_user_id),
                "owner_institution_id": s(item.owner_institution_id), "status": item.status,
                "description": item.description, "stage": item.stage_key}
    raise ValueError(kind.item_type)


def form_values(form: Any) -> dict[str, Any]:
    """What a submitted form gives the services (plain, JSON-like values)."""
    if isinstance(form, f.DataSourceForm):
        return form.values()
    skip = {"csrf_token", "scope"}
    values: dict[str, Any] = {}
    for field in form:
        if field.name in skip:
            continue
        data = field.data
        if field.type == "DateField":
            data = data.isoformat() if data else None
        values[field.name] = data
    if "stage" in values and not values["stage"]:
        values["stage"] = None
    return values
