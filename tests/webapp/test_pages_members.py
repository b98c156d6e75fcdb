"""The core group page: the institution tree, adding and ending members, handover, sign-off."""

from __future__ import annotations

import re

from sqlalchemy import select

from engine.models import Institution, OutgoingMail, SignOff
from engine.services.transitions import fire
from tests.webapp.browser import post, text


def members(world) -> str:
    return f"/processes/{world.process.id}/members"


def test_core_group_shows_institutions_as_a_tree_with_members(
        client, auth, world, make_institution, add_member, make_user, db_session):
    department = make_institution("Refugee Department", kind="department", parent=world.home)
    add_member(world.process, "core", user=make_user("Rita Refugee"), institution=department)
    db_session.flush()
    auth.login(world.expert)
    page = client.get(members(world))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    words = text(page)
    assert "<h1>Core group</h1>" in html
    assert "Ministry of Home Affairs" in words
    assert "Refugee Department" in words
    # The department sits inside its ministry.
    ministry_at = html.index("Ministry of Home Affairs</span>")
    assert ministry_at < html.index("Refugee Department") < html.index("Rita Refugee")
    assert "Amina Lead Lead" in words
    assert "Carlos Core Core group member" in words
    # An expert sees who does what, not the lead's forms.
    assert "Add a member" not in words
    assert "End membership" not in words


def test_the_lead_adds_a_member(client, auth, world, make_user, db_session):
    """The lead's form invites; the newcomer joins on accepting the invitation."""
    from engine.services import invitations

    newcomer = make_user("Nadia New", "nadia@example.org")
    auth.login(world.lead)
    response = post(client, auth, members(world), {
        "email": "nadia@example.org", "institution_id": str(world.other.id), "role": "core"},
        follow_redirects=True)
    words = text(response)
    assert ("An invitation to join as core group member for National Statistical Office is on "
            "its way to nadia@example.org.") in words
    assert "Invitations waiting for an answer" in words
    assert not any(m.user_id == newcomer.id for m in world.process.active_memberships)
    invitation = invitations.pending(db_session, world.lead, world.process)[0]
    mail = db_session.scalars(select(OutgoingMail).where(
        OutgoingMail.template_key == "invitation")).one()
    token = re.search(r"/invitations/([\w-]+)", mail.text_body).group(1)
    invitations.accept(db_session, newcomer, token)
    db_session.flush()
    db_session.expire_all()
    assert invitation.email == "nadia@example.org"
    assert any(m.user_id == newcomer.id for m in world.process.active_memberships)


def test_adding_an_address_with_or_without_an_account_answers_the_same(
        client, auth, world, make_user, db_session):
    """F6: the lead cannot tell whether an address has an account."""
    make_user("Kofi Known", "kofi@example.org")
    db_session.flush()
    auth.login(world.lead)
    known = post(client, auth, members(world), {
        "email": "kofi@example.org", "institution_id": str(world.other.id), "role": "expert"})
    unknown = post(client, auth, members(world), {
        "email": "nobody@example.org", "institution_id": str(world.other.id), "role": "expert"})
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    db_session.expire_all()
    mails = db_session.scalars(select(OutgoingMail).where(
        OutgoingMail.template_key == "invitation").order_by(OutgoingMail.id)).all()
    assert [m.to_address for m in mails] == ["kofi@example.org", "nobody@example.org"]
    page = text(client.get(members(world)))
    assert "Kofi Known" not in page  # not a member, not named, until accepted
    assert "Invitations waiting for an answer" in page
    assert "kofi@example.org" in page and "nobody@example.org" in page


