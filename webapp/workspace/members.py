"""The core group: institutions and their members, the lead's handover, sign-offs."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from engine.catalog import definition_of
from engine.errors import Conflict, InvalidInput
from engine.models import Invitation, Process
from engine.permissions import Action, GlobalAction, authorize_global, membership_of
from engine.services import institutions as institution_service
from engine.services import invitations as invitation_service
from engine.services import members as member_service
from engine.vocabulary import INSTITUTION_KINDS, ROLES
from webapp.auth import actor
from webapp.database import get_session
from webapp.forms import (
    EndMembershipForm,
    HandoverForm,
    InstitutionForm,
    InvitationForm,
    MemberForm,
    choice_labels,
    institution_choices,
    report,
    with_ancestors,
)
from webapp.paging import paged
from webapp.templating import t
from webapp.workspace import bp
from webapp.workspace.common import failed, load, may, render

ROLE_ORDER = {"lead": 0, "core": 1, "expert": 2, "observer": 3}
#: Members listed per page of the core group (a process may have hundreds).
MEMBERS_PER_PAGE = 50


def _member_form(process: Process, form: MemberForm | None = None) -> MemberForm:
    form = form or MemberForm(formdata=None, data={
        "institution_id": request.args.get("institution", ""), "role": "core"})
    form.institution_id.choices = institution_choices(get_session(), blank=_("Choose…"))
    roles = [(k, v) for k, v in choice_labels(ROLES) if k != "lead" or process.lead is None]
    form.role.choices = roles
    return form


def _invitation_form(form: InvitationForm | None = None) -> InvitationForm:
    form = form or InvitationForm(formdata=None, data={"role": "expert"})
    form.institution_id.choices = institution_choices(get_session(), blank=_("Choose…"))
    form.role.choices = [(k, v) for k, v in choice_labels(ROLES) if k != "lead"]
    return form


def _institution_form(form: InstitutionForm | None = None) -> InstitutionForm:
    form = form or InstitutionForm(formdata=None)
    form.kind.choices = choice_labels(INSTITUTION_KINDS)
    form.parent_id.choices = institution_choices(get_session(), blank=_("Nothing: a top-level institution"))
    return form


def _handover_form(process: Process, form: HandoverForm | None = None) -> HandoverForm:
    form = form or HandoverForm(formdata=None)
    form.membership_id.choices = [("", _("Choose a member…"))] + [
        (str(m.id), f"{m.user.name} ({m.institution.name})")
        for m in sorted(process.active_memberships, key=lambda m: m.user.name.lower())
        if m.role != "lead"
    ]
    return form


def _render(process: Process, status: int = 200, **forms):  # noqa: ANN202
    session = get_session()
    user = actor()
    definition = definition_of(process)
    active = process.active_memberships
    ordered = sorted(active, key=lambda m: (ROLE_ORDER.get(m.role, 9), m.user.name.lower(), m.id))
    shown, page_url = paged(ordered, MEMBERS_PER_PAGE, "workspace.members", "tree-heading",
                             process_id=process.id)
    by_institution: dict[int, list] = {}
    for membership in shown.items:
        by_institution.setdefault(membership.institution_id, []).append(membership)
    tree = institution_service.tree(with_ancestors(m.institution for m in shown.items))
    signable = process.state in definition.stage_keys and not definition.stage(process.state).terminal
    kinds = member_service.signatory_kinds(definition.stage(process.state)) if signable else ()
    # A department signs for its ministry: the list shows the signatory institutions.
    core_institutions = {s.id: s for s in (m.institution.signatory(kinds) for m in active
                                           if m.role in ("lead", "core"))}
    signed = {s.institution_id: s for s in member_service.signoffs(session, process)} if signable else {}
    mine = membership_of(session, user, process)
    ended = sorted((m for m in process.memberships if m.ended_at is not None),
                   key=lambda m: m.ended_at, reverse=True)
    return render(
        "workspace/members.html", process, "members", status,
        tree=tree,
        by_institution=by_institution,
        members_page=shown,
        page_url=page_url,
        member_count=len({m.user_id for m in active}),
        core_institutions=sorted(core_institutions.values(), key=lambda i: i.full_name),
        signable=signable,
        signed=signed,
        sign_for=(mine.institution.signatory(kinds).id
                  if mine and mine.role in ("lead", "core") else None),
        ended=ended,
        member_form=_member_form(process, forms.get("member_form")),
        invitation_form=_invitation_form(forms.get("invitation_form")),
        invitations=(invitation_service.pending(session, user, process)
                     if may(process, Action.MANAGE) else []),
        institution_form=_institution_form(forms.get("institution_form")),
        handover_form=_handover_form(process, forms.get("handover_form")),
        end_form=forms.get("end_form") or EndMembershipForm(formdata=None),
        end_for=forms.get("end_for"),
    )


@bp.route("/processes/<int:process_id>/members")
@login_required
def members(process_id: int):  # noqa: ANN201
    return _render(load(process_id))


@bp.route("/processes/<int:process_id>/members", methods=["POST"])
@login_required
def add_member(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    form = _member_form(process, MemberForm())
    if form.validate_on_submit():
        try:
            # An invitation whatever the address: the answer never tells whether it has
            # an account (docs/api.md, "Members").
            membership = invitation_service.invite(
                session, actor(), process, email=form.email.data,
                institution_id=form.institution_id.data, role=form.role.data)
        except (InvalidInput, Conflict) as error:
            failed(session)
            report(form, error)
        else:
            if isinstance(membership, Invitation):
                # The same words whether the address has an account or not.
                flash(_("An invitation to join as %(role)s for %(institution)s is on its way "
                        "to %(email)s. They appear here once they accept.", email=membership.email,
                        role=_(ROLES[membership.role]).lower(),
                        institution=membership.institution.name), "success")
            else:
                flash(_("%(name)s joined the process as %(role)s for %(institution)s.",
                        name=membership.user.name, role=_(ROLES[membership.role]).lower(),
                        institution=membership.institution.name), "success")
            return redirect(url_for("workspace.members", process_id=process_id))
    return _render(load(process_id), 422, member_form=form)


@bp.route("/processes/<int:process_id>/invitations", methods=["POST"])
@login_required
def invite(process_id: int):  # noqa: ANN201
    """Invite an e-mail address with a role, an institution and an optional last day."""
    session = get_session()
    process = load(process_id)
    form = _invitation_form(InvitationForm())
    if form.validate_on_submit():
        try:
            invitation = invitation_service.invite(
                session, actor(), process, email=form.email.data, role=form.role.data,
                institution_id=form.institution_id.data, ends_on=form.expires_on.data)
        except (InvalidInput, Conflict) as error:
            failed(session)
            report(form, error)
        else:
            flash(_("An invitation is on its way to %(email)s.", email=invitation.email),
                  "success")
            return redirect(url_for("workspace.members", process_id=process_id))
    return _render(load(process_id), 422, invitation_form=form)


@bp.route("/processes/<int:process_id>/members/<int:membership_id>/end", methods=["POST"])
@login_required
def end_member(process_id: int, membership_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    form = EndMembershipForm()
    if form.validate_on_submit():
        try:
            membership = member_service.end_membership(session, actor(), process, membership_id,
                                                       form.reason.data)
        except (InvalidInput, Conflict) as error:
            failed(session)
            flash(t(error), "error")
            return redirect(url_for("workspace.members", process_id=process_id))
        flash(_("%(name)s is no longer in the core group; the membership stays in the history.",
                name=membership.user.name), "success")
        return redirect(url_for("workspace.members", process_id=process_id))
    return _render(process, 422, end_form=form, end_for=membership_id)


@bp.route("/processes/<int:process_id>/lead", methods=["POST"])
@login_required
def hand_over(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    form = _handover_form(process, HandoverForm())
    if form.validate_on_submit():
        if not form.membership_id.data:
            form.membership_id.errors = [_("Choose who becomes the lead.")]
        else:
            try:
                lead = member_service.hand_over_lead(session, actor(), process,
                                                     form.membership_id.data, form.note.data)
            except (InvalidInput, Conflict) as error:
                failed(session)
                report(form, error)
            else:
                flash(_("%(name)s now leads the process. You stay in the core group.",
                        name=lead.user.name), "success")
                return redirect(url_for("workspace.members", process_id=process_id))
    return _render(load(process_id), 422, handover_form=form)


@bp.route("/processes/<int:process_id>/signoffs", methods=["POST"])
@login_required
def sign_off(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    try:
        signoff = member_service.sign_off(session, actor(), process,
                                          request.form.get("institution_id"))
    except (InvalidInput, Conflict) as error:
        failed(session)
        flash(t(error), "error")
    else:
        flash(_("%(institution)s signed off this stage.",
                institution=signoff.institution.name), "success")
    return redirect(url_for("workspace.members", process_id=process_id, _anchor="signoffs"))


@bp.route("/processes/<int:process_id>/institutions", methods=["POST"])
@login_required
def add_institution(process_id: int):  # noqa: ANN201
    """Leads may add a missing institution while forming the core group."""
    session = get_session()
    process = load(process_id)
    authorize_global(session, actor(), GlobalAction.CREATE_INSTITUTION)
    form = _institution_form(InstitutionForm())
    if form.validate_on_submit():
        try:
            institution = institution_service.create_institution(
                session, actor(), name=form.name.data, kind=form.kind.data,
                parent_id=form.parent_id.data or None,
                country=form.country.data or process.country)
        except (InvalidInput, Conflict) as error:
            failed(session)
            report(form, error)
        else:
            flash(_("%(name)s added. You can now add its members.",
                    name=institution.full_name), "success")
            return redirect(url_for("workspace.members", process_id=process_id,
                                    institution=institution.id, _anchor="add-member"))
    return _render(load(process_id), 422, institution_form=form)
