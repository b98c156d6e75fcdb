"""Core-group meetings: attendance, minutes, decisions, action points in the owner's
"waiting for you", the minutes in Word, and the meetings_held gate."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from docx import Document

from engine.gates import evaluate_gate
from engine.models import ActionPoint, Meeting
from engine.services import meetings as meeting_service
from tests.webapp.api_client import assert_error
from tests.webapp.browser import post, text
from tests.webapp.world import World

YESTERDAY = (date.today() - timedelta(days=1)).isoformat()
NEXT_WEEK = (date.today() + timedelta(days=7)).isoformat()


@pytest.fixture
def api_world(make_world) -> World:
    return make_world("api")


def body(world: World, **extra) -> dict:
    return {
        "title": "Second meeting of the core group", "held_on": YESTERDAY,
        "place": "Ministry of Home Affairs, room 2.14",
        "agenda": "1. Issues paper\n2. Stakeholder map",
        "minutes": "## Issues paper\n\nThe core group **agreed** the outline.",
        "attendance": [{"email": world.lead.email, "status": "present"},
                       {"email": world.core.email, "status": "present"},
                       {"email": world.expert.email, "status": "excused"},
                       {"email": world.observer.email, "status": "absent"}],
        "decisions": [{"text": "The issues paper follows the outline agreed."}],
        "action_points": [{"title": "Send the census tables", "owner_email": world.core.email,
                           "due_on": NEXT_WEEK},
                          {"title": "Book the room for the next meeting"}],
        **extra,
    }


def test_a_meeting_with_attendance_and_action_points_round_trips(api_world):
    world = api_world
    path = f"/processes/{world.pid}/meetings"
    answer = world["core"].post(path, body(world))
    assert answer.status_code == 201, answer.get_json()
    meeting = answer.get_json()
    assert meeting["stage"] == "agenda_setting"
    assert meeting["held_on"] == YESTERDAY
    assert [(a["email"], a["status"]) for a in meeting["attendance"]] == [
        (world.lead.email, "present"), (world.core.email, "present"),
        (world.expert.email, "excused"), (world.observer.email, "absent")]
    assert [d["text"] for d in meeting["decisions"]] == [
        "The issues paper follows the outline agreed."]
    points = meeting["action_points"]
    assert [(p["title"], p["owner_email"], p["due_on"], p["status"]) for p in points] == [
        ("Send the census tables", world.core.email, NEXT_WEEK, "open"),
        ("Book the room for the next meeting", None, None, "open")]

    listed = world["observer"].get(path)
    assert listed.status_code == 200
    assert listed.headers["X-Total-Count"] == "1"
    assert [m["id"] for m in listed.get_json()] == [meeting["id"]]
    assert world["expert"].get(f"/meetings/{meeting['id']}").get_json()["minutes"].startswith(
        "## Issues paper")

    changed = world["lead"].patch(f"/meetings/{meeting['id']}", {
        "attendance": [{"email": world.expert.email, "status": "present"},
                       {"email": world.lead.email, "status": "present"}],
        "online": True})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["online"] is True
    assert [a["email"] for a in changed.get_json()["attendance"]] == [world.expert.email,
                                                                      world.lead.email]
    assert changed.get_json()["action_points"][0]["title"] == "Send the census tables"

    done = world["core"].patch(f"/action-points/{points[0]['id']}", {"status": "done"})
    assert done.get_json()["status"] == "done"


def test_meeting_input_is_checked_and_writes_are_refused_to_observers(api_world):
    world = api_world
    path = f"/processes/{world.pid}/meetings"
    assert_error(world["observer"].post(path, body(world)), 403, "forbidden")
    assert_error(world["outsider"].post(path, body(world)), 404, "not_found")
    assert_error(world["outsider"].get(path), 404, "not_found")
    outsider = body(world, attendance=[{"email": world.outsider.email, "status": "present"}])
    assert_error(world["core"].post(path, outsider), 422)
    twice = body(world, attendance=[{"email": world.core.email, "status": "present"},
                                    {"email": world.core.email, "status": "absent"}])
    assert_error(world["core"].post(path, twice), 422)
    assert_error(world["core"].post(path, body(world, held_on=None)), 422)
    assert_error(world["core"].post(path, body(world, attendance=[
        {"email": world.core.email, "status": "asleep"}])), 422)
    assert_error(world["core"].post(path, body(world, stage="nowhere")), 422)


def test_the_owner_sees_the_action_point_waiting_and_marks_it_done(client, auth, world,
                                                                   db_session):
    meeting = meeting_service.create_meeting(
        db_session, world.lead, world.process, title="Kick-off meeting", held_on=YESTERDAY,
        attendance=[{"email": world.core.email, "status": "present"}],
        action_points=[{"title": "Draft the issues paper outline",
                        "owner_email": world.core.email, "due_on": NEXT_WEEK},
                       {"title": "Reserve the hall", "owner_email": world.lead.email}])
    db_session.flush()
    point = meeting.action_points[0]

    auth.login(world.core)
    words = text(client.get("/"))
    assert "Action points you own" in words
    assert "Draft the issues paper outline" in words
    assert "From “Kick-off meeting”" in words
    assert "Reserve the hall" not in words  # the lead's, not the core member's

    page = client.get(f"/processes/{world.pid}/meetings/{meeting.id}")
    assert page.status_code == 200
    assert "Draft the issues paper outline" in text(page)
    done = post(client, auth,
                f"/processes/{world.pid}/meetings/{meeting.id}/action-points/{point.id}",
                {"status": "done"}, follow_redirects=True)
    assert "“Draft the issues paper outline” marked done." in text(done)
    assert db_session.get(ActionPoint, point.id).status == "done"
    assert "Draft the issues paper outline" not in text(client.get("/"))


def test_an_expert_owner_may_close_their_own_action_point_only(client, auth, world, db_session):
    meeting = meeting_service.create_meeting(
        db_session, world.lead, world.process, title="Expert review", held_on=YESTERDAY,
        action_points=[{"title": "Review the drivers", "owner_email": world.expert.email},
                       {"title": "Someone else's", "owner_email": world.core.email}])
    db_session.flush()
    mine, theirs = meeting.action_points
    auth.login(world.expert)
    base = f"/processes/{world.pid}/meetings/{meeting.id}/action-points"
    assert post(client, auth, f"{base}/{mine.id}", {"status": "done"}).status_code == 302
    assert db_session.get(ActionPoint, mine.id).status == "done"
    assert post(client, auth, f"{base}/{theirs.id}", {"status": "done"}).status_code == 403


def test_recording_a_meeting_through_the_pages_without_javascript(client, auth, world,
                                                                  db_session):
    auth.login(world.lead)
    new = client.get(f"/processes/{world.pid}/meetings/new")
    assert new.status_code == 200
    assert "Invited members and attendance" in text(new)
    form = {"title": "Core group meeting", "held_on": YESTERDAY, "stage": "agenda_setting",
            "place": "Room 4", "agenda": "Mandate",
            # Lines ended as browsers send a textarea's: kept with "\n" only.
            "minutes": "We met.\r\n\r\n- one\r\n- two",
            "decisions": "Adopt the mandate.\r\n\r\nMeet monthly.", "rows": "3",
            f"attendance-{world.core.id}": "present",
            f"attendance-{world.observer.id}": "excused",
            "ap-0-title": "Write to the Minister", "ap-0-owner": world.core.email,
            "ap-0-due": NEXT_WEEK, "ap-0-status": "open", "ap-1-title": ""}
    created = post(client, auth, f"/processes/{world.pid}/meetings", form,
                   follow_redirects=True)
    assert "Meeting “Core group meeting” recorded." in text(created)
    meeting = db_session.query(Meeting).filter_by(process_id=world.pid).one()
    assert [d.text for d in meeting.decisions] == ["Adopt the mandate.", "Meet monthly."]
    assert meeting.minutes == "We met.\n\n- one\n- two"
    assert {a.user_id: a.status for a in meeting.attendance} == {
        world.core.id: "present", world.observer.id: "excused"}
    assert [(p.title, p.owner_id) for p in meeting.action_points] == [
        ("Write to the Minister", world.core.id)]
    assert "<li>one</li>" in created.get_data(as_text=True)  # the minutes, rendered

    refused = post(client, auth, f"/processes/{world.pid}/meetings", {**form, "held_on": ""})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert 'value="Core group meeting"' in html  # what was typed is kept
    assert 'value="Write to the Minister"' in html
    assert "held_on" in text(refused)

    listed = text(client.get(f"/processes/{world.pid}/meetings"))
    assert "Core group meeting" in listed and "1 open action point" in listed


def test_the_minutes_export_to_word_in_the_house_style(api_world, db_session):
    world = api_world
    meeting = world["core"].post(f"/processes/{world.pid}/meetings", body(world)).get_json()
    answer = world["observer"].get(f"/meetings/{meeting['id']}/minutes")
    assert answer.status_code == 200
    assert answer.headers["Content-Disposition"].startswith("attachment")
    document = Document(io.BytesIO(answer.data))
    paragraphs = [p.text for p in document.paragraphs]
    assert "Second meeting of the core group" in paragraphs
    assert any("Minutes" in p for p in paragraphs)
    # Dates in the house style, as on the cover ("12 December 2025"), not "December 12, 2025".
    held = date.fromisoformat(YESTERDAY)
    assert f"Date: {held.day} {held:%B} {held.year}" in paragraphs
    assert "The issues paper follows the outline agreed." in "\n".join(paragraphs)
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert [world.expert.name, world.other.name, "Excused"] in cells
    assert any(row[0] == "Send the census tables" and row[1] == world.core.name for row in cells)
    assert_error(world["outsider"].get(f"/meetings/{meeting['id']}/minutes"), 404)


def test_meetings_held_gate_needs_a_meeting_of_the_stage(db_session, make_process):
    process = make_process()
    lead = process.lead.user

    def line() -> object:
        return next(c for c in evaluate_gate(db_session, process) if c.kind == "meetings_held")

    check = line()
    assert not check.ok
    assert check.message == "No core-group meeting held in this stage yet (1 needed)."
    meeting_service.create_meeting(db_session, lead, process, title="Planned meeting",
                                   held_on=(date.today() + timedelta(days=3)).isoformat())
    db_session.flush()
    assert not line().ok  # not held yet
    meeting_service.create_meeting(db_session, lead, process, title="Held meeting",
                                   held_on=YESTERDAY)
    db_session.flush()
    check = line()
    assert check.ok
    assert check.message == "1 core-group meeting held in this stage."
