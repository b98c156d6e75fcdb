"""The document: tree operations, saves and merges, history, the document over time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from engine.db import utcnow
from engine.errors import Conflict, EditConflict, InvalidInput, NotFound, PermissionDenied
from engine.models import Revision, Section
from engine.services import audit
from engine.services.document import revisions
from engine.services.document import sections as svc

BASE = "Intro paragraph.\n\nSecond paragraph about labour migration.\n\nThird paragraph on diaspora.\n"


@pytest.fixture
def doc(db_session, make_process, add_member):
    process = make_process()
    lead = process.lead.user
    core = add_member(process, "core").user
    section = svc.create_section(db_session, lead, process, title="Vision", body=BASE)
    return process, lead, core, section


def save(session, user, section, body, base):
    return svc.save_body(session, user, section, body=body, base_revision=base)


# ------------------------------------------------------------------ merges through save_body


def test_disjoint_edits_merge_and_the_merge_is_recorded(db_session, doc):
    process, lead, core, section = doc
    first = save(db_session, lead, section, BASE.replace("Intro", "Opening"), 1)
    second = save(db_session, core, section, BASE.replace("diaspora", "the diaspora"), 1)
    assert (first.revision, first.merged) == (2, False)
    assert (second.revision, second.merged) == (3, True)
    assert section.body == ("Opening paragraph.\n\nSecond paragraph about labour migration.\n\n"
                            "Third paragraph on the diaspora.\n")
    rev = revisions.revision(db_session, section, 3)
    assert rev.merged
    assert rev.base_revision == 1
    assert rev.author_id == core.id
    event = audit.history(db_session, process, kind="section.saved", newest_first=True)[0]
    assert event.data["merged"] is True
    assert event.data["merged_with"] == [2]


def test_overlapping_edits_conflict_with_the_three_texts(db_session, doc):
    process, lead, core, section = doc
    save(db_session, lead, section, BASE.replace("labour migration", "labour mobility"), 1)
    yours = BASE.replace("labour migration", "circular migration")
    with pytest.raises(EditConflict) as caught:
        save(db_session, core, section, yours, 1)
    details = caught.value.details
    assert details["base"] == BASE
    assert "labour mobility" in details["theirs"]
    assert details["yours"] == yours
    assert details["current_revision"] == 2
    [conflict] = details["conflicts"]
    assert "labour migration" in conflict["base"]
    assert "labour mobility" in conflict["theirs"]
    assert "circular migration" in conflict["yours"]
    assert details["proposal"] == yours  # theirs changed nothing else
    assert section.revision == 2  # nothing saved


def test_conflict_proposal_keeps_theirs_elsewhere(db_session, doc):
    _, lead, core, section = doc
    theirs = BASE.replace("labour migration", "labour mobility").replace("Intro", "Opening")
    save(db_session, lead, section, theirs, 1)
    with pytest.raises(EditConflict) as caught:
        save(db_session, core, section, BASE.replace("labour migration", "circular migration"), 1)
    proposal = caught.value.details["proposal"]
    assert "Opening" in proposal
    assert "circular migration" in proposal


def test_the_same_edit_twice_is_idempotent(db_session, doc):
    _, lead, core, section = doc
    edited = BASE.replace("Intro", "Opening")
    assert save(db_session, lead, section, edited, 1).changed
    again = save(db_session, core, section, edited, 1)
    assert not again.changed
    assert again.revision == 2
    assert [r.number for r in revisions.revisions(db_session, section)] == [1, 2]


def test_saving_unchanged_text_makes_no_revision(db_session, doc):
    _, lead, _, section = doc
    assert not save(db_session, lead, section, BASE, 1).changed
    assert section.revision == 1


def test_edits_at_both_ends_merge(db_session, doc):
    _, lead, core, section = doc
    save(db_session, lead, section, "Preface.\n\n" + BASE, 1)
    save(db_session, core, section, BASE + "\nAppendix.\n", 1)
    assert section.body.startswith("Preface.\n\nIntro")
    assert section.body.endswith("diaspora.\n\nAppendix.\n")


def test_edits_around_blank_lines_merge(db_session, doc):
    _, lead, core, section = doc
    # One adds a paragraph after the first; the other edits the second.
    mine = BASE.replace("Intro paragraph.\n\n", "Intro paragraph.\n\nInserted paragraph.\n\n")
    save(db_session, lead, section, mine, 1)
    save(db_session, core, section, BASE.replace("Second", "2nd"), 1)
    assert section.body == ("Intro paragraph.\n\nInserted paragraph.\n\n2nd paragraph about "
                            "labour migration.\n\nThird paragraph on diaspora.\n")


def test_two_insertions_at_the_same_place_conflict(db_session, doc):
    _, lead, core, section = doc
    save(db_session, lead, section, BASE + "\nTheirs at the end.\n", 1)
    with pytest.raises(EditConflict):
        save(db_session, core, section, BASE + "\nYours at the end.\n", 1)


def test_crlf_and_trailing_newlines_are_normalised(db_session, doc):
    _, lead, _, section = doc
    result = save(db_session, lead, section, BASE.replace("\n", "\r\n") + "\r\n\r\n", 1)
    assert not result.changed


def test_save_needs_a_known_base_revision(db_session, doc):
    _, lead, _, section = doc
    with pytest.raises(InvalidInput):
        save(db_session, lead, section, "x", 7)
    with pytest.raises(InvalidInput):
        save(db_session, lead, section, "x", "abc")


def test_editing_an_agreed_section_returns_it_to_drafting(db_session, doc):
    process, lead, _, section = doc
    svc.update_section(db_session, lead, section, status="agreed")
    save(db_session, lead, section, BASE + "\nMore.\n", 1)
    assert section.status == "drafting"
    kinds = [e.kind for e in audit.history(db_session, process, kind="section.status")]
    assert kinds.count("section.status") == 2


def test_experts_and_observers_cannot_save(db_session, doc, add_member):
    process, *_ , section = doc
    for role in ("expert", "observer"):
        user = add_member(process, role).user
        with pytest.raises(PermissionDenied):
            save(db_session, user, section, "x", 1)


# ------------------------------------------------------------------ history


def test_revisions_and_restore_as_a_new_revision(db_session, doc):
    _, lead, _, section = doc
    save(db_session, lead, section, "Rewritten.\n", 1)
    result = svc.restore_revision(db_session, lead, section, 1)
    assert result.revision == 3
    assert section.body == BASE
    revs = revisions.revisions(db_session, section)
    assert [(r.number, r.kind) for r in revs] == [(1, "save"), (2, "save"), (3, "restore")]
    assert revs[1].body == "Rewritten.\n"  # nothing overwritten
    with pytest.raises(NotFound):
        revisions.revision(db_session, section, 99)


# ------------------------------------------------------------------ the tree


def test_move_up_down_indent_outdent(db_session, make_process):
    process = make_process()
    lead = process.lead.user
    a = svc.create_section(db_session, lead, process, title="A")
    b = svc.create_section(db_session, lead, process, title="B")
    c = svc.create_section(db_session, lead, process, title="C")

    def numbers():
        n = svc.numbering(db_session, process)
        return n[a.id], n[b.id], n[c.id]

    first = numbers()
    svc.move_section(db_session, lead, c, "up")
    assert numbers() == (first[0], first[2], first[1])
    svc.move_section(db_session, lead, c, "down")
    assert numbers() == first
    svc.move_section(db_session, lead, c, "indent")
    _, nb, nc = numbers()
    assert nc == nb + ".1"
    svc.move_section(db_session, lead, c, "outdent")
    assert numbers() == first
    with pytest.raises(Conflict):
        svc.move_section(db_session, lead, c, "down")
    with pytest.raises(Conflict):
        svc.move_section(db_session, lead, c, "outdent")
    with pytest.raises(InvalidInput):
        svc.move_section(db_session, lead, c, "sideways")


def test_move_up_swaps_with_the_section_above(db_session, make_process):
    process = make_process()
    lead = process.lead.user
    a = svc.create_section(db_session, lead, process, title="A")
    b = svc.create_section(db_session, lead, process, title="B")
    before = svc.numbering(db_session, process)
    svc.move_section(db_session, lead, b, "up")
    after = svc.numbering(db_session, process)
    assert after[b.id] == before[a.id]
    assert after[a.id] == before[b.id]


def test_delete_is_restorable_with_subsections(db_session, make_process):
    process = make_process()
    lead = process.lead.user
    parent = svc.create_section(db_session, lead, process, title="Parent", body="P\n")
    child = svc.create_section(db_session, lead, process, title="Child", parent_id=parent.id)
    svc.delete_section(db_session, lead, parent)
    assert child.deleted_at is not None
    assert parent.id not in svc.numbering(db_session, process)
    assert [s.id for s in svc.deleted_sections(db_session, process)] == [parent.id]
    svc.restore_section(db_session, lead, parent)
    numbers = svc.numbering(db_session, process)
    assert numbers[child.id] == numbers[parent.id] + ".1"
    assert parent.body == "P\n"


# ------------------------------------------------------------------ drafting team


def test_drafting_team(db_session, doc, add_member):
    process, lead, core, section = doc
    expert = add_member(process, "expert").user
    observer = add_member(process, "observer").user
    svc.assign_member(db_session, lead, section, core.id)
    svc.assign_member(db_session, core, section, expert.id)
    assert {u.id for u in section.team} == {core.id, expert.id}
    with pytest.raises(Conflict):
        svc.assign_member(db_session, lead, section, core.id)
    with pytest.raises(InvalidInput):
        svc.assign_member(db_session, lead, section, observer.id)
    with pytest.raises(PermissionDenied):
        svc.assign_member(db_session, expert, section, lead.id)
    svc.unassign_member(db_session, lead, section, expert.id)
    assert [u.id for u in section.team] == [core.id]
    kinds = [e.kind for e in audit.history(db_session, process, kind="section.team")]
    assert kinds == ["section.team_added", "section.team_added", "section.team_removed"]


# ------------------------------------------------------------------ the document over time


def _backdate(session, section, number, when):
    rev = session.scalar(select(Revision).where(Revision.section_id == section.id,
                                                Revision.number == number))
    rev.created_at = when
    session.flush()


def test_document_as_of_a_moment(db_session, doc):
    process, lead, _, section = doc
    t0 = utcnow()
    save(db_session, lead, section, "Second version.\n", 1)
    _backdate(db_session, section, 1, t0 - timedelta(hours=2))
    _backdate(db_session, section, 2, t0 - timedelta(hours=1))
    section.created_at = t0 - timedelta(hours=3)
    before = svc.document_as_of(db_session, process, t0 - timedelta(minutes=90))
    assert before[section.id] == BASE
    assert svc.document_as_of(db_session, process, t0)[section.id] == "Second version.\n"


def test_compare_document_lists_added_removed_changed(db_session, doc):
    process, lead, _, section = doc
    start = utcnow()
    other = svc.create_section(db_session, lead, process, title="Other", body="Old\n")
    middle = utcnow()
    save(db_session, lead, section, BASE + "\nAdded later.\n", 1)
    svc.delete_section(db_session, lead, other)
    new = svc.create_section(db_session, lead, process, title="New", body="Fresh\n")
    end = utcnow()
    changes = {c.section.id: c for c in svc.compare_document(db_session, lead, process, middle, end)}
    assert changes[section.id].op == "changed"
    assert changes[other.id].op == "removed"
    assert changes[other.id].old == "Old\n"
    assert changes[new.id].op == "added"
    assert changes[new.id].new == "Fresh\n"
    early = {c.section.id: c.op for c in svc.compare_document(db_session, lead, process, start, middle)}
    assert early[other.id] == "added"


def test_compare_points_and_dates(db_session, doc, satisfy_gate):
    from engine.services.transitions import fire

    process, lead, _, _ = doc
    satisfy_gate(process)
    fire(db_session, lead, process, "advance", note="Ready")
    points = svc.compare_points(db_session, process)
    assert [p.key.split(":")[0] for p in points] == ["start", "transition", "now"]
    at = svc.resolve_point(db_session, process, points[1].key)
    assert at == points[1].at
    day = svc.resolve_point(db_session, process, "2026-01-31")
    assert (day.year, day.month, day.day, day.hour) == (2026, 1, 31, 23)
    with pytest.raises(InvalidInput):
        svc.resolve_point(db_session, process, "transition:999999")
    with pytest.raises(InvalidInput):
        svc.resolve_point(db_session, process, "yesterday")


def test_sections_of_the_outline_exist_from_the_start(db_session, make_process):
    process = make_process()
    sections = list(db_session.scalars(select(Section).where(Section.process_id == process.id)))
    as_of = svc.document_as_of(db_session, process, utcnow())
    assert sections
    assert {s.id for s in sections} <= set(as_of)


# ------------------------------------------------------------------ retried saves


def test_a_save_retried_with_the_same_client_id_makes_one_revision(db_session, doc):
    process, lead, _, section = doc
    first = svc.save_body(db_session, lead, section, body=BASE + "\nMore.\n", base_revision=1,
                          client_save_id="tab-1:save-7")
    again = svc.save_body(db_session, lead, section, body=BASE + "\nMore.\n", base_revision=1,
                          client_save_id="tab-1:save-7")
    assert (first.revision, first.repeated) == (2, False)
    assert (again.revision, again.changed, again.repeated) == (2, True, True)
    assert [r.number for r in revisions.revisions(db_session, section)] == [1, 2]
    assert len(audit.history(db_session, process, kind="section.saved")) == 2  # 1 and 2 only
    other = svc.save_body(db_session, lead, section, body=BASE + "\nEven more.\n",
                          base_revision=2, client_save_id="tab-1:save-8")
    assert other.revision == 3


def test_a_client_save_id_must_be_short_text(db_session, doc):
    _, lead, _, section = doc
    with pytest.raises(InvalidInput):
        svc.save_body(db_session, lead, section, body="x", base_revision=1,
                      client_save_id="x" * 101)
    with pytest.raises(InvalidInput):
        svc.save_body(db_session, lead, section, body="x", base_revision=1, client_save_id=5)
