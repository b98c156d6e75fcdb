"""render_markdown and export_filename."""

from __future__ import annotations

import re
from datetime import date

import markdown
import pytest

from engine.export import (
    Annex,
    AnnexTable,
    ExportDocument,
    ExportSection,
    export_filename,
    render_markdown,
)
from tests.export.test_roundtrip import blocks_of, norm


def test_every_title_and_text_is_in_the_markdown(rich_doc: ExportDocument) -> None:
    out = render_markdown(rich_doc)
    assert out.startswith("# National Migration and Development Strategy\n")
    rendered = norm(" ".join(blocks_of(out).blocks + blocks_of(out).cells))
    for sec in rich_doc.sections:
        heading = "#" * (min(sec.level, 5) + 1) + f" {sec.number} "
        assert heading in out
        parsed = blocks_of(sec.body)
        for text in [sec.title, *parsed.blocks, *parsed.cells]:
            assert norm(text) in rendered, text
    for label in (
        "Ruritania",
        "Ministry of Home Affairs",
        "Draft - policy analysis",
        "14 May 2024",
        "DRAFT",
    ):
        assert label in out


def test_body_headings_move_below_their_section(rich_doc: ExportDocument) -> None:
    out = render_markdown(rich_doc)
    # Section 2 is "##"; its body's "### Main gaps" is its top heading: "###".
    assert "\n### Main gaps\n" in out
    doc = ExportDocument("T", "C", "I", "W", "S", "DRAFT", "s", 1, date(2024, 1, 1), sections=[
        ExportSection("1", "One", 1, "# Top\n\ntext\n\nSub\n---\n\n```\n# not a heading\n```"),
    ])  # fmt: skip
    out = render_markdown(doc)
    assert "\n### Top\n" in out
    assert "\n#### Sub\n" in out
    assert "\n# not a heading\n" in out


def test_footnote_labels_are_unique_across_sections() -> None:
    doc = ExportDocument("T", "C", "I", "W", "S", "DRAFT", "s", 1, date(2024, 1, 1), sections=[
        ExportSection("1", "One", 1, "A[^1].\n\n[^1]: First."),
        ExportSection("2", "Two", 1, "B[^1] and C[^x].\n\n[^1]: Second.\n[^x]: Third."),
    ])  # fmt: skip
    out = render_markdown(doc)
    assert re.findall(r"\[\^(\w+)\]:", out) == ["1", "2", "3"]
    html = markdown.markdown(out, extensions=["footnotes"])
    for text in ("First.", "Second.", "Third."):
        assert text in html


def test_annexes_become_pipe_tables(rich_doc: ExportDocument) -> None:
    rich_doc.annexes.append(
        Annex(
            "extra",
            "Odd | cells",
            tables=[AnnexTable(["A|B", "C"], [["x\ny", "*not emphasis*"], ["short"]])],
        )
    )
    out = render_markdown(rich_doc)
    assert "## Annex A — Consultations held" in out  # document order without a template
    assert "| A\\|B | C |" in out
    assert "| x<br>y | \\*not emphasis\\* |" in out
    assert "| short |  |" in out
    html = markdown.markdown(out, extensions=["tables"])
    assert html.count("<table>") == 5
    assert "*not emphasis*" in html


@pytest.mark.parametrize(
    ("title", "stage", "version", "ext", "expected"),
    [
        ("National Migration Strategy", "Policy analysis", 3, "docx",
         "national-migration-strategy-policy-analysis-v3.docx"),
        ("Stratégie nationale: migration & développement", "Étape 2", 12, ".md",
         "strategie-nationale-migration-developpement-etape-2-v12.md"),
        ("Straße / Łódź — plan", "", 1, "pdf", "strasse-lodz-plan-v1.pdf"),
        ("Миграция", "Stage", 2, "docx", "document-stage-v2.docx"),
        ("A very long title " * 10, "Validation", 1, "docx",
         "a-very-long-title-a-very-long-title-a-very-long-title-a-very-validation-v1.docx"),
    ],
)  # fmt: skip
def test_export_filename(title: str, stage: str, version: int, ext: str, expected: str) -> None:
    doc = ExportDocument(title, "C", "I", "W", stage, "DRAFT", "s", version, date(2024, 1, 1))
    name = export_filename(doc, ext)
    assert name == expected
    assert name.isascii()
    assert "/" not in name


def test_file_names_keep_words_apart_across_dashes_and_accents():
    from engine.export.naming import slugify

    assert slugify("National Immigration Strategy 2027–2032") == "national-immigration-strategy-2027-2032"
    assert slugify("Politique nationale — « migration »") == "politique-nationale-migration"
    assert slugify("Straße der Migration") == "strasse-der-migration"
