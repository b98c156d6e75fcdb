"""Consultations: recording them, their inputs and dispositions, and the coverage matrix."""

from __future__ import annotations

import re
from datetime import date, timedelta

from engine.errors import InvalidInput
from engine.models import Consultation, ConsultationInput
from engine.services import consultations as consultation_service
from engine.services.transitions import fire
from tests.webapp.browser import post, text


def base(world) -> str:
    return f"/processes/{world.process.id}/consultations"


def test_consultations_page_renders_with_stage_tabs_and_requirements(client, auth, world):
    auth.login(world.core)
    page = client.get(base(world))
    assert page.status_code == 200
    words = text(page)
    assert "<h1>Consultations</h1>" in page.get_data(as_text=True)
    for stage in ("Agenda setting", "Policy analysis", "Policy instruments", "Validation", "All stages"):
        assert stage in words
    assert "Required for this stage" in words
    assert "Meeting with interest groups to map stakeholders" in words
    assert "No consultation recorded for this stage yet." in words
    assert "Record a consultation" in words


def test_recording_a_consultation_then_its_inputs_and_dispositions(client, auth, world, db_session):
    auth.login(world.core)
    held = (date.today() - timedelta(days=2)).isoformat()
    response = post(client, auth, base(world), {
        "title": "Meeting with NGOs", "stage": "agenda_setting",
        "method": "interest_group_meeting", "held_on": held,
        "groups": ["civil_society", "migrants"], "summary": "Returnees raised **housing**."})
    assert response.status_code == 302
    consultation = db_session.query(Consultation).filter_by(title="Meeting with NGOs").one()
    assert consultation.groups == ["civil_society", "migrants"]
    detail = client.get(response.headers["Location"])
    words = text(detail)
    assert "Consultation “Meeting with NGOs” recorded." in words
    assert "Civil society" in words
    assert "Migrants and their representatives" in words
    assert "<strong>housing</strong>" in detail.get_data(as_text=True)
    assert "No input recorded yet." in words

    added = post(client, auth, f"{base(world)}/{consultation.id}/inputs",
                 {"source": "Caritas", "text": "Include returnees in the housing scheme."},
                 follow_redirects=True)
    words = text(added)
    assert "Input from Caritas recorded." in words
    assert "Include returnees in the housing scheme." in words
    assert "1 awaiting a decision" in words
    item = db_session.query(ConsultationInput).filter_by(source="Caritas").one()

    decided = post(client, auth, f"{base(world)}/{consultation.id}/inputs/{item.id}", {
        "disposition": "partly", "reason": "Housing is in the options; the scheme is not.",
        "section_id": ""}, follow_redirects=True)
    words = text(decided)
    assert "Decision on the input from Caritas recorded: partly accepted." in words
    assert "Partly accepted" in words
    assert "Housing is in the options; the scheme is not." in words
    assert "All considered" in words
    db_session.refresh(item)
    assert item.disposition == "partly"
    assert item.decided_by_id == world.core.id


def test_a_disposition_needs_a_reason(client, auth, world, db_session):
    consultation = consultation_service.create_consultation(
        db_session, world.lead, world.process, stage="agenda_setting", method="workshop",
        title="Workshop")
    item = consultation_service.add_input(db_session, world.lead, consultation,
                                          source="Union", text="More inspectors.")
    db_session.flush()
    auth.login(world.lead)
    response = post(client, auth, f"{base(world)}/{consultation.id}/inputs/{item.id}",
                    {"disposition": "rejected", "reason": ""})
    assert response.status_code == 422
    assert "This field is required." in text(response)
    # The choice made is kept.
    assert re.search(r'value="rejected"\s+checked', response.get_data(as_text=True))
    db_session.refresh(item)
    assert item.disposition is None


def test_a_consultation_needs_a_title_and_keeps_the_rest(client, auth, world):
    auth.login(world.lead)
    response = post(client, auth, base(world), {
        "title": "", "stage": "policy_analysis", "method": "survey",
        "groups": ["diaspora"], "summary": "Draft questions."})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "This field is required." in text(response)
    assert "Draft questions." in html
    assert re.search(r'value="diaspora"\s+checked', html)


