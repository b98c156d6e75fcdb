"""Notifications made from the changes they are about: who hears what, once."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from engine.models import Notification, User
from engine.services import deliverables, notifications, transitions
from engine.services.document import comments, sections, suggestions


def inbox_of(db_session, user: User) -> list[Notification]:
    db_session.flush()
    return list(db_session.scalars(select(Notification).where(Notification.user_id == user.id)
                                   .order_by(Notification.id)))


def kinds(db_session, user: User) -> list[str]:
    return [n.kind for n in inbox_of(db_session, user)]


def test_a_mention_reaches_the_member_named_and_nobody_else(db_session, make_process, add_member,
                                                            make_user):
    process = make_process()
    lead = process.lead.user
    amina = add_member(process, "expert", user=make_user("Amina Diallo")).user
    amin = add_member(process, "expert", user=make_user("Amin")).user
    section = sections.create_section(db_session, lead, process, title="Vision", body="Text")
    comments.add_comment(db_session, lead, section, body="@Amina Diallo, please check.")
    assert kinds(db_session, amina) == ["mention"]
    assert kinds(db_session, amin) == []  # "@Amin" is only the start of another name
    [mention] = inbox_of(db_session, amina)
    assert mention.params["actor"] == lead.name and mention.params["section"] == "Vision"


def test_a_suggestion_reaches_the_sections_team_and_its_decision_the_author(
        db_session, make_process, add_member):
    process = make_process()
    lead = process.lead.user
    drafter = add_member(process, "core").user
    expert = add_member(process, "expert").user
    section = sections.create_section(db_session, lead, process, title="Vision",
                                      body="Migration is managed.")
    sections.assign_member(db_session, lead, section, drafter.id)
    proposal = comments.add_comment(db_session, expert, section, body="Clearer",
                                    quote="managed", suggestion="well managed")
    assert kinds(db_session, drafter) == ["suggestion"]
    suggestions.decline_suggestion(db_session, drafter, proposal, "Not now")
    [decided] = [n for n in inbox_of(db_session, expert) if n.kind == "suggestion_decided"]
    assert decided.params["accepted"] is False


def test_deliverable_returned_and_transitions_are_told(db_session, make_process, add_member,
                                                       satisfy_gate):
    process = make_process()
    lead = process.lead.user
    owner = add_member(process, "core").user
    observer = add_member(process, "observer").user
    item = deliverables.create_deliverable(db_session, lead, process, stage=process.state,
                                           kind="issues_paper", owner_email=owner.email)
    deliverables.update_deliverable(db_session, owner, item, status="submitted")
    deliverables.update_deliverable(db_session, lead, item, status="returned")
    assert "deliverable_returned" in kinds(db_session, owner)
    satisfy_gate(process)
    assert "gate_met" in kinds(db_session, lead)
    assert kinds(db_session, lead).count("gate_met") == 1  # once per stage entry
    transitions.fire(db_session, lead, process, "advance", note="Agenda set")
    assert "transition" in kinds(db_session, observer)
    assert "transition" not in kinds(db_session, lead)  # the one who moved it knows


def test_deadlines_are_told_once_a_day(db_session, make_process, add_member):
    process = make_process()
    lead = process.lead.user
    owner = add_member(process, "core").user
    today = date(2030, 3, 1)
    deliverables.create_deliverable(db_session, lead, process, stage=process.state,
                                    kind="issues_paper", owner_email=owner.email,
                                    due_on=today + timedelta(days=3))
    deliverables.create_deliverable(db_session, lead, process, stage=process.state,
                                    kind="stakeholder_map", owner_email=owner.email,
                                    due_on=today - timedelta(days=1))
    deliverables.create_deliverable(db_session, lead, process, stage=process.state,
                                    kind="mandate", owner_email=owner.email,
                                    due_on=today + timedelta(days=30))
    first = notifications.deadlines(db_session, today)
    assert notifications.deadlines(db_session, today) == 0  # idempotent within a day
    deliverable_kinds = sorted(k for k in kinds(db_session, owner) if k.startswith("deadline"))
    assert deliverable_kinds == ["deadline_missed", "deadline_soon"]  # not the one in 30 days
    # The current stage's target date (set when the process started) is long past by then.
    assert "stage_deadline_missed" in kinds(db_session, lead)
    assert notifications.deadlines(db_session, today + timedelta(days=1)) == first


def test_invitation_events_read_in_the_history_from_their_data(db_session, make_process,
                                                               make_institution):
    from engine import event_text
    from engine.i18n import render
    from engine.models import AuditEvent, OutgoingMail
    from engine.services import invitations, outbox

    previous = outbox.use_renderer(lambda key, context, locale: outbox.RenderedMail(
        "Invitation", f"/invitations/{context.get('token')}", "<p>Invitation</p>"))
    try:
        process = make_process()
        office = make_institution("Statistics Office")
        invitations.invite(db_session, process.lead.user, process, email="vera@example.org",
                           role="expert", institution_id=office.id)
        mail = db_session.scalars(select(OutgoingMail)).one()
        token = mail.text_body.rsplit("/", 1)[1]
        invitations.accept_as_newcomer(db_session, token, name="Vera Visiting",
                                       password="copper kettle whistles 38")
    finally:
        outbox.use_renderer(previous)
    events = db_session.scalars(select(AuditEvent).where(
        AuditEvent.kind.startswith("invitation.")).order_by(AuditEvent.id)).all()
    assert [render(event_text.describe(e), "en") for e in events] == [
        "vera@example.org invited as expert for Statistics Office",
        "Vera Visiting accepted the invitation and joined as expert for Statistics Office"]
    assert "invitation_accepted" in kinds(db_session, process.lead.user)
