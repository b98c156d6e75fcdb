"""Administration: accounts and institutions (administrators only)."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask import render_template as render_page
from flask_babel import gettext as _
from flask_login import login_required, login_user

from engine.errors import Conflict, InvalidInput
from engine.permissions import GlobalAction, authorize_global
from engine.services import institutions as institution_service
from engine.services import users as user_service
from engine.vocabulary import INSTITUTION_KINDS
from webapp.admin import bp
from webapp.auth import SignedIn, actor
from webapp.database import get_session
from webapp.forms import (
    InstitutionForm,
    ResetPasswordForm,
    UserForm,
    choice_labels,
    institution_choices,
    report,
)
from webapp.templating import t


def _admin(action: GlobalAction = GlobalAction.MANAGE_USERS) -> None:
    authorize_global(get_session(), actor(), action)


def _institution_form(form: InstitutionForm | None = None, *, exclude: int | None = None,
                      data: dict | None = None) -> InstitutionForm:
    form = form or InstitutionForm(formdata=None, data=data or {})
    form.kind.choices = choice_labels(INSTITUTION_KINDS)
    form.parent_id.choices = institution_choices(
        get_session(), blank=_("Nothing: a top-level institution"), exclude=exclude)
    return form


def _render(status: int = 200, **forms):  # noqa: ANN202
    session = get_session()
    user = actor()
    institutions = institution_service.list_institutions(session)
    return render_page(
        "admin/index.html",
        users=user_service.list_users(session, user),
        tree=institution_service.tree(institutions),
        institution_count=len(institutions),
        user_form=forms.get("user_form") or UserForm(formdata=None),
        institution_form=_institution_form(forms.get("institution_form")),
        reset_form=forms.get("reset_form") or ResetPasswordForm(formdata=None),
        reset_for=forms.get("reset_for"),
    ), status


@bp.route("/admin")
@login_required
def index():  # noqa: ANN201
    _admin()
    return _render()


@bp.route("/admin/users", methods=["POST"])
@login_required
def create_user():  # noqa: ANN201
    _admin()
    session = get_session()
    form = UserForm()
    if form.validate_on_submit():
        try:
            user = user_service.create_user(session, actor(), email=form.email.data,
                                            name=form.name.data, password=form.password.data,
                                            is_admin=form.is_admin.data,
                                            may_start_processes=form.may_start_processes.data)
        except (InvalidInput, Conflict) as error:
            session.rollback()
            report(form, error)
        else:
            flash(_("Account created for %(name)s. Tell them their password in person or by "
                    "another channel.", name=user.name), "success")
            return redirect(url_for("admin.index", _anchor=f"user-{user.id}"))
    return _render(422, user_form=form)


@bp.route("/admin/users/<int:user_id>", methods=["POST"])
@login_required
def update_user(user_id: int):  # noqa: ANN201
    """Switch administrator rights or the account's access on or off."""
    _admin()
    session = get_session()
    change = request.form.get("change")
    values = {
        "make_admin": {"is_admin": True}, "remove_admin": {"is_admin": False},
        "activate": {"is_active": True}, "deactivate": {"is_active": False},
        "grant_start": {"may_start_processes": True},
        "revoke_start": {"may_start_processes": False},
    }
    if change not in values:
        flash(_("Nothing to change."), "error")
        return redirect(url_for("admin.index"))
    try:
        user = user_service.update_user(session, actor(), user_id, **values[change])
    except (InvalidInput, Conflict) as error:
        session.rollback()
        flash(t(error), "error")
        return redirect(url_for("admin.index", _anchor=f"user-{user_id}"))
    messages = {
        "make_admin": _("%(name)s is now an administrator."),
        "remove_admin": _("%(name)s is no longer an administrator."),
        "activate": _("%(name)s can sign in again."),
        "deactivate": _("%(name)s can no longer sign in; their work stays."),
        "grant_start": _("%(name)s may now start processes."),
        "revoke_start": _("%(name)s may no longer start processes."),
    }
    flash(messages[change] % {"name": user.name}, "success")
    return redirect(url_for("admin.index", _anchor=f"user-{user_id}"))


@bp.route("/admin/users/<int:user_id>/password", methods=["POST"])
@login_required
def reset_password(user_id: int):  # noqa: ANN201
    _admin()
    session = get_session()
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            user = user_service.update_user(session, actor(), user_id,
                                            password=form.password.data)
        except (InvalidInput, Conflict) as error:
            session.rollback()
            form.password.errors = [t(error)]
        else:
            if user.id == actor().id:
                login_user(SignedIn(user))  # the other sessions ended; this one goes on
            flash(_("New password set for %(name)s.", name=user.name), "success")
            return redirect(url_for("admin.index", _anchor=f"user-{user_id}"))
    return _render(422, reset_form=form, reset_for=user_id)


@bp.route("/admin/institutions", methods=["POST"])
@login_required
def create_institution():  # noqa: ANN201
    _admin(GlobalAction.MANAGE_INSTITUTIONS)
    session = get_session()
    form = _institution_form(InstitutionForm())
    if form.validate_on_submit():
        try:
            institution = institution_service.create_institution(
                session, actor(), name=form.name.data, kind=form.kind.data,
                parent_id=form.parent_id.data or None, country=form.country.data)
        except (InvalidInput, Conflict) as error:
            session.rollback()
            report(form, error)
        else:
            flash(_("%(name)s added.", name=institution.full_name), "success")
            return redirect(url_for("admin.index", _anchor=f"institution-{institution.id}"))
    return _render(422, institution_form=form)


@bp.route("/admin/institutions/<int:institution_id>", methods=["GET", "POST"])
@login_required
def edit_institution(institution_id: int):  # noqa: ANN201
    _admin(GlobalAction.MANAGE_INSTITUTIONS)
    session = get_session()
    institution = institution_service.get(session, institution_id)
    if request.method == "POST":
        form = _institution_form(InstitutionForm(), exclude=institution.id)
        if form.validate_on_submit():
            try:
                institution_service.update_institution(
                    session, actor(), institution.id, name=form.name.data, kind=form.kind.data,
                    country=form.country.data or "",
                    parent_id=int(form.parent_id.data) if form.parent_id.data else None)
            except (InvalidInput, Conflict) as error:
                session.rollback()
                report(form, error)
            else:
                flash(_("%(name)s saved.", name=institution.name), "success")
                return redirect(url_for("admin.index", _anchor=f"institution-{institution.id}"))
        status = 422
    else:
        form = _institution_form(exclude=institution.id, data={
            "name": institution.name, "kind": institution.kind,
            "parent_id": str(institution.parent_id or ""), "country": institution.country or ""})
        status = 200
    return render_page("admin/institution.html", form=form,
                       institution=institution_service.get(session, institution_id)), status


@bp.route("/admin/institutions/<int:institution_id>/delete", methods=["POST"])
@login_required
def delete_institution(institution_id: int):  # noqa: ANN201
    _admin(GlobalAction.MANAGE_INSTITUTIONS)
    session = get_session()
    institution = institution_service.get(session, institution_id)
    name = institution.full_name
    try:
        institution_service.delete_institution(session, actor(), institution_id)
    except Conflict as error:
        session.rollback()
        flash(t(error), "error")
        return redirect(url_for("admin.edit_institution", institution_id=institution_id))
    flash(_("%(name)s deleted.", name=name), "success")
    return redirect(url_for("admin.index", _anchor="institutions"))
