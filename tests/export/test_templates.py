"""House-style templates: discovery, TOML settings, and swapping looks
without touching code."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from engine.export import (
    DEFAULT_TEMPLATE,
    TEMPLATE_DIR,
    ExportDocument,
    TemplateError,
    list_templates,
    load_template,
    render_docx,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(name)


def default_font(styles_xml: bytes) -> str:
    root = etree.fromstring(styles_xml)
    fonts = root.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    return fonts.get(f"{{{W}}}ascii")


def style_prop(styles_xml: bytes, style_id: str, path: str) -> str | None:
    root = etree.fromstring(styles_xml)
    (style,) = root.xpath(f"w:style[@w:styleId='{style_id}']", namespaces=NS)
    el = style.find(path, NS)
    return None if el is None else el.get(f"{{{W}}}val")


def test_bundled_templates_are_listed() -> None:
    infos = {t.name: t for t in list_templates()}
    assert {"ministry", "compact"} <= set(infos)
    assert DEFAULT_TEMPLATE == "ministry"
    ministry = infos["ministry"]
    assert ministry.docx == TEMPLATE_DIR / "ministry.docx"
    assert ministry.toml == TEMPLATE_DIR / "ministry.toml"
    assert ministry.title.startswith("Ministry")
    assert ministry.settings.cover_page
    assert not infos["compact"].settings.cover_page
    assert ministry.settings.annex_order == (
        "core_group", "consultations", "data_sources", "objectives", "options", "instruments",
        "action_plan", "risks", "responses", "deliverables", "transitions", "*")


def test_load_by_name_or_path() -> None:
    assert load_template().name == "ministry"
    assert load_template("compact").name == "compact"
    assert load_template(TEMPLATE_DIR / "compact.docx").name == "compact"
    assert load_template(str(TEMPLATE_DIR / "compact.toml")).name == "compact"
    with pytest.raises(TemplateError):
        load_template("no-such-template")


def test_templates_are_rebuilt_by_the_committed_script(tmp_path: Path) -> None:
    from document_templates.build_templates import main

    main([str(tmp_path)])
    for name in ("ministry", "compact"):
        built = docx.Document(str(tmp_path / f"{name}.docx"))
        shipped = docx.Document(str(TEMPLATE_DIR / f"{name}.docx"))
        assert sorted(s.name for s in built.styles) == sorted(s.name for s in shipped.styles)


@pytest.mark.parametrize("name", ["ministry", "compact"])
def test_templates_define_the_required_styles(name: str) -> None:
    document = docx.Document(str(TEMPLATE_DIR / f"{name}.docx"))
    names = {s.name for s in document.styles}
    required = {
        "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Body Text",
        "List Bullet", "List Bullet 2", "List Bullet 3", "List Number", "List Number 2",
        "List Number 3", "Quote", "Policy Table", "Header", "Footer", "footnote text",
        "footnote reference", "toc 1", "toc 2", "toc 3", "TOC Heading", "Caption",
        "Hyperlink", "Table Text", "Table Heading",
    }  # fmt: skip
    assert required <= names
    table = etree.fromstring(part((TEMPLATE_DIR / f"{name}.docx").read_bytes(), "word/styles.xml"))
    (policy,) = table.xpath("w:style[@w:styleId='PolicyTable']", namespaces=NS)
    assert policy.find("w:tblStylePr[@w:type='firstRow']", NS) is not None


def test_swapping_templates_changes_the_look(rich_doc: ExportDocument) -> None:
    ministry = render_docx(rich_doc, "ministry")
    compact = render_docx(rich_doc, "compact")
    m_styles, c_styles = part(ministry, "word/styles.xml"), part(compact, "word/styles.xml")
    assert default_font(m_styles) == "Cambria"
    assert default_font(c_styles) == "Arial"
    assert style_prop(m_styles, "Heading1", "w:rPr/w:color") != style_prop(
        c_styles, "Heading1", "w:rPr/w:color"
    )
    m_doc, c_doc = docx.Document(io.BytesIO(ministry)), docx.Document(io.BytesIO(compact))
    assert m_doc.sections[0].left_margin != c_doc.sections[0].left_margin
    # TOML front matter: a cover page for one, a title block for the other.
    assert m_doc.sections[0].different_first_page_header_footer
    assert not c_doc.sections[0].different_first_page_header_footer
    assert "Requesting institution" in [c.text for c in m_doc.tables[0].columns[0].cells]
    assert "Requested by" in [c.text for c in c_doc.tables[0].columns[0].cells]

    # Annex order: ministry puts the core group first, compact keeps the document order.
    def annexes(d: docx.document.Document) -> list[str]:
        return [
            p.text
            for p in d.paragraphs
            if p.style.name == "Heading 1" and p.text.startswith("Annex")
        ]

    assert annexes(m_doc) == [
        "Annex A — Composition of the core group",
        "Annex B — Consultations held",
    ]
    assert annexes(c_doc) == [
        "Annex A: Consultations held",
        "Annex B: Composition of the core group",
    ]


def test_a_ministry_drops_in_its_own_files(rich_doc: ExportDocument, tmp_path: Path) -> None:
    """A replacement .docx + TOML in a directory is picked up by path."""
    shutil.copy(TEMPLATE_DIR / "compact.docx", tmp_path / "interior.docx")
    (tmp_path / "interior.toml").write_text(
        """
