"""A bilingual export: each section's two language versions side by side.

The section's heading is printed in the first language; under it a
two-column table holds the first language's text on the left and the second
language's on the right (its own title at the top of the column when it
differs), so a reader compares them paragraph by paragraph.
"""

from __future__ import annotations

from .markdown_inline import BOLD
from .model import ExportSection
from .ooxml import TABLE_SPACER, BodyWriter
from .wording import LANGUAGE_NAMES

__all__ = ["side_by_side"]


def side_by_side(w: BodyWriter, sec: ExportSection, heading_base: int, text_width: int,
                 languages: tuple[str, str]) -> str:
    """The two versions of one section as a two-column table (Word XML)."""
    left_width = text_width // 2
    widths = (left_width, text_width - left_width)
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    out = [
        f'<w:tbl><w:tblPr><w:tblW w:w="{text_width}" w:type="dxa"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="100" w:type="dxa"/><w:right w:w="100" w:type="dxa"/>'
        '</w:tblCellMar></w:tblPr><w:tblGrid>'
        f'<w:gridCol w:w="{widths[0]}"/><w:gridCol w:w="{widths[1]}"/></w:tblGrid>',
        "<w:tr><w:trPr><w:tblHeader/></w:trPr>",
    ]
    for width, language in zip(widths, languages, strict=True):
        runs = w.plain_runs(LANGUAGE_NAMES.get(language, language), BOLD)
        out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
                   '<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/></w:tcPr>'
                   f"{w.paragraph('<w:keepNext/>', runs)}</w:tc>")
    out.append("</w:tr><w:tr>")
    cells = [(sec.body or "", None), (sec.parallel_body or "", sec.parallel_title)]
    for width, (body, title) in zip(widths, cells, strict=True):
        content = ""
        if title and title != sec.title:
            content += w.paragraph("", w.plain_runs(title, BOLD))
        # Tables written in the text fit the column, not the page.
        page_width = w.pkg.text_width
        w.pkg.text_width = width - 200
        try:
            content += w.markdown(body, heading_base=heading_base)
        finally:
            w.pkg.text_width = page_width
        if not content.rstrip().endswith("</w:p>"):
            content += "<w:p/>"
        out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{content}</w:tc>')
    out.append("</w:tr></w:tbl>")
    out.append(TABLE_SPACER)
    return "".join(out)
