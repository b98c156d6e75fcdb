"""Every route of the site against every kind of person: CONTRACT's roles table, enforced.

EXPECTATIONS maps each (endpoint, method) of ``app.url_map`` to who may use it and a
request that succeeds for someone who may. A route without an entry fails
``test_every_route_has_an_expectation``, so a new view cannot ship unchecked.

``test_route`` runs each request as each of seven actors: an administrator, the
lead, a core member, an expert, an observer (each a member for their own
institution), a signed-in non-member and an anonymous visitor. Who is refused
gets exactly the refusal CONTRACT promises:

* anonymous: pages redirect to /login, the JSON API (and the JSON presence
  endpoints, called with ``Accept: application/json``) answer 401;
* non-members: 404, the process is not even shown to them;
* members without the right, and administrators acting inside a process: 403.

Whoever may gets an answer below 400: the exact declared status for the API; for
pages that redirect after a change, a "success" notice and no "error" one (a
refused change that redirects would otherwise pass for a success).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from flask import session as flask_session
from flask_wtf.csrf import generate_csrf
from sqlalchemy.orm import Session

from tests.fixtures import PASSWORD
from tests.webapp.matrix_world import ACTORS, Base, World, build_base

# ------------------------------------------------------------------ who may

MEMBERS = frozenset({"lead", "core", "expert", "observer"})
SIGNED_IN = frozenset({"admin", *MEMBERS, "outsider"})

#: access class -> the actors it lets through. Process-scoped classes refuse
#: outsiders with 404 and the other signed-in actors with 403.
ALLOWED: dict[str, frozenset[str]] = {
    "public": frozenset(ACTORS),
    "signed_in": SIGNED_IN,
    "self": SIGNED_IN,  # one's own profile, password and tokens
    "others_token": frozenset({"admin"}),  # someone else's token: hidden (404) from others
    "view": frozenset({"admin", *MEMBERS}),
    "edit": frozenset({"lead", "core"}),
    "sign_off": frozenset({"lead", "core"}),  # for the institution one represents
    "comment": frozenset({"lead", "core", "expert"}),
    "resolve_own": frozenset({"lead", "core", "expert"}),  # the expert's own comment
    "resolve_others": frozenset({"lead", "core"}),  # the core member's comment
    "manage": frozenset({"lead"}),
    # The steering group's members (donors' representatives): no actor of the matrix is one,
    # so everyone is refused, the lead included (he does not assess his own request).
    "assess": frozenset(),
    # progress on a measure: the members of its responsible institution (the core member's)
    "report": frozenset({"core"}),
    "create_institution": frozenset({"admin", "lead"}),  # site-wide: outsiders get 403
    "create_institution_here": frozenset({"admin", "lead"}),  # from a process's page
    "admin": frozenset({"admin"}),
    # the site-level permission administrators grant (the matrix's lead has it)
    "start_process": frozenset({"admin", "lead"}),
}
PROCESS_SCOPED = frozenset({"view", "edit", "sign_off", "comment", "resolve_own",
                            "resolve_others", "manage", "create_institution_here", "assess",
                            "report"})
HIDDEN_FROM_OTHERS = frozenset({"others_token"})


def refusal(access: str, actor: str) -> int | None:
    """The status the actor is refused with, or None when allowed."""
    if actor in ALLOWED[access]:
        return None
    if actor == "anonymous":
        return 401
    if (actor == "outsider" and access in PROCESS_SCOPED) or access in HIDDEN_FROM_OTHERS:
        return 404
    return 403


# ------------------------------------------------------------------ requests


Value = Any  # a literal, a "{name}" template, or a callable of the world


def resolve(value: Value, world: World) -> Any:
    """Fill a request value: callables get the world, "{x}" names world.x's id (in dict
    keys too)."""
    if callable(value):
        return value(world)
    if isinstance(value, str):
        return value.format_map(_Ids(world))
    if isinstance(value, list):
        return [resolve(v, world) for v in value]
    if isinstance(value, dict):
        return {resolve(k, world): resolve(v, world) for k, v in value.items()}
    return value


class _Ids(dict):
    def __init__(self, world: World) -> None:
        super().__init__()
        self.world = world

    def __missing__(self, name: str) -> Any:
        return getattr(self.world, name).id


def ref(name: str) -> Callable[[World], int]:
    """The id of world.<name>, as a number (JSON bodies)."""
    return lambda world: getattr(world, name).id


@dataclass(frozen=True)
class Request:
    url: str
    form: dict[str, Value] | None = None  # a page form, posted with the CSRF token
    json: dict[str, Value] | None = None  # an API body
    accept_json: bool = False  # a page endpoint called as the editor's script calls it
    upload: Value = None  # bytes of a file posted as the multipart field "file"
    touch: tuple[str, ...] = ()  # world objects the page should show (built first)


@dataclass(frozen=True)
class Expectation:
    access: str
    request: Request
    variant: str = ""
    #: Signing in and out: answered with a redirect, without a "success" notice.
    quiet: bool = False


def get(url: str, *touch: str, accept_json: bool = False) -> Request:
    return Request(url, accept_json=accept_json, touch=touch)


def form(url: str, *touch: str, **fields: Value) -> Request:
    return Request(url, form=fields, touch=touch)


def body(url: str, *touch: str, **fields: Value) -> Request:
    return Request(url, json=fields, touch=touch)


def E(access: str, request: Request, variant: str = "", **kw: Any) -> Expectation:  # noqa: N802
    return Expectation(access, request, variant, **kw)


P = "/processes/{process}"
A = P + "/analysis"
API = "/api/v1"
YESTERDAY = (date.today() - timedelta(days=1)).isoformat()
NEW_PASSWORD = "another good password"


def actor_institution(world: World) -> int:
    """The institution the acting person represents (sign-offs, processes they start)."""
    return world.my_institution.id


def institution(role: str, *, text: bool = True) -> Callable[[World], Any]:
    """The id of the institution a role's member represents."""
    return lambda world: (str if text else int)(world.institutions[role].id)


