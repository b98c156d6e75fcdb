"""One grammar: the Word export's Markdown parser and the page renderer (Python-Markdown)
must see the same blocks, or the Word file says something else than the page.

Compared: headings, list items with their nesting and kind, table cells, quotes and
their depth, footnotes. Run over every section text of the demo and a torture file.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from sqlalchemy import select

from engine.export.markdown_blocks import (
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    Table,
    parse_markdown,
)
from engine.export.markdown_inline import TEXT, parse_inline
from engine.models import Revision
from engine.text.markdown import render_markdown

TORTURE = Path(__file__).resolve().parents[1] / "data" / "grammar-torture.md"


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def export_structure(text: str) -> list[tuple]:
    parsed = parse_markdown(text)
    out: list[tuple] = []

    def inline(md: str) -> str:
        runs = parse_inline(md, parsed.links, parsed.footnotes.__contains__)
        return _norm("".join(r[1] if r[0] == TEXT else " " for r in runs if r[0] != 2))

    def walk(blocks, depth: int, quote: int) -> None:
        for block in blocks:
            if isinstance(block, Heading):
                out.append(("h", block.level, inline(block.text)))
            elif isinstance(block, ListBlock):
                for item in block.items:
                    first = item.blocks[0] if item.blocks else None
                    text = inline(first.text) if isinstance(first, Paragraph) else ""
                    out.append(("li", depth, block.ordered, text))
                    rest = item.blocks[1:] if isinstance(first, Paragraph) else item.blocks
                    walk(rest, depth + 1, quote)
            elif isinstance(block, Quote):
                out.append(("quote", quote + 1))
                walk(block.blocks, depth, quote + 1)
            elif isinstance(block, Table):
                out.append(("table", tuple(inline(c) for c in block.header),
                            tuple(tuple(inline(c) for c in row) for row in block.rows)))

    walk(parsed.blocks, 0, 0)
    used = [label for label in parsed.footnotes if f"[^{label}]" in text]
    out.append(("footnotes", len(used)))
    return out


def html_structure(text: str) -> list[tuple]:
    html = render_markdown(text)
    out: list[tuple] = []
    if not html:
        return [("footnotes", 0)]
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    notes = 0
    for sup in root.xpath("//sup[starts-with(@id, 'md-fnref')]"):
        sup.drop_tree()

    def own_text(li) -> str:
        first_p = li.find("p")
        if first_p is not None and (li.text or "").strip() == "":
            return _norm(first_p.text_content())
        parts = [li.text or ""]
        for child in li:
            if child.tag in ("ul", "ol", "p", "blockquote", "table", "pre"):
                break
            parts.append(child.text_content() + (child.tail or ""))
        return _norm("".join(parts))

    def walk(el, depth: int, quote: int) -> None:
        nonlocal notes
        for child in el:
            tag = child.tag
            if tag == "div" and "footnote" in (child.get("class") or ""):
                notes += len(child.xpath("./ol/li"))
                continue
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                out.append(("h", int(tag[1]), _norm(child.text_content())))
            elif tag in ("ul", "ol"):
                for li in child.findall("li"):
                    out.append(("li", depth, tag == "ol", own_text(li)))
                    walk(li, depth + 1, quote)
            elif tag == "blockquote":
                out.append(("quote", quote + 1))
                walk(child, depth, quote + 1)
            elif tag == "table":
                head = tuple(_norm(th.text_content()) for th in child.xpath(".//thead//th"))
                rows = tuple(tuple(_norm(td.text_content()) for td in tr.xpath("./td"))
                             for tr in child.xpath(".//tbody/tr"))
                out.append(("table", head, rows))
            elif tag in ("div", "li"):
                walk(child, depth, quote)

    walk(root, 0, 0)
    out.append(("footnotes", notes))
    return out


def _assert_same(text: str, where: str) -> None:
    ours, theirs = export_structure(text), html_structure(text)
    assert ours == theirs, f"{where}: the Word export and the page disagree"


def test_the_torture_file_reads_the_same_in_word_and_on_the_page():
    _assert_same(TORTURE.read_text(encoding="utf-8"), TORTURE.name)


@pytest.mark.parametrize("case", [
    "Para\n- a\n- b\n",
    "- a\n  - b\n    - c\n- d\n",
    "1. a\n    1. b\n2. c\n",
    "1. a\n   - b\n2. c\n",
    "| a | b |\n|---|---|\n| x \\| y | z |\n",
    "- item[^n]\n\n[^n]: note\n",
    "> q\n>\n> > qq\n",
    "a  \nb\\\nc\n",
])
def test_edge_cases_read_the_same(case):
    _assert_same(case, repr(case))


def test_every_demo_section_reads_the_same_in_word_and_on_the_page(db_session, catalog):
    from engine.demo import load_demo

    load_demo(db_session, catalog)
    bodies = set(db_session.scalars(select(Revision.body)))
    assert len(bodies) > 30
    for body in sorted(bodies):
        _assert_same(body, body[:60])
