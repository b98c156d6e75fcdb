"""Technical assistance: prepared, then submitted; assessed and decided by the steering group
(donors' representatives), never by the requester's lead; linked to the policy it supports."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine.catalog import Catalog, definition_of
from engine.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from engine.gates import evaluate_gate
from engine.models import AuditEvent
from engine.services import assessments, transitions
from engine.services.processes import available_triggers, start_process

DATA = Path(__file__).parent / "data"


def _to_steering_group(db_session, process, satisfy_gate):
    lead = process.lead.user
    satisfy_gate(process)
    transitions.fire(db_session, lead, process, "submit", note="Signed by the Director-General")
    while process.state != "steering_group":
        satisfy_gate(process)
        transitions.fire(db_session, lead, process, "advance", note="ok")


@pytest.fixture
def request_(make_process):
    return make_process(workflow="technical-assistance", title="Support on border data")


@pytest.fixture
def donor_member(request_, add_member, make_institution):
    fund = make_institution("Northern Partnership Fund", kind="donor")
    return add_member(request_, "steering", institution=fund)


def test_a_request_is_prepared_before_it_is_submitted(db_session, request_, satisfy_gate):
    assert request_.state == "in_preparation"
    assert [t["trigger"] for t in available_triggers(request_)
            if t["trigger"] not in ("suspend",)] == ["submit"]
    satisfy_gate(request_)
    transitions.fire(db_session, request_.lead.user, request_, "submit", note="Sent")
    assert request_.state == "request"


def test_the_steering_group_is_made_of_donors(db_session, request_, add_member,
                                              make_institution):
    ministry = make_institution("Ministry of Finance")
    with pytest.raises(InvalidInput) as error:
        add_member(request_, "steering", institution=ministry)
    assert "institution_id" in error.value.details
    office = make_institution("Country Office", kind="department",
                              parent=make_institution("Partnership Fund", kind="donor"))
    assert add_member(request_, "steering", institution=office).role == "steering"


def test_the_steering_group_decides_after_its_assessment_not_the_lead(
        db_session, request_, donor_member, satisfy_gate):
    _to_steering_group(db_session, request_, satisfy_gate)
    lead, judge = request_.lead.user, donor_member.user
    # The requester's lead neither assesses nor decides on his own request.
    with pytest.raises(PermissionDenied):
        transitions.fire(db_session, lead, request_, "approve", note="Good")
    with pytest.raises(PermissionDenied):
        assessments.assess(db_session, lead, request_, criterion="relevance", rating=4,
                           comment="Ours is relevant.")
    # Nor do the steering group's members move the process otherwise.
    with pytest.raises(PermissionDenied):
        transitions.fire(db_session, judge, request_, "suspend", note="Wait")
    # No decision before the assessment, whichever way it goes.
    for trigger in ("approve", "reject", "forward"):
        with pytest.raises(Conflict) as error:
            transitions.fire(db_session, judge, request_, trigger, note="Decided")
        assert error.value.details["missing"] == list(assessments.ASSESSMENT_CRITERIA)
    check = next(c for c in evaluate_gate(db_session, request_)
                 if c.kind == "assessment_complete")
    assert check.message == ("0 of 5 criteria assessed; not yet: relevance, quality, "
                             "country ownership, impact, sustainability.")
    for criterion in ("relevance", "quality", "ownership", "impact"):
        assessments.assess(db_session, judge, request_, criterion=criterion, rating="3",
                           comment=f"{criterion}: adequate.")
    with pytest.raises(Conflict):
        transitions.fire(db_session, judge, request_, "approve", note="Decided")
    with pytest.raises(InvalidInput):
        assessments.assess(db_session, judge, request_, criterion="sustainability", rating=7,
                           comment="Off the scale.")
    with pytest.raises(InvalidInput):
        assessments.assess(db_session, judge, request_, criterion="sustainability", rating=2,
                           comment="")
    assessments.assess(db_session, judge, request_, criterion="sustainability", rating=2,
                       comment="Depends on the agency keeping its analysts.")
    check = next(c for c in evaluate_gate(db_session, request_)
                 if c.kind == "assessment_complete")
    assert check.ok and check.message == "All 5 criteria assessed."
    # A gate override is the lead's power: the steering group cannot use it.
    transitions.fire(db_session, judge, request_, "approve", note="Approved at the meeting",
                     override_reason="ignored")
    assert request_.state == "approved"
    event = db_session.query(AuditEvent).filter_by(process_id=request_.id,
                                                   kind="transition.approve").one()
    assert event.actor_id == judge.id and event.data["override_reason"] is None
    # Once decided, the assessment is closed.
    with pytest.raises(Conflict):
        assessments.assess(db_session, judge, request_, criterion="impact", rating=4,
                           comment="Later thought.")


def test_a_request_names_the_policy_it_supports(db_session, request_, make_process, make_user):
    lead = request_.lead.user
    policy = make_process(lead=lead, title="National Migration Policy")
    assessments.link_supported_process(db_session, lead, request_, policy.id)
    assert request_.supports is policy
    assert assessments.supporting(db_session, policy) == [request_]
    hidden = make_process(lead=make_user("Someone else"), title="Hidden policy")
    with pytest.raises(InvalidInput):
        assessments.link_supported_process(db_session, lead, request_, hidden.id)
    with pytest.raises(InvalidInput):
        assessments.link_supported_process(db_session, lead, request_, request_.id)
    assessments.link_supported_process(db_session, lead, request_, None)
    assert request_.supports is None
    kinds = [e.kind for e in db_session.query(AuditEvent).filter_by(process_id=request_.id)]
    assert kinds.count("process.supports") == 2


def test_a_request_pinned_to_the_first_version_keeps_working(
        db_session, tmp_path, make_user, make_institution, satisfy_gate):
    shutil.copy(DATA / "technical-assistance-v1.toml", tmp_path / "technical-assistance.toml")
    old_catalog = Catalog(tmp_path)
    lead = make_user("Old Lead")
    lead.may_start_processes = True
    old = start_process(db_session, lead, old_catalog, title="Old request",
                        workflow="technical-assistance", country="Ruritania",
                        requesting_institution_id=make_institution().id)
    assert definition_of(old).version == 1 and old.state == "request"
    while old.state != "steering_group":
        satisfy_gate(old)
        transitions.fire(db_session, lead, old, "advance", note="ok")
    # Under version 1 the lead still takes the decision, as the process was started.
    satisfy_gate(old)
    transitions.fire(db_session, lead, old, "approve", note="Approved")
    assert old.state == "approved"


def test_only_known_deciders_are_accepted_in_a_workflow():
    from engine.workflows import WorkflowInvalid, parse_text

    text = (DATA / "technical-assistance-v1.toml").read_text().replace(
        'trigger = "approve"\nsource = "steering_group"',
        'trigger = "approve"\nsource = "steering_group"\ndecided_by = "minister"')
    with pytest.raises(WorkflowInvalid) as error:
        parse_text(text, "ta.toml")
    assert any("decided_by" in str(p) and "minister" in str(p) for p in error.value.problems)


def test_outsiders_do_not_see_the_assessment(db_session, request_, make_user):
    with pytest.raises(NotFound):
        assessments.assess(db_session, make_user(), request_, criterion="impact", rating=3,
                           comment="?")


def test_the_assessment_and_lapsed_sign_offs_survive_a_dump_and_load(
        db_session, request_, donor_member, satisfy_gate):
    import json

    from engine.archive import dump_process, load_process

    _to_steering_group(db_session, request_, satisfy_gate)
    assessments.assess(db_session, donor_member.user, request_, criterion="impact", rating=3,
                       comment="A bulletin for three ministries.")
    first = dump_process(db_session, request_.id)
    assert [(a["criterion"], a["rating"]) for a in first["assessments"]] == [("impact", 3)]
    copy = load_process(db_session, json.loads(json.dumps(first)))
    assert [(a.criterion, a.comment) for a in assessments.ratings(db_session, copy).values()] \
        == [("impact", "A bulletin for three ministries.")]
    second = dump_process(db_session, copy.id)
    assert second["assessments"] == first["assessments"]
    assert second["signoffs"] == [{**s, "id": t["id"]} for s, t in
                                  zip(first["signoffs"], second["signoffs"], strict=True)]
