"""Suggested edits: a proposed text cut into changes, accepted or rejected one by one."""

from __future__ import annotations

import pytest

from engine.errors import Conflict, EditConflict, InvalidInput, PermissionDenied
from engine.services import audit
from engine.services import sections as svc
from engine.services import track_changes as tc
from engine.text.changes import apply_changes, word_changes

BASE = ("Labour migration is rising fast.\n\n"
        "The ministry drafts a plan with partners.\n\n"
        "| Year | People |\n| --- | --- |\n| 2024 | 10 |\n")
PROPOSED = ("Labour migration is rising steadily.\n\n"
            "The ministry drafts a plan with social partners.\n\n"
            "| Year | People |\n| --- | --- |\n| 2024 | 12 |\n")


@pytest.fixture
def doc(db_session, make_process, add_member):
    process = make_process()
    lead = process.lead.user
    core = add_member(process, "core").user
    expert = add_member(process, "expert").user
    observer = add_member(process, "observer").user
    section = svc.create_section(db_session, lead, process, title="Context", body=BASE)
    return process, lead, core, expert, observer, section


# ------------------------------------------------------------------ cutting into changes


def test_word_changes_rebuild_the_proposed_text_and_any_subset_applies():
    changes = word_changes(BASE, PROPOSED)
    assert [(c.kind, c.old, c.new) for c in changes] == [
        ("replace", "fast", "steadily"), ("insert", "", "social "), ("replace", "10", "12")]
    assert apply_changes(BASE, changes) == PROPOSED
    assert apply_changes(BASE, changes[1:2]) == BASE.replace("with partners", "with social partners")
    assert changes[0].before.endswith("is rising ")
    assert changes[0].after.startswith(".\n\nThe ministry")


def test_word_changes_keep_added_and_removed_paragraphs_whole():
    old = "One.\n\nTwo.\n"
    new = "One.\n\nA new paragraph here.\n\nTwo.\n"
    [change] = word_changes(old, new)
    assert change.kind == "insert"
    assert apply_changes(old, [change]) == new
    [gone] = word_changes(new, old)
    assert gone.kind == "delete"
    assert "A new paragraph here." in gone.old


# ------------------------------------------------------------------ proposing


def test_an_expert_proposes_and_the_server_computes_the_changes(db_session, doc):
    process, _, _, expert, _, section = doc
    suggestion = tc.propose(db_session, expert, section, body=PROPOSED, base_revision=1)
    assert suggestion.status == "pending"
    assert suggestion.source == "editor"
    assert suggestion.author_id == expert.id
    assert [(c.kind, c.old_text, c.new_text) for c in suggestion.changes] == [
        ("replace", "fast", "steadily"), ("insert", "", "social "), ("replace", "10", "12")]
    assert all(c.status == "pending" for c in suggestion.changes)
    assert section.body == BASE  # nothing changed yet
    assert section.revision == 1
    [event] = audit.history(db_session, process, kind="suggestion.proposed")
    assert event.data["changes"] == 3


def test_experts_may_suggest_but_not_edit_and_observers_neither(db_session, doc):
    _, _, _, expert, observer, section = doc
    with pytest.raises(PermissionDenied):
        svc.save_body(db_session, expert, section, body=PROPOSED, base_revision=1)
    with pytest.raises(PermissionDenied):
        tc.propose(db_session, observer, section, body=PROPOSED, base_revision=1)


def test_an_identical_body_is_refused_clearly(db_session, doc):
    _, _, _, expert, _, section = doc
    with pytest.raises(InvalidInput) as caught:
        tc.propose(db_session, expert, section, body=BASE, base_revision=1)
    assert "nothing to suggest" in caught.value.message
    assert caught.value.details == {"body": "identical to the base revision"}


def test_bad_base_revision_and_body_are_refused(db_session, doc):
    _, _, _, expert, _, section = doc
    with pytest.raises(InvalidInput):
        tc.propose(db_session, expert, section, body=PROPOSED, base_revision=7)
    with pytest.raises(InvalidInput):
        tc.propose(db_session, expert, section, body=PROPOSED, base_revision="x")
    with pytest.raises(InvalidInput):
        tc.propose(db_session, expert, section, body=["not", "text"], base_revision=1)
    with pytest.raises(InvalidInput):
        tc.propose(db_session, expert, section, body=PROPOSED, base_revision=1, source="fax")


def test_an_import_keeps_the_word_author_and_a_retry_makes_one_suggestion(db_session, doc):
    _, lead, _, _, _, section = doc
    first = tc.propose(db_session, lead, section, body=PROPOSED, base_revision=1,
                       source="import", author_label="Maria Jones", client_id="docx-1")
    again = tc.propose(db_session, lead, section, body=PROPOSED, base_revision=1,
                       source="import", author_label="Maria Jones", client_id="docx-1")
    assert again.id == first.id
    assert first.author_label == "Maria Jones"
    assert len(tc.suggestions_for(db_session, lead, section)) == 1


# ------------------------------------------------------------------ deciding