[template]
title = "Ministry of the Interior"
[front_matter]
cover_page = true
table_of_contents = false
[labels]
country = "State"
[marking.colors]
DRAFT = "123456"
[annexes]
order = ["core_group"]
[header]
text = "INTERIOR · {title}"
[footer]
text = "{page}"
""",
        encoding="utf-8",
    )
    info = [t for t in list_templates(tmp_path) if t.name == "interior"][0]
    assert info.title == "Ministry of the Interior"
    data = render_docx(rich_doc, tmp_path / "interior.docx")
    document = docx.Document(io.BytesIO(data))
    assert "State" in [c.text for c in document.tables[0].columns[0].cells]
    assert [
        p.text
        for p in document.paragraphs
        if p.style.name == "Heading 1" and p.text.startswith("Annex")
    ] == ["Annex A — Composition of the core group"]
    assert (
        document.sections[0].header.paragraphs[0].text
        == "INTERIOR · National Migration and Development Strategy"
    )
    assert b'w:color w:val="123456"' in part(data, "word/document.xml")
    assert b"TOC \\o" not in part(data, "word/document.xml")


def test_a_plain_word_template_without_our_styles(rich_doc: ExportDocument, tmp_path: Path) -> None:
    """Missing styles fall back to direct formatting; nothing breaks."""
    plain = tmp_path / "plain.docx"
    docx.Document().save(str(plain))
    data = render_docx(rich_doc, plain, with_comments=True)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(zf.read(name))
    document = docx.Document(io.BytesIO(data))
    assert "Introduction" in [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    body = part(data, "word/document.xml").decode()
    assert '<w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference' in body
    assert '<w:tblStyle w:val="TableGrid"/>' in body


def test_template_mode_header_keeps_the_docx_header(
    rich_doc: ExportDocument, tmp_path: Path
) -> None:
    shutil.copy(TEMPLATE_DIR / "ministry.docx", tmp_path / "own.docx")
    (tmp_path / "own.toml").write_text('[header]\nmode = "template"\n', encoding="utf-8")
    data = render_docx(rich_doc, tmp_path / "own.docx")
    document = docx.Document(io.BytesIO(data))
    header = document.sections[0].header.paragraphs[0].text
    assert header == "National Migration and Development Strategy\t\tDRAFT"
    footer = part(data, "word/footer1.xml").decode()
    assert "Ministry of Home Affairs" in footer
    assert "PAGE" in footer


def test_invalid_settings_are_reported(tmp_path: Path) -> None:
    shutil.copy(TEMPLATE_DIR / "ministry.docx", tmp_path / "bad.docx")
    (tmp_path / "bad.toml").write_text('[marking.colors]\nDRAFT = "red"\n', encoding="utf-8")
    with pytest.raises(TemplateError, match="colour"):
        load_template(tmp_path / "bad.docx")
    (tmp_path / "bad.toml").write_text("[front_matter\n", encoding="utf-8")
    with pytest.raises(TemplateError):
        load_template(tmp_path / "bad.docx")


def test_document_language_picks_localized_labels(rich_doc: ExportDocument) -> None:
    rich_doc.language = "fr"
    data = render_docx(rich_doc, "ministry")
    document = docx.Document(io.BytesIO(data))
    labels = [c.text for c in document.tables[0].columns[0].cells]
    assert "Pays" in labels
    assert "Institution requérante" in labels
    assert "14 mai 2024" in [c.text for c in document.tables[0].columns[1].cells]
    assert "Table des matières" in [p.text for p in document.paragraphs]
    assert re.search(rb'<w:lang w:val="fr-FR"', part(data, "word/styles.xml"))
    assert b"<dc:language>fr-FR</dc:language>" in part(data, "docProps/core.xml")