EXPECTATIONS: dict[tuple[str, str], Expectation | tuple[Expectation, ...]] = {
    # -------------------------------------------------------------- public
    ("static", "GET"): E("public", get("/static/css/app.css")),
    ("auth.login", "GET"): E("public", get("/login"), quiet=True),
    ("auth.login", "POST"): E("public", form("/login", email="lead@example.org",
                                             password=PASSWORD), quiet=True),
    ("auth.logout", "GET"): E("public", get("/logout"), quiet=True),
    ("auth.logout", "POST"): E("public", form("/logout"), quiet=True),
    ("api.openapi", "GET"): E("public", get(API + "/openapi.json")),
    ("auth.forgot_password", "GET"): E("public", get("/password/forgot")),
    ("auth.forgot_password", "POST"): E("public", form("/password/forgot",
                                                       email="bystander@example.org")),
    ("auth.reset_password", "GET"): E("public", get("/password/reset/{reset_token}")),
    ("auth.reset_password", "POST"): E("public", form(
        "/password/reset/{reset_token}", password=NEW_PASSWORD, confirm=NEW_PASSWORD)),
    # -------------------------------------------------------------- one's own account
    ("auth.profile", "GET"): E("self", get("/profile")),
    ("auth.update_profile", "POST"): E("self", form("/profile", name="Renamed Person",
                                                    language="", timezone="")),
    ("auth.change_password", "POST"): E("self", form(
        "/profile/password", current_password=PASSWORD, new_password=NEW_PASSWORD,
        confirm=NEW_PASSWORD)),
    ("auth.create_token", "POST"): E("self", form("/profile/tokens", name="Data upload")),
    ("auth.revoke_token", "POST"): (
        E("self", form("/profile/tokens/{my_token}/revoke"), "own"),
        E("others_token", form("/profile/tokens/{others_token}/revoke"), "others")),
    ("api.me", "GET"): E("signed_in", get(API + "/me")),
    ("api.update_me", "PATCH"): E("signed_in", body(API + "/me", language="fr",
                                                    timezone="Africa/Dakar")),
    ("language.choose", "POST"): E("public", form("/language", language="fr", next="/"),
                                   quiet=True),
    ("notifications.inbox", "GET"): E("self", get("/notifications")),
    ("notifications.mark_read", "POST"): E("self", form("/notifications/read")),
    ("api.notifications", "GET"): E("signed_in", get(API + "/me/notifications")),
    ("api.mark_read", "POST"): E("signed_in", body(API + "/me/notifications/read")),
    # An invitation's link is its own credential: whoever holds it may join with it.
    ("notifications.accept_invitation", "GET"): E("public", get("/invitations/{invitation_token}")),
    ("notifications.accept_invitation", "POST"): E("public", form(
        "/invitations/{invitation_token}", name="Vera Visitor", password=NEW_PASSWORD,
        confirm=NEW_PASSWORD)),
    # -------------------------------------------------------------- anyone signed in
    ("dashboard.index", "GET"): E("signed_in", get("/")),
    ("dashboard.new_process", "GET"): E("start_process", get("/processes/new")),
    ("dashboard.new_process", "POST"): E("start_process", form(
        "/processes/new", title="Labour migration plan", workflow="national-policy",
        country="Ruritania", requesting_institution_id=actor_institution)),
    ("api.list_workflows", "GET"): E("signed_in", get(API + "/workflows")),
    ("api.get_workflow", "GET"): E("signed_in", get(API + "/workflows/national-policy")),
    ("api.list_institutions", "GET"): E("signed_in", get(API + "/institutions")),
    ("api.list_processes", "GET"): E("signed_in", get(API + "/processes")),
    ("api.create_process", "POST"): E("start_process", body(
        API + "/processes", title="Labour migration plan", workflow="national-policy",
        country="Ruritania", requesting_institution_id=actor_institution)),
    # -------------------------------------------------------------- institutions
    ("api.create_institution", "POST"): E("create_institution", body(
        API + "/institutions", name="Labour Inspectorate", kind="agency")),
    ("workspace.add_institution", "POST"): E("create_institution_here", form(
        P + "/institutions", name="Labour Inspectorate", kind="agency", parent_id="",
        country="")),
    # -------------------------------------------------------------- administration
    ("admin.index", "GET"): E("admin", get("/admin")),
    ("admin.mail", "GET"): E("admin", get("/admin/mail", "queued_mail")),
    ("admin.retry_mail", "POST"): E("admin", form("/admin/mail/{queued_mail}/retry")),
    ("admin.mail_file", "GET"): E("admin", get("/admin/mail/files/{mail_file}")),
    ("admin.create_user", "POST"): E("admin", form(
        "/admin/users", name="New Person", email="new.person@example.org",
        password=NEW_PASSWORD)),
    ("admin.update_user", "POST"): E("admin", form("/admin/users/{bystander}",
                                                   change="deactivate")),
    ("admin.reset_password", "POST"): E("admin", form("/admin/users/{bystander}/password",
                                                      password=NEW_PASSWORD)),
    ("admin.create_institution", "POST"): E("admin", form(
        "/admin/institutions", name="Labour Inspectorate", kind="agency", parent_id="",
        country="Ruritania")),
    ("admin.edit_institution", "GET"): E("admin", get("/admin/institutions/{unused_institution}")),
    ("admin.edit_institution", "POST"): E("admin", form(
        "/admin/institutions/{unused_institution}", name="Office of Something", kind="agency",
        parent_id="", country="Ruritania")),
    ("admin.delete_institution", "POST"): E("admin", form(
        "/admin/institutions/{unused_institution}/delete")),
    # -------------------------------------------------------------- the process
    ("workspace.overview", "GET"): E("view", get(P)),
    ("workspace.history", "GET"): E("view", get(P + "/history")),
    ("workspace.search", "GET"): E("view", get(P + "/search?q=policy", "section")),
    ("api.search_process", "GET"): E("view", get(API + P + "/search?q=policy", "section")),
    ("workspace.fire_trigger", "POST"): E("manage", form(
        P + "/transitions/advance", expected_state="agenda_setting", note="Moving on.",
        override="y", override_reason="The ministry asked us to go on.")),
    ("workspace.stage_target", "POST"): E("manage", form(
        P + "/stages/agenda_setting/target", target_date="2031-06-30")),
    ("api.get_process", "GET"): E("view", get(API + P)),
    ("api.history", "GET"): E("view", get(API + P + "/history")),
    ("api.fire_transition", "POST"): E("manage", body(
        API + P + "/transitions", trigger="advance", note="Moving on.",
        override_reason="The ministry asked us to go on.")),
    # -------------------------------------------------------------- members and sign-offs
    ("workspace.members", "GET"): E("view", get(P + "/members", "ended")),
    ("workspace.add_member", "POST"): E("manage", form(
        P + "/members", "candidate", email="candidate@example.org",
        institution_id=institution("expert"), role="expert")),
    ("workspace.invite", "POST"): E("manage", form(
        P + "/invitations", email="visitor@example.org", institution_id=institution("expert"),
        role="expert", expires_on="")),
    ("workspace.end_member", "POST"): E("manage", form(P + "/members/{spare}/end",
                                                       reason="Moved on.")),
    ("workspace.hand_over", "POST"): E("manage", form(P + "/lead", membership_id="{spare}",
                                                      note="Over to you.")),
    ("workspace.sign_off", "POST"): E("sign_off", form(P + "/signoffs",
                                                       institution_id=actor_institution)),
    ("api.list_members", "GET"): E("view", get(API + P + "/members?include_ended=true",
                                               "ended")),
    ("api.add_member", "POST"): E("manage", body(
        API + P + "/members", "candidate", email="candidate@example.org",
        institution_id=institution("expert", text=False), role="expert")),
    ("api.invite", "POST"): E("manage", body(
        API + P + "/invitations", email="visitor@example.org",
        institution_id=institution("expert", text=False), role="expert")),
    ("api.end_membership", "DELETE"): E("manage", Request(API + P + "/members/{spare}")),
    ("api.hand_over_lead", "POST"): E("manage", body(API + P + "/members/{spare}/lead",
                                                     note="Over to you.")),
    ("api.list_signoffs", "GET"): E("view", get(API + P + "/signoffs")),
    # -------------------------------------------------------------- steering group
    ("workspace.steering", "GET"): E("view", get(P + "/steering")),
    ("workspace.assess", "POST"): E("assess", form(P + "/steering/assessment",
                                                   criterion="relevance", rating="3",
                                                   comment="Relevant to the policy.")),
    ("workspace.supports", "POST"): E("manage", form(P + "/supports", supports_process_id="")),
    ("api.list_assessment", "GET"): E("view", get(API + P + "/assessment")),
    ("api.rate", "PUT"): E("assess", body(API + P + "/assessment/relevance", rating=3,
                                          comment="Relevant to the policy.")),
    ("api.sign_off", "POST"): E("sign_off", body(API + P + "/signoffs",
                                                 institution_id=actor_institution)),
    # -------------------------------------------------------------- consultations
    ("workspace.consultations", "GET"): E("view", get(P + "/consultations", "input")),
    ("workspace.coverage", "GET"): E("view", get(P + "/consultations/coverage", "consultation")),
    ("workspace.consultation", "GET"): E("view", get(P + "/consultations/{consultation}",
                                                     "input")),
    ("workspace.create_consultation", "POST"): E("edit", form(
        P + "/consultations", stage="agenda_setting", method="focus_group",
        title="Diaspora focus group", held_on=YESTERDAY, groups=["diaspora"], summary="Held.")),
    ("workspace.edit_consultation", "POST"): E("edit", form(
        P + "/consultations/{consultation}", title="Opening workshop", stage="agenda_setting",
        method="workshop", held_on=YESTERDAY, groups=["government", "diaspora"],
        summary="Held, with the diaspora.")),
    ("workspace.add_input", "POST"): E("edit", form(
        P + "/consultations/{consultation}/inputs", source="Chamber of commerce",
        text="Simplify permits.")),
    ("workspace.record_consultation", "POST"): E("edit", form(
        P + "/consultations/{consultation}/record", invited_institutions="Caritas\nUNHCR",
        invited_groups=["civil_society"], group_civil_society="12", sex_female="7",
        sex_male="5", report="Twelve came.")),
    ("workspace.upload_report_file", "POST"): E("edit", Request(
        P + "/consultations/{consultation}/report-file", upload=lambda w: w.small_docx)),
    ("workspace.download_report_file", "GET"): E("view", get(
        P + "/consultations/{consultation}/report-file", "report_file")),
    ("workspace.remove_report_file", "POST"): E("edit", form(
        P + "/consultations/{consultation}/report-file/remove", "report_file")),
    ("workspace.public_consultations", "GET"): E("view", get(P + "/public-consultations",
                                                             "public_consultation")),
    ("workspace.publish_consultation", "POST"): E("manage", form(
        P + "/public-consultations", title="Draft for comment", section_ids=["{section}"],
        opens_on=YESTERDAY, closes_on=(date.today() + timedelta(days=9)).isoformat())),
    ("workspace.public_consultation", "GET"): E("view", get(
        P + "/public-consultations/{public_consultation}", "submission")),
    ("workspace.moderate_submission", "POST"): E("edit", form(
        P + "/public-consultations/{public_consultation}/submissions/{submission}",
        decision="accept")),
    ("api.list_public_consultations", "GET"): E("view", get(
        API + P + "/public-consultations", "public_consultation")),
    ("api.publish_consultation", "POST"): E("manage", body(
        API + P + "/public-consultations", title="Draft for comment",
        section_ids=[ref("section")], opens_on=YESTERDAY,
        closes_on=(date.today() + timedelta(days=9)).isoformat())),
    # the public pages: anyone, signed in or not
    ("public.consult", "GET"): E("public", get(lambda w: f"/consult/{w.public_consultation.slug}")),
    ("public.submit", "POST"): E("public", form(
        lambda w: f"/consult/{w.public_consultation.slug}", name="", website="",
        organisation="Chamber of commerce", stakeholder_group="private_sector",
        section_id="{section}", text="More apprenticeships, please.")),
    ("public.thanks", "GET"): E("public", get(
        lambda w: f"/consult/{w.public_consultation.slug}/thanks")),
    ("public.table_docx", "GET"): E("public", get(
        lambda w: f"/consult/{w.closed_consultation.slug}/you-said-we-did.docx")),
    ("workspace.dispose_input", "POST"): E("edit", form(
        P + "/consultations/{consultation}/inputs/{input}", disposition="accepted",
        reason="Taken up in the issues paper.", section_id="")),
    ("api.list_consultations", "GET"): E("view", get(API + P + "/consultations", "input")),
    ("api.create_consultation", "POST"): E("edit", body(
        API + P + "/consultations", stage="agenda_setting", method="focus_group",
        title="Diaspora focus group", held_on=YESTERDAY, groups=["diaspora"])),
    ("api.get_consultation", "GET"): E("view", get(API + "/consultations/{consultation}")),
    ("api.update_consultation", "PATCH"): E("edit", body(API + "/consultations/{consultation}",
                                                         title="Opening workshop")),
    ("api.upload_report_file", "POST"): E("edit", Request(
        API + "/consultations/{consultation}/report-file", upload=lambda w: w.small_docx)),
    ("api.download_report_file", "GET"): E("view", get(
        API + "/consultations/{consultation}/report-file", "report_file")),
    ("api.remove_report_file", "DELETE"): E("edit", Request(
        API + "/consultations/{consultation}/report-file", touch=("report_file",))),
    ("api.add_input", "POST"): E("edit", body(API + "/consultations/{consultation}/inputs",
                                              source="Chamber of commerce",
                                              text="Simplify permits.")),
    ("api.set_disposition", "PATCH"): E("edit", body(API + "/inputs/{input}",
                                                     disposition="partly", reason="In part.")),
    # -------------------------------------------------------------- deliverables
    ("workspace.deliverables", "GET"): E("view", get(P + "/deliverables", "deliverable")),
    ("workspace.create_deliverable", "POST"): E("edit", form(
        P + "/deliverables", stage="agenda_setting", kind="mandate", title="Mandate",
        owner_email="", due_on="")),
    ("workspace.deliverable_status", "POST"): E("edit", form(
        P + "/deliverables/{deliverable}/status", status="submitted")),
    ("workspace.edit_deliverable", "POST"): E("edit", form(
        P + "/deliverables/{deliverable}", title="Issues paper, second draft",
        owner_email="core@example.org", due_on="2031-01-31")),
    ("api.list_deliverables", "GET"): E("view", get(API + P + "/deliverables", "deliverable")),
    ("api.create_deliverable", "POST"): E("edit", body(API + P + "/deliverables",
                                                       stage="agenda_setting", kind="mandate")),
    ("api.get_deliverable", "GET"): E("view", get(API + "/deliverables/{deliverable}")),
    ("api.update_deliverable", "PATCH"): E("edit", body(API + "/deliverables/{deliverable}",
                                                        status="submitted")),
    ("workspace.upload_deliverable_version", "POST"): E("edit", Request(
        P + "/deliverables/{deliverable}/versions", form={"note": "First draft"},
        upload=lambda w: w.small_docx)),
    ("workspace.link_deliverable_version", "POST"): E("edit", form(
        P + "/deliverables/{deliverable}/links", links=lambda w: f"section:{w.section.id}")),
    ("workspace.decide_deliverable_version", "POST"): E("manage", form(
        P + "/deliverables/{deliverable}/versions/{version}/decision", decision="accept",
        note="Accepted as discussed.")),
    ("workspace.download_file", "GET"): E("view", get(P + "/files/{stored_file}")),
    ("api.upload_deliverable_file", "POST"): E("edit", Request(
        API + "/deliverables/{deliverable}/files", upload=lambda w: w.small_docx)),
    ("api.link_deliverable_version", "POST"): E("edit", body(
        API + "/deliverables/{deliverable}/versions",
        links=[{"kind": "section", "id": ref("section")}])),
    ("api.decide_deliverable_version", "POST"): E("manage", body(
        API + "/deliverable-versions/{version}/decision", decision="accept")),
    ("api.download_file", "GET"): E("view", get(API + "/files/{stored_file}")),
    # -------------------------------------------------------------- meetings
    ("workspace.meetings", "GET"): E("view", get(P + "/meetings", "meeting")),
    ("workspace.new_meeting", "GET"): E("edit", get(P + "/meetings/new")),
    ("workspace.create_meeting", "POST"): E("edit", form(
        P + "/meetings", title="Core group meeting", held_on=YESTERDAY, rows="1",
        **{"ap-0-title": "Write the minutes", "ap-0-status": "open"})),
    ("workspace.meeting", "GET"): E("view", get(P + "/meetings/{meeting}")),
    ("workspace.edit_meeting", "GET"): E("edit", get(P + "/meetings/{meeting}/edit")),
    ("workspace.update_meeting", "POST"): E("edit", form(
        P + "/meetings/{meeting}", title="Core group meeting, second", held_on=YESTERDAY)),
    # The core member owns the action point: a lead or core change either way.
    ("workspace.action_point_status", "POST"): E("edit", form(
        P + "/meetings/{meeting}/action-points/{action_point}", status="done")),
    ("workspace.meeting_minutes", "GET"): E("view", get(P + "/meetings/{meeting}/minutes.docx")),
    ("api.list_meetings", "GET"): E("view", get(API + P + "/meetings", "meeting")),
    ("api.create_meeting", "POST"): E("edit", body(
        API + P + "/meetings", title="Core group meeting", held_on=YESTERDAY,
        attendance=[{"email": "core@example.org", "status": "present"}],
        action_points=[{"title": "Send the tables", "owner_email": "core@example.org"}])),
    ("api.get_meeting", "GET"): E("view", get(API + "/meetings/{meeting}")),
    ("api.update_meeting", "PATCH"): E("edit", body(API + "/meetings/{meeting}",
                                                    minutes="We met and agreed.")),
    ("api.update_action_point", "PATCH"): E("edit", body(API + "/action-points/{action_point}",
                                                         status="done")),
    ("api.meeting_minutes", "GET"): E("view", get(API + "/meetings/{meeting}/minutes")),
    # -------------------------------------------------------------- the document
    ("document.outline", "GET"): E("view", get(P + "/document", "section", "deleted_section")),
    ("document.add_section", "POST"): E("edit", form(P + "/document/sections",
                                                     title="Annex: data tables", parent_id="")),
    ("document.move", "POST"): E("edit", form("/sections/{section}/move", direction="down")),
    ("document.delete", "POST"): E("edit", form("/sections/{section}/delete", confirm="yes")),
    ("document.confirm_delete", "GET"): E("edit", get("/sections/{section}/delete")),
    ("document.restore", "POST"): E("edit", form("/sections/{deleted_section}/restore")),
    ("document.process_presence", "GET"): E("view", get(P + "/presence", accept_json=True)),
    ("document.export", "GET"): E("view", get(P + "/export?format=md", "section")),
    ("document.compare", "GET"): E("view", get(P + "/document/compare", "section")),
    ("document.read", "GET"): E("view", get(P + "/document/read", "section", "expert_comment")),
    ("document.section", "GET"): E("view", get("/sections/{section}", "expert_comment",
                                               "core_resolved", "suggestion",
                                               "edit_suggestion")),
    ("document.save", "POST"): E("edit", form(
        "/sections/{section}", base_revision="2",
        body="The first paragraph.\n\nThe second paragraph, revised again.\n")),
    ("document.resolve_conflict", "POST"): E("edit", form(
        "/sections/{section}/resolve", base_revision="2", theirs_revision="2", conflicts="0",
        yours="The first paragraph.\n\nThe second paragraph, reconciled.\n")),
    ("document.settings", "POST"): E("edit", form("/sections/{section}/settings",
                                                  title="Issues and context", status="in_review")),
    ("document.team_add", "POST"): E("edit", form("/sections/{section}/team",
                                                  user_id="{expert}")),
    ("document.team_remove", "POST"): E("edit", form("/sections/{team_section}/team/{core}/remove")),
    ("document.section_presence", "GET"): E("view", get("/sections/{section}/presence",
                                                        accept_json=True)),
    ("document.section_presence", "POST"): E("edit", Request(
        "/sections/{section}/presence", json={}, accept_json=True)),
    ("document.revisions", "GET"): E("view", get("/sections/{section}/revisions")),
    ("document.revision", "GET"): E("view", get("/sections/{section}/revisions/1")),
    ("document.restore_revision", "POST"): E("edit", form("/sections/{section}/revisions/1/restore")),
    ("api.outline", "GET"): E("view", get(API + P + "/sections")),
    ("api.create_section", "POST"): E("edit", body(API + P + "/sections",
                                                   title="Annex: data tables", body="Tables.")),
    ("api.get_section", "GET"): E("view", get(API + "/sections/{section}")),
    ("api.update_section", "PATCH"): E("edit", body(API + "/sections/{section}",
                                                    status="in_review")),
    ("api.save_section", "PUT"): E("edit", body(
        API + "/sections/{section}", base_revision=2,
        body="The first paragraph.\n\nThe second paragraph, revised again.\n")),
    ("api.delete_section", "DELETE"): E("edit", Request(API + "/sections/{section}")),
    ("api.restore_section", "POST"): E("edit", Request(API + "/sections/{deleted_section}/restore")),
    ("api.list_revisions", "GET"): E("view", get(API + "/sections/{section}/revisions")),
    ("api.get_revision", "GET"): E("view", get(API + "/sections/{section}/revisions/1")),
    ("api.export", "GET"): E("view", get(API + P + "/export?format=md", "section")),
    # -------------------------------------------------------------- Word import
    ("word.upload_import", "POST"): E("comment", Request(P + "/imports", form={},
                                                         upload=lambda w: w.exported_docx)),
    ("word.import_report", "GET"): E("view", get(P + "/imports/{word_import}")),
    ("api.create_import", "POST"): E("comment", Request(API + P + "/imports",
                                                        upload=lambda w: w.exported_docx)),
    # -------------------------------------------------------------- glossary
    ("word.glossary", "GET"): E("view", get(P + "/glossary", "glossary_term")),
    ("word.add_term", "POST"): E("edit", form(P + "/glossary", term="IOM",
                                              expansion="International Organization for "
                                                        "Migration")),
    ("word.delete_term", "POST"): E("edit", form(P + "/glossary/{glossary_term}/delete")),
    ("api.list_glossary", "GET"): E("view", get(API + P + "/glossary", "glossary_term")),
    ("api.add_glossary_term", "POST"): E("edit", body(API + P + "/glossary", term="IOM",
                                                      expansion="International Organization "
                                                                "for Migration")),
    ("api.delete_glossary_term", "DELETE"): E("edit", Request(
        API + P + "/glossary/{glossary_term}")),
    ("api.update_process", "PATCH"): E("manage", body(API + P, language="fr")),
    ("api.get_translation", "GET"): E("view", get(API + "/sections/{section}/translations/fr")),
    ("api.save_translation", "PUT"): E("edit", body(
        API + "/sections/{section}/translations/fr", base_revision=0,
        body="Le premier paragraphe.\n")),
    ("document.translation", "GET"): E("view", get("/sections/{section}/translations/fr")),
    ("document.save_translation", "POST"): E("edit", form(
        "/sections/{section}/translations/fr", base_revision="0", title="Premier",
        body="Le premier paragraphe.\n")),
    ("workspace.process_settings", "POST"): E("manage", form(P + "/settings",
                                                              language="fr")),
    # -------------------------------------------------------------- comments
    ("document.add_comment", "POST"): E("comment", form(
        "/sections/{section}/comments", body="Cite the census.", quote="The first paragraph.")),
    ("document.reply", "POST"): E("comment", form("/comments/{core_comment}/replies",
                                                  body="Agreed.")),
    ("document.resolve", "POST"): (
        E("resolve_own", form("/comments/{expert_comment}/resolve"), "own"),
        E("resolve_others", form("/comments/{core_comment}/resolve"), "others")),
    ("document.reopen", "POST"): (
        E("resolve_own", form("/comments/{expert_resolved}/reopen"), "own"),
        E("resolve_others", form("/comments/{core_resolved}/reopen"), "others")),
    ("document.accept", "POST"): E("edit", form("/comments/{suggestion}/accept")),
    ("document.decline", "POST"): E("edit", form("/comments/{suggestion}/decline",
                                                 reason="The old wording is clearer.")),
    ("document.propose", "POST"): E("comment", form("/sections/{section}/suggestions",
                                                    base_revision="2", body="A proposed text.")),
    ("document.accept_suggestion", "POST"): E("edit", form(
        "/suggestions/{edit_suggestion}/accept")),
    ("document.reject_suggestion", "POST"): E("edit", form(
        "/suggestions/{edit_suggestion}/reject")),
    ("api.propose", "POST"): E("comment", body(API + "/sections/{section}/suggestions",
                                                base_revision=2, body="A proposed text.\n")),
    ("api.list_suggestions", "GET"): E("view", get(API + "/sections/{section}/suggestions",
                                                   "edit_suggestion")),
    ("api.accept_suggestion", "POST"): E("edit", body(
        API + "/suggestions/{edit_suggestion}/accept")),
    ("api.reject_suggestion", "POST"): E("edit", body(
        API + "/suggestions/{edit_suggestion}/reject")),
    ("api.list_comments", "GET"): E("view", get(API + "/sections/{section}/comments",
                                                "expert_comment")),
    ("api.add_comment", "POST"): E("comment", body(API + "/sections/{section}/comments",
                                                   body="Cite the census.", blocking=True)),
    ("api.get_comment", "GET"): E("view", get(API + "/comments/{core_comment}")),
    ("api.reply", "POST"): E("comment", body(API + "/comments/{core_comment}/replies",
                                             body="Agreed.")),
    ("api.resolve", "POST"): (
        E("resolve_own", Request(API + "/comments/{expert_comment}/resolve"), "own"),
        E("resolve_others", Request(API + "/comments/{core_comment}/resolve"), "others")),
    ("api.reopen", "POST"): (
        E("resolve_own", Request(API + "/comments/{expert_resolved}/reopen"), "own"),
        E("resolve_others", Request(API + "/comments/{core_resolved}/reopen"), "others")),
    # -------------------------------------------------------------- the analysis
    ("analysis.index", "GET"): E("view", get(A, "source", "problem", "risk")),
    ("analysis.inventory_page", "GET"): E("view", get(A + "/inventory", "source")),
    ("analysis.create_source", "POST"): E("edit", form(
        A + "/inventory", source_type="household_survey", name="Labour force survey",
        custodian_id="", coverage_immigrant_stock="+/-", quality_accuracy_rating="4",
        stage="")),
    ("analysis.standard_sources", "POST"): E("edit", form(A + "/inventory/standard")),
    ("analysis.problem_page", "GET"): E("view", get(A + "/problem", "citation", "problem")),
    ("analysis.save_problem", "POST"): E("edit", form(
        A + "/problem", problem_statement="Irregular work.", rationale="It hurts.",
        vision="Decent work.")),
    ("analysis.add_swot", "POST"): E("edit", form(A + "/problem/swot", quadrant="strength",
                                                  text="Good census.")),
    ("analysis.edit_swot", "POST"): E("edit", form(A + "/problem/swot/{swot}",
                                                   quadrant="weakness", text="No register yet.")),
    ("analysis.delete_swot", "POST"): E("edit", form(A + "/problem/swot/{swot}/delete")),
    ("analysis.add_citation", "POST"): E("edit", form(
        A + "/problem/citations", claim="rationale", evidence="source:{source}", note="p. 4")),
    ("analysis.delete_citation", "POST"): E("edit", form(A + "/problem/citations/{citation}/delete")),
    ("analysis.comment_problem", "POST"): E("comment", form(A + "/problem/comments",
                                                            "problem", body="Cite the census.")),
    ("analysis.objectives_page", "GET"): E("view", get(A + "/objectives", "indicator")),
    ("analysis.create_objective", "POST"): E("edit", form(
        A + "/objectives", title="Protect migrant workers", parent_id="", description="",
        ndp_reference="Pillar 2", stage="")),
    ("analysis.create_indicator", "POST"): E("edit", form(
        A + "/objectives/{specific}/indicators", name="Inspections", unit="", baseline="10",
        baseline_year="2023", target="50", target_year="2030", data_source_id="")),
    ("analysis.edit_indicator", "POST"): E("edit", form(
        A + "/indicators/{indicator}", name="Registered contracts", unit="%", baseline="38",
        baseline_year="2022", target="75", target_year="2030", data_source_id="")),
    ("analysis.delete_indicator", "POST"): E("edit", form(A + "/indicators/{indicator}/delete")),
    ("analysis.options_page", "GET"): E("view", get(A + "/options", "chosen_option",
                                                    "criterion")),
    ("analysis.create_option", "POST"): E("edit", form(
        A + "/options", objective_id="{objective}", title="Status quo", costs="None",
        benefits="None", stage="")),
    ("analysis.choose_option", "POST"): E("edit", form(A + "/options/{option}/choose",
                                                       justification="Best value.")),
    ("analysis.unchoose_option", "POST"): E("edit", form(A + "/options/{chosen_option}/unchoose")),
    ("analysis.create_criterion", "POST"): E("edit", form(
        A + "/criteria", scope="options", name="Feasibility", weight="2", description="")),
    ("analysis.edit_criterion", "POST"): E("edit", form(
        A + "/criteria/{criterion}", name="Cost to the budget", weight="3", description="")),
    ("analysis.delete_criterion", "POST"): E("edit", form(A + "/criteria/{criterion}/delete")),
    ("analysis.save_scores", "POST"): E("edit", Request(
        A + "/scores/options", form={"score-{option}-{criterion}": "4"})),
    ("analysis.instruments_page", "GET"): E("view", get(A + "/instruments", "instrument")),
    ("analysis.create_instrument", "POST"): E("edit", form(
        A + "/instruments", family="financial", title="Start-up grants", option_id="",
        lead_institution_id=institution("observer"), description="", resources="",
        stage="")),
    ("analysis.actions_page", "GET"): E("view", get(A + "/actions", "measure")),
    ("analysis.set_currency", "POST"): E("edit", form(P + "/analysis/actions/currency",
                                                     currency="XOF")),
    ("analysis.create_measure", "POST"): E("edit", form(
        A + "/actions", title="Open a help desk", instrument_id="", objective_id="",
        responsible_id=institution("observer"), start_on="2027-01-01", end_on="2027-12-31",
        indicator_id="", output_indicator="Desk open", budget="1000", funding_source="",
        description="", stage="")),
    ("analysis.risks_page", "GET"): E("view", get(A + "/risks", "risk")),
    ("analysis.create_risk", "POST"): E("edit", form(
        A + "/risks", title="Staff leave", category="staff_turnover", likelihood="2",
        impact="3", mitigation="Hand-over notes", owner_user_id="", owner_institution_id="",
        status="open", description="", stage="")),
    ("analysis.responses", "GET"): E("view", get(P + "/responses", "input", "suggestion")),
    ("analysis.responses_csv", "GET"): E("view", get(P + "/responses.csv", "input")),
    ("analysis.table_csv", "GET"): E("view", get(A + "/tables/inventory.csv", "source")),
}

