"""Invitations by e-mail and notifications, end to end against a real SMTP server."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from engine.db import utcnow
from engine.models import Comment, Membership, Notification, OutgoingMail, User
from engine.services.document import comments as comment_service
from engine.services.document import sections as section_service
from tests.webapp.browser import post, text
from tests.webapp.conftest import AuthActions

VERA_PASSWORD = "copper kettle whistles 38"


@pytest.fixture
def section(world, db_session):
    found = section_service.create_section(db_session, world.lead, world.process,
                                           title="Vision", body="Migration is managed well.")
    db_session.flush()
    return found


def plain(message) -> str:
    return message.get_body(("plain",)).get_content()


def send_mail(runner) -> str:
    return runner.invoke(args=["mail", "send"]).output


def test_an_invited_expert_sets_a_password_by_the_mailed_link_signs_in_and_comments(
        app, client, auth, runner, world, section, smtp_server, db_session):
    app.config.update(smtp_server.config())
    auth.login(world.lead)
    answer = post(client, auth, f"/processes/{world.pid}/invitations", {
        "email": "vera@example.org", "institution_id": str(world.other.id), "role": "expert",
        "expires_on": ""})
    assert answer.status_code == 302
    assert "1 message(s) sent" in send_mail(runner)
    [message] = smtp_server.messages
    assert message["To"] == "vera@example.org"
    assert "National migration policy" in message["Subject"]
    path = re.search(r"http://127\.0\.0\.1:5000(/invitations/\S+)", plain(message)).group(1)

    vera = app.test_client()
    visitor = AuthActions(vera)
    assert "Choose the name others will see" in text(vera.get(path))
    joined = vera.post(path, data={"name": "Vera Visiting", "password": VERA_PASSWORD,
                                   "confirm": VERA_PASSWORD,
                                   "csrf_token": visitor.csrf_token(path)})
    assert joined.status_code == 302 and "/login" in joined.headers["Location"]
    assert vera.get(path).status_code == 404  # single use

    assert visitor.login("vera@example.org", VERA_PASSWORD).status_code == 302
    page = f"/sections/{section.id}"
    assert vera.get(page).status_code == 200
    commented = vera.post(f"{page}/comments", data={
        "body": "The data for 2025 is missing.", "csrf_token": visitor.csrf_token(page)})
    assert commented.status_code == 302
    db_session.expire_all()
    account = db_session.scalars(select(User).where(User.email == "vera@example.org")).one()
    assert account.name == "Vera Visiting"
    assert db_session.scalars(select(Comment).where(Comment.author_id == account.id)).one().body \
        == "The data for 2025 is missing."
    # The lead hears that the invitation was accepted.
    kinds = db_session.scalars(select(Notification.kind).where(
        Notification.user_id == world.lead.id)).all()
    assert "invitation_accepted" in kinds


def test_a_core_members_reply_reaches_the_expert_by_mail_and_in_the_inbox(
        app, client, auth, runner, world, section, smtp_server, db_session, api_token):
    app.config.update(smtp_server.config())
    remark = comment_service.add_comment(db_session, world.expert, section,
                                         body="Where do these figures come from?")
    db_session.flush()
    auth.login(world.core)
    replied = post(client, auth, f"/comments/{remark.id}/replies",
                   {"body": "From the 2024 census."})
    assert replied.status_code == 302
    send_mail(runner)
    [message] = [m for m in smtp_server.messages if m["To"] == world.expert.email]
    assert "Carlos Core replied to your comment on “Vision”" in plain(message)
    assert f"/sections/{section.id}" in plain(message)

    auth.logout()
    auth.login(world.expert)
    home = client.get("/").get_data(as_text=True)
    assert 'class="bell-count" data-unread="1"' in home
    inbox = text(client.get("/notifications"))
    assert "Carlos Core replied to your comment on “Vision”" in inbox
    answer = client.get("/api/v1/me/notifications", headers=api_token(world.expert))
    assert answer.headers["X-Unread-Count"] == "1"
    assert answer.headers["X-Total-Count"] == "1"
    [item] = answer.get_json()
    assert item["kind"] == "comment_reply"
    assert item["text"].startswith("Carlos Core replied to your comment")
    assert post(client, auth, "/notifications/read").status_code == 302
    assert "bell-count" not in client.get("/").get_data(as_text=True)


def test_a_daily_digest_gathers_the_days_events_into_one_mail_once_a_day(
        app, client, auth, runner, world, section, smtp_server, db_session):
    app.config.update(smtp_server.config())
    auth.login(world.expert)
    chose = post(client, auth, "/profile", {"name": world.expert.name, "locale": "",
                                            "notify_by_email": "daily"})
    assert chose.status_code == 302
    db_session.expire_all()
    assert world.expert.notify_by_email == "daily"

    first = comment_service.add_comment(db_session, world.expert, section, body="First remark")
    second = comment_service.add_comment(db_session, world.expert, section, body="Second remark")
    db_session.flush()
    comment_service.reply(db_session, world.core, first, body="Answer one")
    comment_service.reply(db_session, world.lead, second, body="Answer two")
    comment_service.add_comment(db_session, world.core, section,
                                body="@Eva Expert could you check the table?")
    db_session.commit()

    assert "0 message(s) sent" in send_mail(runner)  # nothing goes out one by one
    assert "1 digest(s) queued" in runner.invoke(args=["mail", "digest"]).output
    assert "1 message(s) sent" in send_mail(runner)
    [digest] = smtp_server.messages
    assert digest["To"] == world.expert.email
    body = plain(digest)
    assert "Carlos Core replied to your comment on “Vision”" in body
    assert "Amina Lead replied to your comment on “Vision”" in body
    assert "Carlos Core mentioned you in a comment on “Vision”" in body
    assert "3 notifications" in digest["Subject"]

    # A second run the same day sends nothing, even with something new waiting.
    comment_service.reply(db_session, world.core, first, body="One more thing")
    db_session.commit()
    assert "0 digest(s) queued" in runner.invoke(args=["mail", "digest"]).output
    assert "0 message(s) sent" in send_mail(runner)
    tomorrow = (utcnow().date() + timedelta(days=1)).isoformat()
    assert "1 digest(s) queued" in runner.invoke(
        args=["mail", "digest", "--day", tomorrow]).output


def test_a_membership_with_an_end_date_ends_by_itself(
        make_world, app, monkeypatch, db_session):
    world = make_world("api")
    last_day = utcnow().date() + timedelta(days=3)
    answer = world["lead"].post(f"/processes/{world.pid}/invitations", {
        "email": "visiting@example.org", "role": "expert",
        "institution_id": world.other_institution.id, "expires_on": last_day.isoformat()})
    assert answer.status_code == 201
    assert answer.get_json()["expires_on"] == last_day.isoformat()
    mail = db_session.scalars(select(OutgoingMail).where(
        OutgoingMail.to_address == "visiting@example.org")).one()
    token = re.search(r"/invitations/([\w-]+)", mail.text_body).group(1)
    from engine.services import invitations

    membership = invitations.accept_as_newcomer(db_session, token, name="Vis Iting",
                                                password=VERA_PASSWORD)
    db_session.flush()
    assert membership.ends_on == last_day and membership.active
    emails = {m["user"]["email"] for m in world["lead"].get(
        f"/processes/{world.pid}/members").get_json()}
    assert "visiting@example.org" in emails

    # The day after the last day: nobody ended it, yet it is over.
    after = datetime.combine(last_day + timedelta(days=1), datetime.min.time())
    monkeypatch.setattr("engine.models.process.utcnow", lambda: after.astimezone())
    db_session.expire_all()
    assert not db_session.get(Membership, membership.id).active
    emails = {m["user"]["email"] for m in world["lead"].get(
        f"/processes/{world.pid}/members").get_json()}
    assert "visiting@example.org" not in emails
    ended = world["lead"].get(f"/processes/{world.pid}/members?include_ended=true").get_json()
    assert any(m["user"]["email"] == "visiting@example.org" and not m["active"] for m in ended)


def test_invitations_are_checked(make_world):
    world = make_world("api")
    path = f"/processes/{world.pid}/invitations"
    body = {"email": "someone@example.org", "role": "expert",
            "institution_id": world.other_institution.id}
    assert world["core"].post(path, body).status_code == 403
    assert world["outsider"].post(path, body).status_code == 404
    assert world["lead"].post(path, {**body, "role": "lead"}).status_code == 422
    assert world["lead"].post(path, {**body, "email": world.core.email}).status_code == 409
    past = (date.today() - timedelta(days=2)).isoformat()
    assert world["lead"].post(path, {**body, "expires_on": past}).status_code == 422


def test_the_comment_box_offers_the_members_names_to_mention(client, auth, world, section):
    auth.login(world.expert)
    html = client.get(f"/sections/{section.id}").get_data(as_text=True)
    assert 'data-mentions="mention-names"' in html
    assert '<option value="Carlos Core">' in html and '<option value="Amina Lead">' in html
    assert '<option value="Eva Expert">' not in html  # not oneself
    assert "/static/js/mentions.js" in html


def test_someone_with_an_account_signs_in_to_accept(app, client, auth, world, db_session):
    auth.login(world.lead)
    post(client, auth, f"/processes/{world.pid}/invitations", {
        "email": world.outsider.email, "institution_id": str(world.other.id),
        "role": "observer", "expires_on": ""})
    db_session.expire_all()
    mail = db_session.scalars(select(OutgoingMail).where(
        OutgoingMail.to_address == world.outsider.email)).one()
    path = re.search(r"http://127\.0\.0\.1:5000(/invitations/\S+)", mail.text_body).group(1)
    assert "sign in with your account" in mail.text_body
    auth.logout()
    page = text(client.get(path))
    assert "already has an account. Sign in to accept." in page
    assert "Choose the name" not in page  # nobody can set a password for an existing account
    auth.login(world.outsider)
    accepted = post(client, auth, path, token_from=path)
    assert accepted.status_code == 302
    assert accepted.headers["Location"].endswith(f"/processes/{world.pid}")
    assert client.get(f"/processes/{world.pid}").status_code == 200
    assert client.get(path).status_code == 404
