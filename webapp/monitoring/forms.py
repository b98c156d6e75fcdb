"""The forms of the monitoring page (each posts one reporting period)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class PeriodForm(FlaskForm):
    """Validate a period, or accept its report: the period is the whole form."""

    period = HiddenField(validators=[DataRequired(), Length(max=10)])


class ProgressForm(PeriodForm):
    status = SelectField(_l("Status"), choices=[], validate_choice=False)
    spent = StringField(_l("Spent in the period"), validators=[Optional(), Length(max=30)])
    note = TextAreaField(_l("Note (why, when delayed)"), validators=[Optional(), Length(max=4000)])


class ValueForm(PeriodForm):
    value = StringField(_l("Value"), validators=[DataRequired(), Length(max=30)])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=4000)])


class NarrativeForm(PeriodForm):
    narrative = TextAreaField(_l("Narrative of the period (Markdown)"),
                              validators=[Optional(), Length(max=20000)])


class SettingsForm(FlaskForm):
    frequency = SelectField(_l("Reporting periods"), choices=[], validate_choice=False)
    starts_on = DateField(_l("Calendar starts on"), validators=[Optional()])