# -------------------------------------------------------------- the analysis, by the API
AP = API + P
EXPECTATIONS.update({
    ("api.list_data_sources", "GET"): E("view", get(AP + "/data-sources", "source")),
    ("api.create_data_source", "POST"): E("edit", body(
        AP + "/data-sources", source_type="household_survey", name="Labour force survey",
        coverage={"immigrant_stock": "+/-"}, quality={"accuracy": {"rating": 4}})),
    ("api.get_data_source", "GET"): E("view", get(API + "/data-sources/{source}")),
    ("api.update_data_source", "PATCH"): E("edit", body(API + "/data-sources/{source}",
                                                        gaps="No emigrants.")),
    ("api.delete_data_source", "DELETE"): E("edit", Request(API + "/data-sources/{source}")),
    ("api.get_problem", "GET"): E("view", get(AP + "/problem", "citation", "problem")),
    ("api.save_problem", "PUT"): E("edit", body(AP + "/problem", vision="Decent work.")),
    ("api.add_swot_item", "POST"): E("edit", body(AP + "/problem/swot", quadrant="threat",
                                                  text="Budget cuts.")),
    ("api.update_swot_item", "PATCH"): E("edit", body(API + "/swot/{swot}",
                                                      text="No population register.")),
    ("api.delete_swot_item", "DELETE"): E("edit", Request(API + "/swot/{swot}")),
    ("api.add_citation", "POST"): E("edit", body(AP + "/problem/citations", field="rationale",
                                                 data_source_id=ref("source"))),
    ("api.delete_citation", "DELETE"): E("edit", Request(API + "/citations/{citation}")),
    ("api.list_objectives", "GET"): E("view", get(AP + "/objectives", "indicator")),
    ("api.create_objective", "POST"): E("edit", body(AP + "/objectives",
                                                     title="Protect migrant workers")),
    ("api.get_objective", "GET"): E("view", get(API + "/objectives/{objective}")),
    ("api.update_objective", "PATCH"): E("edit", body(API + "/objectives/{objective}",
                                                      ndp_reference="Pillar 2")),
    ("api.delete_objective", "DELETE"): E("edit", Request(API + "/objectives/{specific}")),
    ("api.list_indicators", "GET"): E("view", get(API + "/objectives/{specific}/indicators",
                                                  "indicator")),
    ("api.create_indicator", "POST"): E("edit", body(
        API + "/objectives/{specific}/indicators", name="Inspections", baseline="10",
        baseline_year=2023, target="50", target_year=2030)),
    ("api.get_indicator", "GET"): E("view", get(API + "/indicators/{indicator}")),
    ("api.update_indicator", "PATCH"): E("edit", body(API + "/indicators/{indicator}",
                                                      target="75")),
    ("api.delete_indicator", "DELETE"): E("edit", Request(API + "/indicators/{indicator}")),
    ("api.list_criteria", "GET"): E("view", get(AP + "/criteria?scope=options", "criterion")),
    ("api.create_criterion", "POST"): E("edit", body(AP + "/criteria", scope="instruments",
                                                     name="Feasibility", weight=2)),
    ("api.update_criterion", "PATCH"): E("edit", body(API + "/criteria/{criterion}", weight=3)),
    ("api.delete_criterion", "DELETE"): E("edit", Request(API + "/criteria/{criterion}")),
    ("api.set_scores", "PUT"): E("edit", body(AP + "/scores/options", scores=lambda w: [
        {"option_id": w.option.id, "criterion_id": w.criterion.id, "score": 4}])),
    ("api.list_options", "GET"): E("view", get(AP + "/options", "chosen_option", "criterion")),
    ("api.create_option", "POST"): E("edit", body(AP + "/options", objective_id=ref("objective"),
                                                  title="Status quo", costs="None")),
    ("api.get_option", "GET"): E("view", get(API + "/options/{option}")),
    ("api.update_option", "PATCH"): E("edit", body(API + "/options/{option}",
                                                   benefits="Fewer queues.")),
    ("api.delete_option", "DELETE"): E("edit", Request(API + "/options/{option}")),
    ("api.choose_option", "POST"): E("edit", body(API + "/options/{option}/choose",
                                                  justification="Best value.")),
    ("api.unchoose_option", "POST"): E("edit", Request(API + "/options/{chosen_option}/unchoose")),
    ("api.list_instruments", "GET"): E("view", get(AP + "/instruments", "instrument")),
    ("api.create_instrument", "POST"): E("edit", body(
        AP + "/instruments", family="financial", title="Start-up grants",
        lead_institution_id=institution("observer", text=False))),
    ("api.get_instrument", "GET"): E("view", get(API + "/instruments/{instrument}")),
    ("api.update_instrument", "PATCH"): E("edit", body(API + "/instruments/{instrument}",
                                                       resources="Two lawyers.")),
    ("api.delete_instrument", "DELETE"): E("edit", Request(API + "/instruments/{instrument}")),
    ("api.list_actions", "GET"): E("view", get(AP + "/actions", "measure")),
    ("api.create_action", "POST"): E("edit", body(
        AP + "/actions", title="Open a help desk", start_on="2027-01-01", end_on="2027-12-31",
        budget="1000.00", responsible_id=institution("observer", text=False),
        output_indicator="Desk open")),
    ("api.action_budget", "GET"): E("view", get(AP + "/actions/budget", "measure")),
    ("api.set_action_currency", "PUT"): E("edit", body(AP + "/actions/currency", currency="XOF")),
    ("api.get_action", "GET"): E("view", get(API + "/actions/{measure}")),
    ("api.update_action", "PATCH"): E("edit", body(API + "/actions/{measure}",
                                                   funding_source="EU grant")),
    ("api.delete_action", "DELETE"): E("edit", Request(API + "/actions/{measure}")),
    ("api.list_risks", "GET"): E("view", get(AP + "/risks", "risk")),
    ("api.create_risk", "POST"): E("edit", body(AP + "/risks", title="Staff leave",
                                                category="staff_turnover", likelihood=2,
                                                impact=3)),
    ("api.get_risk", "GET"): E("view", get(API + "/risks/{risk}")),
    ("api.update_risk", "PATCH"): E("edit", body(API + "/risks/{risk}", status="mitigated")),
    ("api.delete_risk", "DELETE"): E("edit", Request(API + "/risks/{risk}")),
    ("api.list_responses", "GET"): E("view", get(AP + "/responses", "input", "suggestion")),
    ("api.list_analysis_comments", "GET"): E("view", get(
        AP + "/analysis-comments?item_type=risk&item_id={risk}")),
    ("api.add_analysis_comment", "POST"): E("comment", body(
        AP + "/analysis-comments", item_type="risk", item_id=ref("risk"), body="Which year?")),
    # -------------------------------------------------------------- monitoring
    ("api.report_progress", "POST"): E("report", body(
        API + "/actions/{implementing}/progress", period="2024", status="on_track",
        spent="100", note="On time.")),
    ("api.record_value", "POST"): E("edit", body(API + "/indicators/{indicator}/values",
                                                 "implementing", period="2024", value=40)),
    ("api.get_monitoring", "GET"): E("view", get(API + P + "/monitoring?period=2024",
                                                 "reported")),
    ("api.validate_period", "POST"): E("manage", body(API + P + "/monitoring/validations",
                                                      "reported", period="2024")),
    ("monitoring.page", "GET"): E("view", get(P + "/monitoring?period=2024", "reported")),
    ("monitoring.report_progress", "POST"): E("report", form(
        P + "/monitoring/measures/{implementing}/progress", period="2024", status="on_track",
        spent="", note="On time.")),
    ("monitoring.record_value", "POST"): E("edit", form(
        P + "/monitoring/indicators/{indicator}/values", "implementing", period="2024",
        value="40", note="")),
    ("monitoring.save_narrative", "POST"): E("edit", form(
        P + "/monitoring/narrative", "implementing", period="2024", narrative="A good year.")),
    ("monitoring.validate_period", "POST"): E("manage", form(P + "/monitoring/validate",
                                                             "reported", period="2024")),
    ("monitoring.accept_report", "POST"): E("manage", form(P + "/monitoring/accept",
                                                           "validated", period="2024")),
    ("monitoring.settings", "POST"): E("manage", form(P + "/monitoring/settings",
                                                      "implementing", frequency="quarterly",
                                                      starts_on="")),
    ("monitoring.chart", "GET"): E("view", get(
        P + "/monitoring/indicators/{indicator}/chart.svg?period=2024", "implementing")),
    ("monitoring.report", "GET"): E("view", get(P + "/monitoring/report?period=2024",
                                                "validated")),
    ("api.get_monitoring_report", "GET"): E("view", get(
        API + P + "/monitoring-report?period=2024&format=docx", "validated")),
})

