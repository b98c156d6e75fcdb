"""Comment anchors: finding a quoted passage again after edits."""

from __future__ import annotations

import time

import pytest

from engine.text.anchors import Anchor, apply_suggestion, locate

TEXT = (
    "The government shall reduce emissions by 40 percent before 2030 through a mix "
    "of measures.\n\nMunicipalities report every year on progress."
)
QUOTE = "reduce emissions by 40 percent before 2030"


def found(text: str, anchor: Anchor | None) -> str | None:
    return None if anchor is None else text[anchor.start : anchor.end]


def test_exact_match():
    assert locate(QUOTE, TEXT) == Anchor(21, 63, True)


def test_moved_passage_is_found_exactly():
    text = "A new opening sentence was added. " + TEXT
    anchor = locate(QUOTE, text, hint=21)
    assert anchor == Anchor(55, 97, True)
    assert found(text, anchor) == QUOTE


def test_nearest_occurrence_to_the_hint_wins():
    text = "Report yearly. Other text in between. Report yearly. More. Report yearly."
    starts = [0, 38, 59]
    assert locate("Report yearly.", text).start == 0
    for hint, expected in [(None, 0), (0, 0), (30, 38), (45, 38), (55, 59), (500, 59)]:
        anchor = locate("Report yearly.", text, hint=hint)
        assert anchor is not None
        assert anchor.start == expected
        assert anchor.start in starts
        assert anchor.exact


def test_whitespace_insensitive_match():
    text = TEXT.replace("reduce emissions by", "reduce\n  emissions   by")
    anchor = locate(QUOTE, text)
    assert anchor is not None
    assert not anchor.exact
    assert found(text, anchor) == "reduce\n  emissions   by 40 percent before 2030"


def test_quote_with_other_whitespace_than_the_text():
    anchor = locate("  reduce  emissions\nby 40 ", TEXT)
    assert found(TEXT, anchor) == "reduce emissions by 40"
    assert anchor is not None
    assert not anchor.exact


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("40 percent", "45 percent", "reduce emissions by 45 percent before 2030"),
        ("2030", "2035", "reduce emissions by 40 percent before 2035"),
        ("percent", "per cent", "reduce emissions by 40 per cent before 2030"),
        (
            "reduce emissions",
            "reduce the emissions",
            "reduce the emissions by 40 percent before 2030",
        ),
        ("reduce emissions", "lower emissions", "lower emissions by 40 percent before 2030"),
    ],
)
def test_lightly_edited_passage_is_re_anchored(old: str, new: str, expected: str):
    text = TEXT.replace(old, new)
    anchor = locate(QUOTE, text, hint=21)
    assert anchor is not None
    assert not anchor.exact
    assert found(text, anchor) == expected


def test_lightly_edited_and_moved_passage():
    text = "Це речення додано на початку. " + TEXT.replace("40 percent", "45 percent")
    anchor = locate(QUOTE, text, hint=21)
    assert found(text, anchor) == "reduce emissions by 45 percent before 2030"


def test_unicode_passage():
    text = "Вступ.\n\nМіста звітують щороку про прогрес у скороченні викидів.\n"
    quote = "звітують щороку про прогрес"
    assert found(text, locate(quote, text)) == quote
    edited = text.replace("щороку", "щоквартально")
    anchor = locate("Міста звітують щороку про прогрес у скороченні викидів.", edited)
    assert anchor is not None
    assert not anchor.exact
    assert found(edited, anchor) == "Міста звітують щоквартально про прогрес у скороченні викидів."


def test_gone_passage_returns_none():
    text = "The government shall do something completely different. Other text follows."
    assert locate(QUOTE, text) is None


def test_heavily_rewritten_passage_is_outdated():
    text = TEXT.replace(QUOTE, "cut greenhouse gases in half within ten years")
    assert locate(QUOTE, text) is None


@pytest.mark.parametrize("quote", ["", "   ", "\n"])
def test_blank_quote_is_never_found(quote: str):
    assert locate(quote, TEXT) is None


def test_short_quotes_are_exact_only():
    assert locate("yeer", "every year") is None
    assert locate("year", "every year") == Anchor(6, 10, True)


def test_empty_text():
    assert locate(QUOTE, "") is None


def test_fuzzy_search_in_a_long_text_is_fast():
    filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 2000
    text = filler + TEXT.replace("40 percent", "45 percent") + filler
    started = time.perf_counter()
    anchor = locate(QUOTE, text, hint=len(filler))
    missing = locate("a passage that appears nowhere in this long text at all", text)
    elapsed = time.perf_counter() - started
    assert found(text, anchor) == "reduce emissions by 45 percent before 2030"
    assert missing is None
    assert elapsed < 2.0


# ---------------------------------------------------------------------------
# Suggestions


def test_apply_suggestion_exact():
    assert apply_suggestion(TEXT, QUOTE, "halve emissions by 2030") == TEXT.replace(
        QUOTE, "halve emissions by 2030"
    )


def test_apply_suggestion_uses_the_hint():
    text = "Report yearly. Then: Report yearly."
    assert apply_suggestion(text, "Report yearly.", "Report monthly.", hint=20) == (
        "Report yearly. Then: Report monthly."
    )


def test_apply_suggestion_to_a_moved_passage():
    text = "Preamble added.\n\n" + TEXT
    result = apply_suggestion(text, QUOTE, "halve emissions by 2030", hint=21)
    assert result == "Preamble added.\n\n" + TEXT.replace(QUOTE, "halve emissions by 2030")


def test_apply_suggestion_to_an_edited_passage():
    text = TEXT.replace("40 percent", "45 percent")
    assert apply_suggestion(text, QUOTE, "halve emissions by 2030") == TEXT.replace(
        QUOTE, "halve emissions by 2030"
    )
    # The caller may refuse to overwrite somebody's later edit.
    assert apply_suggestion(text, QUOTE, "halve emissions by 2030", exact_only=True) is None


def test_apply_suggestion_deletion():
    assert apply_suggestion("Keep this. Drop this. Keep that.", "Drop this. ", "") == (
        "Keep this. Keep that."
    )


def test_apply_suggestion_gone():
    assert apply_suggestion("Nothing related here at all.", QUOTE, "x") is None