def test_accepting_all_makes_one_new_revision_with_every_change(db_session, doc):
    process, _, core, expert, _, section = doc
    suggestion = tc.propose(db_session, expert, section, body=PROPOSED, base_revision=1)
    result = tc.accept(db_session, core, suggestion)
    assert result.revision == 2
    assert section.body == PROPOSED
    assert suggestion.status == "accepted"
    assert suggestion.decided_by_id == core.id
    assert all(c.status == "accepted" for c in suggestion.changes)
    revision = svc.revision(db_session, section, 2)
    assert revision.kind == "suggestion"
    assert revision.author_id == core.id
    [event] = audit.history(db_session, process, kind="suggestion.accepted")
    assert event.data["revision"] == 2
    with pytest.raises(Conflict):
        tc.accept(db_session, core, suggestion)


def test_accepting_some_changes_then_the_rest(db_session, doc):
    _, lead, core, expert, _, section = doc
    suggestion = tc.propose(db_session, expert, section, body=PROPOSED, base_revision=1)
    first, second, third = suggestion.changes
    tc.accept(db_session, core, suggestion, [second.id])
    assert section.body == BASE.replace("with partners", "with social partners")
    assert suggestion.status == "partly_accepted"
    tc.reject(db_session, lead, suggestion, [third.id])
    assert suggestion.status == "partly_accepted"
    assert suggestion.decided_at is None  # the first change is still open
    tc.accept(db_session, core, suggestion, [first.id])
    assert section.body == PROPOSED.replace("| 12 |", "| 10 |")
    assert suggestion.status == "partly_accepted"
    assert suggestion.decided_at is not None
    assert [c.status for c in suggestion.changes] == ["accepted", "accepted", "rejected"]
    assert section.revision == 3


def test_accepting_merges_with_edits_made_since(db_session, doc):
    _, lead, core, expert, _, section = doc
    suggestion = tc.propose(db_session, expert, section, body=PROPOSED, base_revision=1)
    svc.save_body(db_session, lead, section, body=BASE.replace("drafts a plan", "drafts a strategy"),
                  base_revision=1)
    tc.accept(db_session, core, suggestion, [suggestion.changes[0].id])
    assert "rising steadily" in section.body
    assert "drafts a strategy" in section.body  # the lead's edit is kept
    assert section.revision == 3


def test_accepting_over_a_rewrite_of_the_same_passage_conflicts_and_decides_nothing(db_session, doc):
    _, lead, core, expert, _, section = doc
    suggestion = tc.propose(db_session, expert, section, body=PROPOSED, base_revision=1)
    svc.save_body(db_session, lead, section, body=BASE.replace("rising fast", "falling"),
                  base_revision=1)
    with pytest.raises(EditConflict):
        tc.accept(db_session, core, suggestion, [suggestion.changes[0].id])
    assert suggestion.changes[0].status == "pending"


def test_rejecting_leaves_the_text_unchanged_and_is_recorded(db_session, doc):
    process, _, core, expert, _, section = doc
    suggestion = tc.propose(db_session, expert, section, body=PROPOSED, base_revision=1)
    tc.reject(db_session, core, suggestion)
    assert section.body == BASE
    assert section.revision == 1
    assert suggestion.status == "rejected"
    assert suggestion.decided_by_id == core.id
    [event] = audit.history(db_session, process, kind="suggestion.rejected")
    assert event.actor_email == core.email


def test_only_those_who_edit_decide(db_session, doc):
    _, _, _, expert, _, section = doc
    suggestion = tc.propose(db_session, expert, section, body=PROPOSED, base_revision=1)
    with pytest.raises(PermissionDenied):
        tc.accept(db_session, expert, suggestion)
    with pytest.raises(PermissionDenied):
        tc.reject(db_session, expert, suggestion)


def test_unknown_or_decided_change_ids_are_refused(db_session, doc):
    _, _, core, expert, _, section = doc
    suggestion = tc.propose(db_session, expert, section, body=PROPOSED, base_revision=1)
    with pytest.raises(InvalidInput):
        tc.accept(db_session, core, suggestion, [999_999])
    with pytest.raises(InvalidInput):
        tc.accept(db_session, core, suggestion, "1")
    with pytest.raises(InvalidInput):
        tc.reject(db_session, core, suggestion, [])
    tc.reject(db_session, core, suggestion, [suggestion.changes[0].id])
    with pytest.raises(Conflict):
        tc.accept(db_session, core, suggestion, [suggestion.changes[0].id])


def test_pending_counts_per_section_for_the_outline(db_session, doc):
    process, lead, core, expert, _, section = doc
    other = svc.create_section(db_session, lead, process, title="Goals", body="Goal one.\n")
    tc.propose(db_session, expert, section, body=PROPOSED, base_revision=1)
    tc.propose(db_session, core, section, body=BASE + "\nMore.\n", base_revision=1)
    done = tc.propose(db_session, expert, other, body="Goal two.\n", base_revision=1)
    tc.reject(db_session, lead, done)
    assert tc.pending_counts(db_session, process) == {section.id: 2}
