"""Shared pytest fixtures, loaded as a plugin (``-p tests.fixtures``).

Engine tests use ``db_session``: a session inside a transaction that is rolled
back after each test (commits become savepoints). Web tests use ``app``, whose
request sessions are bound to the same rolled-back connection.

The database is SQLite in a temporary folder, or the PostgreSQL database named
by POLICYCYCLE_TEST_DATABASE_URL (its tables are recreated at the start).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

import engine.composition  # noqa: F401 - the archive parts and export annexes
import engine.models  # noqa: F401
from engine.catalog import Catalog
from engine.db import Base, make_engine
from engine.models import Comment, Institution, Membership, Process, Section, User
from engine.workflows.condition_kinds import ANALYSIS_KINDS

PASSWORD = "correct horse battery"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session", autouse=True)
def _files_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Uploaded and generated files go to a temporary folder, never to instance/files."""
    folder = tmp_path_factory.mktemp("files")
    before = os.environ.get("POLICYCYCLE_FILES_DIR")
    os.environ["POLICYCYCLE_FILES_DIR"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("POLICYCYCLE_FILES_DIR", None)
    else:
        os.environ["POLICYCYCLE_FILES_DIR"] = before


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("POLICYCYCLE_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def is_postgres(database_url: str) -> bool:
    return database_url.startswith("postgresql")


@pytest.fixture(scope="session")
def db_engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def db_connection(db_engine: Engine) -> Iterator[Any]:
    connection = db_engine.connect()
    outer = connection.begin()
    yield connection
    if outer.is_active:
        outer.rollback()
    connection.close()


@pytest.fixture
def session_factory(db_connection: Any) -> sessionmaker[Session]:
    return sessionmaker(
        bind=db_connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )


@pytest.fixture
def db_session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    session = session_factory()
    yield session
    session.close()


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog(REPO / "workflows")


# ---------------------------------------------------------------- factories


@pytest.fixture
def make_user(db_session: Session) -> Callable[..., User]:
    from engine.services.users import create_user

    counter = iter(range(1, 10_000))

    def make(name: str | None = None, email: str | None = None, *, admin: bool = False,
             password: str = PASSWORD) -> User:
        n = next(counter)
        return create_user(
            db_session, None,
            email=email or f"person{n}@example.org",
            name=name or f"Person {n}",
            password=password,
            is_admin=admin,
        )

    return make


@pytest.fixture
def make_institution(db_session: Session) -> Callable[..., Institution]:
    from engine.services.institutions import create_institution

    counter = iter(range(1, 10_000))

    def make(name: str | None = None, kind: str = "ministry", parent: Institution | None = None,
             country: str = "Ruritania") -> Institution:
        return create_institution(
            db_session, None, name=name or f"Ministry {next(counter)}", kind=kind,
            parent_id=parent.id if parent else None, country=country,
        )

    return make


@pytest.fixture
def make_process(
    db_session: Session, catalog: Catalog, make_user: Callable[..., User],
    make_institution: Callable[..., Institution],
) -> Callable[..., Process]:
    from engine.services.processes import start_process

    def make(*, lead: User | None = None, workflow: str = "national-policy",
             institution: Institution | None = None, title: str = "National migration policy",
             start_date: date | None = None) -> Process:
        lead = lead or make_user("Lead Person")
        # Starting a process is a site-level permission that administrators grant.
        lead.may_start_processes = True
        institution = institution or make_institution()
        return start_process(
            db_session, lead, catalog, title=title, workflow=workflow, country="Ruritania",
            requesting_institution_id=institution.id, start_date=start_date,
        )

    return make


@pytest.fixture
def add_member(db_session: Session, make_user: Callable[..., User],
               make_institution: Callable[..., Institution]) -> Callable[..., Membership]:
    from engine.services.members import add_member as add

    def make(process: Process, role: str = "core", *, user: User | None = None,
             institution: Institution | None = None) -> Membership:
        user = user or make_user()
        institution = institution or make_institution()
        lead = process.lead
        assert lead is not None
        return add(db_session, lead.user, process, email=user.email,
                   institution_id=institution.id, role=role)

    return make


@pytest.fixture
def satisfy_gate(db_session: Session, add_member: Callable[..., Membership],
                 make_institution: Callable[..., Institution]) -> Callable[[Process], None]:
    """Meet every condition of the current stage's gate through the services."""
    from datetime import timedelta

    from engine.catalog import definition_of
    from engine.services import consultations, deliverables, members
    from engine.services.document import comments as comment_service
    from engine.services.document import sections
    from engine.services.processes import stage_views  # noqa: F401 - keeps import errors visible

    def satisfy(process: Process) -> None:
        definition = definition_of(process)
        stage = definition.stage(process.state)
        lead = process.lead
        assert lead is not None
        actor = lead.user
        from engine.gates import gate_conditions

        for condition in gate_conditions(definition, stage):
            params = condition.params
            if condition.kind == "min_members":
                roles = list(params.get("roles") or ["lead", "core"])
                role = "core" if "core" in roles else roles[0]
                while len({m.user_id for m in process.active_memberships if m.role in roles}) < params["min"]:
                    add_member(process, role)
            elif condition.kind == "min_institutions":
                while len({m.institution_id for m in process.active_memberships
                           if m.role in ("lead", "core")}) < params["min"]:
                    add_member(process, "core")
            elif condition.kind == "deliverables_accepted":
                kinds = params.get("kinds") or [d.kind for d in stage.deliverables]
                for kind in kinds:
                    item = deliverables.create_deliverable(
                        db_session, actor, process, stage=stage.key, kind=kind)
                    deliverables.update_deliverable(db_session, actor, item, status="submitted")
                    deliverables.update_deliverable(db_session, actor, item, status="accepted")
            elif condition.kind == "consultations_held":
                requirements = (
                    [(params.get("min", 1), params.get("methods") or [], params.get("groups") or [])]
                    if params else
                    [(r.min, list(r.methods), list(r.groups)) for r in stage.consultations]
                )
                for minimum, methods, groups in requirements:
                    for n in range(minimum):
                        consultations.create_consultation(
                            db_session, actor, process, stage=stage.key,
                            method=(methods or ["workshop"])[0], title=f"Consultation {n + 1}",
                            held_on=(date.today() - timedelta(days=1)).isoformat(),
                            groups=groups, summary="Held.")
            elif condition.kind == "meetings_held":
                from engine.services import meetings

                for n in range(int(params.get("min", 1))):
                    meetings.create_meeting(
                        db_session, actor, process, stage=stage.key,
                        title=f"Core-group meeting {n + 1}",
                        held_on=(date.today() - timedelta(days=1)).isoformat(),
                        minutes="Agreed the next steps.")
            elif condition.kind == "sections_agreed":
                keys = params.get("sections") or list(stage.section_keys)
                for section in db_session.scalars(
                    select(Section).where(Section.process_id == process.id,
                                          Section.key.in_(keys))
                ):
                    sections.update_section(db_session, actor, section, status="agreed")
            elif condition.kind == "no_blocking_comments":
                for comment in db_session.scalars(
                    select(Comment).where(Comment.process_id == process.id,
                                          Comment.blocking.is_(True), Comment.status == "open")
                ):
                    comment_service.resolve(db_session, actor, comment)
            elif condition.kind == "inputs_decided":
                for item in consultations.pending_inputs(db_session, process):
                    if item.consultation.stage_key == stage.key:
                        consultations.set_disposition(db_session, actor, item,
                                                      disposition="accepted", reason="Taken up.")
            elif condition.kind == "signoff":
                kinds = members.signatory_kinds(stage)
                for membership in list(process.active_memberships):
                    if membership.role not in ("lead", "core"):
                        continue
                    already = {s.institution_id for s in members.signoffs(db_session, process)
                               if s.valid}
                    if membership.institution.signatory(kinds).id not in already:
                        members.sign_off(db_session, membership.user, process,
                                         membership.institution_id)
            elif condition.kind == "lead_assigned":
                pass
            elif condition.kind == "assessment_complete":
                from engine.services import assessments
                from engine.vocabulary import ASSESSMENT_CRITERIA

                judge = next((m.user for m in process.active_memberships
                              if m.role == "steering"), None)
                if judge is None:
                    donor = make_institution(f"Partnership Fund {process.id}", kind="donor")
                    judge = add_member(process, "steering", institution=donor).user
                for criterion in assessments.missing_criteria(db_session, process):
                    assessments.assess(db_session, judge, process, criterion=criterion,
                                       rating=3, comment=f"{ASSESSMENT_CRITERIA[criterion]}: fine.")
            elif condition.kind in ("periods_reported", "final_report_accepted"):
                _satisfy_monitoring(db_session, actor, process, condition.kind, add_member)
            elif condition.kind in ANALYSIS_KINDS:
                _satisfy_analysis(db_session, actor, process, condition.kind, params,
                                  make_institution)
            else:  # a new condition kind must teach this helper how to meet it
                raise AssertionError(f"satisfy_gate does not know {condition.kind!r}")

    return satisfy


@pytest.fixture
def make_monitored(db_session: Session, make_process: Callable[..., Process],
                   make_institution: Callable[..., Institution],
                   add_member: Callable[..., Membership],
                   satisfy_gate: Callable[[Process], None]) -> Callable[..., dict[str, Any]]:
    """A national policy adopted with two measures over 2024-2025 and one indicator.

    ``implementation=True`` starts the implementation and adds a member of each
    responsible institution (``labour_member``, ``interior_member``).
    """
    from engine.services import transitions
    from engine.services.analysis import actions, objectives

    def make(*, implementation: bool = True) -> dict[str, Any]:
        process = make_process()
        lead = process.lead.user
        made: dict[str, Any] = {"process": process, "lead": lead}

        def plan() -> None:
            general = objectives.create_objective(db_session, lead, process,
                                                  title="Orderly migration")
            specific = objectives.create_objective(db_session, lead, process,
                                                   title="Faster work permits",
                                                   parent_id=general.id)
            indicator = objectives.create_indicator(
                db_session, lead, specific, name="Permits issued within 30 days (%)",
                baseline="10", baseline_year=2024, target="20", target_year=2030)
            labour = make_institution("Ministry of Labour")
            interior = make_institution("Ministry of the Interior")
            made.update(labour=labour, interior=interior, indicator=indicator,
                        objective=specific)
            made["one_stop"] = actions.create_measure(
                db_session, lead, process, title="Open a one-stop shop",
                objective_id=specific.id, responsible_id=labour.id, start_on="2024-01-01",
                end_on="2025-12-31", indicator_id=indicator.id, budget="100000",
                funding_source="State budget")
            made["portal"] = actions.create_measure(
                db_session, lead, process, title="Online permit portal",
                objective_id=specific.id, responsible_id=interior.id, start_on="2024-03-01",
                end_on="2025-06-30", indicator_id=indicator.id, budget="50000")

        while process.state != "adopted":
            if process.state == "policy_instruments" and "one_stop" not in made:
                plan()
            satisfy_gate(process)
            transitions.fire(db_session, lead, process, "advance", note="Stage complete")
        if implementation:
            transitions.fire(db_session, lead, process, "advance", note="Implementation starts")
            made["labour_member"] = add_member(process, "core", institution=made["labour"]).user
            made["interior_member"] = add_member(process, "expert",
                                                 institution=made["interior"]).user
        return made

    return make


#: The dates a gate-satisfying measure gets: a plan that has already run its course, so
#: that a walk through implementation can report and close every one of its periods.
PLAN_STARTS, PLAN_ENDS = "2024-01-01", "2025-12-31"


def _satisfy_analysis(session: Session, actor: User, process: Process, kind: str,
                      params: Any, make_institution: Callable[..., Institution]) -> None:
    """Meet one structured-analysis condition through the analysis services."""
    from engine.services.analysis import (
        actions,
        criteria,
        instruments,
        inventory,
        objectives,
        options,
    )

    if kind == "inventory_covers":
        dimensions = list(params.get("dimensions") or
                          ("immigration_flow", "emigration_flow", "immigrant_stock",
                           "emigrant_stock"))
        inventory.create_source(session, actor, process, source_type="population_register",
                                custodian_id=make_institution().id,
                                coverage={d: "+" for d in dimensions})
    elif kind == "indicators_have_baselines":
        specific = objectives.specific_objectives(session, process)
        if not specific:
            general = objectives.create_objective(session, actor, process, title="General goal")
            specific = [objectives.create_objective(session, actor, process,
                                                    title="Specific goal", parent_id=general.id)]
        for objective in specific:
            if not any(i.has_baseline for i in objective.indicators):
                objectives.create_indicator(session, actor, objective, name="Indicator",
                                            baseline="10", baseline_year=2024, target="20",
                                            target_year=2030)
    elif kind == "options_appraised":
        minimum = int(params.get("min", 2))
        level = params.get("level", "general")
        targets = [o for o in objectives.list_objectives(session, process) if o.level == level]
        if not targets:
            general = objectives.create_objective(session, actor, process, title="General goal")
            targets = [general] if level == "general" else [objectives.create_objective(
                session, actor, process, title="Specific goal", parent_id=general.id)]
        option_criteria = criteria.list_criteria(session, process, "options")
        for objective in targets:
            made = []
            appraised = sum(1 for o in objective.options
                            if options.is_appraised(o, option_criteria))
            for n in range(max(0, minimum - appraised)):
                made.append(options.create_option(
                    session, actor, process, objective_id=objective.id, title=f"Option {n + 1}",
                    costs="Some", benefits="Many"))
            criteria.set_scores(session, actor, process, "options", [
                {"option_id": o.id, "criterion_id": c.id, "score": 3}
                for o in made for c in option_criteria])
            if not any(o.chosen for o in objective.options):
                options.choose_option(session, actor, objective.options[0], justification="Best")
    elif kind == "instruments_have_lead":
        found = instruments.list_instruments(session, process)
        if not found:
            instruments.create_instrument(session, actor, process, family="regulatory",
                                          title="A law", lead_institution_id=make_institution().id)
        for instrument in found:
            if instrument.lead_institution_id is None:
                instruments.update_instrument(session, actor, instrument,
                                              lead_institution_id=make_institution().id)
    elif kind == "actions_complete":
        found = actions.list_measures(session, process)
        if not found:
            actions.create_measure(session, actor, process, title="A measure",
                                   responsible_id=make_institution().id,
                                   output_indicator="Done", start_on=PLAN_STARTS,
                                   end_on=PLAN_ENDS, budget="10000")
        for measure in found:
            changes: dict[str, Any] = {}
            if measure.responsible_id is None:
                changes["responsible_id"] = make_institution().id
            if not measure.has_indicator:
                changes["output_indicator"] = "Done"
            if measure.start_on is None:
                changes["start_on"] = PLAN_STARTS
            if measure.end_on is None:
                changes["end_on"] = PLAN_ENDS
            if measure.budget is None and not measure.no_cost:
                changes["no_cost"] = True
            if changes:
                actions.update_measure(session, actor, measure, **changes)


def _satisfy_monitoring(session: Session, actor: User, process: Process, kind: str,
                        add_member: Callable[..., Membership]) -> None:
    """Report, validate (and for the final report, accept) the periods the gate needs."""
    from engine.services.analysis import actions
    from engine.services.monitoring import overview, progress

    view = overview.read(session, process)
    wanted = [s for s in view.periods if s.period.is_past(view.today) and not s.validated]
    if kind == "final_report_accepted" and view.periods:
        final = view.periods[-1]
        if not final.validated and final not in wanted:
            wanted.append(final)
    measures = actions.list_measures(session, process)
    for state in wanted:
        for measure in progress.due_in(state.period, measures,
                                       progress.progress_rows(session, process)).missing:
            reporter = next((m.user for m in process.active_memberships
                             if m.institution_id == measure.responsible_id
                             and m.role != "observer"), None)
            if reporter is None:
                if measure.responsible_id is None:
                    reporter = actor
                else:
                    institution = session.get(Institution, measure.responsible_id)
                    reporter = add_member(process, "core", institution=institution).user
            progress.report_progress(session, reporter, measure, period=state.period.key,
                                     status="on_track", spent="0", note="As planned.")
        progress.validate_period(session, actor, process, period=state.period.key)
    if kind == "final_report_accepted" and view.periods:
        progress.accept_report(session, actor, process, period=view.periods[-1].period.key)


# ---------------------------------------------------------------- mail


class SmtpServer:
    """A real SMTP server (aiosmtpd) on a free local port; ``messages`` holds what arrived."""

    def __init__(self) -> None:
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.host = "127.0.0.1"
        self.messages: list[Any] = []
        self._controller: Any = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self._controller = Controller(self, hostname=self.host, port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def config(self) -> dict[str, Any]:
        return {"MAIL_SERVER": self.host, "MAIL_PORT": self.port, "MAIL_USE_TLS": False,
                "MAIL_USE_SSL": False, "MAIL_DEFAULT_SENDER": "policycycle <no-reply@example.org>"}


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """An in-process SMTP server; ``smtp_server.stop()`` / ``start()`` take it down and up."""
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def stored_files(tmp_path: Any) -> Iterator[Any]:
    """A file store of the test's own (adopted texts, uploads), never the instance's."""
    from engine.storage import LocalFileStore, use_store

    store = LocalFileStore(tmp_path / "files")
    use_store(store)
    yield store
    use_store(None)
