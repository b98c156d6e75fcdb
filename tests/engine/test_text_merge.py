"""Three-way merge of section texts (line = paragraph)."""

from __future__ import annotations

import pytest

from engine.text.merge import (
    CONFLICT_END,
    CONFLICT_SEPARATOR,
    CONFLICT_START,
    Conflict,
    MergeResult,
    normalise,
    three_way_merge,
)

BASE = "Intro.\n\nGoals.\n\nMeasures.\n"


def markers(theirs: str, yours: str) -> str:
    return CONFLICT_START + theirs + CONFLICT_SEPARATOR + yours + CONFLICT_END


# ---------------------------------------------------------------------------
# normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ""),
        ("\n\n", ""),
        ("a", "a\n"),
        ("a\n", "a\n"),
        ("a\n\n\n", "a\n"),
        ("a\r\nb\r\n", "a\nb\n"),
        ("a\rb", "a\nb\n"),
        ("  a  \n\n  b  ", "  a  \n\n  b  \n"),  # content (spaces, blank lines) untouched
        ("\n\na", "\n\na\n"),
    ],
)
def test_normalise(raw: str, expected: str):
    assert normalise(raw) == expected


# ---------------------------------------------------------------------------
# Trivial cases


def test_theirs_unchanged_gives_yours():
    result = three_way_merge(BASE, BASE, "Intro.\n\nGoals 2030.\n\nMeasures.\n")
    assert result == MergeResult("Intro.\n\nGoals 2030.\n\nMeasures.\n", False, ())
    assert result.clean


def test_yours_unchanged_gives_theirs():
    result = three_way_merge(BASE, "Intro.\n\nGoals 2030.\n\nMeasures.\n", BASE)
    assert result.text == "Intro.\n\nGoals 2030.\n\nMeasures.\n"
    assert result.clean
    assert not result.merged


def test_nothing_changed():
    result = three_way_merge(BASE, BASE, BASE)
    assert result.text == BASE
    assert result.clean
    assert not result.merged


def test_same_edit_twice_is_clean_and_idempotent():
    edited = "Intro.\n\nGoals for 2030.\n\nMeasures.\n"
    result = three_way_merge(BASE, edited, edited)
    assert result.text == edited
    assert result.clean
    assert not result.merged
    # Merging again (e.g. a retried save) changes nothing.
    again = three_way_merge(BASE, result.text, edited)
    assert again.text == edited
    assert again.clean


def test_same_edit_plus_more_on_one_side():
    theirs = "Intro.\n\nGoals for 2030.\n\nMeasures.\n"
    yours = "Intro.\n\nGoals for 2030.\n\nMeasures and budget.\n"
    result = three_way_merge(BASE, theirs, yours)
    assert result.text == yours
    assert result.clean


# ---------------------------------------------------------------------------
# Clean merges


def test_disjoint_edits_in_different_paragraphs():
    theirs = "Intro, revised.\n\nGoals.\n\nMeasures.\n"
    yours = "Intro.\n\nGoals.\n\nMeasures, revised.\n"
    result = three_way_merge(BASE, theirs, yours)
    assert result.text == "Intro, revised.\n\nGoals.\n\nMeasures, revised.\n"
    assert result.clean
    assert result.merged
    assert result.conflicts == ()


def test_edits_at_very_start_and_very_end():
    theirs = "Preamble.\n\nIntro.\n\nGoals.\n\nMeasures.\n"
    yours = "Intro.\n\nGoals.\n\nMeasures.\n\nAnnex.\n"
    result = three_way_merge(BASE, theirs, yours)
    assert result.text == "Preamble.\n\nIntro.\n\nGoals.\n\nMeasures.\n\nAnnex.\n"
    assert result.clean


def test_edit_first_and_last_line():
    theirs = "INTRO.\n\nGoals.\n\nMeasures.\n"
    yours = "Intro.\n\nGoals.\n\nMEASURES.\n"
    assert three_way_merge(BASE, theirs, yours).text == "INTRO.\n\nGoals.\n\nMEASURES.\n"


def test_adding_a_paragraph_right_after_an_edited_one():
    # merge3 alone reports this as a conflict (no unchanged line between the two
    # changes); it must merge cleanly.
    theirs = "Intro.\n\nGoals, revised.\n\nMeasures.\n"
    yours = "Intro.\n\nGoals.\n\nNew paragraph.\n\nMeasures.\n"
    result = three_way_merge(BASE, theirs, yours)
    assert result.text == "Intro.\n\nGoals, revised.\n\nNew paragraph.\n\nMeasures.\n"
    assert result.clean
    assert result.merged
    # And the other way round.
    result = three_way_merge(BASE, yours, theirs)
    assert result.text == "Intro.\n\nGoals, revised.\n\nNew paragraph.\n\nMeasures.\n"
    assert result.clean