#: The analysis records with a page of their own: URL segment -> (world object, edit form).
SEGMENTS: dict[str, tuple[str, dict[str, Value]]] = {
    "inventory": ("source", {"source_type": "population_census", "name": "Census 2021 (final)",
                             "custodian_id": institution("core"), "stage": ""}),
    "objectives": ("specific", {"title": "Halve irregular work", "parent_id": "{objective}",
                                "description": "", "ndp_reference": "", "stage": ""}),
    "options": ("option", {"objective_id": "{objective}", "title": "One-stop shop for permits",
                           "costs": "Some", "benefits": "Many", "stage": ""}),
    "instruments": ("instrument", {"family": "regulatory", "title": "Labour code",
                                   "option_id": "", "lead_institution_id": institution("core"),
                                   "description": "", "resources": "", "stage": ""}),
    "actions": ("measure", {"title": "Train labour inspectors", "instrument_id": "",
                            "objective_id": "", "responsible_id": institution("core"),
                            "indicator_id": "", "output_indicator": "Inspectors trained",
                            "budget": "", "funding_source": "", "description": "",
                            "stage": ""}),
    "risks": ("risk", {"title": "Early elections", "category": "elections", "likelihood": "3",
                       "impact": "4", "mitigation": "Start early", "owner_user_id": "",
                       "owner_institution_id": "", "status": "open", "description": "",
                       "stage": ""}),
}
for _segment, (_name, _fields) in SEGMENTS.items():
    _item = f"{A}/{_segment}/{{{_name}}}"
    for _key, _expectation in {
        ("analysis.item", "GET"): E("view", get(_item), _segment),
        ("analysis.update_item", "POST"): E("edit", Request(_item, form=_fields), _segment),
        ("analysis.delete_item", "POST"): E("edit", form(_item + "/delete"), _segment),
        ("analysis.comment_item", "POST"): E("comment", form(_item + "/comments",
                                                             body="Which year?"), _segment),
    }.items():
        EXPECTATIONS[_key] = (*EXPECTATIONS.get(_key, ()), _expectation)  # type: ignore[misc]


