"""Comments: anchors that follow their passage, suggestions, the gate, and safe highlighting."""

from __future__ import annotations

import pytest

from engine.errors import Conflict, EditConflict, GateNotMet, InvalidInput, PermissionDenied
from engine.gates import evaluate_gate
from engine.services import audit
from engine.services.document import comments as svc
from engine.services.document import revisions, sections, suggestions

TEXT = ("The strategy covers labour migration.\n\n"
        "Remittances should be cheaper to send.\n\n"
        "Return migrants are supported on arrival.\n")


@pytest.fixture
def doc(db_session, make_process, add_member):
    process = make_process()
    lead = process.lead.user
    core = add_member(process, "core").user
    expert = add_member(process, "expert").user
    section = sections.create_section(db_session, lead, process, title="Goals", body=TEXT)
    return process, lead, core, expert, section


def save(session, user, section, body, base=None):
    return sections.save_body(session, user, section, body=body,
                              base_revision=section.revision if base is None else base)


# ------------------------------------------------------------------ anchors


def test_anchor_follows_a_moved_passage(db_session, doc):
    _, lead, _, expert, section = doc
    comment = svc.add_comment(db_session, expert, section, body="How much cheaper?",
                              quote="cheaper to send")
    assert comment.anchor_start == TEXT.index("cheaper to send")
    moved = "A new opening paragraph.\n\n" + TEXT
    save(db_session, lead, section, moved)
    assert comment.anchor_start == moved.index("cheaper to send")


def test_anchor_follows_a_lightly_edited_passage(db_session, doc):
    _, lead, _, expert, section = doc
    comment = svc.add_comment(db_session, expert, section, body="Source?",
                              quote="Remittances should be cheaper to send.")
    edited = TEXT.replace("should be cheaper", "should become cheaper")
    save(db_session, lead, section, edited)
    assert comment.anchor_start == edited.index("Remittances")


def test_anchor_prefers_the_occurrence_nearest_its_old_place(db_session, doc):
    _, lead, _, expert, section = doc
    comment = svc.add_comment(db_session, expert, section, body="?", quote="migrants")
    # "migrants" occurs once; add another occurrence far before it.
    edited = "Migrants and migrants.\n\n" + TEXT
    save(db_session, lead, section, edited)
    assert comment.anchor_start == edited.index("Return migrants") + len("Return ")


def test_passage_gone_makes_the_comment_outdated_and_back_again(db_session, doc):
    process, lead, _, expert, section = doc
    comment = svc.add_comment(db_session, expert, section, body="Supported how?",
                              quote="supported on arrival")
    without = TEXT.replace("Return migrants are supported on arrival.\n", "Nothing here.\n")
    save(db_session, lead, section, without)
    assert comment.anchor_start is None
    event = audit.history(db_session, process, kind="section.saved", newest_first=True)[0]
    assert event.data["outdated_comments"] == [comment.id]
    view = {t.id: t for t in svc.annotate(section, svc.threads(db_session, section)).threads}
    assert view[comment.id].state == "outdated"
    sections.restore_revision(db_session, lead, section, 1)
    assert comment.anchor_start == TEXT.index("supported on arrival")


def test_a_quote_must_be_in_the_text(db_session, doc):
    *_, expert, section = doc
    with pytest.raises(InvalidInput):
        svc.add_comment(db_session, expert, section, body="?", quote="not in the text at all")


# ------------------------------------------------------------------ highlighting


def test_highlight_wraps_the_passage_in_mark_without_touching_markup(db_session, doc):
    _, lead, _, expert, section = doc
    body = "Intro with **bold words** & <b>tags</b>.\n\n| a | b |\n|---|---|\n| cell one | cell two |\n"
    save(db_session, lead, section, body)
    first = svc.add_comment(db_session, expert, section, body="x", quote="bold words")
    second = svc.add_comment(db_session, expert, section, body="y", quote="cell one")
    annotated = svc.annotate(section, svc.threads(db_session, section))
    html = annotated.html
    assert (f'<strong><mark class="comment-anchor" id="anchor-{first.id}" '
            f'data-comments="{first.id}">bold words</mark></strong>') in html
    assert f'<td><mark class="comment-anchor" id="anchor-{second.id}"' in html
    assert "<b>" not in html
    assert "&amp;" in html
    assert all(t.highlighted for t in annotated.threads)


def test_highlight_across_elements_and_overlapping(db_session, doc):
    _, lead, _, expert, section = doc
    save(db_session, lead, section, "One *two* three four.\n")
    a = svc.add_comment(db_session, expert, section, body="a", quote="One *two* three")
    b = svc.add_comment(db_session, expert, section, body="b", quote="three four")
    html = svc.annotate(section, svc.threads(db_session, section)).html
    assert f'<mark class="comment-anchor" id="anchor-{a.id}" data-comments="{a.id}">One </mark>' in html
    assert f'<em><mark class="comment-anchor" data-comments="{a.id}">two</mark></em>' in html
    assert (f'<mark class="comment-anchor" id="anchor-{b.id}" data-comments="{a.id} {b.id}">'
            "three</mark>") in html


def test_highlight_never_injects_the_quote_as_markup(db_session, doc):
    _, lead, _, expert, section = doc
    nasty = '<img src=x onerror="alert(1)"> and <script>alert(2)</script> text'
    save(db_session, lead, section, nasty + "\n")
    svc.add_comment(db_session, expert, section, body="<script>alert(3)</script>",
                    quote='onerror="alert(1)"> and')
    svc.add_comment(db_session, expert, section, body="z", quote="text")
    html = svc.annotate(section, svc.threads(db_session, section)).html
    assert "<img" not in html
    assert "<script" not in html
    assert "onerror" not in html.replace("&", "")


