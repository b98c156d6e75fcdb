"""The demo data: three processes in the states the demo promises, a real history, loaded once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from engine.db import Base
from engine.demo import (
    DEMO_PASSWORD,
    border_data,
    immigration_strategy,
    labour_migration,
    load_demo,
    migration_policy,
)
from engine.gates import evaluate_gate
from engine.models import (
    AuditEvent,
    AuditHead,
    Comment,
    ConsultationInput,
    Deliverable,
    MeasureProgress,
    Membership,
    Process,
    Section,
    TransitionRecord,
    User,
)
from engine.services import assessments, audit, consultations, members
from engine.services.analysis import (
    actions,
    instruments,
    inventory,
    objectives,
    options,
    problem,
    risks,
)
from engine.services.monitoring import overview
from engine.services.monitoring_report import monitoring_report
from engine.services.users import authenticate, by_email
from engine.text.anchors import locate


def _process(session, title: str) -> Process:
    return session.scalars(select(Process).where(Process.title == title)).one()


def _site_seq(session) -> int:
    head = session.get(AuditHead, audit.chain_for(None))
    return head.seq if head else 0


def _assert_site_events_chain(session, after_seq: int) -> None:
    """The accounts and institutions the demo made are chained events of the site chain.

    (Only the demo's own events are checked: other tests may leave the shared
    site chain in any state.)
    """
    events = session.scalars(select(AuditEvent).where(
        AuditEvent.chain == audit.chain_for(None), AuditEvent.seq > after_seq
    ).order_by(AuditEvent.seq)).all()
    assert len(events) > 20
    for previous, event in zip(events, events[1:], strict=False):
        assert event.seq == previous.seq + 1
        assert event.prev_hash == previous.hash
        assert event.at >= previous.at
    for event in events:
        assert event.hash == audit.digest_of(event)


def _row_counts(session) -> dict[str, int]:
    return {
        table.name: session.scalar(select(func.count()).select_from(table))
        for table in Base.metadata.sorted_tables
    }


def test_demo_loads_three_processes_with_a_real_history_once(db_session, catalog):
    site_seq_before = _site_seq(db_session)
    result = load_demo(db_session, catalog)
    assert result.created is True
    today = datetime.now(UTC).date()

    # --- people: every role, everyone signs in with the demo password
    emails = [email for _role, email, _name in result.logins]
    assert {"admin@demo.policycycle.org", "lead@demo.policycycle.org",
            "core@demo.policycycle.org", "expert@demo.policycycle.org",
            "observer@demo.policycycle.org"} <= set(emails)
    admin = db_session.scalars(select(User).where(User.email == emails[0])).one()
    assert admin.is_admin
    lead = authenticate(db_session, "lead@demo.policycycle.org", DEMO_PASSWORD)
    assert lead is not None
    assert not lead.is_admin
    roles = set(db_session.scalars(select(Membership.role).where(Membership.ended_at.is_(None))))
    assert roles == {"lead", "core", "expert", "observer", "steering"}

    # --- A: part-way through policy analysis, its checklist both green and red
    a = _process(db_session, migration_policy.TITLE)
    assert a.state == "policy_analysis"
    assert a.lead.user_id == lead.id
    assert a.stage_record("agenda_setting").completed_at is not None
    assert a.stage_record("policy_analysis").target_date > today  # planned from today
    checks = evaluate_gate(db_session, a)
    assert any(c.ok for c in checks)
    assert any(not c.ok for c in checks)
    by_kind = {c.kind: c.ok for c in checks}
    assert by_kind["consultations_held"]
    assert by_kind["min_institutions"]
    assert not by_kind["no_blocking_comments"]
    assert not by_kind["deliverables_accepted"]
    # its structured analysis: well advanced, one specific objective still without a baseline
    assert by_kind["inventory_covers"]
    assert by_kind["options_appraised"]
    assert not by_kind["indicators_have_baselines"]
    sources = inventory.list_sources(db_session, a)
    assert len(sources) == 8
    assert {s.source_type for s in sources} >= {"population_census", "population_register",
                                                "register_of_nationals_abroad"}
    assert all(s.custodian is not None and s.quality for s in sources)
    assert sum(len(items) for items in problem.list_swot(db_session, a).values()) == 12
    assert problem.get_problem(db_session, a).vision
    general = objectives.general_objectives(db_session, a)
    assert len(general) == 2
    assert len(objectives.specific_objectives(db_session, a)) == 4
    assert len(objectives.list_indicators(db_session, a)) >= 4
    for group in options.appraisal(db_session, a):
        if group.objective.parent_id is None:
            assert group.appraised_count >= 2
            assert group.chosen is not None
            assert group.chosen.justification
    assert instruments.list_instruments(db_session, a)
    assert all(i.lead_institution is not None for i in instruments.list_instruments(db_session, a))
    measures = actions.list_measures(db_session, a)
    assert len(measures) >= 5
    assert all(m.responsible is not None and m.has_indicator and m.budget for m in measures)
    assert actions.budget_totals(db_session, a).total > 0
    assert risks.list_risks(db_session, a)
    institutions = {m.institution.path[0].name for m in a.active_memberships if m.role == "core"}
    assert {"Ministry of Home Affairs", "Ministry of Foreign Affairs", "Law Commission",
            "Ministry of Justice and Constitutional Affairs", "Ministry of Labour",
            "National Statistical Office"} <= institutions

    items = db_session.scalars(select(Deliverable).where(Deliverable.process_id == a.id,
                                                         Deliverable.stage_key == "policy_analysis"))
    statuses = {d.kind: d for d in items}
    assert {d.status for d in statuses.values()} == {"accepted", "submitted", "draft"}
    assert any(d.status != "accepted" and d.due_on < today for d in statuses.values())  # overdue
    vision = statuses["vision"]
    assert vision.owner_id == lead.id
    assert today <= vision.due_on <= today + timedelta(days=14)

    analysis = consultations.list_consultations(db_session, a, "policy_analysis")
    assert {c.method for c in analysis} == {"survey", "focus_group", "interest_group_meeting"}
    assert all(len(c.inputs) >= 3 for c in analysis)
    decided = [i for c in analysis for i in c.inputs if i.disposition]
    assert {i.disposition for i in decided} == {"accepted", "partly", "rejected"}
    assert any(i.section_id for i in decided)
    assert consultations.pending_inputs(db_session, a)

    sections = {s.key: s for s in db_session.scalars(
        select(Section).where(Section.process_id == a.id))}
    for key in ("issues", "drivers", "public_problem", "mandate"):
        assert sections[key].status == "agreed"
    assert {sections[k].status for k in ("situation_analysis", "swot", "data_sources",
                                         "data_gaps")} == {"in_review", "drafting"}
    data_sources = sections["data_sources"]
    assert data_sources.revision >= 3
    assert "|---|" in data_sources.body
    assert "[^ess]:" in data_sources.body
    authors = {r.author_id for r in data_sources.revisions}
    assert len(authors) >= 2

    threads = db_session.scalars(select(Comment).where(Comment.process_id == a.id,
                                                       Comment.parent_id.is_(None))).all()
    assert any(c.blocking and c.status == "open" for c in threads)
    assert any(c.status == "resolved" and c.replies for c in threads)
    suggestion = next(c for c in threads if c.suggestion_status == "pending")
    assert locate(suggestion.quote, suggestion.section.body) is not None

    # --- B: at validation, some sign-offs given, the public hearing still to come
    b = _process(db_session, immigration_strategy.TITLE)
    assert b.state == "validation"
    assert b.lead.user_id == lead.id
    signed = members.signoffs(db_session, b)
    core_institutions = {m.institution_id for m in b.active_memberships
                         if m.role in ("lead", "core")}
    assert 0 < len(signed) < len(core_institutions)
    held = consultations.list_consultations(db_session, b, "validation")
    assert any(c.method == "round_table" and c.held_on < today for c in held)
    assert any(c.method == "public_hearing" and c.held_on > today for c in held)
    b_sections = db_session.scalars(select(Section).where(Section.process_id == b.id)).all()
    agreed = [s for s in b_sections if s.status == "agreed"]
    assert len(agreed) > len(b_sections) / 2
    fired = db_session.scalars(select(TransitionRecord.trigger).where(
        TransitionRecord.process_id == b.id)).all()
    assert "suspend" in fired
    assert "resume" in fired
    # the public consultation on the draft: closed, moderated, every accepted input decided
    from engine.models import PublicConsultation, PublicSubmission
    from engine.services import public_consultations

    public = db_session.scalars(select(PublicConsultation).where(
        PublicConsultation.process_id == b.id)).one()
    assert public.closes_on < today
    page = public_consultations.public_page(db_session, public.slug, today)
    assert page.phase == "closed"
    assert len(page.sections) == 4
    assert len(page.table) >= 5
    assert all(row.disposition and row.reason for row in page.table)
    assert {row.disposition for row in page.table} == {"accepted", "partly", "rejected"}
    statuses = db_session.scalars(select(PublicSubmission.status).where(
        PublicSubmission.public_consultation_id == public.id)).all()
    assert set(statuses) == {"accepted", "rejected"}
    assert not any("Cheap flights" in row.text for row in page.table)
    round_table = next(c for c in held if c.method == "round_table")
    assert sum(round_table.participants_by_group.values()) == 34
    assert sum(round_table.participants_by_sex.values()) == 34
    assert round_table.invited_institutions and round_table.report
    # validation waits for the decision on the round table's last input, and names it
    waiting = {c.kind: c for c in evaluate_gate(db_session, b)}["inputs_decided"]
    assert not waiting.ok
    assert "Global Migration Partnership" in waiting.message
    # every gate was met: the analysis is filled in, nothing was overridden
    records = db_session.scalars(select(TransitionRecord).where(
        TransitionRecord.process_id == b.id)).all()
    assert all(r.override_reason is None and not r.failing_checks for r in records)
    assert not [e for e in audit.history(db_session, b) if "overrid" in e.summary.lower()]
    assert inventory.coverage_summary(inventory.list_sources(db_session, b)).uncovered == []
    assert all(o.indicators and o.indicators[0].has_baseline
               for o in objectives.specific_objectives(db_session, b))
    assert {o.title[:2] for o in options.chosen_options(db_session, b)} >= {"B."}
    assert len(instruments.list_instruments(db_session, b)) == 11
    assert len(actions.list_measures(db_session, b)) == 6
    assert {r.status for r in risks.list_risks(db_session, b)} >= {"open", "closed", "mitigated"}

    # --- C: the technical-assistance request before the steering group
    c = _process(db_session, border_data.TITLE)
    assert c.state == "steering_group"
    assert c.workflow.key == "technical-assistance"
    accepted = set(db_session.scalars(select(Deliverable.kind).where(
        Deliverable.process_id == c.id, Deliverable.status == "accepted")))
    assert {"request", "action_sheet"} <= accepted
    assert lead.id in {m.user_id for m in c.active_memberships}
    steering = [m for m in c.active_memberships if m.role == "steering"]
    assert [m.institution.kind for m in steering] == ["donor"]
    assert assessments.missing_criteria(db_session, c) == ["sustainability"]
    assert c.supports is not None and c.supports.title == migration_policy.TITLE
    assert [p.id for p in assessments.supporting(db_session, a)] == [c.id]

    # --- E: adopted last year, in implementation, two reporting periods
    e = _process(db_session, labour_migration.TITLE)
    assert e.state == "implementation"
    view = overview.read(db_session, e)
    assert len(view.periods) >= 2
    last, current = view.periods[0], view.periods[1]
    assert last.period.year == e.stage_record("adopted").started_at.year
    assert last.validated and last.report_status == "accepted"
    assert {r.status for r in db_session.scalars(select(MeasureProgress).where(
        MeasureProgress.process_id == e.id, MeasureProgress.period == last.period.key))} <= {
        "on_track", "completed"}
    assert not current.validated and current.missing == 0
    assert view.selected.period.key == current.period.key
    assert len(view.delayed) == 2 and all(r.progress.note for r in view.delayed)
    kinds = {f.kind for f in view.flags}
    assert {"indicator_off_track", "measure_overdue"} <= kinds
    assert view.budget.unfunded > 0 and view.budget.spent > 0
    assert view.narrative
    report = monitoring_report(db_session, None, e.id, period=last.period.key)
    assert report.content[:2] == b"PK"

    # --- the history is real: every chain verifies, spread over past months, in order
    for process in (a, b, c, e):
        assert audit.verify(db_session, process.id) == []
        events = audit.history(db_session, process)
        times = [e.at for e in events]
        assert times == sorted(times)
        assert times[-1] < datetime.now(UTC)
    _assert_site_events_chain(db_session, site_seq_before)
    first_b = audit.history(db_session, b)[0].at.date()
    assert first_b < today - timedelta(days=300)

    # --- loading again creates nothing and still tells the logins
    before = _row_counts(db_session)
    again = load_demo(db_session, catalog)
    assert again.created is False
    assert again.logins == result.logins
    assert _row_counts(db_session) == before


def test_demo_is_not_loaded_over_existing_demo_accounts(db_session, catalog, make_user):
    make_user("Someone", email="admin@demo.policycycle.org", admin=True)
    events = db_session.scalar(select(func.count(AuditEvent.id)))
    result = load_demo(db_session, catalog)
    assert result.created is False
    assert result.logins
    assert db_session.scalar(select(func.count(Process.id))) == 0
    assert db_session.scalar(select(func.count(AuditEvent.id))) == events
    assert db_session.scalar(select(func.count(ConsultationInput.id))) == 0


def test_a_french_speaking_core_member_works_on_both_national_processes(db_session, catalog):
    load_demo(db_session, catalog)
    member = by_email(db_session, "aminata.sow@demo.policycycle.org")
    assert (member.language, member.timezone) == ("fr", "Europe/Paris")
    for title in (immigration_strategy.TITLE, migration_policy.TITLE):
        roles = {m.role for m in _process(db_session, title).active_memberships
                 if m.user_id == member.id}
        assert roles == {"core"}, title