# ------------------------------------------------------------------ running one request


def cases() -> list[Any]:
    params = []
    for (endpoint, method), entry in sorted(EXPECTATIONS.items()):
        for expectation in entry if isinstance(entry, tuple) else (entry,):
            for actor in ACTORS:
                name = "-".join(filter(None, (endpoint, method, expectation.variant, actor)))
                params.append(pytest.param(endpoint, method, expectation, actor, id=name))
    return params


class _Sessions:
    """The module's app opens its request sessions from the running test's factory."""

    factory: Any = None

    def __call__(self) -> Any:
        return self.factory()

    @property
    def kw(self) -> dict[str, Any]:
        return self.factory.kw


@pytest.fixture(scope="module")
def shared_app(tmp_path_factory):
    """One app for the whole matrix: a new one per test would also recompile every template."""
    from webapp import create_app

    sessions = _Sessions()
    made = create_app({"TESTING": True, "SESSION_FACTORY": sessions,
                       "SECRET_KEY": "test-secret-key", "DATABASE_URL": "sqlite://",
                       "MAIL_DIR": str(tmp_path_factory.mktemp("mail")),
                       # One app serves every test of the module: no rate limit in the way.
                       "PASSWORD_RESET_RATE_LIMIT": "100000 per hour",
                       "PUBLIC_INPUT_RATE_LIMIT": "100000 per hour",
                       "LOGIN_RATE_LIMIT": "100000 per hour"})
    return made, sessions


