"""The overview: the drawn cycle, the gate checklist and the lead's transition controls."""

from __future__ import annotations

from engine.models import TransitionRecord
from engine.services.transitions import fire
from tests.webapp.browser import post, text


def overview(world) -> str:
    return f"/processes/{world.process.id}"


def test_overview_draws_the_cycle_with_a_text_alternative(client, auth, world):
    auth.login(world.core)
    page = client.get(overview(world))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<svg" in html
    assert 'class="cycle cycle-wide"' in html
    assert 'role="img"' in html
    # The text alternative names each stage and its status.
    assert "1. Agenda setting: Current stage, gate not met; 2. Policy analysis: Not started" in html
    words = text(page)
    for stage in ("Agenda setting", "Policy analysis", "Policy instruments", "Validation", "Adopted"):
        assert stage in words
    assert "Stage 1 of 8" in words
    # The legend explains every status.
    for status in ("Done", "Current stage", "Sent back, to be revisited", "Suspended", "Not started"):
        assert status in words
    assert "<h1" in html
    assert "<title>National migration policy · policycycle</title>" in html


def test_overview_shows_the_gate_checklist_with_fix_links(client, auth, world):
    auth.login(world.lead)
    page = client.get(overview(world))
    words = text(page)
    assert "Gate of Agenda setting" in words
    assert "Lead assigned: Amina Lead (Ministry of Home Affairs)." in words
    assert "of 3 required deliverables accepted" in words
    assert f'href="/processes/{world.process.id}/deliverables"' in page.get_data(as_text=True)
    assert "Fix" in words


def test_only_the_lead_sees_transition_controls(client, auth, world):
    auth.login(world.lead)
    lead_page = client.get(overview(world)).get_data(as_text=True)
    assert "Move the process" in lead_page
    assert f"/processes/{world.process.id}/transitions/advance" in lead_page
    assert "Override the gate" in lead_page
    for person in (world.core, world.expert, world.observer):
        auth.logout()
        auth.login(person)
        html = client.get(overview(world)).get_data(as_text=True)
        assert "Move the process" not in html
        assert "/transitions/" not in html
        assert "Override the gate" not in html
        assert "Change the target date" not in html


def test_outsiders_get_not_found(client, auth, world):
    auth.login(world.outsider)
    assert client.get(overview(world)).status_code == 404


def test_advancing_with_a_closed_gate_shows_the_failing_checks_and_keeps_the_note(
        client, auth, world, db_session):
    auth.login(world.lead)
    response = post(client, auth, f"{overview(world)}/transitions/advance",
                    {"note": "Agreed at the meeting of 3 May"})
    # POST, redirect, GET: the refusal is shown on the overview's own address.
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{overview(world)}#refusal")
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    words = text(page)
    assert "The process did not move: the gate is not met" in words
    assert "required deliverables accepted" in words
    assert "Agreed at the meeting of 3 May" in page.get_data(as_text=True)
    db_session.refresh(world.process)
    assert world.process.state == "agenda_setting"
    # Shown once: reloading the overview resubmits nothing and shows no stale refusal.
    again = text(client.get(overview(world)))
    assert "The process did not move" not in again


def test_an_override_needs_a_reason(client, auth, world, db_session):
    auth.login(world.lead)
    response = post(client, auth, f"{overview(world)}/transitions/advance",
                    {"override": "y", "override_reason": "", "note": "Kept note"})
    assert response.status_code == 303
    page = client.get(response.headers["Location"])
    assert "Write why the process moves on without meeting the gate." in text(page)
    assert "Kept note" in page.get_data(as_text=True)
    db_session.refresh(world.process)
    assert world.process.state == "agenda_setting"


def test_overriding_the_gate_with_a_reason_moves_on_and_is_recorded(client, auth, world, db_session):
    auth.login(world.lead)
    response = post(client, auth, f"{overview(world)}/transitions/advance", {
        "note": "Minister's instruction", "override": "y",
        "override_reason": "The council meets next week; papers follow."})
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    words = text(page)
    assert "The process moved from Agenda setting to Policy analysis." in words
    assert "The gate was overridden" in words
    db_session.refresh(world.process)
    assert world.process.state == "policy_analysis"
    record = db_session.query(TransitionRecord).filter_by(process_id=world.process.id).one()
    assert record.override_reason == "The council meets next week; papers follow."
    history = text(client.get(f"{overview(world)}/history"))
    assert "Gate overridden." in history
    assert "The council meets next week; papers follow." in history


