"""The Markdown block and inline parsers behind the Word export."""

from __future__ import annotations

import pytest

from engine.export.markdown_blocks import (
    CodeBlock,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    Rule,
    Table,
    parse_markdown,
)
from engine.export.markdown_inline import (
    BOLD,
    BREAK,
    CODE,
    FOOTNOTE,
    ITALIC,
    STRIKE,
    SUP,
    TEXT,
    parse_inline,
    plain_text,
)


def fmt(text: str, **kw) -> list[tuple[str, int, str | None]]:
    """(text, flags, href) of the text runs."""
    return [(r[1], r[2], r[3]) for r in parse_inline(text, **kw) if r[0] == TEXT]


class TestInline:
    def test_plain_text_is_one_run(self) -> None:
        assert parse_inline("Just words, no markup.") == [(TEXT, "Just words, no markup.", 0, None)]

    def test_emphasis_kinds(self) -> None:
        runs = fmt("a **b** *c* ***d*** `e` ~~f~~ __g__ _h_")
        assert ("b", BOLD, None) in runs
        assert ("c", ITALIC, None) in runs
        assert ("d", BOLD | ITALIC, None) in runs
        assert ("e", CODE, None) in runs
        assert ("f", STRIKE, None) in runs
        assert ("g", BOLD, None) in runs
        assert ("h", ITALIC, None) in runs

    def test_nested_emphasis(self) -> None:
        assert fmt("**bold *both* bold**") == [
            ("bold ", BOLD, None),
            ("both", BOLD | ITALIC, None),
            (" bold", BOLD, None),
        ]

    @pytest.mark.parametrize(
        "text",
        ["snake_case_name", "2 * 3 * 4", "a * b", "unclosed **bold", "x ~ y", "a~~b"],
    )
    def test_literal_delimiters_stay_text(self, text: str) -> None:
        assert plain_text(parse_inline(text)) == text

    def test_intraword_star_emphasis(self) -> None:
        assert fmt("un*frigging*believable")[1] == ("frigging", ITALIC, None)

    def test_links(self) -> None:
        runs = fmt('see [the **plan**](https://x.example/p?a=1&b=2 "Title") now')
        assert ("the ", 0, "https://x.example/p?a=1&b=2") in runs
        assert ("plan", BOLD, "https://x.example/p?a=1&b=2") in runs

    def test_autolinks_and_bare_urls(self) -> None:
        runs = fmt("<https://a.example/x> and https://b.example/y. and www.c.example")
        hrefs = [h for _, _, h in runs if h]
        assert hrefs == ["https://a.example/x", "https://b.example/y", "http://www.c.example"]
        assert (
            plain_text(parse_inline("go to https://b.example/y.")) == "go to https://b.example/y."
        )

    def test_reference_links(self) -> None:
        links = {"plan": ("https://plan.example", None)}
        assert fmt("[the plan][plan] and [plan]", links=links) == [
            ("the plan", 0, "https://plan.example"),
            (" and ", 0, None),
            ("plan", 0, "https://plan.example"),
        ]

    def test_unsafe_links_keep_text_only(self) -> None:
        assert fmt("[x](javascript:alert(1)) [y](relative/page.md)") == [("x y", 0, None)]

    def test_images_keep_alt_text(self) -> None:
        assert plain_text(parse_inline("![Map of *regions*](map.png)")) == "Map of regions"

    def test_hard_and_soft_breaks(self) -> None:
        runs = parse_inline("one  \ntwo\\\nthree\nfour")
        assert [r[0] for r in runs] == [TEXT, BREAK, TEXT, BREAK, TEXT]
        assert runs[-1][1] == "three four"

    def test_footnote_references(self) -> None:
        runs = parse_inline("a[^1] b[^missing]", footnotes=lambda label: label == "1")
        assert (FOOTNOTE, "1", 0, None) in runs
        assert "[^missing]" in plain_text(runs)

    def test_escapes_entities_and_html(self) -> None:
        text = r"\*not\* &amp; &eacute; &bogus; <b>x</b><sup>2</sup><span>s</span><br>y <!-- c -->z <review>"
        runs = parse_inline(text)
        assert plain_text(runs) == "*not* & é &bogus; x2s\ny z <review>"
        assert (TEXT, "2", SUP, None) in runs

    def test_code_spans(self) -> None:
        assert fmt("`` a`b `` and `x  y`") == [
            ("a`b", CODE, None),
            (" and ", 0, None),
            ("x  y", CODE, None),
        ]
        assert plain_text(parse_inline("`unclosed")) == "`unclosed"


