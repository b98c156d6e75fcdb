"""Line, paragraph and word diffs."""

from __future__ import annotations

import random

import pytest

from engine.text.diff import (
    DiffBlock,
    DiffLine,
    diff_html,
    diff_lines,
    diff_paragraphs,
    split_paragraphs,
    tokenize,
)


def old_side(block: DiffBlock) -> str:
    return "".join(text for op, text in block.segments if op in ("equal", "delete"))


def new_side(block: DiffBlock) -> str:
    return "".join(text for op, text in block.segments if op in ("equal", "insert"))


def assert_lossless(old: str, new: str) -> list[DiffBlock]:
    blocks = diff_paragraphs(old, new)
    for block in blocks:
        assert old_side(block) == block.old
        assert new_side(block) == block.new
        assert all(op in ("equal", "insert", "delete") for op, _ in block.segments)
        assert all(text for _, text in block.segments)  # no empty segments
    assert [b.old for b in blocks if b.op != "insert"] == split_paragraphs(old)
    assert [b.new for b in blocks if b.op != "delete"] == split_paragraphs(new)
    return blocks


# ---------------------------------------------------------------------------
# Lines


def test_diff_lines():
    assert diff_lines("a\nb\nc\n", "a\nB\nc\nd") == [
        DiffLine("equal", "a", 1, 1),
        DiffLine("delete", "b", 2, None),
        DiffLine("insert", "B", None, 2),
        DiffLine("equal", "c", 3, 3),
        DiffLine("insert", "d", None, 4),
    ]


def test_diff_lines_ignores_line_ending_style():
    assert all(line.op == "equal" for line in diff_lines("a\r\nb\r\n", "a\nb"))


def test_diff_lines_empty():
    assert diff_lines("", "") == []
    assert diff_lines("", "x") == [DiffLine("insert", "x", None, 1)]


# ---------------------------------------------------------------------------
# Tokens


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Hello, world!", ["Hello", ",", " ", "world", "!"]),
        ("a  b\nc", ["a", "  ", "b", "\n", "c"]),
        ("2030-2035", ["2030", "-", "2035"]),
        ("Économie été", ["Économie", " ", "été"]),
        ("e\u0301te\u0301", ["e\u0301te\u0301"]),  # decomposed accents stay in the word
        ("Стратегія, 2030.", ["Стратегія", ",", " ", "2030", "."]),
        ("السَّلَامُ عَلَيْكُمْ", ["السَّلَامُ", " ", "عَلَيْكُمْ"]),  # harakat stay in the word
        ("", []),
    ],
)
def test_tokenize(text: str, tokens: list[str]):
    assert tokenize(text) == tokens
    assert "".join(tokenize(text)) == text


# ---------------------------------------------------------------------------
# Paragraphs


def test_split_paragraphs():
    assert split_paragraphs("\n\nA\nA2\n\n \n\nB\r\n\r\nC") == ["A\nA2", "B", "C"]


def test_unchanged_text():
    blocks = assert_lossless("A.\n\nB.\n", "A.\n\nB.\n")
    assert [b.op for b in blocks] == ["equal", "equal"]


def test_changed_paragraph_gets_word_segments():
    blocks = assert_lossless(
        "Intro.\n\nWe will cut emissions by 40 percent.\n",
        "Intro.\n\nWe will cut emissions by 55 percent by 2030.\n",
    )
    assert blocks[0] == DiffBlock("equal", "Intro.", "Intro.", (("equal", "Intro."),))
    assert blocks[1].op == "change"
    assert blocks[1].segments == (
        ("equal", "We will cut emissions by "),
        ("delete", "40"),
        ("insert", "55"),
        ("equal", " percent"),
        ("insert", " by 2030"),
        ("equal", "."),
    )


def test_neighbouring_changed_words_are_grouped():
    (block,) = assert_lossless("the quick brown fox", "a slow red fox")
    assert block.segments == (
        ("delete", "the quick brown"),
        ("insert", "a slow red"),
        ("equal", " fox"),
    )


