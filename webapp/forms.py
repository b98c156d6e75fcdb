"""The site's forms (Flask-WTF, CSRF on every one) and the helpers that fill and report them.

Forms parse what people type; the engine decides whether it is acceptable.
Field names follow the engine services' parameter names, so that an
``InvalidInput`` naming a field lands next to that field.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from flask import Request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from werkzeug.datastructures import ImmutableMultiDict
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from engine.errors import DomainError
from engine.models import Institution, Membership
from engine.services import institutions as institution_service
from engine.vocabulary import SEXES, STAKEHOLDER_GROUPS
from webapp.templating import t

# --------------------------------------------------------------------- accounts



class FormRequest(Request):
    """A request whose form fields end their lines with ``\n`` only.

    Browsers send a textarea's lines ended with ``\r\n`` (the HTML form
    encoding). Normalised here, once for every form, the Markdown kept (minutes,
    narratives, findings, comments) is the same text whether it was typed in a
    browser, imported or sent through the API.
    """

    def _load_form_data(self) -> None:
        super()._load_form_data()
        form = self.__dict__.get("form")
        if form and any("\r" in value for _key, value in form.items(multi=True)):
            self.__dict__["form"] = ImmutableMultiDict(
                (key, value.replace("\r\n", "\n").replace("\r", "\n"))
                for key, value in form.items(multi=True)
            )

class LoginForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[DataRequired()],
                       render_kw={"autocomplete": "username", "spellcheck": "false"})
    password = PasswordField(_l("Password"), validators=[DataRequired()],
                             render_kw={"autocomplete": "current-password"})
    next = HiddenField()


class ProfileForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)],
                       render_kw={"autocomplete": "name"})
    # The engine checks the values; absent means "leave unchanged".
    language = SelectField(_l("Language of the interface"), choices=[], validate_choice=False)
    timezone = SelectField(_l("Time zone"), choices=[], validate_choice=False)
    notify_by_email = SelectField(_l("Notifications by e-mail"), choices=[],
                                  validate_choice=False)


class PasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()],
                                     render_kw={"autocomplete": "current-password"})
    new_password = PasswordField(_l("New password"), validators=[DataRequired()],
                                 render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("new_password", _l("The two new passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email address of your account"), validators=[DataRequired()],
                       render_kw={"autocomplete": "username", "spellcheck": "false"})


class NewPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired()],
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("password", _l("The two new passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )


class TokenForm(FlaskForm):
    name = StringField(_l("What the token is for"), validators=[DataRequired(), Length(max=100)],
                       render_kw={"placeholder": _l("e.g. Statistics office data upload")})


# -------------------------------------------------------------------- processes


class StartProcessForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)],
                        render_kw={"placeholder": _l("e.g. National migration policy 2026–2031")})
    workflow = SelectField(_l("Workflow"), choices=[])
    country = StringField(_l("Country"), validators=[DataRequired(), Length(max=100)],
                          render_kw={"autocomplete": "country-name"})
    requesting_institution_id = SelectField(_l("Requesting institution"), choices=[])


class TransitionForm(FlaskForm):
    # The state the page showed: a second click after the process moved is refused.
    expected_state = HiddenField()
    note = TextAreaField(_l("Note for the record"), validators=[Optional(), Length(max=5000)],
                         render_kw={"rows": 3})
    override = BooleanField(_l("Override the gate"))
    override_reason = TextAreaField(_l("Why the process moves on without meeting the gate"),
                                    validators=[Optional(), Length(max=5000)],
                                    render_kw={"rows": 3})


class StageTargetForm(FlaskForm):
    target_date = DateField(_l("Target date"), validators=[Optional()])


# ------------------------------------------------------------------- core group


class MemberForm(FlaskForm):
    email = EmailField(_l("Email address of the person"), validators=[DataRequired()],
                       render_kw={"spellcheck": "false", "autocomplete": "off"})
    institution_id = SelectField(_l("Institution they represent"), choices=[])
    role = SelectField(_l("Role"), choices=[])


class InvitationForm(MemberForm):
    expires_on = DateField(_l("Last day of the membership (optional, e.g. for a visiting expert)"),
                           validators=[Optional()])


class JoinForm(FlaskForm):
    """Accepting an invitation: a newcomer chooses a name and a password."""

    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)],
                       render_kw={"autocomplete": "name"})
    password = PasswordField(_l("Password"), validators=[DataRequired()],
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(
        _l("Password again"),
        validators=[DataRequired(), EqualTo("password", _l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )


class AcceptForm(FlaskForm):
    """Accepting an invitation with the account one is signed in with."""


class MarkReadForm(FlaskForm):
    id = HiddenField()


class EndMembershipForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=2000)],
                           render_kw={"rows": 2})


class HandoverForm(FlaskForm):
    membership_id = SelectField(_l("New lead"), choices=[])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)],
                         render_kw={"rows": 2})


class InstitutionForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=300)])
    kind = SelectField(_l("Kind"), choices=[])
    parent_id = SelectField(_l("Part of"), choices=[])
    country = StringField(_l("Country"), validators=[Optional(), Length(max=100)])


# ---------------------------------------------------------------- consultations


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ConsultationForm(FlaskForm):
    stage = SelectField(_l("Stage"), choices=[])
    method = SelectField(_l("Method"), choices=[])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    held_on = DateField(_l("Held on"), validators=[Optional()])
    groups = MultiCheckboxField(_l("Stakeholder groups reached"), choices=[])
    summary = TextAreaField(_l("Summary"), validators=[Optional()], render_kw={"rows": 4})


class ConsultationRecordForm(FlaskForm):
    """Closing the loop: who was invited, who took part, and the report."""

    invited_institutions = TextAreaField(_l("Institutions invited"), validators=[Optional()],
                                         render_kw={"rows": 4})
    invited_groups = MultiCheckboxField(_l("Stakeholder groups invited"), choices=[])
    report = TextAreaField(_l("Report"), validators=[Optional()], render_kw={"rows": 8})


#: Participant counts: one number field per stakeholder group and per sex.
PARTICIPANT_FIELDS = {
    "participants_by_group": {key: f"group_{key}" for key in STAKEHOLDER_GROUPS},
    "participants_by_sex": {key: f"sex_{key}" for key in SEXES},
}
for _key, _text in STAKEHOLDER_GROUPS.items():
    setattr(ConsultationRecordForm, f"group_{_key}", IntegerField(
        _l(_text), validators=[Optional(), NumberRange(min=0, max=1_000_000)]))
for _key, _text in SEXES.items():
    setattr(ConsultationRecordForm, f"sex_{_key}", IntegerField(
        _l(_text), validators=[Optional(), NumberRange(min=0, max=1_000_000)]))


class InputForm(FlaskForm):
    source = StringField(_l("Who said it"), validators=[DataRequired(), Length(max=300)],
                         render_kw={"placeholder": _l("e.g. Diaspora association of Lyon")})
    text = TextAreaField(_l("What they said"), validators=[DataRequired(), Length(max=20000)],
                         render_kw={"rows": 3})


class DispositionForm(FlaskForm):
    disposition = RadioField(_l("Decision"), choices=[], validators=[DataRequired()])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=5000)],
                           render_kw={"rows": 2})
    section_id = SelectField(_l("Taken into account in section"), choices=[])


# ------------------------------------------------------------------ deliverables


class DeliverableForm(FlaskForm):
    stage = SelectField(_l("Stage"), choices=[])
    kind = SelectField(_l("Kind"), choices=[])
    title = StringField(_l("Title"), validators=[Optional(), Length(max=300)])
    owner_email = SelectField(_l("Owner"), choices=[])
    due_on = DateField(_l("Due on"), validators=[Optional()])


class DeliverableEditForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    # A plain e-mail input, suggested from one list of members shared by every row of
    # the page (a select per row repeated every member on every row).
    owner_email = EmailField(_l("Owner"), validators=[Optional(), Length(max=320)])
    due_on = DateField(_l("Due on"), validators=[Optional()])


# ------------------------------------------------------------------------- admin


class UserForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Email address"), validators=[DataRequired()],
                       render_kw={"spellcheck": "false", "autocomplete": "off"})
    password = PasswordField(_l("Initial password"), validators=[DataRequired()],
                             render_kw={"autocomplete": "new-password"})
    is_admin = BooleanField(_l("Administrator"))
    may_start_processes = BooleanField(_l("May start processes (and lead them)"))


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired()],
                             render_kw={"autocomplete": "new-password"})


# ------------------------------------------------------------------- helpers


def institution_choices(
    session: Session, *, blank: str | None = None, exclude: int | None = None
) -> list[tuple[str, str]]:
    """Every institution as a select option, indented under its parent."""
    options: list[tuple[str, str]] = [("", blank)] if blank is not None else []

    def walk(nodes: Iterable[institution_service.Node], depth: int) -> None:
        for node in nodes:
            if node.institution.id == exclude:
                continue
            options.append((str(node.institution.id), "\u2003" * depth + node.institution.name))
            walk(node.children, depth + 1)

    walk(institution_service.tree(institution_service.list_institutions(session)), 0)
    return options


def member_choices(memberships: Iterable[Membership], *, blank: str | None = None
                   ) -> list[tuple[str, str]]:
    """Active members as owner options (their email is what the services take)."""
    options: list[tuple[str, str]] = [("", blank)] if blank is not None else []
    seen: set[int] = set()
    for membership in sorted(memberships, key=lambda m: m.user.name.lower()):
        if membership.user_id in seen:
            continue
        seen.add(membership.user_id)
        options.append((membership.user.email, membership.user.name))
    return options


def with_ancestors(institutions: Iterable[Institution]) -> list[Institution]:
    """The institutions and every parent above them (to draw a full tree)."""
    found: dict[int, Institution] = {}
    for institution in institutions:
        for node in institution.path:
            found[node.id] = node
    return list(found.values())


def report(form: FlaskForm, error: DomainError) -> None:
    """Show an engine error on the form: next to the fields it names, else above the form.

    With one named field the engine's full sentence reads best; with several,
    each field gets its own short remark.
    """
    details = error.detail_messages if isinstance(error.detail_messages, dict) else {}
    fields = {k: v for k, v in details.items() if k in form._fields and k != "csrf_token"}
    if len(fields) == 1:
        (name,) = fields
        form[name].errors = [*form[name].errors, t(error)]
        return
    if fields:
        for name, message in fields.items():
            text = str(t(message))
            form[name].errors = [*form[name].errors, text[:1].upper() + text[1:]]
        return
    form.form_errors.append(t(error))


def safe_next(target: str | None) -> str | None:
    """A local path to go back to after signing in, or None (no open redirects)."""
    if not target or not isinstance(target, str):
        return None
    target = target.strip()
    if "\\" in target or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def choice_labels(table: dict[str, str]) -> list[tuple[str, Any]]:
    """A vocabulary as translated select options."""
    from flask_babel import gettext

    return [(key, gettext(text)) for key, text in table.items()]
