"""Forms of public consultations: the public's input, publishing, and moderation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from engine.services.public_consultations import MAX_TEXT
from webapp.forms import MultiCheckboxField


class PublicInputForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[Optional(), Length(max=200)])
    organisation = StringField(_l("Organisation"), validators=[DataRequired(), Length(max=300)],
                               render_kw={"placeholder": _l("e.g. Velorian Refugee Council")})
    stakeholder_group = SelectField(_l("You speak for"), choices=[],
                                    validators=[DataRequired()])
    section_id = SelectField(_l("Section your input concerns"), choices=[],
                             validators=[DataRequired()])
    text = TextAreaField(_l("Your input"), validators=[DataRequired(), Length(max=MAX_TEXT)],
                         render_kw={"rows": 8})
    # The honeypot: hidden from people, filled in by robots.
    website = StringField(_l("Leave this field empty"), validators=[Optional()],
                          render_kw={"autocomplete": "off", "tabindex": "-1"})


class PublishForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    section_ids = MultiCheckboxField(_l("Sections to publish"), choices=[])
    opens_on = DateField(_l("Opens on"), validators=[DataRequired()])
    closes_on = DateField(_l("Closes on"), validators=[DataRequired()])


class ModerationForm(FlaskForm):
    decision = RadioField(_l("Decision"), choices=[], validators=[DataRequired()])
