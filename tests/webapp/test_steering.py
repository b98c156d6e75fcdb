"""The steering group of a technical-assistance request, through the API and the pages:
its members assess and decide; the requester's lead is refused (403)."""

from __future__ import annotations

import pytest

from engine.services import transitions
from tests.webapp.api_client import Api, assert_error
from tests.webapp.browser import text

CRITERIA = ("relevance", "quality", "ownership", "impact", "sustainability")


@pytest.fixture
def ta(app, client, db_session, fresh, api_token, make_user, make_institution, make_process,
       add_member, satisfy_gate):
    """A request before its steering group, with a donor's representative on it."""
    lead = make_user("Tarik Bello")
    request_ = make_process(lead=lead, workflow="technical-assistance",
                            title="Support to the Border Agency")
    fund = make_institution("Northern Partnership Fund", kind="donor")
    donor = make_user("Ingrid Halvorsen")
    add_member(request_, "steering", user=donor, institution=fund)
    satisfy_gate(request_)
    transitions.fire(db_session, lead, request_, "submit", note="Sent")
    while request_.state != "steering_group":
        satisfy_gate(request_)
        transitions.fire(db_session, lead, request_, "advance", note="ok")
    db_session.flush()
    return {"process": request_, "lead": lead, "donor": donor,
            "lead_api": Api(app, client, api_token(lead)),
            "donor_api": Api(app, client, api_token(donor))}


def test_a_steering_group_member_approves_and_the_lead_is_refused(ta):
    pid = ta["process"].id
    lead, donor = ta["lead_api"], ta["donor_api"]
    # The lead's own request: he neither decides nor assesses it.
    assert_error(lead.post(f"/processes/{pid}/transitions",
                           {"trigger": "approve", "note": "Ours"}), 403, "forbidden")
    assert_error(lead.put(f"/processes/{pid}/assessment/relevance",
                          {"rating": 4, "comment": "Ours is relevant."}), 403)
    # The steering group decides only once its assessment is complete.
    refused = assert_error(donor.post(f"/processes/{pid}/transitions",
                                      {"trigger": "approve", "note": "Approved"}), 409)
    assert refused["details"]["missing"] == list(CRITERIA)
    triggers = {t["trigger"]: t for t in lead.get(f"/processes/{pid}").get_json()["triggers"]}
    assert triggers["approve"]["decided_by"] == "steering_group"
    for n, criterion in enumerate(CRITERIA):
        answer = donor.put(f"/processes/{pid}/assessment/{criterion}",
                           {"rating": 4 - n % 2, "comment": f"{criterion}: sound."})
        assert answer.status_code == 200, answer.get_json()
    assert_error(donor.put(f"/processes/{pid}/assessment/elegance",
                           {"rating": 4, "comment": "Nice."}), 422)
    listed = lead.get(f"/processes/{pid}/assessment").get_json()
    assert [(a["criterion"], a["rating"]) for a in listed] == [
        ("relevance", 4), ("quality", 3), ("ownership", 4), ("impact", 3),
        ("sustainability", 4)]
    assert listed[0]["assessed_by"]["name"] == "Ingrid Halvorsen"
    answer = donor.post(f"/processes/{pid}/transitions",
                        {"trigger": "approve", "note": "Approved at the March meeting"})
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["state"] == "approved"


def test_the_pages_show_the_decision_to_the_steering_group_only(ta, client, auth):
    pid = ta["process"].id
    auth.login(ta["lead"])
    page = text(client.get(f"/processes/{pid}"))
    assert "The steering group decides on this request" in page
    assert "The steering group decides on the request when these conditions are met." in page
    assert "Approve the action" not in page
    auth.logout()
    auth.login(ta["donor"])
    page = text(client.get(f"/processes/{pid}/steering"))
    assert "0 of 5 criteria assessed" in page
    token = auth.csrf_token(f"/processes/{pid}/steering")
    answer = client.post(f"/processes/{pid}/steering/assessment",
                         data={"csrf_token": token, "criterion": "impact", "rating": "3",
                               "comment": "A quarterly bulletin for three ministries."},
                         follow_redirects=True)
    page = text(answer)
    assert "Your rating of impact is recorded." in page
    assert "1 of 5 criteria assessed" in page
    assert "A quarterly bulletin for three ministries." in page
    overview = text(client.get(f"/processes/{pid}"))
    assert "Approve the action" in overview


def test_a_request_and_its_policy_show_each_other(ta, make_process, db_session, client, auth):
    request_, lead = ta["process"], ta["lead"]
    policy = make_process(lead=lead, title="National Migration and Citizenship Policy")
    db_session.flush()
    answer = ta["lead_api"].patch(f"/processes/{request_.id}",
                                  {"supports_process_id": policy.id})
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["supports"] == {"id": policy.id, "title": policy.title}
    described = ta["lead_api"].get(f"/processes/{policy.id}").get_json()
    assert described["supported_by"] == [{"id": request_.id, "title": request_.title}]
    auth.login(lead)
    assert "National Migration and Citizenship Policy" in text(
        client.get(f"/processes/{request_.id}"))
    assert "Support to the Border Agency" in text(client.get(f"/processes/{policy.id}"))
    # The donor sees the request, not the policy: the link is not shown to him.
    assert ta["donor_api"].get(f"/processes/{policy.id}").status_code == 404
    answer = ta["lead_api"].patch(f"/processes/{request_.id}", {"supports_process_id": None})
    assert answer.get_json()["supports"] is None
