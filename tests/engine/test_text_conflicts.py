"""The columns of the conflict page: marked passages and the words each side changed."""

from __future__ import annotations

import pytest

from engine.text.conflicts import changed_words, segments

BASE = "Intro.\nWe will cut emissions by 40 percent.\nEnd.\n"
THEIRS = "Intro.\nWe will cut emissions by 55 percent.\nEnd.\n"


def test_changed_words_mark_only_what_changed_and_are_lossless():
    parts = changed_words("We will cut emissions by 40 percent.",
                          "We will cut emissions by 55 percent by 2030.")
    assert "".join(text for _changed, text in parts) == "We will cut emissions by 55 percent by 2030."
    assert [text for changed, text in parts if changed] == ["55", " by 2030"]


def test_neighbouring_changed_words_form_one_run():
    parts = changed_words("the quick brown fox", "a slow red fox")
    assert parts == [(True, "a slow red"), (False, " fox")]


def test_base_passage_is_marked_at_its_line():
    passage = "We will cut emissions by 40 percent.\n"
    pieces = segments(BASE, [passage], [1])
    assert pieces == [("Intro.\n", None, []), (passage, 1, []), ("End.\n", None, [])]
    assert "".join(p[0] for p in pieces) == BASE


def test_other_side_is_found_by_search_and_carries_changed_words():
    base_passage = "We will cut emissions by 40 percent.\n"
    theirs_passage = "We will cut emissions by 55 percent.\n"
    pieces = segments(THEIRS, [theirs_passage], compare_to=[base_passage])
    marked = [p for p in pieces if p[1] is not None]
    assert len(marked) == 1
    assert marked[0][0] == theirs_passage
    assert [text for changed, text in marked[0][2] if changed] == ["55"]
    assert "".join(p[0] for p in pieces) == THEIRS


def test_a_passage_deleted_on_this_side_is_left_out():
    pieces = segments("Intro.\nEnd.\n", [""], compare_to=["Old line.\n"])
    assert pieces == [("Intro.\nEnd.\n", None, [])]


def test_an_empty_base_passage_is_an_insertion_point():
    pieces = segments("Intro.\nEnd.\n", [""], [1])
    assert pieces == [("Intro.\n", None, []), ("", 1, []), ("End.\n", None, [])]


def test_compose_takes_each_conflicting_passage_from_the_chosen_side():
    from engine.text.conflicts import compose

    base = "One.\n\nTwo.\n\nThree.\n"
    theirs = "One, theirs.\n\nTwo.\n\nThree, theirs.\n"
    yours = "One, mine.\n\nTwo, mine only.\n\nThree, mine.\n"
    assert compose(base, theirs, yours, ["mine", "theirs"]) == (
        "One, mine.\n\nTwo, mine only.\n\nThree, theirs.\n")
    assert compose(base, theirs, yours, ["theirs", "theirs"]) == (
        "One, theirs.\n\nTwo, mine only.\n\nThree, theirs.\n")
    for wrong in (["mine"], ["mine", "both"], ["mine", "mine", "mine"]):
        with pytest.raises(ValueError, match="choice"):
            compose(base, theirs, yours, wrong)
