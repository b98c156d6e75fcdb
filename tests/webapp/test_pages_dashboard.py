"""The dashboard: my processes, the work waiting for me, and starting a process."""

from __future__ import annotations

from datetime import date, timedelta

from engine.models import Process
from engine.services import consultations, deliverables
from engine.services.document import comments as comment_service
from engine.services.document import sections as section_service
from tests.webapp.browser import post, text


def test_dashboard_lists_my_processes_with_their_stage(client, auth, world):
    auth.login(world.core)
    page = client.get("/")
    assert page.status_code == 200
    words = text(page)
    assert "Your processes" in words
    assert "National migration policy" in words
    assert "Stage 1 of 8: Agenda setting" in words
    assert "Lead Amina Lead" in words
    assert "Your role Core group member" in words
    assert f'href="/processes/{world.process.id}"' in page.get_data(as_text=True)
    # The mini cycle names every stage for screen readers.
    assert "Agenda setting: Current stage, gate not met" in words


def test_someone_without_processes_sees_a_helpful_empty_state(client, auth, world):
    auth.login(world.outsider)
    words = text(client.get("/"))
    assert "You are not in any process yet." in words
    assert "Nothing is waiting for you." in words
    assert "National migration policy" not in words


def test_pending_work_lists_what_waits_for_me(client, auth, world, db_session):
    process, lead, core = world.process, world.lead, world.core
    late = deliverables.create_deliverable(
        db_session, lead, process, stage="agenda_setting", kind="issues_paper",
        owner_email=core.email, due_on=(date.today() - timedelta(days=3)).isoformat())
    deliverables.create_deliverable(db_session, lead, process, stage="agenda_setting",
                                    kind="mandate", owner_email=lead.email)
    section = section_service.create_section(db_session, lead, process, title="Vision",
                                             body="A safe and orderly migration.")
    comment_service.add_comment(db_session, world.expert, section,
                                body="Say who is accountable.", blocking=True)
    meeting = consultations.create_consultation(
        db_session, lead, process, stage="agenda_setting", method="workshop",
        title="Workshop with NGOs", held_on=date.today().isoformat(), groups=["civil_society"])
    consultations.add_input(db_session, lead, meeting, source="Caritas", text="Include returnees.")
    db_session.flush()

    auth.login(core)
    words = text(client.get("/"))
    assert "Deliverables you own" in words
    assert late.title in words
    assert "Overdue" in words
    assert "Mandate of the process" not in words  # owned by the lead, not by me
    assert "Open comments" in words
    assert "Say who is accountable." in words
    assert f"In {process.title} · {world.expert.name}" in words  # which process it is in
    assert "Blocking" in words
    assert "Inputs awaiting a decision" in words
    assert "Workshop with NGOs" in words


def test_the_lead_sees_gates_ready_to_move_on(client, auth, world, satisfy_gate, db_session):
    satisfy_gate(world.process)
    db_session.flush()
    auth.login(world.lead)
    words = text(client.get("/"))
    assert "Ready to move on" in words
    assert "All conditions of Agenda setting are met" in words
    # A core member cannot fire the gate: it is not their pending work.
    auth.logout()
    auth.login(world.core)
    assert "All conditions of Agenda setting are met" not in text(client.get("/"))


def test_experts_see_no_editing_work(client, auth, world, db_session):
    section = section_service.create_section(db_session, world.lead, world.process,
                                             title="Vision", body="Text.")
    comment_service.add_comment(db_session, world.core, section, body="Shorter, please.")
    db_session.flush()
    auth.login(world.expert)
    assert "Shorter, please." not in text(client.get("/"))


def grant_start(user) -> None:
    """What an administrator does: allow the person to start processes."""
    from sqlalchemy.orm import object_session

    user.may_start_processes = True
    object_session(user).flush()


