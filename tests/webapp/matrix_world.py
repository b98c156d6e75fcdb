"""The world of the permission matrix: one process, its four roles, outsiders, and one of
every object a route needs, built through the engine services.

The people, their institutions, the process and its memberships (``build_base``)
are made once per test module, in a transaction rolled back at its end; each test
runs in a savepoint of it, rolled back after the test. Every other object is a
cached property of the test's ``World``, built in the test's ``db_session`` the
first time a request asks for it (a test touches one route, so it builds only what
that route needs).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.catalog import Catalog
from engine.models import Institution, Membership, Process, User
from engine.security import hash_password
from engine.services import consultations as consultation_service
from engine.services import deliverables as deliverable_service
from engine.services import institutions as institution_service
from engine.services import members as member_service
from engine.services import users as user_service
from engine.services.document import comments as comment_service
from engine.services.document import sections as section_service
from engine.services.processes import start_process
from tests.fixtures import PASSWORD

ROLES = ("lead", "core", "expert", "observer")
ACTORS = ("admin", *ROLES, "outsider", "anonymous")

_HASH: dict[str, str] = {}


def password_hash() -> str:
    """One scrypt hash of PASSWORD for every account (hashing per user would cost ~0.1 s each)."""
    if not _HASH:
        _HASH["value"] = hash_password(PASSWORD)
    return _HASH["value"]


@dataclass(frozen=True)
class Base:
    """Ids of what every test shares: the people, their institutions, the process."""

    users: dict[str, int]
    institutions: dict[str, int]
    process: int


def build_base(session: Session, catalog: Catalog) -> Base:
    """A process in agenda setting with a lead, a core member, an expert and an observer,
    each for their own institution; an administrator and a signed-in non-member."""
    users = {name: _new_user(session, name, admin=name == "admin")
             for name in ("admin", *ROLES, "outsider")}
    institutions = {role: _new_institution(session, f"Ministry of the {role.title()}")
                    for role in ROLES}
    process = start_process(
        session, users["lead"], catalog, title="National migration policy",
        workflow="national-policy", country="Ruritania",
        requesting_institution_id=institutions["lead"].id)
    for role in ROLES[1:]:
        member_service.add_member(session, users["lead"], process, email=users[role].email,
                                  institution_id=institutions[role].id, role=role)
    session.flush()
    return Base({k: u.id for k, u in users.items()},
                {k: i.id for k, i in institutions.items()}, process.id)


def _new_user(session: Session, name: str, *, admin: bool = False) -> User:
    user = user_service.create_user(session, None, email=f"{name}@example.org",
                                    name=f"{name.title()} Person", is_admin=admin,
                                    may_start_processes=name == "lead")
    user.password_hash = password_hash()
    return user


def _new_institution(session: Session, name: str, kind: str = "ministry") -> Institution:
    return institution_service.create_institution(session, None, name=name, kind=kind,
                                                  country="Ruritania")


class World:
    """The shared process seen from one test's session, plus whatever the test's route
    needs, built on first use."""

    def __init__(self, session: Session, base: Base) -> None:
        self.session = session
        found = {u.id: u for u in session.scalars(
            select(User).where(User.id.in_(base.users.values())))}
        self.users: dict[str, User] = {k: found[v] for k, v in base.users.items()}
        places = {i.id: i for i in session.scalars(
            select(Institution).where(Institution.id.in_(base.institutions.values())))}
        self.institutions: dict[str, Institution] = {
            k: places[v] for k, v in base.institutions.items()}
        process = session.get(Process, base.process)
        assert process is not None
        self.process: Process = process
        #: The actor of the request being built (None: anonymous) and its name.
        self.me: User | None = None
        #: Where the app writes .eml files (set by the test from the app's MAIL_DIR).
        self.mail_dir: Path = Path("instance") / "mail"
        self.actor = "anonymous"
        self._tokens: dict[int, tuple[int, str]] = {}

    # ---------------------------------------------------------------- building blocks

    def _user(self, name: str) -> User:
        return _new_user(self.session, name)

    def _institution(self, name: str, kind: str = "ministry") -> Institution:
        return _new_institution(self.session, name, kind)

    def _join(self, user: User, institution: Institution, role: str) -> Membership:
        return member_service.add_member(self.session, self.lead, self.process, email=user.email,
                                         institution_id=institution.id, role=role)

    def _flushed(self, value: Any) -> Any:
        self.session.flush()
        return value

    @property
    def lead(self) -> User:
        return self.users["lead"]

    @property
    def core(self) -> User:
        return self.users["core"]

    @property
    def expert(self) -> User:
        return self.users["expert"]

    @property
    def my_institution(self) -> Institution:
        """The institution the acting person represents (the lead's for non-members)."""
        return self.institutions.get(self.actor, self.institutions["lead"])

    def token(self, user: User) -> tuple[int, str]:
        """(id, raw value) of an API token of the user, made once."""
        if user.id not in self._tokens:
            token, raw = user_service.create_token(self.session, user, "matrix")
            self._tokens[user.id] = (token.id, raw)
            self.session.flush()
        return self._tokens[user.id]

    @property
    def my_token(self) -> Any:
        """The acting person's own token (an object with an id, for URL templates)."""
        return _Id(self.token(self.me or self.lead)[0])

    @cached_property
    def others_token(self) -> Any:
        """A token of someone who is none of the actors."""
        return _Id(self.token(self.bystander)[0])

    # ---------------------------------------------------------------- people

    @cached_property
    def queued_mail(self) -> Any:
        """A message waiting in the outbox (to queue again)."""
        from engine.services import outbox

        return self._flushed(outbox.queue_mail(self.session, self.bystander, "password_reset",
                                               {"link": "http://example.org/r", "hours": 1}))

    @cached_property
    def reset_token(self) -> Any:
        """The raw token of the bystander's password reset link."""
        raw: list[str] = []
        user_service.request_password_reset(self.session, self.bystander.email,
                                            lambda token: raw.append(token) or token)
        self.session.flush()
        return _Id(raw[0])  # type: ignore[arg-type]

    @cached_property
    def invitation_token(self) -> Any:
        """The raw token of an invitation of a new address into the process (from its mail)."""
        import re

        from engine.models import OutgoingMail
        from engine.services import invitations

        invitations.invite(self.session, self.lead, self.process, email="visitor@example.org",
                           role="expert", institution_id=self.institutions["expert"].id)
        self.session.flush()
        mail = self.session.scalars(select(OutgoingMail).where(
            OutgoingMail.to_address == "visitor@example.org")).one()
        return _Id(re.search(r"/invitations/([\w-]+)", mail.text_body).group(1))  # type: ignore

    @cached_property
    def mail_file(self) -> Any:
        """An .eml file written by the embedded mail default (``mail_dir`` is set by the test)."""
        folder = self.mail_dir
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "20260101-000000-000000-1.eml").write_text("Subject: Test\n\nHello\n")
        return _Id("20260101-000000-000000-1.eml")  # type: ignore[arg-type]

    @cached_property
    def bystander(self) -> User:
        return self._flushed(self._user("bystander"))

    @cached_property
    def candidate(self) -> User:
        """An account that is not in the process yet (to be added)."""
        return self._flushed(self._user("candidate"))

    @cached_property
    def spare(self) -> Membership:
        """An active core membership besides the actors' (to end, or to hand the lead to)."""
        return self._flushed(self._join(self._user("spare"), self.institutions["core"], "core"))

    @cached_property
    def ended(self) -> Membership:
        membership = self._join(self._user("former"), self.institutions["expert"], "expert")
        member_service.end_membership(self.session, self.lead, self.process, membership.id,
                                      "Moved to another post")
        return self._flushed(membership)

    @cached_property
    def unused_institution(self) -> Institution:
        """An institution nobody refers to (deletable)."""
        return self._flushed(self._institution("Office of Nothing Yet", kind="agency"))

    # ---------------------------------------------------------------- the document

    @cached_property
    def exported_docx(self) -> bytes:
        """The process's Word export, as this site (the test app's secret) marks it."""
        from engine.export.markers import site_marker
        from engine.services.exports import export_process

        self.section  # noqa: B018 - a section with text
        return export_process(self.session, None, self.process.id,
                              site=site_marker("test-secret-key")).content

    @cached_property
    def word_import(self) -> Any:
        from engine.export.markers import site_marker
        from engine.services.imports import import_docx

        return import_docx(self.session, self.lead, self.process, self.exported_docx,
                           site=site_marker("test-secret-key")).record

    @cached_property
    def glossary_term(self) -> Any:
        from engine.services import glossary

        return glossary.add_term(self.session, self.lead, self.process, term="NSO",
                                 expansion="National Statistical Office")

    @cached_property
    def section(self) -> Any:
        """The first section of the outline, with two revisions."""
        first = section_service.outline(self.session, self.process)[0].section
        section_service.save_body(self.session, self.lead, first, base_revision=0,
                                  body="The first paragraph.\n\nThe second paragraph.\n")
        section_service.save_body(self.session, self.core, first, base_revision=1,
                                  body="The first paragraph.\n\nThe second paragraph, revised.\n")
        return self._flushed(first)

    @cached_property
    def team_section(self) -> Any:
        """The section with the core member in its drafting team."""
        section_service.assign_member(self.session, self.lead, self.section, self.core.id)
        return self._flushed(self.section)

    @cached_property
    def deleted_section(self) -> Any:
        section = section_service.create_section(self.session, self.lead, self.process,
                                                 title="Annex to drop")
        section_service.delete_section(self.session, self.lead, section)
        return self._flushed(section)

    def _comment(self, author: User, body: str, *, resolved: bool = False, **kw: Any) -> Any:
        comment = comment_service.add_comment(self.session, author, self.section, body=body, **kw)
        if resolved:
            comment_service.resolve(self.session, author, comment)
        return self._flushed(comment)

    @cached_property
    def expert_comment(self) -> Any:
        return self._comment(self.expert, "The expert's remark.")

    @cached_property
    def core_comment(self) -> Any:
        return self._comment(self.core, "The core member's remark.")

    @cached_property
    def expert_resolved(self) -> Any:
        return self._comment(self.expert, "The expert's settled remark.", resolved=True)

    @cached_property
    def core_resolved(self) -> Any:
        return self._comment(self.core, "The core member's settled remark.", resolved=True)

    @cached_property
    def suggestion(self) -> Any:
        return self._comment(self.expert, "Say it plainly.", quote="The first paragraph.",
                             suggestion="The opening paragraph.")

    @cached_property
    def edit_suggestion(self) -> Any:
        """A suggested edit of the section by the expert, with one change."""
        from engine.services import track_changes

        return self._flushed(track_changes.propose(
            self.session, self.expert, self.section, base_revision=self.section.revision,
            body=self.section.body + "\nA suggested closing sentence.\n"))

    # ---------------------------------------------------------------- the workspace

    @cached_property
    def consultation(self) -> Any:
        return self._flushed(consultation_service.create_consultation(
            self.session, self.lead, self.process, stage="agenda_setting", method="workshop",
            title="Kick-off workshop", held_on=(date.today() - timedelta(days=2)).isoformat(),
            groups=["government", "civil_society"], summary="Held."))

    @cached_property
    def report_file(self) -> Any:
        """The consultation's report, attached as a file."""
        return self._flushed(consultation_service.attach_report_file(
            self.session, self.lead, self.consultation, data=self.small_docx,
            filename="Workshop report.docx"))

    @cached_property
    def input(self) -> Any:
        return self._flushed(consultation_service.add_input(
            self.session, self.lead, self.consultation, source="Diaspora association",
            text="Count the diaspora too."))

    def _publish(self, title: str, opens: int, closes: int) -> Any:
        from engine.services import public_consultations

        today = date.today()
        return self._flushed(public_consultations.publish(
            self.session, self.lead, self.process, title=title, section_ids=[self.section.id],
            opens_on=today + timedelta(days=opens), closes_on=today + timedelta(days=closes)))

    @cached_property
    def public_consultation(self) -> Any:
        """Open today, on the first section."""
        return self._publish("Draft strategy for the public", -1, 10)

    @cached_property
    def closed_consultation(self) -> Any:
        return self._publish("Earlier draft for the public", -20, -1)

    @cached_property
    def submission(self) -> Any:
        from engine.services import public_consultations

        return self._flushed(public_consultations.submit(
            self.session, self.public_consultation.slug, today=date.today(),
            organisation="Chamber of commerce", group="private_sector",
            section_id=self.section.id, text="More apprenticeships."))

    @cached_property
    def deliverable(self) -> Any:
        return self._flushed(deliverable_service.create_deliverable(
            self.session, self.lead, self.process, stage="agenda_setting", kind="issues_paper",
            title="Issues paper"))

    @cached_property
    def small_docx(self) -> bytes:
        import io

        from docx import Document

        document = Document()
        document.add_paragraph("Issues paper of the Republic of Veloria")
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()

    @cached_property
    def version(self) -> Any:
        """A version of the deliverable, uploaded as a file, waiting for the lead."""
        return self._flushed(deliverable_service.add_version(
            self.session, self.core, self.deliverable, data=self.small_docx,
            filename="Issues paper.docx"))

    @cached_property
    def meeting(self) -> Any:
        from engine.services import meetings

        return self._flushed(meetings.create_meeting(
            self.session, self.lead, self.process, title="Core group meeting",
            held_on=(date.today() - timedelta(days=1)).isoformat(), minutes="We met.",
            attendance=[{"email": self.core.email, "status": "present"}],
            decisions=[{"text": "Meet monthly."}],
            action_points=[{"title": "Send the tables", "owner_email": self.core.email}]))

    @cached_property
    def action_point(self) -> Any:
        return self.meeting.action_points[0]

    @cached_property
    def stored_file(self) -> Any:
        return self.version.file

    # ---------------------------------------------------------------- the analysis

    @cached_property
    def source(self) -> Any:
        from engine.services.analysis import inventory

        return self._flushed(inventory.create_source(
            self.session, self.lead, self.process, source_type="population_census",
            name="Census 2021", custodian_id=self.institutions["core"].id,
            coverage={"immigrant_stock": "+"}))

    @cached_property
    def problem(self) -> Any:
        from engine.services.analysis import problem

        return self._flushed(problem.save_problem(
            self.session, self.lead, self.process, problem_statement="Too little data.",
            rationale="Decisions need it.", vision="Every flow counted."))

    @cached_property
    def swot(self) -> Any:
        from engine.services.analysis import problem

        return self._flushed(problem.add_swot_item(self.session, self.lead, self.process,
                                                   quadrant="weakness", text="No register."))

    @cached_property
    def citation(self) -> Any:
        from engine.services.analysis import problem

        return self._flushed(problem.add_citation(
            self.session, self.lead, self.process, claim=f"swot:{self.swot.id}",
            data_source_id=self.source.id, note="Table 4"))

    @cached_property
    def objective(self) -> Any:
        """A general objective (it has the option; it gets the specific objective)."""
        from engine.services.analysis import objectives

        return self._flushed(objectives.create_objective(
            self.session, self.lead, self.process, title="Manage labour migration"))

    @cached_property
    def specific(self) -> Any:
        """A specific objective under the general one, without children (deletable)."""
        from engine.services.analysis import objectives

        return self._flushed(objectives.create_objective(
            self.session, self.lead, self.process, title="Reduce irregular work",
            parent_id=self.objective.id))

    @cached_property
    def indicator(self) -> Any:
        from engine.services.analysis import objectives

        return self._flushed(objectives.create_indicator(
            self.session, self.lead, self.specific, name="Registered contracts", unit="%",
            baseline="38", baseline_year=2022, target="70", target_year=2030))

    @cached_property
    def option(self) -> Any:
        from engine.services.analysis import options

        return self._flushed(options.create_option(
            self.session, self.lead, self.process, objective_id=self.objective.id,
            title="One-stop shop", costs="Some", benefits="Many"))

    @cached_property
    def chosen_option(self) -> Any:
        from engine.services.analysis import options

        options.choose_option(self.session, self.lead, self.option, justification="Best")
        return self._flushed(self.option)

    @cached_property
    def criterion(self) -> Any:
        from engine.services.analysis import criteria

        return self._flushed(criteria.create_criterion(
            self.session, self.lead, self.process, scope="options", name="Cost", weight=2))

    @cached_property
    def instrument(self) -> Any:
        from engine.services.analysis import instruments

        return self._flushed(instruments.create_instrument(
            self.session, self.lead, self.process, family="regulatory", title="Labour law",
            lead_institution_id=self.institutions["core"].id))

    @cached_property
    def measure(self) -> Any:
        from engine.services.analysis import actions

        return self._flushed(actions.create_measure(
            self.session, self.lead, self.process, title="Train inspectors",
            responsible_id=self.institutions["core"].id, output_indicator="Inspectors trained"))

    @cached_property
    def implementing(self) -> Any:
        """A measure of the core member's institution over 2024-2025 (yearly periods), with the
        process put in implementation. The state is set directly: walking every gate through
        the services is tests/engine/test_monitoring.py's work."""
        from engine.services.analysis import actions

        measure = actions.create_measure(
            self.session, self.lead, self.process, title="Open a one-stop shop",
            responsible_id=self.institutions["core"].id, start_on="2024-01-01",
            end_on="2025-12-31", indicator_id=self.indicator.id, budget="1000")
        self.process.state = "implementation"
        return self._flushed(measure)

    @cached_property
    def reported(self) -> Any:
        """2024 reported on by the core member (a member of the responsible institution)."""
        from engine.services.monitoring import progress

        return self._flushed(progress.report_progress(
            self.session, self.users["core"], self.implementing, period="2024",
            status="on_track", spent="100", note="On time."))

    @cached_property
    def validated(self) -> Any:
        """2024 validated by the lead: its monitoring report is submitted."""
        from engine.services.monitoring import progress

        assert self.reported is not None
        return self._flushed(progress.validate_period(self.session, self.lead, self.process,
                                                      period="2024"))

    @cached_property
    def risk(self) -> Any:
        from engine.services.analysis import risks

        return self._flushed(risks.create_risk(
            self.session, self.lead, self.process, title="Elections", category="elections",
            likelihood=3, impact=4, mitigation="Start early"))

    # ---------------------------------------------------------------- after the decision

    def _in_state(self, state: str) -> Process:
        self.process.state = state
        return self._flushed(self.process)

    @cached_property
    def adopted(self) -> Any:
        """The process, moved to ``adopted`` (its adoption not recorded yet)."""
        return self._in_state("adopted")

    @cached_property
    def adoption_record(self) -> Any:
        """The process, adopted and its adoption recorded (the text frozen)."""
        from engine.services import adoption

        self._in_state("adopted")
        adoption.record_adoption(self.session, self.lead, self.process, body="Parliament",
                                 act_type="law", act_reference="Law 7/2026",
                                 adopted_on="2026-05-02")
        return self._flushed(self.process)

    @cached_property
    def evaluated(self) -> Any:
        """The process, moved to ``evaluation``."""
        return self._in_state("evaluation")

    @cached_property
    def evaluation(self) -> Any:
        """A final evaluation of the process (in ``evaluation``)."""
        from engine.services import evaluations

        self._in_state("evaluation")
        return self._flushed(evaluations.create_evaluation(
            self.session, self.lead, self.process, kind="final", evaluator="Audit office"))

    @cached_property
    def recommendation(self) -> Any:
        """A recommendation awaiting the lead's decision."""
        from engine.services import evaluations

        return self._flushed(evaluations.add_recommendation(
            self.session, self.lead, self.evaluation, "impact", text="Extend the hotline."))


class _Id:
    """Something with an id (for URL templates naming a raw id)."""

    def __init__(self, value: int) -> None:
        self.id = value