@pytest.fixture
def app(shared_app, session_factory):
    made, sessions = shared_app
    sessions.factory = session_factory
    yield made
    sessions.factory = None


@pytest.fixture(scope="module")
def matrix_connection(db_engine):
    """The module's connection: its transaction holds the shared base, rolled back at the end."""
    connection = db_engine.connect()
    outer = connection.begin()
    yield connection
    if outer.is_active:
        outer.rollback()
    connection.close()


@pytest.fixture(scope="module")
def base(matrix_connection, catalog) -> Base:
    session = Session(bind=matrix_connection, expire_on_commit=False,
                      join_transaction_mode="create_savepoint")
    made = build_base(session, catalog)
    session.commit()  # releases the session's savepoint: the rows stay in the module's transaction
    session.close()
    return made


@pytest.fixture
def db_connection(matrix_connection, base):
    """Overrides tests.fixtures: each test runs in a savepoint of the module's transaction
    (building the base per test would take half of the module's time)."""
    savepoint = matrix_connection.begin_nested()
    yield matrix_connection
    if savepoint.is_active:
        savepoint.rollback()


@pytest.fixture
def world(db_session, base, app) -> World:
    from webapp.mail import mail_directory

    made = World(db_session, base)
    made.mail_dir = mail_directory(app)
    return made