def test_resolved_comments_are_not_highlighted(db_session, doc):
    _, lead, _, expert, section = doc
    comment = svc.add_comment(db_session, expert, section, body="x", quote="labour migration")
    svc.resolve(db_session, expert, comment)
    assert "<mark" not in svc.annotate(section, svc.threads(db_session, section)).html


# ------------------------------------------------------------------ suggestions


def test_accepting_a_suggestion_merges_with_a_concurrent_edit(db_session, doc):
    process, lead, core, expert, section = doc
    comment = svc.add_comment(db_session, expert, section, body="Clearer.",
                              quote="cheaper to send", suggestion="less costly to send")
    assert comment.revision_number == 1
    # Somebody edits another paragraph after the suggestion was made.
    save(db_session, lead, section, TEXT.replace("labour migration", "all labour migration"))
    suggestions.accept_suggestion(db_session, core, comment)
    assert section.body == (TEXT.replace("labour migration", "all labour migration")
                            .replace("cheaper to send", "less costly to send"))
    assert comment.suggestion_status == "accepted"
    assert comment.applied_revision == 3
    assert comment.status == "resolved"
    assert comment.decided_by_id == core.id
    rev = revisions.revision(db_session, section, 3)
    assert rev.kind == "suggestion"
    assert rev.merged
    assert rev.base_revision == 1
    kinds = [e.kind for e in audit.history(db_session, process, kind="comment")]
    assert kinds[-1] == "comment.suggestion_accepted"
    with pytest.raises(Conflict):
        suggestions.accept_suggestion(db_session, core, comment)


def test_accepting_when_the_passage_was_rewritten_conflicts_and_changes_nothing(db_session, doc):
    _, lead, core, expert, section = doc
    comment = svc.add_comment(db_session, expert, section, body="Clearer.",
                              quote="cheaper to send", suggestion="less costly to send")
    save(db_session, lead, section, TEXT.replace("cheaper to send", "free to send"))
    with pytest.raises(EditConflict):
        suggestions.accept_suggestion(db_session, core, comment)
    assert comment.suggestion_status == "pending"
    assert section.revision == 2


def test_only_lead_and_core_decide_suggestions(db_session, doc):
    *_, expert, section = doc
    comment = svc.add_comment(db_session, expert, section, body="b", quote="Return migrants",
                              suggestion="Returning migrants")
    with pytest.raises(PermissionDenied):
        suggestions.accept_suggestion(db_session, expert, comment)
    with pytest.raises(PermissionDenied):
        suggestions.decline_suggestion(db_session, expert, comment, "no")


def test_declining_needs_a_reason_and_is_recorded(db_session, doc):
    process, lead, _, expert, section = doc
    comment = svc.add_comment(db_session, expert, section, body="b", quote="Return migrants",
                              suggestion="Returning migrants")
    with pytest.raises(InvalidInput):
        suggestions.decline_suggestion(db_session, lead, comment, "  ")
    suggestions.decline_suggestion(db_session, lead, comment, "The law says return migrants.")
    assert comment.suggestion_status == "declined"
    assert comment.decision_reason == "The law says return migrants."
    assert comment.status == "resolved"
    assert section.body == TEXT
    event = audit.history(db_session, process, kind="comment.suggestion", newest_first=True)[0]
    assert event.data["reason"] == "The law says return migrants."
    with pytest.raises(Conflict):
        suggestions.decline_suggestion(db_session, lead, comment, "again")


def test_a_plain_comment_has_no_suggestion_to_accept(db_session, doc):
    _, lead, _, expert, section = doc
    comment = svc.add_comment(db_session, expert, section, body="plain")
    with pytest.raises(Conflict):
        suggestions.accept_suggestion(db_session, lead, comment)


# ------------------------------------------------------------------ roles and the gate


def test_experts_resolve_only_their_own_and_observers_cannot_comment(db_session, doc, add_member):
    process, lead, core, expert, section = doc
    observer = add_member(process, "observer").user
    with pytest.raises(PermissionDenied):
        svc.add_comment(db_session, observer, section, body="hello")
    theirs = svc.add_comment(db_session, core, section, body="core remark")
    mine = svc.add_comment(db_session, expert, section, body="expert remark")
    with pytest.raises(PermissionDenied):
        svc.resolve(db_session, expert, theirs)
    svc.resolve(db_session, expert, mine)
    svc.reopen(db_session, expert, mine)
    svc.resolve(db_session, lead, mine)
    assert mine.status == "resolved"


def test_a_blocking_comment_holds_the_gate_until_resolved(db_session, doc, satisfy_gate):
    from engine.services.transitions import fire

    process, lead, core, expert, _ = doc
    satisfy_gate(process)
    fire(db_session, lead, process, "advance", note="On to analysis")
    assert process.state == "policy_analysis"
    target = next(s for s in sections.flatten(sections.outline(db_session, process))
                  if s.section.stage_key == "policy_analysis").section
    sections.save_body(db_session, lead, target, body="Analysis text.\n", base_revision=0)
    comment = svc.add_comment(db_session, expert, target, body="The data is from 2010.",
                              blocking=True)

    def blocking_check():
        return next(c for c in evaluate_gate(db_session, process)
                    if c.kind == "no_blocking_comments")

    check = blocking_check()
    assert not check.ok
    assert f"comment #{comment.id}" in check.message
    assert expert.name in check.message
    with pytest.raises(GateNotMet) as refused:
        fire(db_session, lead, process, "advance", note="Try")
    failing = [c for c in refused.value.details["checks"] if not c["ok"]]
    assert any(f"comment #{comment.id}" in c["message"] for c in failing)
    svc.resolve(db_session, expert, comment)
    assert blocking_check().ok
