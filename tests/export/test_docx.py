"""The .docx written by render_docx: valid OOXML with native Word features."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import docx
import pytest
from lxml import etree

from engine.export import ExportDocument, ExportSection, render_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R}


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def xml(data: bytes, name: str) -> etree._Element:
    return etree.fromstring(parts(data)[name])


@pytest.fixture
def rich_docx(rich_doc: ExportDocument) -> bytes:
    return render_docx(rich_doc, with_comments=True)


def test_every_xml_part_is_well_formed(rich_docx: bytes) -> None:
    for name, data in parts(rich_docx).items():
        if name.endswith((".xml", ".rels")):
            etree.fromstring(data)  # raises on malformed XML


def test_python_docx_reads_headings_and_tables(rich_doc: ExportDocument, rich_docx: bytes) -> None:
    document = docx.Document(io.BytesIO(rich_docx))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    for sec in rich_doc.sections:
        level = min(sec.level, 3)
        # The number is Word's chapter numbering, not typed text.
        assert (f"Heading {level}", sec.title) in headings
    assert ("Heading 2", "Main gaps") in headings  # a "###" inside a level-1 section
    assert ("Heading 1", "Annex A — Composition of the core group") in headings
    assert ("Heading 1", "Annex B — Consultations held") in headings
    # Cover metadata + 2 body tables + 2 annex tables.
    assert len(document.tables) == 5
    gaps = document.tables[1]
    assert [c.text for c in gaps.rows[0].cells] == [
        "Area",
        "Gap",
        "Responsible",
        "Priority",
        "Deadline",
    ]
    assert len(gaps.rows) == 4
    assert gaps.rows[2].cells[2].text == "Ministry of Labour"


def test_tables_repeat_their_header_row(rich_docx: bytes) -> None:
    body = xml(rich_docx, "word/document.xml")
    tables = body.findall(".//w:tbl", NS)
    styled = [t for t in tables if t.find("w:tblPr/w:tblStyle", NS) is not None]
    assert len(styled) == 4
    for table in styled:
        rows = table.findall("w:tr", NS)
        assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
        assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in rows[1:])
        assert table.find("w:tblPr/w:tblStyle", NS).get(f"{{{W}}}val") == "PolicyTable"


def test_annex_cells_keep_line_breaks(rich_docx: bytes) -> None:
    document = docx.Document(io.BytesIO(rich_docx))
    cell = document.tables[4].rows[1].cells[2]
    assert cell.text == "NGOs\nDiaspora associations"


def test_inline_formatting_is_native(rich_docx: bytes) -> None:
    body = xml(rich_docx, "word/document.xml")

    def runs_with(tag: str) -> set[str]:
        return {
            "".join(r.itertext())
            for r in body.iter(f"{{{W}}}r")
            if r.find(f"w:rPr/{tag}", NS) is not None
        }

    assert "Government of Ruritania" in runs_with("w:b")
    assert "National Development\nPlan".replace("\n", " ") in runs_with("w:i")
    assert "2012 action plan" in runs_with("w:strike")
    code_runs = {
        "".join(r.itertext())
        for r in body.iter(f"{{{W}}}r")
        if r.find("w:rPr/w:rStyle", NS) is not None
        and r.find("w:rPr/w:rStyle", NS).get(f"{{{W}}}val") == "InlineCode"
    }
    assert "migration-profile-2023" in code_runs
    text = "".join(body.itertext())
    for markup in ("**", "~~", "[^", "](", "|---", "<https", "&amp;"):
        assert markup not in text, markup
    assert "Fees & charges <review>" in text


def test_hyperlinks_are_relationships(rich_docx: bytes) -> None:
    body = xml(rich_docx, "word/document.xml")
    rels = xml(rich_docx, "word/_rels/document.xml.rels")
    targets = {
        r.get("Id"): (r.get("Target"), r.get("TargetMode"))
        for r in rels
        if "hyperlink" in r.get("Type")
    }
    links = {}
    for link in body.iter(f"{{{W}}}hyperlink"):
        rid = link.get(f"{{{R}}}id")
        if rid:
            links["".join(link.itertext())] = targets[rid]
    assert links["Ministry's website"] == ("https://interior.example.gov/migration", "External")
    assert links["https://stats.example.gov/profile"] == (
        "https://stats.example.gov/profile",
        "External",
    )


def test_lists_use_numbering_and_numbered_lists_restart(rich_docx: bytes) -> None:
    body = xml(rich_docx, "word/document.xml")
    numbering = xml(rich_docx, "word/numbering.xml")
    paras = body.iter(f"{{{W}}}p")
    items = []
    for p in paras:
        num = p.find("w:pPr/w:numPr", NS)
        if num is not None:
            items.append(
                (
                    "".join(p.itertext()),
                    int(num.find("w:ilvl", NS).get(f"{{{W}}}val")),
                    num.find("w:numId", NS).get(f"{{{W}}}val"),
                )
            )
    by_text = {t: (lvl, nid) for t, lvl, nid in items}
    assert by_text["wave one in the capital;"][0] == 2  # third bullet level
    assert by_text["no common identifier;"][0] == 1
    first, second = (
        by_text["irregular recruitment of workers abroad;"],
        by_text["publish the issues paper;"],
    )
    assert first[1] != second[1]  # a new w:num per numbered list ...
    for _, num_id in (first, second):
        num = numbering.find(f"w:num[@w:numId='{num_id}']", NS)
        start = num.find("w:lvlOverride/w:startOverride", NS)
        assert start is not None
        assert start.get(f"{{{W}}}val") == "1"
    # The template's own numbering definitions are kept alongside ours.
    assert len(numbering.findall("w:abstractNum", NS)) > 2


def test_block_quote_uses_quote_style(rich_docx: bytes) -> None:
    document = docx.Document(io.BytesIO(rich_docx))
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert quotes[0].startswith("Migration policy is most effective")
    assert quotes[1] == "— Opening statement, first round table"


def test_hard_line_breaks(rich_docx: bytes) -> None:
    document = docx.Document(io.BytesIO(rich_docx))
    texts = [p.text for p in document.paragraphs]
    assert any(t.startswith("The core group met twelve times.\nIts minutes") for t in texts)
    assert any("Line one of a poem\nline two of a poem" in t for t in texts)


def test_real_footnotes(rich_docx: bytes) -> None:
    notes = xml(rich_docx, "word/footnotes.xml")
    body = xml(rich_docx, "word/document.xml")
    settings = xml(rich_docx, "word/settings.xml")
    texts = {
        n.get(f"{{{W}}}id"): "".join(n.itertext()).strip()
        for n in notes.findall("w:footnote", NS)
        if n.get(f"{{{W}}}type") is None
    }
    assert texts == {
        "1": "National Development Plan 2021–2035, chapter 4 (Human capital).",
        "2": "Based on the SWOT analysis validated on 3 March 2024.",
    }
    refs = [r.get(f"{{{W}}}id") for r in body.iter(f"{{{W}}}footnoteReference")]
    assert refs == ["1", "2"]
    assert settings.find("w:footnotePr/w:footnote[@w:id='-1']", NS) is not None
    italic = [r for r in notes.iter(f"{{{W}}}r") if r.find("w:rPr/w:i", NS) is not None]
    assert "".join(italic[0].itertext()) == "Human capital"


def test_comments_are_anchored_word_comments(rich_docx: bytes) -> None:
    comments = xml(rich_docx, "word/comments.xml")
    body = xml(rich_docx, "word/document.xml")
    entries = comments.findall("w:comment", NS)
    assert [(c.get(f"{{{W}}}author"), c.get(f"{{{W}}}initials")) for c in entries] == [
        ("Expert Reviewer", "ER"),
        ("Core Group Lead", "CL"),
        ("Expert Reviewer", "ER"),
    ]
    assert entries[0].get(f"{{{W}}}date") == "2024-05-02T09:30:00Z"
    assert "".join(entries[0].itertext()) == "Please name the ministries concerned."
    first_id = entries[0].get(f"{{{W}}}id")
    # The quoted passage sits between the range marks of the comment.
    text = etree.tostring(body, encoding="unicode")
    span = re.search(
        rf'<w:commentRangeStart w:id="{first_id}"/>(.*?)<w:commentRangeEnd w:id="{first_id}"/>',
        text,
    )
    assert span is not None
    assert "".join(etree.fromstring(f'<x xmlns:w="{W}">{span.group(1)}</x>').itertext()) == (
        "weak data sharing between ministries"
    )
    for c in entries:
        cid = c.get(f"{{{W}}}id")
        assert body.find(f".//w:commentReference[@w:id='{cid}']", NS) is not None
    # A comment without a quote is anchored to its section heading.
    last_id = entries[2].get(f"{{{W}}}id")
    (heading,) = body.xpath(f"//w:p[w:commentRangeStart[@w:id='{last_id}']]", namespaces=NS)
    assert heading.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val") == "Heading1"
    assert "Policy instruments" in "".join(heading.itertext())
    # The reply is threaded under its parent in commentsExtended.
    ext = xml(rich_docx, "word/commentsExtended.xml")
    assert any(
        e.get("{http://schemas.microsoft.com/office/word/2012/wordml}paraIdParent") for e in ext
    )


def test_comments_only_on_request(rich_doc: ExportDocument) -> None:
    names = parts(render_docx(rich_doc))
    assert "word/comments.xml" not in names
    assert b"commentRangeStart" not in names["word/document.xml"]


def test_front_matter(rich_docx: bytes) -> None:
    names = parts(rich_docx)
    body = names["word/document.xml"].decode()
    assert 'TOC \\o "1-3" \\h \\z \\u' in body
    settings = xml(rich_docx, "word/settings.xml")
    assert settings.find("w:updateFields", NS).get(f"{{{W}}}val") == "true"
    document = docx.Document(io.BytesIO(rich_docx))
    styles = [p.style.name for p in document.paragraphs[:6]]
    assert styles[:5] == ["Cover Country", "Cover Value", "Title", "Subtitle", "Marking"]
    cover = [c.text for row in document.tables[0].rows for c in row.cells]
    for value in (
        "Ruritania",
        "Ministry of Home Affairs",
        "Policy analysis",
        "Draft - policy analysis",
        "3",
        "14 May 2024",
    ):
        assert value in cover
    # Header with title and marking, footer with PAGE and NUMPAGES fields;
    # the cover page has its own (empty) header and footer.
    section = document.sections[0]
    assert section.different_first_page_header_footer
    header = section.header.paragraphs[0].text
    assert "National Migration and Development Strategy" in header
    assert "DRAFT" in header
    footer_xml = "".join(names[n].decode() for n in names if n.startswith("word/footer"))
    assert 'w:instr=" PAGE ' in footer_xml
    assert 'w:instr=" NUMPAGES ' in footer_xml
    assert section.first_page_header.paragraphs[0].text == ""


def test_marking_colour_follows_the_marking(rich_doc: ExportDocument) -> None:
    draft = parts(render_docx(rich_doc))["word/header1.xml"].decode()
    rich_doc.marking = "VALIDATED"
    validated = parts(render_docx(rich_doc))["word/header1.xml"].decode()
    assert 'w:color w:val="B42318"' in draft
    assert "DRAFT" in draft
    assert 'w:color w:val="1E7B34"' in validated
    assert "VALIDATED" in validated


def test_illegal_characters_are_dropped() -> None:
    doc = ExportDocument(
        title="Bad \x01title\x0b",
        country="C",
        requesting_institution="I & <co>",
        workflow_title="W",
        stage_title="S",
        marking="DRAFT",
        status_label="s",
        version=1,
        date=date(2024, 1, 1),
        sections=[ExportSection("1", "Sec\x1f", 1, "Body \x00with\x08 controls & <tags> \ud800.")],
    )
    data = render_docx(doc)
    for name, content in parts(data).items():
        if name.endswith(".xml"):
            etree.fromstring(content)
    text = docx.Document(io.BytesIO(data)).paragraphs
    assert any(p.text == "Body with controls & <tags> ." for p in text)


def test_empty_document_renders() -> None:
    doc = ExportDocument("T", "C", "I", "W", "S", "DRAFT", "s", 1, date(2024, 1, 1))
    document = docx.Document(io.BytesIO(render_docx(doc, with_comments=True)))
    assert document.paragraphs[2].text == "T"


def test_deep_sections_use_heading_3(rich_doc: ExportDocument) -> None:
    rich_doc.sections.append(ExportSection("4.1.1.1", "Very deep", 4, "Text."))
    document = docx.Document(io.BytesIO(render_docx(rich_doc)))
    deep = [p for p in document.paragraphs if p.text == "Very deep"]
    assert deep[0].style.name == "Heading 3"


def test_output_is_deterministic(rich_doc: ExportDocument) -> None:
    assert render_docx(rich_doc, with_comments=True) == render_docx(rich_doc, with_comments=True)


PATHOLOGICAL = [
    "",
    "   ",
    "*",
    "**",
    "[",
    "]]]][[[[",
    "[^1]",
    "[^1]:",
    "`",
    "```",
    "```\nunclosed fence",
    "> > > deeply\n> > quoted",
    "- \n- \n-",
    "1.\n2.\n3.",
    "-" * 3 + "\n" + "=" * 3,
    "| a |\n|---|",
    "| a | b |\n|---|---|\n| only one |\n| 1 | 2 | 3 | 4 |",
    "\n".join("  " * i + "- level" for i in range(15)),
    "\n".join("   " * i + "1. level" for i in range(12)),
    "<div><p>html <b>block</b></p></div>",
    "a <b>unclosed bold and <i>italic",
    "&#0; &#xD800; &#1114112; &nbsp;",
    "[link](<>) [x]() ![](img.png) <mailto:x@y.z> x@y.example",
    "***a** b*  c ***d***",
    "\\",
    "trailing backslash \\",
    "Tab\tseparated\ttext\n\tindented with tab",
    "# \n## \n###### six\n####### seven",
    "- [ ] task\n- [x] done\n  - [X] nested",
    "> ```\n> code in quote\n> ```",
    "Line  \n  \n  \nmore",
    "[^a]: defined only",
    "Text[^a][^a][^b]\n\n[^a]: twice\n[^b]: - a list\n    - in a note",
    "\u200b\u2028\u2029\ufeff zero-width and separators",
    "emoji 🌍 and RTL العربية and CJK 移民",
]


@pytest.mark.parametrize("body", PATHOLOGICAL)
def test_odd_markdown_still_makes_a_valid_docx(body: str) -> None:
    doc = ExportDocument(
        "T", "C", "I", "W", "S", "DRAFT", "s", 1, date(2024, 1, 1),
        sections=[ExportSection("1", "Odd", 1, body, id=1)],
    )  # fmt: skip
    doc.comments = []
    data = render_docx(doc, with_comments=True)
    for name, content in parts(data).items():
        if name.endswith((".xml", ".rels")):
            etree.fromstring(content)
    docx.Document(io.BytesIO(data))


def test_links_inside_footnotes_belong_to_the_footnotes_part() -> None:
    doc = ExportDocument(
        "T", "C", "I", "W", "S", "DRAFT", "s", 1, date(2024, 1, 1),
        sections=[ExportSection("1", "One", 1, "Text[^1].\n\n[^1]: See [the law](https://law.example/1).")],
    )  # fmt: skip
    names = parts(render_docx(doc))
    rels = etree.fromstring(names["word/_rels/footnotes.xml.rels"])
    (rel,) = list(rels)
    assert rel.get("Target") == "https://law.example/1"
    notes = etree.fromstring(names["word/footnotes.xml"])
    link = next(notes.iter(f"{{{W}}}hyperlink"))
    assert link.get(f"{{{R}}}id") == rel.get("Id")
    assert b"law.example" not in names["word/_rels/document.xml.rels"]