def test_appending_after_an_edited_last_paragraph():
    theirs = "Intro.\n\nGoals.\n\nMeasures, revised.\n"
    yours = "Intro.\n\nGoals.\n\nMeasures.\n\nAnnex.\n"
    result = three_way_merge(BASE, theirs, yours)
    assert result.text == "Intro.\n\nGoals.\n\nMeasures, revised.\n\nAnnex.\n"
    assert result.clean


def test_adding_a_paragraph_right_before_an_edited_one():
    theirs = "Intro.\n\nGoals, revised.\n\nMeasures.\n"
    yours = "Intro.\n\nContext.\n\nGoals.\n\nMeasures.\n"
    result = three_way_merge(BASE, theirs, yours)
    assert result.text == "Intro.\n\nContext.\n\nGoals, revised.\n\nMeasures.\n"
    assert result.clean


def test_prepending_before_an_edited_first_paragraph():
    theirs = "Intro, revised.\n\nGoals.\n\nMeasures.\n"
    yours = "Summary.\n\nIntro.\n\nGoals.\n\nMeasures.\n"
    result = three_way_merge(BASE, theirs, yours)
    assert result.text == "Summary.\n\nIntro, revised.\n\nGoals.\n\nMeasures.\n"
    assert result.clean


def test_deleting_a_paragraph_next_to_an_edited_one():
    theirs = "Intro, revised.\n\nGoals.\n\nMeasures.\n"
    yours = "Intro.\n\nMeasures.\n"
    result = three_way_merge(BASE, theirs, yours)
    assert result.text == "Intro, revised.\n\nMeasures.\n"
    assert result.clean
    theirs = "Intro.\n\nGoals.\n\nMeasures, revised.\n"
    result = three_way_merge(BASE, theirs, yours)
    assert result.text == "Intro.\n\nMeasures, revised.\n"
    assert result.clean


def test_both_delete_the_same_paragraph():
    yours = "Intro.\n\nMeasures.\n"
    result = three_way_merge(BASE, yours, yours)
    assert result.text == yours
    assert result.clean


def test_edits_to_different_lines_of_a_hard_wrapped_paragraph():
    base = "line one\nline two\nline three\n"
    result = three_way_merge(
        base, "LINE ONE\nline two\nline three\n", "line one\nline two\nLINE THREE\n"
    )
    assert result.text == "LINE ONE\nline two\nLINE THREE\n"
    assert result.clean


def test_unicode_paragraphs():
    base = "Вступ.\n\nمقدمة.\n\nÉconomie.\n"
    theirs = "Вступ, змінено.\n\nمقدمة.\n\nÉconomie.\n"
    yours = "Вступ.\n\nمقدمة.\n\nÉconomie verte.\n"
    assert (
        three_way_merge(base, theirs, yours).text
        == "Вступ, змінено.\n\nمقدمة.\n\nÉconomie verte.\n"
    )


# ---------------------------------------------------------------------------
# Line endings


@pytest.mark.parametrize(
    ("base", "theirs", "yours"),
    [
        ("A\n\nB\n", "A1\n\nB\n", "A\n\nB1\n"),
        ("A\n\nB", "A1\n\nB", "A\n\nB1"),  # no trailing newline anywhere
        ("A\n\nB", "A1\n\nB\n", "A\n\nB1"),  # mixed
        ("A\n\nB\n", "A1\n\nB", "A\n\nB1\n\n\n"),  # extra blank lines at the end
        ("A\r\n\r\nB\r\n", "A1\r\n\r\nB\r\n", "A\n\nB1"),  # CRLF and LF
        ("A\r\n\r\nB", "A1\r\n\r\nB", "A\r\n\r\nB1\r\n"),
    ],
)
def test_line_endings_do_not_matter(base: str, theirs: str, yours: str):
    result = three_way_merge(base, theirs, yours)
    assert result.text == "A1\n\nB1\n"
    assert result.clean


def test_crlf_only_difference_is_no_change():
    result = three_way_merge("A\n\nB\n", "A\r\n\r\nB\r\n", "A\n\nB2\n")
    assert result.text == "A\n\nB2\n"
    assert not result.merged


def test_empty_texts():
    assert three_way_merge("", "", "").text == ""
    assert three_way_merge("", "", "New.").text == "New.\n"
    assert three_way_merge("Old.\n", "Old.\n", "").text == ""
    result = three_way_merge("", "X\n", "Y\n")
    assert result.conflicts == (Conflict("", "X\n", "Y\n", 0, 0),)


# ---------------------------------------------------------------------------
# Conflicts


