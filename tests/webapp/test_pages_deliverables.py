"""Deliverables: created per stage, moved along their flow, owners and due dates edited."""

from __future__ import annotations

from datetime import date, timedelta

from engine.models import Deliverable
from engine.services import deliverables as deliverable_service
from tests.webapp.browser import post, text


def base(world) -> str:
    return f"/processes/{world.process.id}/deliverables"


def test_deliverables_page_groups_by_stage_and_names_what_is_required(client, auth, world):
    auth.login(world.core)
    page = client.get(base(world))
    assert page.status_code == 200
    words = text(page)
    assert "<h1>Deliverables</h1>" in page.get_data(as_text=True)
    assert "Agenda setting current stage" in words
    assert "0 of 3 required accepted" in words
    assert "Required and not yet started:" in words
    assert "First map of stakeholders" in words
    assert "Add a deliverable" in words


def test_creating_a_deliverable_and_moving_it_along_its_flow(client, auth, world, db_session):
    auth.login(world.core)
    due = (date.today() + timedelta(days=30)).isoformat()
    response = post(client, auth, base(world), {
        "stage": "agenda_setting", "kind": "issues_paper", "title": "",
        "owner_email": world.core.email, "due_on": due}, follow_redirects=True)
    words = text(response)
    assert "Deliverable “Issues paper” added as a draft." in words
    item = db_session.query(Deliverable).filter_by(process_id=world.process.id).one()
    assert item.owner_id == world.core.id
    assert item.due_on.isoformat() == due
    assert "Submit for acceptance" in words
    assert "Accept" not in words.replace("Accepted", "").replace("accepted", "")

    submitted = post(client, auth, f"{base(world)}/{item.id}/status", {"status": "submitted"},
                     follow_redirects=True)
    words = text(submitted)
    assert "“Issues paper” is now submitted." in words
    assert "Accept" in words
    assert "Return for rework" in words

    accepted = post(client, auth, f"{base(world)}/{item.id}/status", {"status": "accepted"},
                    follow_redirects=True)
    assert "“Issues paper” is now accepted." in text(accepted)
    assert "1 of 3 required accepted" in text(accepted)
    db_session.refresh(item)
    assert item.status == "accepted"


def test_a_status_change_outside_the_flow_is_refused(client, auth, world, db_session):
    item = deliverable_service.create_deliverable(
        db_session, world.lead, world.process, stage="agenda_setting", kind="mandate")
    db_session.flush()
    auth.login(world.lead)
    response = post(client, auth, f"{base(world)}/{item.id}/status", {"status": "accepted"},
                    follow_redirects=True)
    assert "A draft deliverable can only become: submitted." in text(response)
    db_session.refresh(item)
    assert item.status == "draft"


def test_editing_owner_and_due_date(client, auth, world, db_session):
    item = deliverable_service.create_deliverable(
        db_session, world.lead, world.process, stage="agenda_setting", kind="mandate")
    db_session.flush()
    auth.login(world.lead)
    response = post(client, auth, f"{base(world)}/{item.id}", {
        "title": "Mandate signed by the minister", "owner_email": world.core.email,
        "due_on": "2030-05-01"}, follow_redirects=True)
    assert "“Mandate signed by the minister” updated." in text(response)
    db_session.refresh(item)
    assert item.owner_id == world.core.id
    assert item.due_on.isoformat() == "2030-05-01"


def test_overdue_deliverables_are_marked(client, auth, world, db_session):
    deliverable_service.create_deliverable(
        db_session, world.lead, world.process, stage="agenda_setting", kind="issues_paper",
        due_on=(date.today() - timedelta(days=1)).isoformat())
    db_session.flush()
    auth.login(world.observer)
    assert "Overdue" in text(client.get(base(world)))


def test_observers_see_no_actions(client, auth, world, db_session):
    item = deliverable_service.create_deliverable(
        db_session, world.lead, world.process, stage="agenda_setting", kind="issues_paper")
    db_session.flush()
    auth.login(world.observer)
    words = text(client.get(base(world)))
    assert "Issues paper" in words
    assert "Add a deliverable" not in words
    assert "Submit for acceptance" not in words
    assert post(client, auth, f"{base(world)}/{item.id}/status",
                {"status": "submitted"}).status_code == 403


def test_a_bad_due_date_is_shown_next_to_the_field(client, auth, world):
    auth.login(world.lead)
    response = post(client, auth, base(world), {
        "stage": "agenda_setting", "kind": "issues_paper", "title": "Issues paper",
        "owner_email": "", "due_on": "next tuesday"})
    assert response.status_code == 422
    assert "Not a valid date value." in text(response)
    assert 'value="Issues paper"' in response.get_data(as_text=True)


def test_the_members_are_listed_once_for_every_row_s_owner_field(client, auth, world,
                                                                 db_session):
    for kind in ("mandate", "issues_paper", "stakeholder_map"):
        deliverable_service.create_deliverable(
            db_session, world.lead, world.process, stage="agenda_setting", kind=kind,
            owner_email=world.core.email)
    db_session.flush()
    auth.login(world.lead)
    html = client.get(base(world)).get_data(as_text=True)
    # Each row's owner is an e-mail input suggesting from one shared list ...
    assert html.count('list="deliverable-owners"') == 3
    assert html.count('<datalist id="deliverable-owners">') == 1
    assert html.count(f'value="{world.core.email}"') == 3 + 2  # rows, suggestion, select
    # ... and only the form that adds a deliverable keeps a select of members.
    assert html.count(f'<option value="{world.core.email}">') == 2  # that select, the list


def test_an_owner_who_is_not_a_member_is_refused(client, auth, world, db_session):
    item = deliverable_service.create_deliverable(
        db_session, world.lead, world.process, stage="agenda_setting", kind="mandate")
    db_session.flush()
    auth.login(world.lead)
    response = post(client, auth, f"{base(world)}/{item.id}", {
        "title": "Mandate", "owner_email": world.outsider.email, "due_on": ""})
    assert response.status_code == 422
    assert "The owner must be a member of this process." in text(response)