def test_experts_read_but_do_not_record(client, auth, world, db_session):
    consultation = consultation_service.create_consultation(
        db_session, world.lead, world.process, stage="agenda_setting", method="workshop",
        title="Workshop with the diaspora", held_on=date.today().isoformat(), groups=["diaspora"])
    consultation_service.add_input(db_session, world.lead, consultation, source="A", text="B")
    db_session.flush()
    auth.login(world.expert)
    listing = text(client.get(base(world)))
    assert "Workshop with the diaspora" in listing
    assert "Record a consultation" not in listing
    detail = text(client.get(f"{base(world)}/{consultation.id}"))
    assert "Record an input" not in detail
    assert "Decide how it is taken into account" not in detail
    response = post(client, auth, base(world), {
        "title": "X", "stage": "agenda_setting", "method": "survey"})
    assert response.status_code == 403


def _planned_survey(db_session, world) -> Consultation:
    """A survey of the policy analysis stage, planned for next week, reaching migrants only."""
    consultation = consultation_service.create_consultation(
        db_session, world.lead, world.process, stage="policy_analysis", method="survey",
        title="Survey of returnees", held_on=(date.today() + timedelta(days=7)).isoformat(),
        groups=["migrants"], summary="Questions drafted.")
    db_session.flush()
    return consultation


def _edit(consultation: Consultation, **changes) -> dict:
    """The edit form as the page fills it, with some fields changed."""
    data = {"title": consultation.title, "stage": consultation.stage_key,
            "method": consultation.method,
            "held_on": consultation.held_on.isoformat() if consultation.held_on else "",
            "groups": list(consultation.groups or []), "summary": consultation.summary}
    data.update(changes)
    return data


def test_the_lead_records_the_date_and_groups_once_a_planned_consultation_is_held(
        client, auth, world, db_session):
    fire(db_session, world.lead, world.process, "advance", note="On to the analysis",
         override_reason="The minister asked")
    consultation = _planned_survey(db_session, world)
    auth.login(world.lead)
    overview = f"/processes/{world.process.id}"
    before = text(client.get(overview))
    assert "0 of 1 required consultation held" in before

    detail = client.get(f"{base(world)}/{consultation.id}")
    html = detail.get_data(as_text=True)
    assert "Edit this consultation" in text(detail)
    # The form is filled with what is recorded.
    assert 'value="Survey of returnees"' in html
    assert re.search(r'value="migrants"\s+checked', html)
    assert not re.search(r'value="diaspora"\s+checked', html)
    assert f'value="{consultation.held_on.isoformat()}"' in html
    assert "Questions drafted." in html

    held = (date.today() - timedelta(days=1)).isoformat()
    response = post(client, auth, f"{base(world)}/{consultation.id}", _edit(
        consultation, held_on=held, groups=["migrants", "diaspora"],
        summary="Returnees asked about **housing**."))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{base(world)}/{consultation.id}")
    db_session.refresh(consultation)
    assert consultation.held_on == date.today() - timedelta(days=1)
    assert consultation.groups == ["migrants", "diaspora"]
    assert consultation.title == "Survey of returnees"
    assert consultation.stage_key == "policy_analysis"

    page = client.get(response.headers["Location"])
    words = text(page)
    html = page.get_data(as_text=True)
    assert "Consultation “Survey of returnees” updated." in words
    assert f'<time datetime="{held}">' in html
    assert "Migrants and their representatives" in words
    assert "Diaspora" in words
    assert "<strong>housing</strong>" in html

    after = text(client.get(overview))
    assert "The required consultation was held." in after
    assert "0 of 1 required consultation held" not in after

    history = text(client.get(f"/processes/{world.process.id}/history"))
    assert "Consultation “Survey of returnees” updated" in history


def test_a_bad_date_is_refused_and_what_was_typed_is_kept(client, auth, world, db_session):
    consultation = _planned_survey(db_session, world)
    planned = consultation.held_on
    auth.login(world.core)
    response = post(client, auth, f"{base(world)}/{consultation.id}", _edit(
        consultation, title="Survey of returnees and their families", held_on="next tuesday",
        groups=["migrants", "diaspora"]))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Not a valid date value." in text(response)
    assert 'value="Survey of returnees and their families"' in html
    assert 'value="next tuesday"' in html
    assert re.search(r'value="diaspora"\s+checked', html)
    # The form stays open, and the page still shows what is recorded.
    assert re.search(r'<details class="inline-details" id="edit-consultation" open>', html)
    assert "<h1>Survey of returnees</h1>" in html
    db_session.refresh(consultation)
    assert consultation.title == "Survey of returnees"
    assert consultation.held_on == planned
    assert consultation.groups == ["migrants"]