def test_overlapping_edits_to_the_same_paragraph():
    theirs = "Intro.\n\nGoals for 2030.\n\nMeasures.\n"
    yours = "Intro.\n\nGoals for 2035.\n\nMeasures.\n"
    result = three_way_merge(BASE, theirs, yours)
    assert not result.clean
    assert result.merged
    assert result.conflicts == (
        Conflict(
            base="Goals.\n",
            theirs="Goals for 2030.\n",
            yours="Goals for 2035.\n",
            base_start=2,
            base_end=3,
        ),
    )
    assert (
        result.text
        == "Intro.\n\n" + markers("Goals for 2030.\n", "Goals for 2035.\n") + "\nMeasures.\n"
    )


def test_conflict_next_to_a_clean_change():
    theirs = "Intro, revised.\n\nGoals for 2030.\n\nMeasures.\n"
    yours = "Intro.\n\nGoals for 2035.\n\nMeasures, revised.\n"
    result = three_way_merge(BASE, theirs, yours)
    assert result.conflicts == (
        Conflict("Goals.\n", "Goals for 2030.\n", "Goals for 2035.\n", 2, 3),
    )
    assert result.text == (
        "Intro, revised.\n\n"
        + markers("Goals for 2030.\n", "Goals for 2035.\n")
        + "\nMeasures, revised.\n"
    )


def test_two_separate_conflicts():
    theirs = "Intro T.\n\nGoals.\n\nMeasures T.\n"
    yours = "Intro Y.\n\nGoals.\n\nMeasures Y.\n"
    result = three_way_merge(BASE, theirs, yours)
    assert result.conflicts == (
        Conflict("Intro.\n", "Intro T.\n", "Intro Y.\n", 0, 1),
        Conflict("Measures.\n", "Measures T.\n", "Measures Y.\n", 4, 5),
    )
    assert result.text == (
        markers("Intro T.\n", "Intro Y.\n")
        + "\nGoals.\n\n"
        + markers("Measures T.\n", "Measures Y.\n")
    )


def test_deletion_against_edit_of_the_same_paragraph():
    theirs = "Intro.\n\nGoals for 2030.\n\nMeasures.\n"
    yours = "Intro.\n\nMeasures.\n"
    result = three_way_merge(BASE, theirs, yours)
    assert result.conflicts == (
        Conflict(
            base="Goals.\n\n", theirs="Goals for 2030.\n\n", yours="", base_start=2, base_end=4
        ),
    )
    assert result.text == "Intro.\n\n" + markers("Goals for 2030.\n\n", "") + "Measures.\n"


def test_edit_against_deletion_of_the_same_paragraph():
    theirs = "Intro.\n\nMeasures.\n"
    yours = "Intro.\n\nGoals for 2030.\n\nMeasures.\n"
    result = three_way_merge(BASE, theirs, yours)
    assert result.conflicts == (
        Conflict(
            base="Goals.\n\n", theirs="", yours="Goals for 2030.\n\n", base_start=2, base_end=4
        ),
    )


def test_both_insert_different_text_at_the_same_place():
    theirs = "Intro.\n\nContext T.\n\nGoals.\n\nMeasures.\n"
    yours = "Intro.\n\nContext Y.\n\nGoals.\n\nMeasures.\n"
    result = three_way_merge(BASE, theirs, yours)
    # The shared blank separator line is kept outside the conflict; the offsets are
    # those of the insertion point in the base (before line 2, "Goals.").
    assert result.conflicts == (Conflict("", "Context T.\n", "Context Y.\n", 2, 2),)
    assert (
        result.text
        == "Intro.\n\n" + markers("Context T.\n", "Context Y.\n") + "\nGoals.\n\nMeasures.\n"
    )


def test_both_append_different_text_at_the_end():
    result = three_way_merge(BASE, BASE + "\nAnnex T.\n", BASE + "\nAnnex Y.\n")
    assert result.conflicts == (Conflict("", "Annex T.\n", "Annex Y.\n", 5, 5),)
    assert result.text == BASE + "\n" + markers("Annex T.\n", "Annex Y.\n")


def test_both_insert_the_same_text_at_the_same_place():
    both = "Intro.\n\nContext.\n\nGoals.\n\nMeasures.\n"
    assert three_way_merge(BASE, both, both).text == both


# ---------------------------------------------------------------------------
# Resolving


def test_resolve_builds_text_from_choices():
    theirs = "Intro T.\n\nGoals.\n\nMeasures T.\n"
    yours = "Intro Y.\n\nGoals.\n\nMeasures Y.\n"
    result = three_way_merge(BASE, theirs, yours)
    first, second = result.conflicts
    assert result.resolve([first.theirs, second.yours]) == "Intro T.\n\nGoals.\n\nMeasures Y.\n"
    assert result.resolve(["Intro, agreed", "Measures, agreed\r\n"]) == (
        "Intro, agreed\n\nGoals.\n\nMeasures, agreed\n"
    )
    with pytest.raises(ValueError, match="expected 2 resolutions"):
        result.resolve([first.theirs])


