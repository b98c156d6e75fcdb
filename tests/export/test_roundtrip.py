"""Read the export back with independent tools: pandoc and LibreOffice.

The expected text comes from Python-Markdown (not from our parser), so these
tests catch text that the exporter drops, duplicates or prints as markup.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from engine.export import TEMPLATE_DIR, ExportDocument, render_docx

_FOOTNOTE_DEF = re.compile(r"^\[\^[^\]]+\]:", re.M)
_FOOTNOTE_SUP = re.compile(r'<sup id="fnref[^"]*">.*?</sup>')
_BLOCK_TAGS = {
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "div",
    "hr",
}
_TABLE_TAGS = {"table", "thead", "tbody", "tr", "td", "th"}


class _BlockText(HTMLParser):
    """Text of each block of an HTML fragment, in order; table cells apart."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self.cells: list[str] = []
        self._buf: list[str] = []
        self._in_table = 0

    def _flush(self) -> None:
        text = " ".join("".join(self._buf).split())
        if text:
            (self.cells if self._in_table else self.blocks).append(text)
        self._buf = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _BLOCK_TAGS or tag in _TABLE_TAGS:
            self._flush()
        if tag == "table":
            self._in_table += 1
        if tag == "br":
            self._buf.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS or tag in _TABLE_TAGS:
            self._flush()
        if tag == "table":
            self._in_table -= 1

    def handle_data(self, data: str) -> None:
        self._buf.append(data.replace("\u21a9", ""))  # Python-Markdown's backlink


def blocks_of(md_text: str) -> _BlockText:
    html = markdown.markdown(
        md_text, extensions=["tables", "footnotes", "sane_lists", "fenced_code"]
    )
    parser = _BlockText()
    parser.feed(_FOOTNOTE_SUP.sub("", html))
    parser.close()
    parser._flush()
    return parser


def norm(text: str) -> str:
    text = re.sub(r"\[\d+\]", "", text)  # pandoc's footnote marks
    text = text.replace("~~", "").replace("*", "").replace("_", "")
    return " ".join(text.lower().split())


def words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", text.lower())


_CAPTION = re.compile(r"^\s*:?\s*Table ?\d* — .*$", re.M)  # pandoc: "  : Table — x"


_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _long_date(m: re.Match[str]) -> str:
    from engine.export.templates import DEFAULT_MONTHS

    return f"{int(m.group(3))} {DEFAULT_MONTHS[int(m.group(2)) - 1]} {m.group(1)}"


def expected(doc: ExportDocument) -> tuple[list[str], list[str], list[str]]:
    """(blocks in order, table cells, all words) of the body and annexes."""
    blocks: list[str] = []
    cells: list[str] = []
    notes: list[str] = []
    for sec in doc.sections:
        blocks.append(sec.title)  # the number is Word numbering, which pandoc leaves out
        parsed = blocks_of(sec.body)
        # Python-Markdown prints footnotes after the body, Word at the page
        # foot and pandoc at the very end: they are only counted, not placed.
        n_notes = len(_FOOTNOTE_DEF.findall(sec.body))
        body_blocks = parsed.blocks[: len(parsed.blocks) - n_notes]
        notes.extend(parsed.blocks[len(body_blocks) :])
        blocks.extend(body_blocks)
        cells.extend(parsed.cells)
    for i, annex in enumerate(doc.annexes):
        blocks.append(f"Annex {'AB'[i]} — {annex.title}")
        if annex.intro:
            blocks.extend(blocks_of(annex.intro).blocks)
        for table in annex.tables:
            # Captions ("Table N — title") are checked apart: see _captions.
            cells.extend(table.columns)
            # Dates in generated tables print in the house style's format.
            cells.extend(_ISO.sub(_long_date, c) for row in table.rows for c in row)
    all_words = [w for text in blocks + cells + notes for w in words(text)]
    return blocks, cells, all_words


@pytest.fixture
def body_only_template(tmp_path: Path) -> Path:
    """The ministry look without contents (which repeat the headings) and
    with the annexes in document order."""
    shutil.copy(TEMPLATE_DIR / "ministry.docx", tmp_path / "plainfront.docx")
    (tmp_path / "plainfront.toml").write_text(
        "[front_matter]\ntable_of_contents = false\n", encoding="utf-8"
    )
    return tmp_path / "plainfront.docx"