def sign_in(app, client, user) -> str:
    """Put the user (None: nobody) and a CSRF secret into the client's session; return
    the form token (signing in through /login would hash a password per test)."""
    with app.test_request_context():
        token = generate_csrf()
        secret = flask_session["csrf_token"]
    with client.session_transaction() as session:
        session["csrf_token"] = secret
        if user is not None:
            session["_user_id"] = f"{user.id}.{user.session_epoch}"
            session["_fresh"] = True
    return token


def _text_values(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v if isinstance(v, list) else str(v) for k, v in fields.items()}


# -------------------------------------------------------------- after the decision
EV = "/evaluations/{evaluation}/criteria/impact"
EXPECTATIONS.update({
    ("evaluation.adoption", "GET"): E("view", get(P + "/adoption", "adoption_record")),
    ("evaluation.record_adoption", "POST"): E("manage", form(
        P + "/adoption", "adopted", body="Parliament", act_type="law",
        act_reference="Law 7/2026", adopted_on="2026-05-02", published_in="")),
    ("evaluation.adopted_text_file", "GET"): E("view", get(P + "/adoption/file",
                                                            "adoption_record")),
    ("evaluation.evaluations", "GET"): E("view", get(P + "/evaluations", "recommendation")),
    ("evaluation.create_evaluation", "POST"): E("edit", form(
        P + "/evaluations", "evaluated", kind="mid_term", title="", evaluator="",
        completed_on="")),
    ("evaluation.update_criterion", "POST"): E("edit", form(
        P + EV, findings="Fewer **irregular** workers.", rating="satisfactory")),
    ("evaluation.add_evidence", "POST"): E("edit", form(
        P + EV + "/evidence", "deliverable", item="deliverable:{deliverable}", note="")),
    ("evaluation.add_recommendation", "POST"): E("edit", form(
        P + EV + "/recommendations", text="Extend the hotline.")),
    ("evaluation.decide_recommendation", "POST"): E("manage", form(
        P + "/recommendations/{recommendation}/decision", decision="accepted",
        reason="Agreed.")),
    ("evaluation.start_revision", "POST"): E("manage", form(P + "/revision", "evaluated",
                                                             title="Revised policy")),
    ("evaluation.portfolio", "GET"): E("signed_in", get("/portfolio")),
    ("evaluation.portfolio_csv", "GET"): E("signed_in", get("/portfolio.csv")),
    ("api.get_adoption", "GET"): E("view", get(API + P + "/adoption", "adoption_record")),
    ("api.record_adoption", "POST"): E("manage", body(
        API + P + "/adoption", "adopted", body="Parliament", act_type="law",
        act_reference="Law 7/2026", adopted_on="2026-05-02")),
    ("api.adopted_text_file", "GET"): E("view", get(API + P + "/adoption/file",
                                                     "adoption_record")),
    ("api.list_evaluations", "GET"): E("view", get(API + P + "/evaluations", "evaluation")),
    ("api.create_evaluation", "POST"): E("edit", body(API + P + "/evaluations", "evaluated",
                                                      kind="final")),
    ("api.get_evaluation", "GET"): E("view", get(API + "/evaluations/{evaluation}")),
    ("api.update_evaluation_criterion", "PATCH"): E("edit", body(API + EV,
                                                                 rating="satisfactory")),
    ("api.add_evaluation_evidence", "POST"): E("edit", body(
        API + EV + "/evidence", "deliverable", deliverable_id=ref("deliverable"))),
    ("api.add_recommendation", "POST"): E("edit", body(API + EV + "/recommendations",
                                                       text="Extend the hotline.")),
    ("api.decide_recommendation", "POST"): E("manage", body(
        API + "/recommendations/{recommendation}/decision", decision="rejected",
        reason="Already funded.")),
    ("api.start_revision", "POST"): E("manage", body(API + P + "/revision", "evaluated")),
    ("api.get_cycle", "GET"): E("view", get(API + P + "/cycle")),
    ("api.portfolio", "GET"): E("signed_in", get(API + "/portfolio")),
})