def test_resolve_keeps_blank_separators_of_a_chosen_passage():
    theirs = "Intro.\n\nGoals for 2030.\n\nMeasures.\n"
    yours = "Intro.\n\nMeasures.\n"
    result = three_way_merge(BASE, theirs, yours)
    (conflict,) = result.conflicts
    assert result.resolve([conflict.theirs]) == theirs
    assert result.resolve([conflict.yours]) == yours


def test_resolve_on_a_clean_result():
    result = three_way_merge(BASE, BASE, BASE)
    assert result.resolve([]) == BASE


def test_content_that_looks_like_markers_is_not_confused():
    # "=======" under a line is a Markdown heading; resolve() must not parse text.
    base = "Title\n=======\n\nBody.\n"
    theirs = "Title\n=======\n\nBody T.\n"
    yours = "Title\n=======\n\nBody Y.\n"
    result = three_way_merge(base, theirs, yours)
    assert result.resolve([result.conflicts[0].yours]) == yours


# ---------------------------------------------------------------------------
# Randomised checks (seeded, so failures are reproducible)


def _render(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs) + "\n" if paragraphs else ""


def _paragraph(i: int, rng) -> str:
    if rng.random() < 0.3:  # a hard-wrapped paragraph
        return f"Line one of paragraph {i} about policy\nline two of paragraph {i} continues"
    return f"Paragraph {i} about policy goals and measures for the region"


def _edit(paragraphs: list[str], edits: dict[int, tuple[str, str]]) -> list[str]:
    out: list[str] = []
    for i, p in enumerate(paragraphs):
        kind, value = edits.get(i, ("keep", ""))
        if kind == "keep":
            out.append(p)
        elif kind == "replace":
            out.append(value)
        elif kind == "edit":
            out.append(p.replace("policy", value))
        elif kind == "insert_after":
            out += [p, value]
        elif kind == "insert_before":
            out += [value, p]
        # "delete": nothing
    return out


def _insertion_points(edits: dict[int, tuple[str, str]]) -> set[int]:
    return {
        i + (kind == "insert_after") for i, (kind, _) in edits.items() if kind.startswith("insert")
    }


def test_random_non_overlapping_edits_merge_cleanly():
    import random

    rng = random.Random(20240611)
    kinds = ["replace", "delete", "insert_after", "insert_before", "edit", "edit"]
    checked = 0
    for _ in range(1500):
        n = rng.randint(1, 7)
        paragraphs = [_paragraph(i, rng) for i in range(n)]
        chosen = rng.sample(range(n), rng.randint(1, min(n, 5)))
        theirs: dict[int, tuple[str, str]] = {}
        yours: dict[int, tuple[str, str]] = {}
        for j, i in enumerate(chosen):
            side, tag = (theirs, "T") if j % 2 == 0 else (yours, "Y")
            kind = rng.choice(kinds)
            side[i] = (kind, f"policy ({tag})" if kind == "edit" else f"new {kind} {i} {tag}")
        if _insertion_points(theirs) & _insertion_points(yours):
            continue  # two insertions at one point are a conflict by design
        checked += 1
        base = _render(paragraphs)
        t, y = _render(_edit(paragraphs, theirs)), _render(_edit(paragraphs, yours))
        expected = _render(_edit(paragraphs, {**theirs, **yours}))
        for result in (three_way_merge(base, t, y), three_way_merge(base, y, t)):
            assert result.clean, (base, t, y, result)
            assert result.text == expected, (base, t, y, result)
    assert checked > 1000


def test_random_conflicts_resolve_to_either_side():
    import random

    rng = random.Random(7)
    for _ in range(500):
        n = rng.randint(1, 6)
        paragraphs = [_paragraph(i, rng) for i in range(n)]
        i = rng.randrange(n)
        kind_t, kind_y = rng.choice(
            [("edit", "edit"), ("edit", "delete"), ("delete", "edit"), ("replace", "edit")]
        )
        t = _render(_edit(paragraphs, {i: (kind_t, "policy (T)" if kind_t == "edit" else "T")}))
        y = _render(_edit(paragraphs, {i: (kind_y, "policy (Y)" if kind_y == "edit" else "Y")}))
        base = _render(paragraphs)
        result = three_way_merge(base, t, y)
        assert not result.clean
        assert result.resolve([c.theirs for c in result.conflicts]) == t
        assert result.resolve([c.yours for c in result.conflicts]) == y
        base_lines = base.splitlines(keepends=True)
        for c in result.conflicts:
            assert "".join(base_lines[c.base_start : c.base_end]) == c.base
