"""Build the house-style templates ``ministry.docx`` and ``compact.docx``.

Run from the repository root::

    python document_templates/build_templates.py

The generated files are committed; rebuild them after changing this script.
A ministry can also design its own ``.docx`` in Word instead: the exporter
only needs the style names used below (Heading 1-3, Title, List Bullet,
Quote, footnote text, toc 1, Policy Table, ...), see docs/export.md.

Each template's body is a short specimen of its styles, for whoever opens
the file in Word; the exporter only reads its styles, page setup, numbering
and (in ``header.mode = "template"``) its header and footer.
"""

from __future__ import annotations

import re
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class HouseStyle:
    name: str
    body_font: str
    heading_font: str
    mono_font: str
    body_size: float  # points
    primary: str  # headings, title, table header (RRGGBB)
    accent: str  # rules, links, quote bar
    muted: str  # header/footer, labels
    band: str  # alternate table rows
    margins_cm: tuple[float, float, float, float]  # top, right, bottom, left
    justify: bool
    line: int  # line spacing in 240ths
    after: int  # space after body paragraphs, twips
    heading_sizes: tuple[float, float, float, float]
    heading_caps: bool
    title_size: float
    title_space_before: int  # twips: pushes the title down a cover page
    number_indent: int  # hanging indent for heading numbers, twips


MINISTRY = HouseStyle(
    name="ministry",
    body_font="Cambria",
    heading_font="Calibri",
    mono_font="Consolas",
    body_size=11,
    primary="1F3864",
    accent="2E75B6",
    muted="595959",
    band="EEF2F8",
    margins_cm=(2.5, 2.5, 2.3, 2.5),
    justify=True,
    line=276,
    after=140,
    heading_sizes=(16, 13, 11.5, 11),
    heading_caps=False,
    title_size=28,
    title_space_before=2200,
    number_indent=794,
)

COMPACT = HouseStyle(
    name="compact",
    body_font="Arial",
    heading_font="Arial",
    mono_font="Courier New",
    body_size=10,
    primary="0B5563",
    accent="C55A11",
    muted="6B6B6B",
    band="EAF3F2",
    margins_cm=(1.8, 1.8, 1.8, 1.8),
    justify=False,
    line=252,
    after=100,
    heading_sizes=(13, 11, 10, 10),
    heading_caps=True,
    title_size=22,
    title_space_before=240,
    number_indent=680,
)

# Word only offers these in the style gallery; everything else is kept but
# hidden, and the hundred built-in table styles are dropped.
KEEP_TABLE_STYLES = {"TableNormal", "TableGrid"}


def half_points(pt: float) -> int:
    return round(pt * 2)


def fonts(name: str) -> str:
    return f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}" w:cs="{name}"/>'


def set_props(style, ppr: str = "", rpr: str = "") -> None:
    """Replace a style's pPr/rPr (children given in schema order)."""
    el = style.element
    for tag in ("w:pPr", "w:rPr"):
        for old in el.findall(qn(tag)):
            el.remove(old)
    anchor = el.find(qn("w:tblPr"))
    for tag, inner in (("w:pPr", ppr), ("w:rPr", rpr)):
        if not inner:
            continue
        new = parse_xml(f"<{tag} {nsdecls('w')}>{inner}</{tag}>")
        if anchor is not None:
            anchor.addprevious(new)
        else:
            el.append(new)


def get_style(doc, name: str, kind=WD_STYLE_TYPE.PARAGRAPH, style_id: str | None = None):
    """An existing style by (UI or internal) name, or a new one."""
    styles = doc.styles
    for st in styles:
        if st.name is not None and st.name.lower() == name.lower() and st.type == kind:
            break
    else:
        st = styles.add_style(name, kind)
        # python-docx derives ids by dropping spaces; Word's own ids are
        # CamelCase ("FootnoteText"): keep them familiar.
        st.style_id = style_id or "".join(w[:1].upper() + w[1:] for w in name.split())
    return st