def test_what_the_engine_refuses_is_shown_next_to_the_field(client, auth, world, db_session,
                                                            monkeypatch):
    consultation = _planned_survey(db_session, world)
    original = consultation_service.update_consultation

    def refuse(session, actor, item, **changes):
        original(session, actor, item, **changes)  # the change is made, then refused
        raise InvalidInput("held_on cannot be before the process started.",
                           {"held_on": "is before the process started"})

    monkeypatch.setattr(consultation_service, "update_consultation", refuse)
    auth.login(world.lead)
    response = post(client, auth, f"{base(world)}/{consultation.id}", _edit(
        consultation, title="Renamed survey", held_on="1999-01-01"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    error = re.search(r'<p class="field-error" id="edit-held_on-error">(.*?)</p>', html, re.S)
    assert error and "held_on cannot be before the process started." in error.group(1)
    assert 'value="Renamed survey"' in html
    assert "<h1>Survey of returnees</h1>" in html  # what was refused is rolled back
    db_session.refresh(consultation)
    assert consultation.title == "Survey of returnees"


def test_experts_and_observers_cannot_edit_a_consultation(client, auth, world, db_session):
    consultation = _planned_survey(db_session, world)
    for person in (world.expert, world.observer):
        auth.login(person)
        detail = client.get(f"{base(world)}/{consultation.id}")
        assert detail.status_code == 200
        assert "Edit this consultation" not in text(detail)
        assert "edit-consultation" not in detail.get_data(as_text=True)
        for held_on in ("2020-01-01", "not a date"):  # refused either way, not a form error
            response = post(client, auth, f"{base(world)}/{consultation.id}",
                            _edit(consultation, title="Hijacked", held_on=held_on))
            assert response.status_code == 403
        auth.logout()
    db_session.refresh(consultation)
    assert consultation.title == "Survey of returnees"
    assert consultation.groups == ["migrants"]


def test_a_consultation_of_another_process_is_not_found(client, auth, world, make_process,
                                                        db_session):
    other = make_process(lead=world.lead, title="Another process")
    consultation = consultation_service.create_consultation(
        db_session, world.lead, other, stage="agenda_setting", method="workshop", title="Elsewhere")
    db_session.flush()
    auth.login(world.lead)
    assert client.get(f"{base(world)}/{consultation.id}").status_code == 404
    assert post(client, auth, f"{base(world)}/{consultation.id}", {
        "title": "Moved here", "stage": "agenda_setting", "method": "workshop"}).status_code == 404
    db_session.refresh(consultation)
    assert consultation.title == "Elsewhere"


def test_coverage_matrix_counts_groups_per_stage(client, auth, world, db_session):
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    for title, stage, groups in (
        ("NGO meeting", "agenda_setting", ["civil_society", "migrants"]),
        ("Diaspora survey", "policy_analysis", ["diaspora"]),
        ("Second NGO meeting", "agenda_setting", ["civil_society"]),
    ):
        consultation_service.create_consultation(
            db_session, world.lead, world.process, stage=stage, method="workshop", title=title,
            held_on=yesterday, groups=groups)
    consultation_service.create_consultation(
        db_session, world.lead, world.process, stage="validation", method="round_table",
        title="Planned round table", held_on=(date.today() + timedelta(days=9)).isoformat(),
        groups=["parliament"])
    db_session.flush()
    auth.login(world.observer)
    page = client.get(f"{base(world)}/coverage")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    words = text(page)
    assert "Coverage of stakeholder groups" in words
    row = re.search(r"<th scope=\"row\">Civil society</th>(.*?)</tr>", html, re.S).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert text_of(cells[0]) == "2"  # agenda setting
    assert text_of(cells[-1]) == "2"  # total
    diaspora = re.search(r"<th scope=\"row\">Diaspora</th>(.*?)</tr>", html, re.S).group(1)
    assert text_of(re.findall(r"<td[^>]*>(.*?)</td>", diaspora, re.S)[1]) == "1"
    # Planned consultations are not counted, and that is said.
    assert "1 planned or undated one is not counted" in words
    assert "Not reached in any stage:" in words
    assert "Parliament" in words


def text_of(cell: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", cell).split())