def test_inserted_and_deleted_paragraphs():
    blocks = assert_lossless("A.\n\nB old.\n\nC.\n", "A.\n\nC.\n\nD new.\n")
    assert [(b.op, b.old, b.new) for b in blocks] == [
        ("equal", "A.", "A."),
        ("delete", "B old.", ""),
        ("equal", "C.", "C."),
        ("insert", "", "D new."),
    ]


def test_unrelated_replacement_is_delete_plus_insert():
    blocks = assert_lossless(
        "A.\n\nThe budget is fixed.\n", "A.\n\nCompletely different words here.\n"
    )
    assert [b.op for b in blocks] == ["equal", "delete", "insert"]


def test_paragraph_split_in_two_pairs_the_similar_half():
    blocks = assert_lossless(
        "Goals for the region and measures for the city.\n",
        "Goals for the region and measures.\n\nA brand new paragraph follows.\n",
    )
    assert [b.op for b in blocks] == ["change", "insert"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "Стратегія розвитку міста до 2030 року.",
            "Стратегія сталого розвитку міста до 2035 року!",
        ),
        ("الاستراتيجية الوطنية للتحول الرقمي", "الاستراتيجية الوطنية الجديدة للتحول الرقمي"),
        ("La stratégie économique régionale", "La stratégie écologique et économique régionale"),
        ("Ĉu ŝi manĝas? Ja, ŝi manĝas.", "Ĉu li manĝas? Ne, li ne manĝas."),
        ("e\u0301te\u0301 chaud", "e\u0301te\u0301 froid"),
        ("emoji 🎉 party", "emoji 🎊 party 🎉"),
        ("tabs\tand  spaces\n", "tabs and\tspaces"),
    ],
)
def test_word_segments_are_lossless_with_unicode(old: str, new: str):
    blocks = assert_lossless(old, new)
    assert blocks[0].op == "change"


def test_random_texts_are_lossless():
    rng = random.Random(42)
    alphabet = ["policy", "стратегія", "سياسة", "économie", ",", ".", " ", "  ", "\n", "2030", "!"]
    for _ in range(300):
        paragraphs = [
            "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))).strip() or "x"
            for _ in range(rng.randint(0, 5))
        ]
        old = "\n\n".join(paragraphs)
        new_paragraphs = [p for p in paragraphs if rng.random() > 0.2]
        for k in range(len(new_paragraphs)):
            if rng.random() < 0.5:
                words = tokenize(new_paragraphs[k])
                rng.shuffle(words[: len(words) // 2])
                words.insert(rng.randint(0, len(words)), rng.choice(alphabet))
                new_paragraphs[k] = "".join(words).strip() or "y"
        new = "\n\n".join(new_paragraphs)
        assert_lossless(old, new)


# ---------------------------------------------------------------------------
# HTML


def test_diff_html():
    html = diff_html(
        "Keep.\n\nOld words here.\n\nGone.\n", "Keep.\n\nNew words here.\n\nAdded <b>!\n"
    )
    assert html == (
        '<p class="diff-equal">Keep.</p>\n'
        '<p class="diff-change"><del>Old</del><ins>New</ins> words here.</p>\n'
        '<p class="diff-delete"><del>Gone.</del></p>\n'
        '<p class="diff-insert"><ins>Added &lt;b&gt;!</ins></p>'
    )


def test_diff_html_escapes_everything():
    evil = '<script>alert(1)</script> "quoted" & <img src=x onerror=alert(1)>'
    html = diff_html("Safe text.", evil)
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html
    assert "&quot;quoted&quot; &amp;" in html
    # Only our own tags appear.
    import re

    assert set(re.findall(r"</?([a-z]+)", html)) <= {"p", "ins", "del", "br"}


def test_diff_html_keeps_line_breaks_of_wrapped_paragraphs():
    assert diff_html("a\nb", "a\nb") == '<p class="diff-equal">a<br>\nb</p>'
