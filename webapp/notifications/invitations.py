"""Accepting an invitation through its mailed link: a newcomer joins, an account holder accepts."""

from __future__ import annotations

from flask import flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _

from engine.errors import Conflict, DomainError, NotFound
from engine.services import invitations as service
from webapp.auth import actor
from webapp.database import get_session
from webapp.forms import AcceptForm, JoinForm, report
from webapp.notifications import bp
from webapp.templating import t


def _page(status: int = 200, **context):  # noqa: ANN202
    response = make_response(render_template("notifications/invitation.html", **context), status)
    # The token is in this page's address: do not send it on to other sites, do not cache.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):  # noqa: ANN201
    """The link of an invitation mail (single use, 14 days)."""
    session = get_session()
    try:
        invitation = service.valid_invitation(session, token)
    except NotFound as error:
        return _page(404, invalid=t(error))
    process = invitation.process.title
    if service.account_for(session, invitation) is None:
        form = JoinForm()
        if form.validate_on_submit():
            try:
                membership = service.accept_as_newcomer(session, token, name=form.name.data,
                                                        password=form.password.data)
            except DomainError as error:
                session.rollback()
                if isinstance(error.details, dict) and "password" in error.details:
                    form.password.errors = [t(error)]
                else:
                    report(form, error)
            else:
                flash(_("Welcome, %(name)s: your account is ready and you are a member of "
                        "%(process)s. Sign in with your new password.",
                        name=membership.user.name, process=process), "success")
                return redirect(url_for("auth.login", next=url_for(
                    "workspace.overview", process_id=membership.process_id)))
        return _page(422 if form.is_submitted() else 200, invitation=invitation,
                     process=process, join_form=form)
    user = actor()
    if user is None:
        return _page(invitation=invitation, process=process,
                     sign_in=url_for("auth.login", next=url_for(
                         "notifications.accept_invitation", token=token)))
    form = AcceptForm()
    if form.validate_on_submit():
        try:
            membership = service.accept(session, user, token)
        except DomainError as error:
            session.rollback()
            flash(t(error), "error")
            return _page(409 if isinstance(error, Conflict) else 403,
                         invitation=invitation, process=process)
        flash(_("You are now a member of %(process)s.", process=process), "success")
        return redirect(url_for("workspace.overview", process_id=membership.process_id))
    return _page(invitation=invitation, process=process, accept_form=form,
                 wrong_account=user.email.lower() != invitation.email.lower())
