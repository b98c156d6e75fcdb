"""The forms after the decision: adoption, evaluations, recommendations, the revision."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from engine.vocabulary import ACT_TYPES, EVALUATION_KINDS, EVALUATION_RATINGS
from webapp.forms import choice_labels


class AdoptionForm(FlaskForm):
    body = StringField(_l("Approving body"), validators=[DataRequired(), Length(max=300)])
    act_type = SelectField(_l("Type of act"), choices=[])
    act_reference = StringField(_l("Reference of the act"),
                                validators=[DataRequired(), Length(max=200)])
    adopted_on = DateField(_l("Adopted on"), validators=[DataRequired()])
    published_in = StringField(_l("Published in"), validators=[Optional(), Length(max=300)])

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.act_type.choices = choice_labels(ACT_TYPES)


class EvaluationForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=[])
    title = StringField(_l("Title"), validators=[Optional(), Length(max=300)])
    evaluator = StringField(_l("Evaluator"), validators=[Optional(), Length(max=300)])
    completed_on = DateField(_l("Completed on"), validators=[Optional()])

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.kind.choices = choice_labels(EVALUATION_KINDS)


class CriterionForm(FlaskForm):
    findings = TextAreaField(_l("Findings"), validators=[Optional(), Length(max=20000)],
                             render_kw={"rows": 6})
    rating = SelectField(_l("Rating"), choices=[])

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.rating.choices = [("", _l("Not rated yet")), *choice_labels(EVALUATION_RATINGS)]


class RecommendationForm(FlaskForm):
    text = TextAreaField(_l("Recommendation"), validators=[DataRequired(), Length(max=5000)],
                         render_kw={"rows": 2})


class EvidenceForm(FlaskForm):
    item = SelectField(_l("Evidence"), choices=[], validators=[DataRequired()])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=2000)])


class DecisionForm(FlaskForm):
    decision = RadioField(_l("Decision"), choices=[], validators=[DataRequired()])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=5000)],
                           render_kw={"rows": 2})

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.decision.choices = [("accepted", _l("Accept")), ("rejected", _l("Reject"))]


class RevisionForm(FlaskForm):
    title = StringField(_l("Title of the revised policy"),
                        validators=[Optional(), Length(max=300)])
