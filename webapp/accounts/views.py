"""Signing in and out, the profile, the password and API tokens."""

from __future__ import annotations

from flask import current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import login_required, login_user, logout_user

from engine.errors import DomainError, PermissionDenied
from engine.services import profile as profile_service
from engine.services import users as user_service
from webapp.accounts import bp
from webapp.auth import SignedIn, actor
from webapp.database import get_session
from webapp.forms import LoginForm, PasswordForm, ProfileForm, TokenForm, report, safe_next
from webapp.i18n import LANGUAGE_NAMES, languages, timezone_choices
from webapp.security import client_address, throttle
from webapp.templating import t


@bp.route("/login", methods=["GET", "POST"])
def login():  # noqa: ANN201
    """Sign in with email and password; go back where the person was heading."""
    if actor() is not None:
        return redirect(safe_next(request.args.get("next")) or url_for("dashboard.index"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        keys = (f"ip:{client_address()}", f"account:{form.email.data.strip().lower()}")
        attempts = throttle("login")
        wait = attempts.retry_after(*keys)
        if wait is not None:
            form.form_errors.append(_("Too many failed sign-ins. Try again in %(minutes)s "
                                      "minute(s).", minutes=max(1, round(wait / 60))))
            response = make_response(render_template("accounts/login.html", form=form), 429)
            response.headers["Retry-After"] = str(wait)
            return response
        user = user_service.authenticate(get_session(), form.email.data, form.password.data)
        if user is not None:
            login_user(SignedIn(user))
            refresh()  # the welcome reads in the language of the person's profile
            flash(_("Welcome, %(name)s. You are signed in.", name=user.name), "success")
            return redirect(safe_next(form.next.data) or url_for("dashboard.index"))
        attempts.failed(*keys)
        form.form_errors.append(_("The email address or the password is not correct."))
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["GET", "POST"])
def logout():  # noqa: ANN201
    """Sign out (GET is accepted too: signing out does no harm).

    The session ends on the server too: a copy of its cookie no longer signs in.
    """
    user = actor()
    if user is not None:
        user_service.sign_out(get_session(), user)
        logout_user()
        flash(_("You are signed out."), "success")
    return redirect(url_for("auth.login"))


def _choices(form: ProfileForm, timezone: str | None) -> ProfileForm:
    form.language.choices = [("", _("As my browser prefers"))] + [
        (code, LANGUAGE_NAMES.get(code, code)) for code in languages()
    ]
    form.timezone.choices = [("", _("The site's time zone (%(zone)s)",
                                    zone=current_app.config.get("BABEL_DEFAULT_TIMEZONE", "UTC")))]
    form.timezone.choices += timezone_choices(timezone)
    form.notify_by_email.choices = _email_choices()
    return form


def _email_choices() -> list[tuple[str, str]]:
    return [(key, _(label)) for key, label in profile_service.NOTIFY_BY_EMAIL.items()]


def _render_profile(status: int = 200, **forms):  # noqa: ANN202
    user = actor()
    assert user is not None
    profile_form = forms.get("profile_form") or _choices(ProfileForm(
        formdata=None, data={"name": user.name, "language": user.language or "",
                             "timezone": user.timezone or "",
                             "notify_by_email": user.notify_by_email or "immediately"}
    ), user.timezone)
    context = {
        "profile_form": profile_form,
        "password_form": forms.get("password_form") or PasswordForm(formdata=None),
        "token_form": forms.get("token_form") or TokenForm(formdata=None),
        "tokens": user_service.list_tokens(get_session(), user),
        "new_token": forms.get("new_token"),
        "show_languages": len(languages()) > 1,
    }
    response = make_response(render_template("accounts/profile.html", **context), status)
    if context["new_token"]:
        # The raw token is in this page only: never cache it anywhere.
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/profile")
@login_required
def profile():  # noqa: ANN201
    return _render_profile()


@bp.route("/profile", methods=["POST"])
@login_required
def update_profile():  # noqa: ANN201
    form = _choices(ProfileForm(), request.form.get("timezone"))
    if form.validate_on_submit():
        session = get_session()
        try:
            profile_service.update_profile(
                session, actor(), name=form.name.data,
                language=form.language.data if "language" in request.form else None,
                timezone=form.timezone.data if "timezone" in request.form else None,
                languages=languages(),
                notify_by_email=(form.notify_by_email.data
                                 if "notify_by_email" in request.form else None),
            )
        except DomainError as error:
            session.rollback()
            report(form, error)
        else:
            refresh()  # the confirmation reads in the language just chosen
            flash(_("Your profile is saved."), "success")
            return redirect(url_for("auth.profile"))
    return _render_profile(422, profile_form=form)


@bp.route("/profile/password", methods=["POST"])
@login_required
def change_password():  # noqa: ANN201
    form = PasswordForm()
    if form.validate_on_submit():
        session = get_session()
        try:
            user_service.change_own_password(
                session, actor(), form.current_password.data, form.new_password.data
            )
        except PermissionDenied:
            session.rollback()
            form.current_password.errors = [_("This is not your current password.")]
        except DomainError as error:
            session.rollback()
            if isinstance(error.details, dict) and "password" in error.details:
                form.new_password.errors = [t(error)]
            else:
                report(form, error)
        else:
            # Every other session ended with the change; this one goes on.
            login_user(SignedIn(actor()))
            flash(_("Your password is changed. Your other sessions and your API tokens "
                    "have ended."), "success")
            return redirect(url_for("auth.profile"))
    return _render_profile(422, password_form=form)


@bp.route("/profile/tokens", methods=["POST"])
@login_required
def create_token():  # noqa: ANN201
    """Create an API token and show it once.

    This answer is rendered, not redirected: the raw token must not travel
    through the (client-side) session cookie that a redirect would need.
    """
    form = TokenForm()
    if form.validate_on_submit():
        session = get_session()
        try:
            token, raw = user_service.create_token(session, actor(), form.name.data)
        except DomainError as error:
            session.rollback()
            report(form, error)
        else:
            flash(_("Token “%(name)s” created. Copy it now: it will not be shown again.",
                    name=token.name), "success")
            return _render_profile(201, new_token={"token": token, "raw": raw})
    return _render_profile(422, token_form=form)


@bp.route("/profile/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id: int):  # noqa: ANN201
    token = user_service.revoke_token(get_session(), actor(), token_id)
    flash(_("Token “%(name)s” revoked: it no longer works.", name=token.name), "success")
    return redirect(url_for("auth.profile"))
