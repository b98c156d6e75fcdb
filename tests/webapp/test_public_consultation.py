"""Public consultation: anyone sends input through the page, the core group moderates and
decides, and the closed page publishes "you said, we did" (also in Word)."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, timedelta
from html import unescape

import pytest
from sqlalchemy import select

from engine.models import ConsultationInput, PublicConsultation, PublicSubmission
from engine.services.document import sections as section_service
from engine.services.public_consultations import MAX_TEXT
from tests.webapp.browser import post, text

DRAFT = "Foreigners awaiting removal may be held for **at most six months**."


@pytest.fixture
def published(world, client, auth, db_session, api_token):
    """The lead publishes the first section through the API; the page is open today."""
    section = section_service.outline(db_session, world.process)[0].section
    section_service.save_body(db_session, world.lead, section, base_revision=0, body=DRAFT)
    db_session.flush()
    today = date.today()
    response = client.post(
        f"/api/v1/processes/{world.process.id}/public-consultations",
        json={"title": "Draft Immigration Strategy: detention", "section_ids": [section.id],
              "opens_on": (today - timedelta(days=1)).isoformat(),
              "closes_on": (today + timedelta(days=20)).isoformat()},
        headers=api_token(world.lead))
    assert response.status_code == 201, response.get_json()
    answer = response.get_json()
    assert answer["slug"].startswith("draft-immigration-strategy-detention-")
    assert answer["url"].endswith(f"/consult/{answer['slug']}")
    assert answer["phase"] == "open"
    # Later edits do not change what was published: the revision is frozen.
    section_service.save_body(db_session, world.lead, section, base_revision=1,
                              body="A text edited after publication.")
    db_session.flush()
    return answer["slug"], section


def _token(response) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', response.get_data(as_text=True))
    assert match, "no CSRF token on the page"
    return match.group(1)


def _send(client, slug: str, section_id: int, **fields):
    page = client.get(f"/consult/{slug}")
    data = {"name": "", "organisation": "Velorian Refugee Council",
            "stakeholder_group": "civil_society", "section_id": str(section_id),
            "text": "Six months is too long; the Strategy should say three.", "website": "",
            **fields, "csrf_token": _token(page)}
    return client.post(f"/consult/{slug}", data=data)


def _close(db_session, slug: str) -> None:
    item = db_session.scalar(select(PublicConsultation).where(PublicConsultation.slug == slug))
    item.opens_on = date.today() - timedelta(days=30)
    item.closes_on = date.today() - timedelta(days=1)
    db_session.flush()


def test_anonymous_input_is_moderated_decided_and_published(world, client, auth, db_session,
                                                            published):
    slug, section = published
    page = client.get(f"/consult/{slug}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<strong>at most six months</strong>" in html
    assert "edited after publication" not in html
    assert f"/processes/{world.process.id}" not in html  # nothing of the process behind it
    assert "Send your input" in text(page)

    sent = _send(client, slug, section.id, name="Ana Petrova")
    assert sent.status_code == 302
    thanks = client.get(sent.headers["Location"])
    assert "Thank you: your input has been received" in text(thanks)
    submission = db_session.scalar(select(PublicSubmission))
    assert (submission.status, submission.name, submission.stakeholder_group) == (
        "pending", "Ana Petrova", "civil_society")
    item = db_session.scalar(select(PublicConsultation).where(PublicConsultation.slug == slug))

    auth.login(world.core)
    base = f"/processes/{world.process.id}/public-consultations/{item.id}"
    # It waits for the core group on their dashboard, linked to the queue.
    dashboard = client.get("/")
    waiting = text(dashboard)
    assert "Public submissions to moderate" in waiting
    assert "Draft Immigration Strategy: detention 1 to moderate" in waiting
    assert f'href="{base}#submissions"' in dashboard.get_data(as_text=True)
    queue = client.get(base)
    assert "Six months is too long" in text(queue)
    assert "1 to moderate" in text(queue)
    moderated = post(client, auth, f"{base}/submissions/{submission.id}", {"decision": "accept"})
    assert moderated.status_code == 302
    submission = db_session.get(PublicSubmission, submission.id)
    assert submission.status == "accepted"
    assert "Public submissions to moderate" not in text(client.get("/"))
    received = db_session.get(ConsultationInput, submission.input_id)
    assert received.consultation_id == item.consultation_id
    assert received.source == "Ana Petrova, Velorian Refugee Council"

    decided = post(client, auth, f"/processes/{world.process.id}/consultations/"
                   f"{item.consultation_id}/inputs/{received.id}",
                   {"disposition": "partly", "reason": "The Foreigners Act sets the periods; "
                    "the Strategy now asks for three months.", "section_id": ""})
    assert decided.status_code == 302
    auth.logout()

    open_page = text(client.get(f"/consult/{slug}"))
    assert "You said, we did" not in open_page  # published only after closing
    _close(db_session, slug)
    closed = client.get(f"/consult/{slug}")
    words = text(closed)
    assert closed.status_code == 200
    assert "You said, we did" in words
    assert "Velorian Refugee Council" in words
    assert "Ana Petrova" not in words  # the name is not published
    assert "Six months is too long" in words
    assert "Partly accepted" in words
    assert "the Strategy now asks for three months." in words
    assert "Send your input" not in words
    refused = _send(client, slug, section.id)
    assert refused.status_code == 409

    word = client.get(f"/consult/{slug}/you-said-we-did.docx")
    assert word.status_code == 200
    assert word.headers["Content-Disposition"].startswith("attachment;")
    with zipfile.ZipFile(io.BytesIO(word.data)) as package:
        xml = package.read("word/document.xml").decode()
    cells = unescape(" ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml)))
    for expected in ("You said, we did", "Velorian Refugee Council", "Six months is too long",
                     "Partly accepted", "the Strategy now asks for three months."):
        assert expected in cells


def test_rejected_submissions_are_kept_and_never_published(world, client, auth, db_session,
                                                           published):
    slug, section = published
    _send(client, slug, section.id, organisation="Cheap pills", text="Buy now!")
    spam = db_session.scalar(select(PublicSubmission))
    item = db_session.scalar(select(PublicConsultation).where(PublicConsultation.slug == slug))
    auth.login(world.lead)
    post(client, auth, f"/processes/{world.process.id}/public-consultations/{item.id}/"
         f"submissions/{spam.id}", {"decision": "spam"})
    spam = db_session.get(PublicSubmission, spam.id)
    assert (spam.status, spam.rejection, spam.input_id) == ("rejected", "spam", None)
    auth.logout()
    _close(db_session, slug)
    assert "Buy now!" not in text(client.get(f"/consult/{slug}"))


def test_the_honeypot_stores_nothing_but_thanks_the_same(client, db_session, published):
    slug, section = published
    sent = _send(client, slug, section.id, website="http://spam.example")
    assert sent.status_code == 302
    assert sent.headers["Location"].endswith(f"/consult/{slug}/thanks")
    assert db_session.scalar(select(PublicSubmission)) is None


def test_too_long_input_is_refused_with_the_text_kept(client, db_session, published):
    slug, section = published
    long_text = "Detention " * (MAX_TEXT // 10) + "and more."
    answer = _send(client, slug, section.id, text=long_text)
    assert answer.status_code == 422
    assert f"{MAX_TEXT}" in text(answer)
    assert long_text.strip() in unescape(answer.get_data(as_text=True))
    assert db_session.scalar(select(PublicSubmission)) is None


def test_submissions_are_rate_limited_per_address(client, db_session, published):
    slug, section = published
    for n in range(5):
        assert _send(client, slug, section.id, text=f"Point {n}.").status_code == 302
    refused = _send(client, slug, section.id, text="A sixth point, kept for later.")
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert "Too many submissions from here" in text(refused)
    assert "A sixth point, kept for later." in refused.get_data(as_text=True)
    assert len(db_session.scalars(select(PublicSubmission)).all()) == 5


def test_only_published_consultations_are_public(world, client, db_session, published):
    slug, _section = published
    assert client.get("/consult/no-such-consultation-0a1b2c").status_code == 404
    assert client.get(f"/consult/{slug}x").status_code == 404
    assert client.get(f"/consult/{slug}/you-said-we-did.docx").status_code == 404  # still open
    item = db_session.scalar(select(PublicConsultation).where(PublicConsultation.slug == slug))
    item.opens_on = date.today() + timedelta(days=3)
    db_session.flush()
    words = text(client.get(f"/consult/{slug}"))
    assert "Opens on" in words
    assert "Send your input" not in words


def test_the_public_page_speaks_the_visitors_language(client, published):
    slug, _section = published
    page = client.get(f"/consult/{slug}", headers={"Accept-Language": "fr"})
    assert "Consultation publique" in text(page)
    token = _token(page)
    chosen = client.post("/language", data={"language": "es", "next": f"/consult/{slug}",
                                             "csrf_token": token})
    assert chosen.status_code == 302
    assert "Consulta pública" in text(client.get(f"/consult/{slug}"))


def test_only_the_lead_publishes(world, client, api_token, db_session):
    section = section_service.outline(db_session, world.process)[0].section
    section_service.save_body(db_session, world.lead, section, base_revision=0, body=DRAFT)
    db_session.flush()
    body = {"title": "Draft", "section_ids": [section.id], "opens_on": "2026-01-01",
            "closes_on": "2026-02-01"}
    url = f"/api/v1/processes/{world.process.id}/public-consultations"
    assert client.post(url, json=body, headers=api_token(world.core)).status_code == 403
    wrong = client.post(url, json={**body, "closes_on": "2025-12-01"},
                        headers=api_token(world.lead))
    assert wrong.status_code == 422
    assert "closes_on" in wrong.get_json()["error"]["details"]
    listed = client.get(url, headers=api_token(world.observer))
    assert listed.status_code == 200
    assert listed.get_json() == []


def test_a_consultation_records_invitations_participants_and_report(world, client, auth,
                                                                    db_session, api_token):
    created = client.post(f"/api/v1/processes/{world.process.id}/consultations", json={
        "stage": "agenda_setting", "method": "round_table", "title": "Round table on detention",
        "held_on": date.today().isoformat(), "groups": ["civil_society"],
        "invited_institutions": ["Velorian Refugee Council", "Bar Association"],
        "invited_groups": ["civil_society", "judiciary"],
        "participants_by_group": {"civil_society": 14, "judiciary": 3},
        "participants_by_sex": {"female": 10, "male": 6, "other": 1},
        "report": "The round table asked for **shorter** periods."},
        headers=api_token(world.core))
    assert created.status_code == 201, created.get_json()
    answer = created.get_json()
    assert answer["participants_by_sex"] == {"female": 10, "male": 6, "other": 1}
    assert answer["invited_groups"] == ["civil_society", "judiciary"]
    wrong = client.patch(f"/api/v1/consultations/{answer['id']}",
                         json={"participants_by_sex": {"female": -1}},
                         headers=api_token(world.core))
    assert wrong.status_code == 422

    auth.login(world.core)
    page = f"/processes/{world.process.id}/consultations/{answer['id']}"
    words = text(client.get(page))
    assert "Bar Association" in words
    assert "Other or undisclosed 1" in words
    saved = post(client, auth, f"{page}/record", {
        "invited_institutions": "Velorian Refugee Council\nBar Association\nUNHCR",
        "invited_groups": ["civil_society"], "group_civil_society": "15", "sex_female": "11",
        "sex_male": "4", "report": "Report *revised*."}, follow_redirects=True)
    words = text(saved)
    assert "Invitations, participants and report of “Round table on detention” saved." in words
    assert "UNHCR" in words
    assert "<em>revised</em>" in saved.get_data(as_text=True)
    refused = post(client, auth, f"{page}/record", {"sex_female": "-3"})
    assert refused.status_code == 422
    auth.logout()
    auth.login(world.observer)
    assert post(client, auth, f"{page}/record", {"report": "No."}).status_code == 403


def test_the_limit_counts_in_redis_when_configured(session_factory, tmp_path, published):
    """Several servers share the counts through RATELIMIT_STORAGE_URI."""
    import uuid

    from webapp import create_app

    slug, section = published
    servers = [create_app({"TESTING": True, "SESSION_FACTORY": session_factory,
                           "SECRET_KEY": "k", "DATABASE_URL": "sqlite://",
                           "MAIL_DIR": str(tmp_path / "mail"),
                           "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
                           "RATELIMIT_KEY_PREFIX": prefix,
                           "PUBLIC_INPUT_RATE_LIMIT": "2 per minute"})
               for prefix in [f"policycycle-test-{uuid.uuid4().hex}"] * 2]
    one, two = (server.test_client() for server in servers)
    try:
        assert _send(one, slug, section.id, text="First.").status_code == 302
        assert _send(two, slug, section.id, text="Second.").status_code == 302
        assert _send(one, slug, section.id, text="Third.").status_code == 429
    finally:
        servers[0].extensions["policycycle.throttles"]["public_input"].clear("ip:127.0.0.1")
