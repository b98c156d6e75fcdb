"""Consultations: recording them, their inputs and dispositions, and the coverage matrix."""

from __future__ import annotations

import re
from datetime import date, timedelta

from engine.models import Consultation, ConsultationInput
from engine.services import consultations as consultation_service
from tests.webapp.test_pages_support import fresh_fixture, post, text, world_fixture  # noqa: F401 - fixtures


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


def test_a_consultation_of_another_process_is_not_found(client, auth, world, make_process,
                                                        db_session):
    other = make_process(lead=world.lead, title="Another process")
    consultation = consultation_service.create_consultation(
        db_session, world.lead, other, stage="agenda_setting", method="workshop", title="Elsewhere")
    db_session.flush()
    auth.login(world.lead)
    assert client.get(f"{base(world)}/{consultation.id}").status_code == 404


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