def pandoc_read(pandoc: str, path: Path, to: str) -> str:
    proc = subprocess.run(
        [pandoc, "-f", "docx", "-t", to, "--wrap=none", str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return proc.stdout


def test_pandoc_reads_back_every_title_and_paragraph(
    pandoc: str, rich_doc: ExportDocument, body_only_template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "rich.docx"
    path.write_bytes(render_docx(rich_doc, body_only_template))
    plain = pandoc_read(pandoc, path, "plain")
    start = plain.index("\nIntroduction\n")  # the number is Word numbering
    body = norm(plain[start:])
    blocks, _cells, expected_words = expected(rich_doc)
    pos = 0
    for block in blocks:
        found = body.find(norm(block), pos)
        assert found >= 0, f"missing or out of order: {block!r}"
        pos = found + len(norm(block))
    got_words = words(_CAPTION.sub("", plain[start:]))
    assert abs(len(got_words) - len(expected_words)) <= 0.01 * len(expected_words), (
        len(got_words),
        len(expected_words),
    )


def test_pandoc_sees_tables_with_their_rows_and_columns(
    pandoc: str, rich_doc: ExportDocument, tmp_path: Path
) -> None:
    path = tmp_path / "rich.docx"
    path.write_bytes(render_docx(rich_doc))
    ast = json.loads(pandoc_read(pandoc, path, "json"))

    def stringify(inlines: list) -> str:
        out = []
        for el in inlines:
            t = el.get("t")
            if t == "Str":
                out.append(el["c"])
            elif t in ("Space", "SoftBreak", "LineBreak"):
                out.append(" ")
            elif t in ("Emph", "Strong", "Strikeout", "Underline", "SmallCaps"):
                out.append(stringify(el["c"]))
            elif t == "Link":
                out.append(stringify(el["c"][1]))
            elif t == "Code":
                out.append(el["c"][1])
        return "".join(out)

    def cell_text(cell: list) -> str:
        blocks = cell[4]
        return " ".join(stringify(b["c"]) for b in blocks if b["t"] in ("Para", "Plain"))

    tables = []
    for block in ast["blocks"]:
        if block["t"] == "Table":
            _attr, _caption, _specs, head, bodies, _foot = block["c"]
            head_rows = [[cell_text(c) for c in row[1]] for row in head[1]]
            body_rows = [[cell_text(c) for c in row[1]] for body in bodies for row in body[3]]
            tables.append((head_rows, body_rows))
    # The cover's metadata table has no header row; the four content tables do.
    content = [t for t in tables if t[0]]
    assert len(content) == 4
    gaps_head, gaps_rows = content[0]
    assert gaps_head == [["Area", "Gap", "Responsible", "Priority", "Deadline"]]
    assert len(gaps_rows) == 3
    assert all(len(r) == 5 for r in gaps_rows)
    assert gaps_rows[2] == [
        "Return",
        "No reintegration desk",
        "Ministry of Home Affairs",
        "Medium",
        "2027",
    ]
    objectives = content[1]
    assert len(objectives[1]) == 2
    assert len(objectives[1][0]) == 5
    core_group, consultations = content[2], content[3]  # ministry.toml: core group first
    assert core_group[0] == [["Name", "Institution", "Role"]]
    assert consultations[1][0][2] == "NGOs Diaspora associations"


def test_pandoc_sees_the_footnotes(pandoc: str, rich_doc: ExportDocument, tmp_path: Path) -> None:
    path = tmp_path / "rich.docx"
    path.write_bytes(render_docx(rich_doc))
    plain = pandoc_read(pandoc, path, "plain")
    assert "[1] National Development Plan 2021–2035, chapter 4 (Human capital)." in plain
    assert "[2] Based on the SWOT analysis validated on 3 March 2024." in plain
    assert "last year.[1]" in plain


@pytest.mark.slow
@pytest.mark.parametrize("template", ["ministry", "compact"])
def test_libreoffice_converts_to_pdf(
    soffice, rich_doc: ExportDocument, template: str, tmp_path: Path
) -> None:
    path = tmp_path / f"rich-{template}.docx"
    path.write_bytes(render_docx(rich_doc, template, with_comments=True))
    pdf = soffice(path)
    assert pdf.read_bytes().startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        return
    text = subprocess.run(
        [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    for sec in rich_doc.sections:
        assert sec.title in flat
    # Footnote text, table cells, list items and annexes made it to paper.
    for snippet in (
        "National Development Plan 2021–2035",
        "No reintegration desk",
        "wave two in the regions.",
        "Composition of the core group",
    ):
        assert snippet in flat