def test_start_a_process_form(client, auth, world):
    grant_start(world.outsider)
    auth.login(world.outsider)
    page = client.get("/processes/new")
    assert page.status_code == 200
    words = text(page)
    assert "Start a process" in words
    assert "National policy or strategy" in words
    assert "Technical-assistance request" in words
    assert "Ministry of Home Affairs" in words


def test_starting_a_process_makes_me_its_lead(client, auth, world, db_session):
    grant_start(world.outsider)
    auth.login(world.outsider)
    response = post(client, auth, "/processes/new", {
        "title": "Diaspora engagement strategy", "workflow": "national-policy",
        "country": "Ruritania", "requesting_institution_id": str(world.home.id)})
    assert response.status_code == 302
    process = db_session.query(Process).filter_by(title="Diaspora engagement strategy").one()
    assert response.headers["Location"].endswith(f"/processes/{process.id}")
    assert process.lead.user.id == world.outsider.id
    page = client.get(response.headers["Location"])
    assert "“Diaspora engagement strategy” started." in text(page)
    assert "Your role: Lead" in text(page)


def test_starting_a_process_with_missing_values_keeps_what_was_typed(client, auth, world):
    grant_start(world.outsider)
    auth.login(world.outsider)
    response = post(client, auth, "/processes/new", {
        "title": "Diaspora engagement strategy", "workflow": "national-policy",
        "country": "", "requesting_institution_id": ""})
    assert response.status_code == 422
    assert 'value="Diaspora engagement strategy"' in response.get_data(as_text=True)
    assert "This field is required." in text(response) or "Not a valid choice" in text(response)


def test_processes_are_listed_by_their_latest_activity(client, auth, db_session, make_process,
                                                       make_user):
    from engine.services.document import sections
    from engine.services.document.sections import flatten, outline

    lead = make_user("Busy Lead")
    older = make_process(lead=lead, title="Older process")
    newer = make_process(lead=lead, title="Newer process")
    # A section saved in the older process makes it the most recently active one,
    # although its process row did not change.
    section = flatten(outline(db_session, older))[0].section
    sections.save_body(db_session, lead, section, body="Fresh text.", base_revision=0)
    db_session.flush()
    auth.login(lead)
    page = client.get("/").get_data(as_text=True)
    assert page.index("Older process") < page.index("Newer process")
    assert newer.title in page


def _titles(page) -> list[str]:
    import re

    return re.findall(r'class="process-card-title"><a href="[^"]+">([^<]+)</a>',
                      page.get_data(as_text=True))


def test_the_list_of_processes_comes_a_page_at_a_time(client, auth, world, make_process):
    for n in range(22):
        make_process(lead=world.lead, title=f"Strategy {n:02d}")
    auth.login(world.lead)
    first = client.get("/")
    assert len(_titles(first)) == 20
    assert "Page 1 of 2" in text(first)
    second = client.get("/?page=2")
    assert len(_titles(second)) == 3  # 23 processes in all
    assert not set(_titles(first)) & set(_titles(second))
    assert client.get("/?page=abc").status_code == 200  # a bad page number shows the first


def test_the_processes_can_be_filtered_by_role_stage_and_institution(
        client, auth, world, make_process, make_institution, db_session):
    from engine.services.members import add_member

    elsewhere = make_institution("Ministry of Labour")
    mine = make_process(lead=world.core, title="Labour migration strategy",
                        institution=elsewhere)
    add_member(db_session, world.core, mine, email=world.lead.email,
               institution_id=world.home.id, role="observer")
    auth.login(world.lead)
    assert set(_titles(client.get("/"))) == {"National migration policy",
                                             "Labour migration strategy"}
    assert _titles(client.get("/?role=observer")) == ["Labour migration strategy"]
    assert _titles(client.get("/?role=lead")) == ["National migration policy"]
    assert _titles(client.get(f"/?institution={elsewhere.id}")) == ["Labour migration strategy"]
    assert len(_titles(client.get("/?stage=agenda_setting"))) == 2
    empty = client.get("/?stage=policy_analysis")
    assert _titles(empty) == []
    assert "No process matches these filters." in text(empty)
