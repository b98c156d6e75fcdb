"""dump -> load -> dump gives the same archive apart from ids, across databases too."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.archive import dump_process, load_process
from engine.db import Base, make_engine, make_session_factory
from engine.errors import InvalidInput
from engine.models import Consultation
from engine.services import consultations, members, public_consultations, transitions
from engine.services import deliverables as deliverables_service
from engine.services import meetings as meetings_service
from engine.services.analysis import actions
from engine.services.audit import verify
from engine.services.document import comments, sections
from engine.services.document.sections import flatten, outline

#: Audit digests cover database ids, so a restored chain is sealed anew.
ID_BOUND = {"id", "hash", "prev_hash"}


def strip_ids(value):
    """Drop database ids (``id`` keys) and the audit digests built on them; refs stay."""
    if isinstance(value, dict):
        return {k: strip_ids(v) for k, v in value.items() if k not in ID_BOUND}
    if isinstance(value, list):
        return [strip_ids(v) for v in value]
    return value


@pytest.fixture
def rich_process(db_session, make_process, satisfy_gate, add_member):
    process = make_process(title="Archive me")
    lead = process.lead.user
    satisfy_gate(process)
    transitions.fire(db_session, lead, process, "advance", note="Agenda set")
    expert = add_member(process, "expert").user
    core = add_member(process, "core")
    section = next(n.section for n in flatten(outline(db_session, process)) if n.section.key == "swot")
    sections.save_body(db_session, lead, section, body="Strengths\n\nWeaknesses\n", base_revision=0)
    sections.save_body(db_session, core.user, section, body="Strengths: data\n\nWeaknesses\n",
                       base_revision=1)
    sections.assign_member(db_session, lead, section, core.user.id)
    thread = comments.add_comment(db_session, expert, section, body="Cite the census",
                                  quote="Strengths: data", blocking=True)
    comments.reply(db_session, lead, thread, body="Will do")
    consultation = consultations.create_consultation(
        db_session, lead, process, stage="policy_analysis", method="survey", title="Diaspora survey",
        held_on="2026-03-01", groups=["diaspora"], summary="300 answers")
    item = consultations.add_input(db_session, lead, consultation, source="Diaspora forum",
                                   text="Recognise foreign diplomas")
    consultations.set_disposition(db_session, lead, item, disposition="partly",
                                  reason="Covered in objective 2", section_id=section.id)
    consultations.update_consultation(
        db_session, lead, consultation, invited_institutions=["Diaspora forum"],
        invited_groups=["diaspora"], participants_by_group={"diaspora": 300},
        participants_by_sex={"female": 160, "male": 140}, report="300 answers, **analysed**.")
    consultations.attach_report_file(db_session, lead, consultation, data=b"Draft report\n",
                                     filename="draft.txt")
    consultations.attach_report_file(db_session, lead, consultation,
                                     data=b"Survey;Answers\nDiaspora;300\n",
                                     filename="survey-report.csv")
    unreported = consultations.create_consultation(
        db_session, lead, process, stage="policy_analysis", method="workshop",
        title="Report withdrawn")
    consultations.attach_report_file(db_session, lead, unreported, data=b"Wrong file\n",
                                     filename="wrong.txt")
    consultations.remove_report_file(db_session, lead, unreported)
    today = date.today()
    public = public_consultations.publish(
        db_session, lead, process, title="Draft analysis", section_ids=[section.id],
        opens_on=today - timedelta(days=1), closes_on=today + timedelta(days=5))
    for organisation, decision in (("Diaspora forum", "accept"), ("Spammer", "spam")):
        submission = public_consultations.submit(
            db_session, public.slug, today=today, organisation=organisation,
            group="diaspora", section_id=section.id, text=f"Said by {organisation}.")
        public_consultations.moderate(db_session, lead, submission, decision=decision)
    paper = deliverables_service.create_deliverable(
        db_session, lead, process, stage="policy_analysis", kind="swot", title="SWOT")
    first = deliverables_service.add_version(
        db_session, core.user, paper, data=b"Strengths;Weaknesses\n",
        filename="swot.csv", note="Draft table")
    deliverables_service.decide_version(db_session, lead, first, decision="return",
                                        note="Add the threats")
    second = deliverables_service.add_version(
        db_session, core.user, paper, links=[{"kind": "section", "id": section.id}])
    deliverables_service.decide_version(db_session, lead, second, decision="accept")
    meetings_service.create_meeting(
        db_session, lead, process, stage="policy_analysis", title="Analysis meeting",
        held_on="2026-03-02", minutes="We met.", online=True,
        attendance=[{"email": core.user.email, "status": "excused"}],
        decisions=[{"text": "Go on"}],
        action_points=[{"title": "Census tables", "owner_email": core.user.email,
                        "due_on": "2026-04-01"}])
    members.end_membership(db_session, lead, process, core.id, reason="Moved to another ministry")
    actions.set_currency(db_session, lead, process, "XOF")
    transitions.fire(db_session, lead, process, "suspend", note="Elections")
    return process


def test_round_trip_in_the_same_database(db_session, rich_process):
    first = dump_process(db_session, rich_process.id)
    json.dumps(first)  # plain JSON
    copy = load_process(db_session, json.loads(json.dumps(first)))
    assert copy.id != rich_process.id
    second = dump_process(db_session, copy.id)
    assert strip_ids(second) == strip_ids(first)
    assert verify(db_session, copy.id) == []
    assert len(second["history"]) == len(first["history"]) > 10
    assert second["sections"][0]["revisions"] == first["sections"][0]["revisions"]
    assert any(s["team"] for s in second["sections"])
    assert copy.currency == "XOF"
    public = second["public_consultations"][0]
    assert [s["status"] for s in public["submissions"]] == ["accepted", "rejected"]
    assert public["submissions"][0]["input"] is not None
    survey = next(c for c in second["consultations"] if c["title"] == "Diaspora survey")
    assert survey["participants_by_sex"] == {"female": 160, "male": 140}
    # The report file travels: the restored consultation points at its own copy of the file.
    assert len(second["consultation_report_files"]) == 1
    report = second["consultation_report_files"][0]
    assert report["consultation"] == survey["ref"]
    stored = next(f for f in second["stored_files"] if f["ref"] == report["file"])
    assert stored["name"] == "survey-report.csv"
    restored = next(c for c in copy_consultations(db_session, copy.id)
                    if c.title == "Diaspora survey")
    assert restored.report_file is not None and restored.report_file.name == "survey-report.csv"
    assert restored.report_file.process_id == copy.id
    assert not next(c for c in copy_consultations(db_session, copy.id)
                    if c.title == "Report withdrawn").report_file_id
    assert [v["status"] for v in second["deliverable_versions"]] == ["returned", "accepted"]
    assert "swot.csv" in [f["name"] for f in second["stored_files"]]
    assert second["deliverable_versions"][1]["links"][0]["item"] == \
        first["deliverable_versions"][1]["links"][0]["item"]
    assert {m["title"] for m in second["meetings"]} >= {"Analysis meeting"}


def copy_consultations(session, process_id):
    return session.scalars(select(Consultation).where(Consultation.process_id == process_id))


def test_round_trip_into_another_database(db_session, rich_process, tmp_path):
    first = dump_process(db_session, rich_process.id)
    other = make_engine(f"sqlite:///{tmp_path / 'other.db'}")
    Base.metadata.create_all(other)
    with make_session_factory(other)() as session:
        copy = load_process(session, json.loads(json.dumps(first)))
        session.commit()
        again = dump_process(session, copy.id)
        assert verify(session, copy.id) == []
    other.dispose()
    assert strip_ids(again) == strip_ids(first)


@pytest.mark.postgres
def test_round_trip_from_sqlite_into_postgresql(rich_process, db_session, is_postgres, tmp_path):
    """The test database is PostgreSQL in CI: dump from a SQLite copy, load into it."""
    if not is_postgres:
        pytest.skip("POLICYCYCLE_TEST_DATABASE_URL is not a PostgreSQL database")
    original = dump_process(db_session, rich_process.id)
    lite = make_engine(f"sqlite:///{tmp_path / 'lite.db'}")
    Base.metadata.create_all(lite)
    with Session(lite) as session:
        in_sqlite = load_process(session, json.loads(json.dumps(original)))
        session.commit()
        from_sqlite = dump_process(session, in_sqlite.id)
    lite.dispose()
    into_pg = load_process(db_session, json.loads(json.dumps(from_sqlite)))
    assert strip_ids(dump_process(db_session, into_pg.id)) == strip_ids(original)


def test_load_refuses_what_is_not_an_archive(db_session):
    with pytest.raises(InvalidInput):
        load_process(db_session, {"hello": "world"})
    with pytest.raises(InvalidInput):
        load_process(db_session, {"format": "policycycle.process-archive", "format_version": 99})
    with pytest.raises(InvalidInput):
        load_process(db_session, {"format": "policycycle.process-archive", "format_version": 1})