def based_on(style, parent_id: str | None, next_id: str | None = None) -> None:
    el = style.element
    for tag in ("w:basedOn", "w:next"):
        for old in el.findall(qn(tag)):
            el.remove(old)
    name = el.find(qn("w:name"))
    if next_id:
        name.addnext(parse_xml(f'<w:next {nsdecls("w")} w:val="{next_id}"/>'))
    if parent_id:
        name.addnext(parse_xml(f'<w:basedOn {nsdecls("w")} w:val="{parent_id}"/>'))


def show(style, priority: int) -> None:
    """Make a style visible in Word's gallery."""
    el = style.element
    for tag in ("w:semiHidden", "w:unhideWhenUsed", "w:hidden"):
        for old in el.findall(qn(tag)):
            el.remove(old)
    style.priority = priority
    style.quick_style = True


def prune_table_styles(doc) -> None:
    root = doc.styles.element
    for st in list(root.findall(qn("w:style"))):
        if st.get(qn("w:type")) == "table" and st.get(qn("w:styleId")) not in KEEP_TABLE_STYLES:
            root.remove(st)


def drop_extra_parts(doc) -> None:
    """python-docx's default template carries Word 2010 leftovers
    (stylesWithEffects, customXml, a thumbnail): a stale copy of the styles
    would confuse Word, so drop them."""
    for rel in list(doc.part.rels.values()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml")):
            doc.part.drop_rel(rel.rId)
    pkg_rels = doc.part.package.rels
    for rid, rel in list(pkg_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del pkg_rels[rid]


def define_styles(doc, hs: HouseStyle) -> None:
    styles = doc.styles
    text_width = round((21.0 - hs.margins_cm[1] - hs.margins_cm[3]) * 567)
    body_sz = half_points(hs.body_size)
    small_sz = half_points(hs.body_size - 1.5)
    jc = '<w:jc w:val="both"/>' if hs.justify else ""

    # Document defaults: explicit fonts (no theme indirection), language.
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rpr.getparent().replace(
        rpr,
        parse_xml(
            f'<w:rPr {nsdecls("w")}>{fonts(hs.body_font)}<w:color w:val="222222"/>'
            f'<w:sz w:val="{body_sz}"/><w:szCs w:val="{body_sz}"/>'
            '<w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr>'
        ),
    )
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    ppr.getparent().replace(
        ppr,
        parse_xml(
            f'<w:pPr {nsdecls("w")}><w:spacing w:after="{hs.after}" w:line="{hs.line}" '
            'w:lineRule="auto"/></w:pPr>'
        ),
    )

    normal = styles["Normal"]
    set_props(normal, "<w:widowControl/>")

    body = get_style(doc, "Body Text")
    based_on(body, "Normal", "BodyText")
    set_props(body, f'<w:spacing w:after="{hs.after}"/>{jc}')
    show(body, 1)

    # Headings: numbers are written by the exporter followed by a tab; the
    # hanging indent lines wrapped titles up with the title's first word.
    caps = "<w:caps/>" if hs.heading_caps else ""
    spacing = [(480, 160), (320, 120), (240, 80), (200, 60)]
    colours = [hs.primary, hs.primary, hs.primary, hs.muted]
    for level in range(1, 5):
        st = get_style(doc, f"Heading {level}")
        based_on(st, "Normal", "BodyText")
        before, after = spacing[level - 1]
        border = (
            f'<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="4" w:color="{hs.accent}"/></w:pBdr>'
            if level == 1
            else ""
        )
        set_props(
            st,
            f"<w:keepNext/><w:keepLines/>{border}"
            f'<w:spacing w:before="{before}" w:after="{after}" w:line="240" w:lineRule="auto"/>'
            f'<w:ind w:left="{hs.number_indent}" w:hanging="{hs.number_indent}"/>'
            f'<w:jc w:val="left"/><w:outlineLvl w:val="{level - 1}"/>',
            fonts(hs.heading_font)
            + ("<w:b/><w:bCs/>" if level < 4 else "<w:b/><w:bCs/><w:i/><w:iCs/>")
            + (caps if level == 1 else "")
            + f'<w:color w:val="{colours[level - 1]}"/>'
            + f'<w:sz w:val="{half_points(hs.heading_sizes[level - 1])}"/>'
            f'<w:szCs w:val="{half_points(hs.heading_sizes[level - 1])}"/>',
        )
        show(st, 9)

    title = get_style(doc, "Title")
    based_on(title, "Normal", "Subtitle")
    set_props(
        title,
        f'<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="8" w:color="{hs.accent}"/></w:pBdr>'
        f'<w:spacing w:before="{hs.title_space_before}" w:after="240" w:line="240" '
        'w:lineRule="auto"/>',
        fonts(hs.heading_font)
        + f'<w:b/><w:bCs/><w:color w:val="{hs.primary}"/><w:kern w:val="28"/>'
        f'<w:sz w:val="{half_points(hs.title_size)}"/><w:szCs w:val="{half_points(hs.title_size)}"/>',
    )
    show(title, 10)

    subtitle = get_style(doc, "Subtitle")
    based_on(subtitle, "Normal", "BodyText")
    set_props(
        subtitle,
        f'<w:spacing w:before="120" w:after="{720 if hs.title_space_before > 1000 else 160}"/>',
        fonts(hs.heading_font)
        + f'<w:color w:val="{hs.muted}"/><w:sz w:val="{half_points(hs.body_size + 4)}"/>'
        f'<w:szCs w:val="{half_points(hs.body_size + 4)}"/>',
    )
    show(subtitle, 11)

    # Lists: the exporter numbers items itself; these set spacing and give
    # Word users working bullets when they apply the style by hand.
    for base, label in (("List Bullet", "bullet"), ("List Number", "number")):
        for level in (1, 2, 3):
            name = base if level == 1 else f"{base} {level}"
            st = get_style(doc, name)
            based_on(st, "Normal")
            numpr = st.element.find(qn("w:pPr"))
            keep = ""
            if numpr is not None and numpr.find(qn("w:numPr")) is not None:
                num = numpr.find(qn("w:numPr")).find(qn("w:numId")).get(qn("w:val"))
                keep = f'<w:numPr><w:numId w:val="{num}"/></w:numPr>'
            set_props(
                st,
                f'{keep}<w:spacing w:after="60"/><w:ind w:left="{360 * level}" w:hanging="360"/>{jc}',
            )
            show(st, 20 if label == "bullet" else 21)
    for level in (1, 2, 3):
        name = "List Continue" if level == 1 else f"List Continue {level}"
        st = get_style(doc, name)
        based_on(st, "Normal")
        set_props(st, f'<w:spacing w:after="60"/><w:ind w:left="{360 * level}"/>{jc}')

    quote = get_style(doc, "Quote")
    based_on(quote, "Normal", "BodyText")
    set_props(
        quote,
        f'<w:pBdr><w:left w:val="single" w:sz="18" w:space="8" w:color="{hs.accent}"/></w:pBdr>'
        '<w:spacing w:before="120" w:after="120"/><w:ind w:left="567" w:right="567"/>',
        f'<w:i/><w:iCs/><w:color w:val="{hs.muted}"/>',
    )
    show(quote, 29)

    code = get_style(doc, "Code Block")
    based_on(code, "Normal")
    set_props(
        code,
        '<w:shd w:val="clear" w:color="auto" w:fill="F3F4F6"/>'
        '<w:spacing w:before="60" w:after="160" w:line="240" w:lineRule="auto"/>'
        '<w:ind w:left="113" w:right="113"/><w:jc w:val="left"/>',
        fonts(hs.mono_font) + f'<w:sz w:val="{small_sz}"/><w:szCs w:val="{small_sz}"/>',
    )
    show(code, 40)

    inline_code = get_style(doc, "Inline Code", WD_STYLE_TYPE.CHARACTER)
    based_on(inline_code, "DefaultParagraphFont")
    set_props(
        inline_code,
        rpr=fonts(hs.mono_font)
        + f'<w:sz w:val="{small_sz}"/><w:szCs w:val="{small_sz}"/>'
        + '<w:shd w:val="clear" w:color="auto" w:fill="F3F4F6"/>',
    )

    link = get_style(doc, "Hyperlink", WD_STYLE_TYPE.CHARACTER)
    based_on(link, "DefaultParagraphFont")
    set_props(link, rpr=f'<w:color w:val="{hs.accent}"/><w:u w:val="single"/>')
    link.priority = 99

    fn_text = get_style(doc, "footnote text", style_id="FootnoteText")
    based_on(fn_text, "Normal")
    set_props(
        fn_text,
        '<w:spacing w:after="40" w:line="240" w:lineRule="auto"/><w:ind w:left="170" w:hanging="170"/>',
        f'<w:sz w:val="{half_points(hs.body_size - 2)}"/><w:szCs w:val="{half_points(hs.body_size - 2)}"/>',
    )
    fn_ref = get_style(doc, "footnote reference", WD_STYLE_TYPE.CHARACTER, "FootnoteReference")
    based_on(fn_ref, "DefaultParagraphFont")
    set_props(fn_ref, rpr=f'<w:color w:val="{hs.primary}"/><w:vertAlign w:val="superscript"/>')

    ann_text = get_style(doc, "annotation text", style_id="CommentText")
    based_on(ann_text, "Normal")
    set_props(
        ann_text, '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>', '<w:sz w:val="20"/>'
    )
    ann_ref = get_style(doc, "annotation reference", WD_STYLE_TYPE.CHARACTER, "CommentReference")
    based_on(ann_ref, "DefaultParagraphFont")
    set_props(ann_ref, rpr='<w:sz w:val="16"/><w:szCs w:val="16"/>')

    caption = get_style(doc, "Caption")
    based_on(caption, "Normal", "BodyText")
    set_props(
        caption,
        '<w:keepNext/><w:spacing w:before="200" w:after="80" w:line="240" w:lineRule="auto"/>',
        fonts(hs.heading_font)
        + f'<w:b/><w:bCs/><w:color w:val="{hs.primary}"/><w:sz w:val="{small_sz + 1}"/>',
    )
    show(caption, 35)

    table_text = get_style(doc, "Table Text")
    based_on(table_text, "Normal", "TableText")
    set_props(
        table_text,
        '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="left"/>',
        f'<w:sz w:val="{small_sz}"/><w:szCs w:val="{small_sz}"/>',
    )
    show(table_text, 36)
    table_heading = get_style(doc, "Table Heading")
    based_on(table_heading, "TableText", "TableText")
    set_props(
        table_heading,
        "<w:keepNext/>",
        fonts(hs.heading_font) + '<w:b/><w:bCs/><w:color w:val="FFFFFF"/>',
    )
    show(table_heading, 37)

    toc_heading = get_style(doc, "TOC Heading")
    based_on(toc_heading, "Normal", "BodyText")
    set_props(
        toc_heading,
        '<w:keepNext/><w:spacing w:before="240" w:after="240"/><w:outlineLvl w:val="9"/>',
        fonts(hs.heading_font) + f'<w:b/><w:bCs/>{caps}<w:color w:val="{hs.primary}"/>'
        f'<w:sz w:val="{half_points(hs.heading_sizes[0])}"/>',
    )
    show(toc_heading, 39)
    for level in (1, 2, 3):
        st = get_style(doc, f"toc {level}", style_id=f"TOC{level}")
        based_on(st, "Normal", "Normal")
        indent = (level - 1) * 340
        hang = hs.number_indent if level == 1 else hs.number_indent + 113 * (level - 1)
        set_props(
            st,
            f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{text_width}"/></w:tabs>'
            f'<w:spacing w:before="{120 if level == 1 else 20}" w:after="20"/>'
            f'<w:ind w:left="{indent + hang}" w:right="567" w:hanging="{hang}"/><w:jc w:val="left"/>',
            (fonts(hs.heading_font) + "<w:b/><w:bCs/>") if level == 1 else "",
        )
        show(st, 39)

    for name in ("Header", "Footer"):
        st = get_style(doc, name)
        based_on(st, "Normal")
        rule = "top" if name == "Footer" else "bottom"
        set_props(
            st,
            f'<w:pBdr><w:{rule} w:val="single" w:sz="4" w:space="4" w:color="{hs.accent}"/></w:pBdr>'
            f'<w:tabs><w:tab w:val="center" w:pos="{text_width // 2}"/>'
            f'<w:tab w:val="right" w:pos="{text_width}"/></w:tabs>'
            '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
            fonts(hs.heading_font)
            + f'<w:color w:val="{hs.muted}"/><w:sz w:val="16"/><w:szCs w:val="16"/>',
        )

    cover_country = get_style(doc, "Cover Country")
    based_on(cover_country, "Normal", "CoverValue")
    set_props(
        cover_country,
        '<w:spacing w:after="40"/>',
        fonts(hs.heading_font)
        + f'<w:b/><w:bCs/><w:caps/><w:color w:val="{hs.primary}"/><w:spacing w:val="20"/>'
        f'<w:sz w:val="{half_points(hs.body_size + 3)}"/>',
    )
    cover_label = get_style(doc, "Cover Label")
    based_on(cover_label, "Normal")
    set_props(
        cover_label,
        '<w:spacing w:after="0"/>',
        fonts(hs.heading_font) + f'<w:smallCaps/><w:color w:val="{hs.muted}"/>',
    )
    cover_value = get_style(doc, "Cover Value")
    based_on(cover_value, "Normal")
    set_props(cover_value, '<w:spacing w:after="0"/><w:jc w:val="left"/>', fonts(hs.heading_font))
    marking = get_style(doc, "Marking")
    based_on(marking, "Normal")
    set_props(
        marking,
        f'<w:spacing w:before="{240 if hs.title_space_before > 1000 else 60}" '
        f'w:after="{480 if hs.title_space_before > 1000 else 160}"/>',
        fonts(hs.heading_font) + '<w:sz w:val="28"/><w:szCs w:val="28"/>',
    )

    # The table style: coloured header row (repeated by the exporter),
    # light banding, horizontal rules only.
    prune_table_styles(doc)
    table_xml = (
        f'<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="PolicyTable">'
        '<w:name w:val="Policy Table"/><w:basedOn w:val="TableNormal"/>'
        '<w:uiPriority w:val="59"/><w:qFormat/>'
        '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        '<w:tblPr><w:tblStyleRowBandSize w:val="1"/>'
        "<w:tblBorders>"
        f'<w:top w:val="single" w:sz="8" w:space="0" w:color="{hs.primary}"/>'
        '<w:left w:val="nil"/>'
        f'<w:bottom w:val="single" w:sz="8" w:space="0" w:color="{hs.primary}"/>'
        '<w:right w:val="nil"/>'
        '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>'
        '<w:insideV w:val="nil"/></w:tblBorders>'
        '<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
        '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
        "</w:tblPr>"
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/><w:color w:val="FFFFFF"/></w:rPr>'
        "<w:tblPr/><w:trPr><w:tblHeader/></w:trPr>"
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{hs.primary}"/></w:tcPr>'
        "</w:tblStylePr>"
        '<w:tblStylePr w:type="band2Horz"><w:tblPr/>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{hs.band}"/></w:tcPr>'
        "</w:tblStylePr></w:style>"
    )
    styles.element.append(parse_xml(table_xml))


def page_setup(doc, hs: HouseStyle) -> None:
    section = doc.sections[0]
    section.page_width = Cm(21.0)
    section.page_height = Cm(29.7)
    top, right, bottom, left = hs.margins_cm
    section.top_margin, section.right_margin = Cm(top), Cm(right)
    section.bottom_margin, section.left_margin = Cm(bottom), Cm(left)
    section.header_distance = Cm(1.2)
    section.footer_distance = Cm(1.1)
    section.start_type = WD_SECTION.NEW_PAGE
    # Sample header and footer with the placeholders understood in
    # header.mode = "template" (the generated mode replaces them).
    header = section.header.paragraphs[0]
    header.style = doc.styles["Header"]
    header.text = "{title}\t\t{marking}"
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    footer.text = "{institution}\t\t"
    run = footer.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>'))
    run = footer.add_run()
    run._r.append(
        parse_xml(f'<w:instrText {nsdecls("w")} xml:space="preserve"> PAGE </w:instrText>')
    )
    run = footer.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'))


def specimen(doc) -> None:
    """A one-page style sheet, for people restyling the template in Word."""
    doc.add_paragraph("Template specimen", style="Title")
    doc.add_paragraph("National strategy drafting process", style="Subtitle")
    doc.add_paragraph("1\tHeading 1 (numbers come from the document tree)", style="Heading 1")
    doc.add_paragraph(
        "Body Text. The exporter writes every paragraph of a section in this style; "
        "edit it to change the body font, size, spacing or alignment.",
        style="Body Text",
    )
    doc.add_paragraph("1.1\tHeading 2", style="Heading 2")
    doc.add_paragraph("1.1.1\tHeading 3", style="Heading 3")
    for name in ("List Bullet", "List Bullet 2", "List Bullet 3"):
        doc.add_paragraph(name, style=name)
    for name in ("List Number", "List Number 2", "List Number 3"):
        doc.add_paragraph(name, style=name)
    doc.add_paragraph("Quote: a block quotation from a law or a consultation.", style="Quote")
    doc.add_paragraph("Table A.1 — Caption", style="Caption")
    table = doc.add_table(rows=3, cols=3)
    table.style = doc.styles["Policy Table"]
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"Header {c + 1}" if r == 0 else f"Cell {r}.{c + 1}"
            cell.paragraphs[0].style = doc.styles["Table Heading" if r == 0 else "Table Text"]
    doc.add_paragraph("Code Block: fixed-width text", style="Code Block")


def finish_package(path: Path, hs: HouseStyle) -> None:
    """Point the theme's major/minor fonts at the house fonts (so Word's font
    menu lists them as theme fonts) and give every zip entry a fixed date,
    so that rebuilding an unchanged template gives identical bytes."""
    with zipfile.ZipFile(path) as zf:
        items = [(info.filename, zf.read(info)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in items:
            if name == "word/theme/theme1.xml":
                text = data.decode("utf-8")
                text = re.sub(
                    r'(<a:majorFont>\s*<a:latin typeface=")[^"]*"',
                    rf'\g<1>{hs.heading_font}"',
                    text,
                )
                text = re.sub(
                    r'(<a:minorFont>\s*<a:latin typeface=")[^"]*"', rf'\g<1>{hs.body_font}"', text
                )
                data = text.encode("utf-8")
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)


def build(hs: HouseStyle, directory: Path = HERE) -> Path:
    doc = Document()
    drop_extra_parts(doc)
    define_styles(doc, hs)
    page_setup(doc, hs)
    specimen(doc)
    props = doc.core_properties
    props.title = f"{hs.name.capitalize()} house style"
    props.author = "policycycle"
    props.comments = "Template for policycycle Word exports; see docs/export.md"
    path = directory / f"{hs.name}.docx"
    doc.save(path)
    finish_package(path, hs)
    return path


def main(argv: list[str] | None = None) -> int:
    directory = Path(argv[0]) if argv else HERE
    for hs in (MINISTRY, COMPACT):
        print(build(hs, directory))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