class TestBlocks:
    def test_headings(self) -> None:
        blocks = parse_markdown("# One #\n\nTwo\n===\n\nThree\n---\n\n#hashtag").blocks
        assert blocks[:3] == [Heading(1, "One"), Heading(1, "Two"), Heading(2, "Three")]
        assert blocks[3] == Paragraph("#hashtag")

    def test_paragraph_lines_are_joined(self) -> None:
        assert parse_markdown("a\nb  \nc").blocks == [Paragraph("a\nb  \nc")]

    def test_nested_lists(self) -> None:
        md = "- a\n  - b\n    - c\n- d\n\n1. x\n   1. y\n2. z\n"
        blocks = parse_markdown(md).blocks
        assert [type(b) for b in blocks] == [ListBlock, ListBlock]
        bullets, numbers = blocks
        assert not bullets.ordered
        assert numbers.ordered
        assert len(bullets.items) == 2
        inner = bullets.items[0].blocks[1]
        assert isinstance(inner, ListBlock)
        assert isinstance(inner.items[0].blocks[1], ListBlock)
        assert numbers.items[0].blocks[1].ordered

    def test_list_types_split_and_start(self) -> None:
        blocks = parse_markdown("3. three\n4. four\n- bullet\n").blocks
        assert [(b.ordered, b.start) for b in blocks] == [(True, 3), (False, 0)]

    def test_list_interrupts_paragraph(self) -> None:
        blocks = parse_markdown("Intro:\n- a\n- b\n").blocks
        assert isinstance(blocks[0], Paragraph)
        assert isinstance(blocks[1], ListBlock)
        # ... but a year at the start of a wrapped line does not.
        assert len(parse_markdown("Since\n2019. we grew").blocks) == 1

    def test_loose_item_with_two_paragraphs(self) -> None:
        (lst,) = parse_markdown("- first\n\n  more of first\n- second\n").blocks
        assert [type(b) for b in lst.items[0].blocks] == [Paragraph, Paragraph]

    def test_task_items(self) -> None:
        (lst,) = parse_markdown("- [x] done\n- [ ] open\n").blocks
        assert [i.checked for i in lst.items] == [True, False]

    def test_quote_and_lazy_continuation(self) -> None:
        (quote,) = parse_markdown("> a\nlazy\n>\n> - item\n").blocks
        assert isinstance(quote, Quote)
        assert quote.blocks[0] == Paragraph("a\nlazy")
        assert isinstance(quote.blocks[1], ListBlock)

    def test_code_and_rule(self) -> None:
        blocks = parse_markdown("```python\nx = 1\n\ny = 2\n```\n\n---\n\n    indented\n").blocks
        assert blocks == [CodeBlock("x = 1\n\ny = 2", "python"), Rule(), CodeBlock("indented")]

    def test_pipe_table(self) -> None:
        md = "| A | B \\| b | `c|d` |\n|:--|:-:|--:|\n| 1 | 2 |\n| 3 | 4 | 5 | 6 |\n\nafter"
        table, para = parse_markdown(md).blocks
        assert isinstance(table, Table)
        assert table.header == ["A", "B | b", "`c|d`"]
        assert table.aligns == ["left", "center", "right"]
        assert table.rows == [["1", "2", ""], ["3", "4", "5 | 6"]]
        assert para == Paragraph("after")

    def test_footnote_definitions(self) -> None:
        parsed = parse_markdown(
            "Text[^a].\n[^a]: First line\n    continued.\n\n    Second para.\n\nAfter."
        )
        assert list(parsed.footnotes) == ["a"]
        assert parsed.footnotes["a"] == [
            Paragraph("First line\ncontinued."),
            Paragraph("Second para."),
        ]
        assert parsed.blocks == [Paragraph("Text[^a]."), Paragraph("After.")]

    def test_link_definitions(self) -> None:
        parsed = parse_markdown('[Plan]: https://plan.example "The plan"\n\nSee [plan].')
        assert parsed.links == {"plan": ("https://plan.example", "The plan")}
        assert parsed.blocks == [Paragraph("See [plan].")]