def send(app, client, world: World, endpoint: str, method: str, expectation: Expectation,
         actor: str):
    user = world.users.get(actor)
    world.me, world.actor = user, actor
    request = expectation.request
    for name in request.touch:
        getattr(world, name)
    url = resolve(request.url, world)
    headers: dict[str, str] = {}
    kwargs: dict[str, Any] = {}
    if request.json is not None:
        kwargs["json"] = resolve(request.json, world)
    if request.upload is not None:
        import io

        kwargs["data"] = {"file": (io.BytesIO(resolve(request.upload, world)), "edited.docx")}
    if endpoint.startswith("api."):
        if user is not None:
            headers["Authorization"] = f"Bearer {world.token(user)[1]}"
    else:
        token = sign_in(app, client, user)
        if request.form is not None:
            kwargs["data"] = {**kwargs.get("data", {}),
                              **_text_values(resolve(request.form, world)), "csrf_token": token}
        elif method != "GET":
            headers["X-CSRFToken"] = token
        if request.accept_json:
            headers["Accept"] = "application/json"
    path = url.split("?")[0]
    routed, _ = app.url_map.bind("localhost").match(path, method=method)
    assert routed == endpoint, f"{method} {url} reaches {routed}, not {endpoint}"
    return client.open(url, method=method, headers=headers, **kwargs)


def declared_status(endpoint: str) -> int:
    """The success status the API route declares (200, 201)."""
    from webapp.api.registry import ROUTES

    return next(r.status for r in ROUTES if r.endpoint == endpoint)


CODES = {401: "unauthorized", 403: "forbidden", 404: "not_found"}


@pytest.mark.parametrize(("endpoint", "method", "expectation", "actor"), cases())
def test_route(app, client, world, endpoint, method, expectation, actor) -> None:
    response = send(app, client, world, endpoint, method, expectation, actor)
    status = response.status_code
    answers_json = endpoint.startswith("api.") or expectation.request.accept_json
    said = response.get_data()[:300].decode("utf-8", "replace")  # files are bytes
    refused = refusal(expectation.access, actor)
    if refused is None:
        if endpoint.startswith("api."):
            assert status == declared_status(endpoint), said
            return
        if method == "GET" and not expectation.quiet:
            assert status == 200, said
        assert status < 400, said
        if method != "GET" and 300 <= status < 400:
            with client.session_transaction() as session:
                notices = [(kind, str(text)) for kind, text in session.get("_flashes", [])]
            assert not [n for n in notices if n[0] == "error"], notices
            if not expectation.quiet:
                assert [n for n in notices if n[0] == "success"], notices
        return
    if refused == 401 and not answers_json:
        assert status == 302, said
        assert response.headers["Location"].startswith("/login"), response.headers["Location"]
        return
    assert status == refused, said
    if answers_json:
        assert response.get_json()["error"]["code"] == CODES[refused]


def test_every_route_has_an_expectation(app) -> None:
    routes = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert sorted(routes - set(EXPECTATIONS)) == [], "routes without an expectation"
    assert sorted(set(EXPECTATIONS) - routes) == [], "expectations of routes that are gone"
