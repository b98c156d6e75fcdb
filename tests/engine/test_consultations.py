"""Consultations: updates are recorded only when something changed."""

from __future__ import annotations

from engine.services import consultations
from engine.services.audit import history


def test_an_unchanged_save_records_nothing(db_session, make_process):
    process = make_process()
    lead = process.lead.user
    item = consultations.create_consultation(
        db_session, lead, process, stage="agenda_setting", method="public_hearing",
        title="Public hearing", held_on=None, groups=["civil_society"])
    before = len(history(db_session, process, kind="consultation.updated"))
    consultations.update_consultation(db_session, lead, item, title="Public hearing",
                                      method="public_hearing", groups=["civil_society"])
    assert len(history(db_session, process, kind="consultation.updated")) == before
    consultations.update_consultation(db_session, lead, item, held_on="2026-05-04",
                                      groups=["civil_society", "diaspora"])
    events = history(db_session, process, kind="consultation.updated")
    assert len(events) == before + 1
    assert events[-1].data["after"]["groups"] == ["civil_society", "diaspora"]
    assert events[-1].data["before"]["held_on"] is None
