"""Sign-offs: counted per signatory institution, and bound to the text they approved."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from engine.catalog import Catalog, definition_of
from engine.errors import Conflict, GateNotMet, PermissionDenied
from engine.gates import evaluate_gate
from engine.models import AuditEvent
from engine.services import members, transitions
from engine.services.document import sections
from engine.services.processes import start_process
from engine.workflows import WorkflowInvalid, parse_text

DATA = Path(__file__).parent / "data"


def _catalog(tmp_path, extra: str = "") -> Catalog:
    text = (DATA / "pilot-v1.toml").read_text()
    text = text.replace("quorum = 0.5", "quorum = 1.0" + extra)
    (tmp_path / "pilot.toml").write_text(text)
    return Catalog(tmp_path)


def _start(db_session, catalog, make_user, make_institution):
    lead = make_user("Pilot Lead")
    lead.may_start_processes = True
    institution = make_institution("Pilot Ministry")
    return start_process(db_session, lead, catalog, title="Pilot", workflow="pilot",
                         country="Ruritania", requesting_institution_id=institution.id)


def _signoff_check(db_session, process):
    return next(c for c in evaluate_gate(db_session, process) if c.kind == "signoff")


def test_a_department_signs_for_its_ministry(db_session, tmp_path, make_user, make_institution,
                                             add_member):
    process = _start(db_session, _catalog(tmp_path), make_user, make_institution)
    interior = make_institution("Ministry of the Interior")
    borders = make_institution("Border Police Department", kind="department", parent=interior)
    justice = make_institution("Ministry of Justice")
    border_official = add_member(process, "core", institution=borders)
    interior_official = add_member(process, "core", institution=interior)
    justice_official = add_member(process, "core", institution=justice)
    check = _signoff_check(db_session, process)
    # Four core institutions, three signatories: the department counts as its ministry.
    assert check.message == (
        "0 of 3 signatory institutions signed off; waiting for: Pilot Ministry, "
        "Ministry of the Interior, Ministry of Justice."
    )
    with pytest.raises(PermissionDenied):
        members.sign_off(db_session, border_official.user, process, justice.id)
    given = members.sign_off(db_session, border_official.user, process, borders.id)
    assert given.institution_id == interior.id
    with pytest.raises(Conflict):
        members.sign_off(db_session, interior_official.user, process, interior.id)
    check = _signoff_check(db_session, process)
    assert check.message == (
        "1 of 3 signatory institutions signed off; waiting for: Pilot Ministry, "
        "Ministry of Justice."
    )
    members.sign_off(db_session, justice_official.user, process, justice.id)
    members.sign_off(db_session, process.lead.user, process, process.lead.institution_id)
    check = _signoff_check(db_session, process)
    assert check.ok
    assert check.message == "3 of 3 signatory institutions signed off."


def test_a_workflow_may_name_the_signatory_kinds(db_session, tmp_path, make_user,
                                                 make_institution, add_member):
    catalog = _catalog(tmp_path, '\n  signatory_kinds = ["ministry", "agency"]')
    process = _start(db_session, catalog, make_user, make_institution)
    interior = make_institution("Ministry of the Interior")
    agency = make_institution("Migration Agency", kind="agency", parent=interior)
    unit = make_institution("Visa Unit", kind="division", parent=agency)
    official = add_member(process, "core", institution=unit)
    check = _signoff_check(db_session, process)
    assert check.message == (
        "0 of 2 signatory institutions signed off; waiting for: Pilot Ministry, "
        "Migration Agency."
    )
    given = members.sign_off(db_session, official.user, process, unit.id)
    assert given.institution_id == agency.id


def test_signatory_kinds_are_checked_against_the_vocabulary(tmp_path):
    text = (DATA / "pilot-v1.toml").read_text().replace(
        "quorum = 0.5", 'quorum = 0.5\n  signatory_kinds = ["ministry", "embassy"]')
    with pytest.raises(WorkflowInvalid) as error:
        parse_text(text, "pilot.toml")
    assert any("signatory_kinds" in str(p) and "embassy" in str(p)
               for p in error.value.problems)


def test_an_edit_after_sign_off_lapses_it_until_signed_again(
        db_session, tmp_path, make_user, make_institution, add_member):
    process = _start(db_session, _catalog(tmp_path), make_user, make_institution)
    lead = process.lead
    justice = make_institution("Ministry of Justice")
    official = add_member(process, "core", institution=justice)
    section = sections.create_section(db_session, lead.user, process, title="Scope",
                                      body="The policy covers labour migration.")
    first = members.sign_off(db_session, official.user, process, justice.id)
    assert first.revisions[str(section.id)] == section.revision
    members.sign_off(db_session, lead.user, process, lead.institution_id)
    assert _signoff_check(db_session, process).ok

    sections.save_body(db_session, lead.user, section,
                       body="The policy covers labour and student migration.",
                       base_revision=section.revision)

    check = _signoff_check(db_session, process)
    assert not check.ok
    assert check.message == (
        "0 of 2 signatory institutions signed off; waiting for: Pilot Ministry, Ministry "
        f"of Justice. Sign-off lapsed: Ministry of Justice (signed by {official.user.name}; "
        "“Scope” was edited afterwards); Pilot Ministry (signed by Pilot Lead; “Scope” was "
        "edited afterwards); sign again on the current text."
    )
    lapses = db_session.scalars(select(AuditEvent).where(
        AuditEvent.process_id == process.id, AuditEvent.kind == "signoff.lapsed")).all()
    assert sorted(e.data["institution"] for e in lapses) == ["Ministry of Justice",
                                                             "Pilot Ministry"]
    assert {e.data["section"] for e in lapses} == {"Scope"}
    db_session.refresh(first)
    assert not first.valid
    assert first.lapsed_section_id == section.id

    # Re-signing on the new text restores each sign-off.
    again = members.sign_off(db_session, official.user, process, justice.id)
    assert again.id == first.id and again.valid
    assert again.revisions[str(section.id)] == section.revision
    check = _signoff_check(db_session, process)
    assert check.message.startswith("1 of 2 signatory institutions signed off; waiting for: "
                                    "Pilot Ministry. Sign-off lapsed: Pilot Ministry")
    members.sign_off(db_session, lead.user, process, lead.institution_id)
    assert _signoff_check(db_session, process).ok


def test_the_gate_refuses_a_move_on_lapsed_sign_offs(db_session, tmp_path, make_user,
                                                     make_institution, add_member):
    process = _start(db_session, _catalog(tmp_path), make_user, make_institution)
    lead = process.lead
    section = sections.create_section(db_session, lead.user, process, title="Scope",
                                      body="Draft.")
    members.sign_off(db_session, lead.user, process, lead.institution_id)
    sections.save_body(db_session, lead.user, section, body="Draft, revised.",
                       base_revision=section.revision)
    failing = [c for c in evaluate_gate(db_session, process) if not c.ok]
    assert "signoff" in {c.kind for c in failing}
    trigger = next(t for t in definition_of(process).transitions
                   if process.state in t.sources and t.gated).trigger
    with pytest.raises(GateNotMet):
        transitions.fire(db_session, lead.user, process, trigger, note="Go")
    # An unchanged save (same text) does not lapse a renewed sign-off.
    members.sign_off(db_session, lead.user, process, lead.institution_id)
    sections.save_body(db_session, lead.user, section, body="Draft, revised.",
                       base_revision=section.revision)
    assert _signoff_check(db_session, process).ok