def test_a_wrong_address_is_refused_next_to_the_field(client, auth, world):
    auth.login(world.lead)
    response = post(client, auth, members(world), {
        "email": "nobody-at-example", "institution_id": str(world.other.id), "role": "core"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'value="nobody-at-example"' in html  # what was typed is kept
    assert 'aria-invalid="true"' in html


def test_ending_a_membership_keeps_it_in_the_history(client, auth, world, db_session):
    membership = next(m for m in world.process.active_memberships if m.user_id == world.observer.id)
    auth.login(world.lead)
    response = post(client, auth, f"{members(world)}/{membership.id}/end",
                    {"reason": "Replaced after the reorganisation."}, follow_redirects=True)
    words = text(response)
    assert "Otto Observer is no longer in the core group" in words
    assert "Membership history" in words
    assert "Replaced after the reorganisation." in words
    db_session.refresh(membership)
    assert membership.ended_at is not None


def test_the_lead_cannot_end_their_own_membership(client, auth, world):
    lead = world.process.lead
    auth.login(world.lead)
    response = post(client, auth, f"{members(world)}/{lead.id}/end", {"reason": ""},
                    follow_redirects=True)
    assert "Hand the lead over to another member before ending this membership." in text(response)


def test_handing_over_the_lead(client, auth, world, db_session):
    target = next(m for m in world.process.active_memberships if m.user_id == world.core.id)
    auth.login(world.lead)
    response = post(client, auth, f"/processes/{world.process.id}/lead",
                    {"membership_id": str(target.id), "note": "Back to the ministry"},
                    follow_redirects=True)
    assert "Carlos Core now leads the process." in text(response)
    db_session.refresh(world.process)
    assert world.process.lead.user_id == world.core.id
    # The former lead no longer sees the lead's controls.
    assert "Hand over the lead" not in text(client.get(members(world)))
    assert "Move the process" not in text(client.get(f"/processes/{world.process.id}"))


def test_handover_needs_a_choice(client, auth, world):
    auth.login(world.lead)
    response = post(client, auth, f"/processes/{world.process.id}/lead", {"membership_id": ""})
    assert response.status_code == 422
    assert "Choose who becomes the lead." in text(response)


def test_signing_off_for_my_institution(client, auth, world, db_session):
    auth.login(world.core)
    page = text(client.get(members(world)))
    assert "Sign-offs for Agenda setting" in page
    assert "Sign off for National Statistical Office" in page
    assert "Sign off for Ministry of Home Affairs" not in page  # not my institution
    response = post(client, auth, f"/processes/{world.process.id}/signoffs",
                    {"institution_id": str(world.other.id)}, follow_redirects=True)
    words = text(response)
    assert "National Statistical Office signed off this stage." in words
    assert "Signed off by Carlos Core" in words
    assert db_session.query(SignOff).filter_by(process_id=world.process.id).count() == 1
    again = post(client, auth, f"/processes/{world.process.id}/signoffs",
                 {"institution_id": str(world.other.id)}, follow_redirects=True)
    assert "has already signed off this stage" in text(again)


def test_experts_cannot_sign_off(client, auth, world):
    auth.login(world.expert)
    assert "Sign off for" not in text(client.get(members(world)))
    response = post(client, auth, f"/processes/{world.process.id}/signoffs",
                    {"institution_id": str(world.other.id)})
    assert response.status_code == 403


def test_no_sign_off_while_suspended(client, auth, world, db_session):
    fire(db_session, world.lead, world.process, "suspend", note="Elections")
    db_session.flush()
    auth.login(world.core)
    words = text(client.get(members(world)))
    assert "There is no stage to sign off now." in words
    assert "Sign off for" not in words


def test_a_lead_adds_a_missing_institution(client, auth, world, db_session):
    auth.login(world.lead)
    response = post(client, auth, f"/processes/{world.process.id}/institutions", {
        "name": "Diaspora Desk", "kind": "division", "parent_id": str(world.home.id),
        "country": ""})
    assert response.status_code == 302
    created = db_session.query(Institution).filter_by(name="Diaspora Desk").one()
    assert created.parent_id == world.home.id
    page = client.get(response.headers["Location"])
    assert "Ministry of Home Affairs › Diaspora Desk added." in text(page)
    # The new institution is preselected for the next member.
    assert f'<option selected value="{created.id}"' in page.get_data(as_text=True)


def test_core_members_cannot_manage_the_group(client, auth, world, make_user):
    make_user("Nadia New", "nadia@example.org")
    auth.login(world.core)
    response = post(client, auth, members(world), {
        "email": "nadia@example.org", "institution_id": str(world.other.id), "role": "core"})
    assert response.status_code == 403


def test_a_lapsed_sign_off_is_shown_and_given_again_from_the_page(
        client, auth, world, make_institution, add_member, make_user, db_session):
    from engine.services import members as member_service
    from engine.services.document import sections

    # A department member signs for the ministry; an edit then lapses the sign-off.
    department = make_institution("Border Police", kind="department", parent=world.other)
    officer = make_user("Olga Officer")
    add_member(world.process, "core", user=officer, institution=department)
    section = sections.create_section(db_session, world.lead, world.process, title="Scope",
                                      body="Labour migration.")
    given = member_service.sign_off(db_session, officer, world.process, department.id)
    assert given.institution_id == world.other.id
    sections.save_body(db_session, world.core, section, body="Labour and student migration.",
                       base_revision=section.revision)
    db_session.flush()
    auth.login(officer)
    words = text(client.get(members(world)))
    assert ("The sign-off by Olga Officer lapsed on" in words
            and "“Scope” was edited afterwards. Sign again on the current text." in words)
    assert "Border Police" in words
    response = post(client, auth, f"/processes/{world.process.id}/signoffs",
                    {"institution_id": str(department.id)}, follow_redirects=True)
    words = text(response)
    assert f"{world.other.name} signed off this stage." in words
    assert "Signed off by Olga Officer" in words
    assert "lapsed" not in words.split("Sign-offs for")[1]