def test_advancing_through_an_open_gate(client, auth, world, satisfy_gate, db_session):
    satisfy_gate(world.process)
    db_session.flush()
    auth.login(world.lead)
    page = text(client.get(overview(world)))
    assert "Ready to move on" in page
    assert "The gate is not met yet" not in page
    response = post(client, auth, f"{overview(world)}/transitions/advance",
                    {"note": "Stage complete"}, follow_redirects=True)
    assert "The process moved from Agenda setting to Policy analysis." in text(response)


def test_sending_back_needs_a_note(client, auth, world, db_session):
    lead = world.lead
    fire(db_session, lead, world.process, "advance", override_reason="test set-up")
    fire(db_session, lead, world.process, "advance", override_reason="test set-up")
    db_session.flush()
    assert world.process.state == "policy_instruments"
    auth.login(lead)
    refused = post(client, auth, f"{overview(world)}/transitions/send_back", {"note": ""})
    assert refused.status_code == 303
    assert "A note is required" in text(client.get(refused.headers["Location"]))
    db_session.refresh(world.process)
    assert world.process.state == "policy_instruments"
    done = post(client, auth, f"{overview(world)}/transitions/send_back",
                {"note": "The options lack costs."}, follow_redirects=True)
    assert "The process moved from Policy instruments to Policy analysis." in text(done)
    # The stage left behind is marked as sent back on the cycle.
    assert "Sent back, to be revisited" in text(done)
    assert "node node-sent_back" in done.get_data(as_text=True)


def test_suspend_and_resume(client, auth, world, db_session):
    auth.login(world.lead)
    missing = post(client, auth, f"{overview(world)}/transitions/suspend", {"note": ""})
    assert missing.status_code == 303
    suspended = post(client, auth, f"{overview(world)}/transitions/suspend",
                     {"note": "Elections in June."}, follow_redirects=True)
    words = text(suspended)
    assert "The process is suspended." in words
    assert "This process is suspended" in words
    assert "Elections in June." in words
    db_session.refresh(world.process)
    assert world.process.state == "suspended"
    assert "Resume the process where it stopped" in words
    resumed = post(client, auth, f"{overview(world)}/transitions/resume", {},
                   follow_redirects=True)
    assert "The process resumed at Agenda setting." in text(resumed)
    db_session.refresh(world.process)
    assert world.process.state == "agenda_setting"


def test_a_trigger_that_is_not_possible_is_explained(client, auth, world):
    auth.login(world.lead)
    response = post(client, auth, f"{overview(world)}/transitions/send_back",
                    {"note": "why not"}, follow_redirects=True)
    assert response.status_code == 200
    assert "is not possible from agenda_setting" in text(response)


def test_non_leads_cannot_fire(client, auth, world, db_session):
    auth.login(world.core)
    response = post(client, auth, f"{overview(world)}/transitions/suspend", {"note": "x"})
    assert response.status_code == 403
    db_session.refresh(world.process)
    assert world.process.state == "agenda_setting"


def test_the_lead_sets_a_stage_target_date(client, auth, world, db_session):
    auth.login(world.lead)
    response = post(client, auth, f"{overview(world)}/stages/policy_analysis/target",
                    {"target_date": "2031-01-15"}, follow_redirects=True)
    assert "Target date of Policy analysis set to" in text(response)
    db_session.refresh(world.process)
    assert world.process.stage_record("policy_analysis").target_date.isoformat() == "2031-01-15"
    assert 'datetime="2031-01-15"' in response.get_data(as_text=True)


def test_overdue_stages_are_marked(client, auth, world, db_session):
    from datetime import date, timedelta

    world.process.stage_record("agenda_setting").target_date = date.today() - timedelta(days=2)
    db_session.flush()
    auth.login(world.core)
    assert "Overdue" in text(client.get(overview(world)))


def test_recent_activity_lists_the_last_events(client, auth, world):
    auth.login(world.observer)
    words = text(client.get(overview(world)))
    assert "Recent activity" in words
    assert "Otto Observer joined as observer for Ministry of Home Affairs" in words
    assert "Full history" in words


def test_a_second_click_on_an_old_page_does_not_move_the_process_twice(
    client, auth, world, satisfy_gate, db_session
):
    satisfy_gate(world.process)
    db_session.flush()
    auth.login(world.lead)
    form = {"note": "Stage complete", "expected_state": "agenda_setting",
            "override": "y", "override_reason": "Double click"}
    first = post(client, auth, f"{overview(world)}/transitions/advance", form)
    assert first.status_code == 302
    second = post(client, auth, f"{overview(world)}/transitions/advance", form,
                  follow_redirects=True)
    assert "has moved on to Policy analysis in the meantime" in text(second)
    db_session.refresh(world.process)
    assert world.process.state == "policy_analysis"
