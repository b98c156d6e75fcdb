"""Forms of the analysis pages (Flask-WTF: CSRF on every one).

Forms only collect what people type; the engine services check it. Select
fields do not check their choices (``validate_choice=False``) so that the
service's message, naming the field, is the one shown. Field names follow the
services' parameter names.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from engine.vocabulary import COVERAGE_DIMENSIONS, ESS_DIMENSIONS


def _select(label: Any, **kw: Any) -> SelectField:
    return SelectField(label, choices=[], validate_choice=False, **kw)


def _multi(label: Any, **kw: Any) -> SelectMultipleField:
    return SelectMultipleField(label, choices=[], validate_choice=False,
                               render_kw={"size": 6}, **kw)


def _text(label: Any, rows: int = 3, **kw: Any) -> TextAreaField:
    return TextAreaField(label, validators=[Optional()], render_kw={"rows": rows}, **kw)


def _title(label: Any = None) -> StringField:
    return StringField(label or _l("Title"), validators=[DataRequired(), Length(max=300)])


class DataSourceForm(FlaskForm):
    source_type = _select(_l("Type of source"))
    name = StringField(_l("Name"), validators=[Optional(), Length(max=300)])
    custodian_id = _select(_l("Custodian institution"))
    residence_definition = StringField(_l("Definition of usual residence"),
                                       validators=[Optional(), Length(max=5000)])
    length_of_stay = StringField(_l("Length of stay that counts"),
                                 validators=[Optional(), Length(max=200)])
    gaps = _text(_l("Gaps to fix"), 2)
    stage = _select(_l("Stage"))

    def coverage_fields(self) -> list[tuple[str, Any]]:
        return [(d, self[f"coverage_{d}"]) for d in COVERAGE_DIMENSIONS]

    def quality_fields(self) -> list[tuple[str, Any, Any]]:
        return [(d, self[f"quality_{d}_rating"], self[f"quality_{d}_note"]) for d in ESS_DIMENSIONS]

    def values(self) -> dict[str, Any]:
        """What the inventory services take."""
        return {
            "source_type": self.source_type.data, "name": self.name.data,
            "custodian_id": self.custodian_id.data or None,
            "coverage": {d: self[f"coverage_{d}"].data or "unknown" for d in COVERAGE_DIMENSIONS},
            "quality": {d: {"rating": self[f"quality_{d}_rating"].data or None,
                            "note": self[f"quality_{d}_note"].data or None}
                        for d in ESS_DIMENSIONS},
            "residence_definition": self.residence_definition.data,
            "length_of_stay": self.length_of_stay.data, "gaps": self.gaps.data,
            "stage": self.stage.data or None,
        }


for _dimension, _label in COVERAGE_DIMENSIONS.items():
    setattr(DataSourceForm, f"coverage_{_dimension}", _select(_l(_label)))
for _dimension, _label in ESS_DIMENSIONS.items():
    setattr(DataSourceForm, f"quality_{_dimension}_rating", _select(_l(_label)))
    setattr(DataSourceForm, f"quality_{_dimension}_note",
            StringField(_l("Note on %(dimension)s", dimension=_l(_label)),
                        validators=[Optional(), Length(max=5000)]))


class ProblemForm(FlaskForm):
    problem_statement = _text(_l("Problem statement"), 5)
    rationale = _text(_l("Rationale: why the policy is needed"), 5)
    vision = _text(_l("Vision"), 3)


class SwotForm(FlaskForm):
    quadrant = _select(_l("Part of the SWOT"))
    text = TextAreaField(_l("Item"), validators=[DataRequired(), Length(max=5000)],
                         render_kw={"rows": 2})


class CitationForm(FlaskForm):
    claim = _select(_l("Claim"))
    evidence = _select(_l("Evidence"))
    note = StringField(_l("Note (page, table, figure)"), validators=[Optional(), Length(max=2000)])

    def values(self) -> dict[str, Any]:
        kind, _sep, ident = (self.evidence.data or "").partition(":")
        return {
            "claim": self.claim.data or None,
            "data_source_id": ident if kind == "source" else None,
            "deliverable_id": ident if kind == "deliverable" else None,
            "note": self.note.data,
        }


class ObjectiveForm(FlaskForm):
    title = _title()
    parent_id = _select(_l("Under the general objective"))
    description = _text(_l("Description"), 3)
    ndp_reference = StringField(_l("National development plan reference"),
                                validators=[Optional(), Length(max=300)])
    stage = _select(_l("Stage"))


class IndicatorForm(FlaskForm):
    name = StringField(_l("Indicator"), validators=[DataRequired(), Length(max=300)])
    unit = StringField(_l("Unit"), validators=[Optional(), Length(max=100)])
    baseline = StringField(_l("Baseline"), validators=[Optional(), Length(max=100)])
    baseline_year = StringField(_l("Baseline year"), validators=[Optional(), Length(max=4)],
                                render_kw={"inputmode": "numeric"})
    target = StringField(_l("Target"), validators=[Optional(), Length(max=100)])
    target_year = StringField(_l("Target year"), validators=[Optional(), Length(max=4)],
                              render_kw={"inputmode": "numeric"})
    data_source_id = _select(_l("Data source"))


class CriterionForm(FlaskForm):
    scope = HiddenField()
    name = StringField(_l("Criterion"), validators=[DataRequired(), Length(max=200)])
    weight = StringField(_l("Weight"), validators=[DataRequired(), Length(max=12)],
                         render_kw={"inputmode": "decimal"})
    description = StringField(_l("What it means"), validators=[Optional(), Length(max=2000)])


class OptionForm(FlaskForm):
    objective_id = _select(_l("Objective"))
    title = _title(_l("Option"))
    description = _text(_l("Description"), 2)
    costs = _text(_l("Costs"), 2)
    benefits = _text(_l("Benefits"), 2)
    feasibility = _text(_l("Feasibility"), 2)
    viability = _text(_l("Viability"), 2)
    assumptions = _text(_l("Assumptions"), 2)
    risks = _text(_l("Risks"), 2)
    stage = _select(_l("Stage"))


class ChooseForm(FlaskForm):
    justification = TextAreaField(_l("Why this option"), validators=[DataRequired()],
                                  render_kw={"rows": 2})


class InstrumentForm(FlaskForm):
    family = _select(_l("Family"))
    title = _title(_l("Instrument"))
    option_id = _select(_l("Carries out the chosen option"))
    lead_institution_id = _select(_l("Lead institution"))
    implementing_institution_ids = _multi(_l("Implementing institutions"))
    description = _text(_l("Description"), 2)
    resources = _text(_l("Resources"), 2)
    stage = _select(_l("Stage"))


class MeasureForm(FlaskForm):
    title = _title(_l("Measure"))
    instrument_id = _select(_l("Instrument"))
    objective_id = _select(_l("Objective"))
    responsible_id = _select(_l("Responsible institution"))
    partner_ids = _multi(_l("Partners"))
    start_on = DateField(_l("Start"), validators=[Optional()])
    end_on = DateField(_l("End"), validators=[Optional()])
    indicator_id = _select(_l("Indicator of the objectives"))
    output_indicator = StringField(_l("Or an output indicator of its own"),
                                   validators=[Optional(), Length(max=300)])
    budget = StringField(_l("Budget"), validators=[Optional(), Length(max=20)],
                         render_kw={"inputmode": "decimal", "placeholder": "125000.00"})
    funding_source = StringField(_l("Funding source"), validators=[Optional(), Length(max=200)])
    no_cost = BooleanField(_l("No cost: the measure needs no budget"))
    description = _text(_l("Description"), 2)
    stage = _select(_l("Stage"))


class RiskForm(FlaskForm):
    title = _title(_l("Risk or barrier"))
    category = _select(_l("Category"))
    likelihood = _select(_l("Likelihood"))
    impact = _select(_l("Impact"))
    mitigation = _text(_l("Mitigation"), 2)
    owner_user_id = _select(_l("Owner (person)"))
    owner_institution_id = _select(_l("Owner (institution)"))
    status = _select(_l("Status"))
    description = _text(_l("Description"), 2)
    stage = _select(_l("Stage"))


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Your comment"), validators=[DataRequired(), Length(max=20000)],
                         render_kw={"rows": 3})


class ConfirmForm(FlaskForm):
    """A button that changes something (delete, un-choose): the CSRF token is the only field."""
