"""Forgotten passwords: ask for a reset link by e-mail, then choose a new password."""

from __future__ import annotations

from flask import flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import logout_user

from engine.errors import DomainError, NotFound
from engine.services import users as user_service
from webapp.accounts import bp
from webapp.auth import actor
from webapp.database import get_session
from webapp.forms import ForgotPasswordForm, NewPasswordForm, report
from webapp.mail import site_url
from webapp.security import client_address, throttle


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password():  # noqa: ANN201
    """Ask for a reset link. The answer is the same whether or not the address has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        address = form.email.data.strip().lower()
        requests = throttle("password_reset")
        wait = requests.retry_after(f"ip:{client_address()}")
        if wait is not None:
            form.form_errors.append(_("Too many requests from here. Try again in %(minutes)s "
                                      "minute(s).", minutes=max(1, round(wait / 60))))
            response = make_response(render_template("accounts/forgot.html", form=form), 429)
            response.headers["Retry-After"] = str(wait)
            return response
        requests.failed(f"ip:{client_address()}")
        # Per address, extra requests are dropped silently: saying so would tell
        # that the address has an account.
        if requests.retry_after(f"address:{address}") is None:
            requests.failed(f"address:{address}")
            user_service.request_password_reset(
                get_session(), address,
                lambda token: site_url("auth.reset_password", token=token))
        return render_template("accounts/forgot.html", form=None, sent_to=address)
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/forgot.html", form=form), status


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):  # noqa: ANN201
    """Choose a new password through a mailed link (single use, one hour)."""
    session = get_session()
    try:
        user_service.valid_reset(session, token)
    except NotFound as error:
        return render_template("accounts/reset.html", form=None, invalid=error.message), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            user = user_service.reset_password(session, token, form.password.data)
        except DomainError as error:
            session.rollback()
            if isinstance(error.details, dict) and "password" in error.details:
                form.password.errors = [error.message]
            else:
                report(form, error)
        else:
            if actor() is not None:
                logout_user()
            flash(_("Your new password is set, %(name)s. Sign in with it; every other session "
                    "of your account has ended.", name=user.name), "success")
            response = make_response(redirect(url_for("auth.login")))
            response.headers["Referrer-Policy"] = "no-referrer"
            return response
    status = 422 if form.is_submitted() else 200
    response = make_response(render_template("accounts/reset.html", form=form), status)
    # The token is in this page's address: do not send it on to other sites, do not cache.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response
