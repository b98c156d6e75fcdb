"""WordprocessingML written as strings, straight from parsed Markdown.

Building XML trees (python-docx, lxml) costs far more than the text itself
for a long strategy, so this module concatenates escaped strings.  Every
writer here produces schema-ordered markup: Word is strict about element
order inside ``w:pPr``/``w:rPr``/``w:tblPr``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from xml.sax.saxutils import quoteattr

from .markdown_blocks import (
    Block,
    CodeBlock,
    Heading,
    ListBlock,
    Paragraph,
    ParsedMarkdown,
    Quote,
    Rule,
    Table,
    parse_markdown,
)
from .markdown_inline import (
    BOLD,
    BREAK,
    CODE,
    FOOTNOTE,
    ITALIC,
    STRIKE,
    SUB,
    SUP,
    TEXT,
    UNDERLINE,
    Run,
    parse_inline,
)
from .package import REL_HYPERLINK, TemplatePackage
from .templates import TemplateSettings

__all__ = [
    "COMMENT_END",
    "COMMENT_START",
    "TAB",
    "W_NS",
    "Anchor",
    "BodyWriter",
    "Numbering",
    "RelTable",
    "StyleMap",
    "TocEntry",
    "anchor_pattern",
    "attr",
    "clean",
    "column_widths",
    "esc",
    "fitted_widths",
    "proportional_widths",
]

# Run kinds added by the writer on top of markdown_inline's.
COMMENT_START = 3
COMMENT_END = 4
TAB = 5

# Tracked changes ride on a run's flags: INS or DEL, and above CHANGE_SHIFT
# the index (from 1) of the change's author and date in BodyWriter.changes.
INS = 1 << 12
DEL = 1 << 13
CHANGE_SHIFT = 16
_FORMAT = (1 << 12) - 1

W_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)

# Characters XML 1.0 forbids, plus C1 controls that Word refuses to open.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


#: The empty paragraph after a table (Word needs one between two tables, and after a
#: table that ends a cell or the document). One point high, so that a table filling its
#: page to the bottom does not push it onto a page of its own.
TABLE_SPACER = ('<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" '
                'w:lineRule="exact"/><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>'
                '</w:pPr></w:p>')


def clean(text: str) -> str:
    """Drop characters that cannot appear in an XML document."""
    return _ILLEGAL.sub("", text)


def esc(text: str) -> str:
    """Escape text content (not attributes)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def attr(text: str) -> str:
    """A quoted, escaped attribute value."""
    return quoteattr(text)


class RelTable:
    """Relationships of one part (document, footnotes): hyperlinks mostly."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.rels: list[tuple[str, str, str, bool]] = []
        self._links: dict[str, str] = {}

    def hyperlink(self, url: str) -> str:
        rid = self._links.get(url)
        if rid is None:
            rid = f"{self.prefix}{len(self.rels) + 1}"
            self._links[url] = rid
            self.rels.append((rid, REL_HYPERLINK, url, True))
        return rid


class StyleMap:
    """Logical roles (``heading2``, ``list_bullet1``...) to template style ids."""

    _CHARACTER = {"inline_code", "hyperlink", "footnote_reference", "comment_reference"}

    def __init__(self, pkg: TemplatePackage, settings: TemplateSettings) -> None:
        self._pkg = pkg
        self._names = settings.style_names
        self._cache: dict[str, str | None] = {}
        self.normal = pkg.style("paragraph", ("Normal",)) or "Normal"

    def __getitem__(self, role: str) -> str | None:
        try:
            return self._cache[role]
        except KeyError:
            pass
        kind = (
            "character" if role in self._CHARACTER else "table" if role == "table" else "paragraph"
        )
        sid = self._pkg.style(kind, self._names.get(role, ()))
        self._cache[role] = sid
        return sid

    def heading(self, level: int) -> str | None:
        """Heading style for a level, falling back to the deepest one defined."""
        for lvl in range(min(max(level, 1), 6), 0, -1):
            sid = self[f"heading{lvl}"]
            if sid is not None:
                return sid
        return None

    def ppr_style(self, sid: str | None) -> str:
        """``w:pStyle`` markup, omitted for the default paragraph style."""
        if sid is None or sid == self.normal:
            return ""
        return f'<w:pStyle w:val="{sid}"/>'


class Numbering:
    """Our list definitions: one bullet and one numbered abstractNum, and a
    fresh ``w:num`` per list so that every numbered list restarts at its own
    start value (lvlOverride/startOverride)."""

    def __init__(self, pkg: TemplatePackage, settings: TemplateSettings) -> None:
        self.bullet_abstract = pkg.max_abstract_num + 1
        self.number_abstract = pkg.max_abstract_num + 2
        self.heading_abstract = pkg.max_abstract_num + 3
        self._next = pkg.max_num + 1
        self.heading_styles: list[str | None] = []  # Heading 1..3 style ids, set by the writer
        self.heading_indent = 794
        self._nums: list[str] = []
        self._settings = settings
        self._bullet_num: int | None = None
        self._geometry_cache: dict[bool, list[tuple[int, int]]] = {}

    def new_list(self, ordered: bool, level: int, start: int = 1) -> int:
        if not ordered:
            # Bullets never restart, so all bullet lists can share one num.
            if self._bullet_num is None:
                self._bullet_num = self._alloc(f'<w:abstractNumId w:val="{self.bullet_abstract}"/>')
            return self._bullet_num
        return self._alloc(
            f'<w:abstractNumId w:val="{self.number_abstract}"/>'
            f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        )

    def _alloc(self, inner: str) -> int:
        num_id = self._next
        self._next += 1
        self._nums.append(f'<w:num w:numId="{num_id}">{inner}</w:num>')
        return num_id

    def _geometry(self, ordered: bool) -> list[tuple[int, int]]:
        """(text indent, hanging) per level.  A level's number starts where
        the parent level's text starts; multi-part numbers ("2.1.") get a
        wider hanging indent so they never run into the text."""
        cached = self._geometry_cache.get(ordered)
        if cached is not None:
            return cached
        s = self._settings
        step = s.list_indent_twips
        formats = s.number_formats or (("decimal", "%{n}."),)
        out: list[tuple[int, int]] = []
        for lvl in range(9):
            parts = formats[lvl % len(formats)][1].count("%") if ordered else 1
            hanging = step + (parts - 1) * step * 2 // 3
            start = out[-1][0] if out else 0
            out.append((start + hanging, hanging))
        self._geometry_cache[ordered] = out
        return out

    def text_indent(self, ordered: bool, level: int) -> int:
        """Where the text of a list item at ``level`` starts (twips)."""
        return self._geometry(ordered)[min(level, 8)][0]

    def heading_list(self) -> int:
        """The one ``w:num`` of the chapter numbering (1, 1.1, 1.1.1)."""
        if self._heading_num is None:
            self._heading_num = self._alloc(f'<w:abstractNumId w:val="{self.heading_abstract}"/>')
        return self._heading_num

    _heading_num: int | None = None

    def _heading_abstract_xml(self) -> str:
        """Chapter numbers as a Word multilevel list linked to the heading
        styles, so a heading inserted in Word renumbers the ones after it."""
        ind = self.heading_indent
        out = [f'<w:abstractNum w:abstractNumId="{self.heading_abstract}">'
               '<w:multiLevelType w:val="multilevel"/>']
        for lvl in range(9):
            text = ".".join(f"%{n}" for n in range(1, lvl + 2))
            style = self.heading_styles[lvl] if lvl < len(self.heading_styles) else None
            pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
            out.append(
                f'<w:lvl w:ilvl="{lvl}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
                f'{pstyle}<w:suff w:val="tab"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{ind}"/></w:tabs>'
                f'<w:ind w:left="{ind}" w:hanging="{ind}"/></w:pPr></w:lvl>'
            )
        out.append("</w:abstractNum>")
        return "".join(out)

    def abstract_xml(self) -> str:
        s = self._settings
        bullets = s.bullets or ("•",)
        formats = s.number_formats or (("decimal", "%{n}."),)
        out = [
            f'<w:abstractNum w:abstractNumId="{self.bullet_abstract}">'
            '<w:multiLevelType w:val="hybridMultilevel"/>'
        ]
        for lvl, (left, hanging) in enumerate(self._geometry(False)):
            out.append(
                f'<w:lvl w:ilvl="{lvl}"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
                f"<w:lvlText w:val={attr(bullets[lvl % len(bullets)])}/>"
                '<w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr>'
                "</w:lvl>"
            )
        out.append("</w:abstractNum>")
        out.append(
            f'<w:abstractNum w:abstractNumId="{self.number_abstract}">'
            '<w:multiLevelType w:val="multilevel"/>'
        )
        for lvl, (left, hanging) in enumerate(self._geometry(True)):
            fmt, text = formats[lvl % len(formats)]
            out.append(
                f'<w:lvl w:ilvl="{lvl}"><w:start w:val="1"/><w:numFmt w:val={attr(fmt)}/>'
                f"<w:lvlText w:val={attr(text.replace('{n}', str(lvl + 1)))}/>"
                '<w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr>'
                "</w:lvl>"
            )
        out.append("</w:abstractNum>")
        if self._heading_num is not None:
            out.append(self._heading_abstract_xml())
        return "".join(out)

    def nums_xml(self) -> str:
        return "".join(self._nums)


@dataclass
class TocEntry:
    """A heading as listed in the contents."""

    level: int
    number: str
    text: str
    bookmark: str


@dataclass(slots=True)
class _Ctx:
    """Where a block is being written."""

    para_style: str | None
    heading_base: int = 1  # Word level of a body heading with the minimum level
    heading_min: int = 1  # smallest Markdown heading level in the body
    list_depth: int = 0
    quote_depth: int = 0
    headings: bool = True  # False in footnotes and table cells
    first_run: str = ""  # markup put before the first paragraph's runs


@dataclass
class Anchor:
    """Comments waiting for their quoted passage to be written."""

    pattern: re.Pattern[str]
    ids: list[int]


@dataclass
class _Footnotes:
    next_id: int = 1
    xml: list[str] = field(default_factory=list)


_FOOTNOTE_SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing '
    'w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/>'
    "</w:r></w:p></w:footnote>"
)


class BodyWriter:
    """Turns Markdown bodies into ``w:body`` content for one document.

    One writer is used per export: it owns the numbering, the footnotes,
    the hyperlink relationships, bookmarks and pending comment anchors.
    """

    def __init__(self, pkg: TemplatePackage, settings: TemplateSettings) -> None:
        self.pkg = pkg
        self.settings = settings
        self.styles = StyleMap(pkg, settings)
        self.numbering = Numbering(pkg, settings)
        self.doc_rels = RelTable("rIdPcH")
        self.note_rels = RelTable("rIdPcN")
        self.toc: list[TocEntry] = []
        self.anchors: list[Anchor] = []
        self._footnotes = _Footnotes()
        self._bookmark = 0
        self.table_count = 0  # SEQ Table numbers given so far
        self.changes: list[tuple[str, str]] = []  # (author, ISO date) of tracked changes
        self._change_id = 500_000  # apart from bookmark and comment ids
        self.block_change = 0  # INS/DEL | index: a whole block inserted or deleted
        self.inline_override: dict[str, list[Run]] = {}  # text -> runs with tracked changes
        self.caption_label = "Table"
        self.caption_separator = " — "
        self.last_heading = ""  # what a body table's caption names
        self.numbering.heading_styles = [self.styles.heading(n) for n in (1, 2, 3)]
        self._rels = self.doc_rels
        self._in_note = False
        self._rpr_cache: dict[int, str] = {}
        s = self.styles
        self._hyperlink_style = s["hyperlink"]
        self._code_style = s["inline_code"]
        self._fnref_style = s["footnote_reference"]
        self._comment_ref_style = s["comment_reference"]
        self._body_style = s["body"]
        self._list_end_space = pkg.spacing_after(self._body_style or s.normal)
        # Current Markdown context (footnote definitions and link references
        # are per section body).
        self._note_defs: dict[str, list[Block]] = {}
        self._links: dict[str, tuple[str, str | None]] = {}
        self._has_note: Callable[[str], bool] = self._note_defs.__contains__

    # -- runs ------------------------------------------------------------
    def _rpr(self, flags: int, link: bool) -> str:
        flags &= _FORMAT
        key = flags | (128 if link else 0)
        cached = self._rpr_cache.get(key)
        if cached is not None:
            return cached
        parts: list[str] = []
        char_style = None
        if link and self._hyperlink_style:
            char_style = self._hyperlink_style
        elif flags & CODE and self._code_style:
            char_style = self._code_style
        if char_style:
            parts.append(f'<w:rStyle w:val="{char_style}"/>')
        if flags & CODE and char_style != self._code_style:
            parts.append('<w:rFonts w:ascii="Consolas" w:hAnsi="Consolas" w:cs="Consolas"/>')
        if flags & BOLD:
            parts.append("<w:b/><w:bCs/>")
        if flags & ITALIC:
            parts.append("<w:i/><w:iCs/>")
        if flags & STRIKE:
            parts.append("<w:strike/>")
        if link and not self._hyperlink_style:
            parts.append('<w:color w:val="0563C1"/>')
        if flags & UNDERLINE or (link and not self._hyperlink_style):
            parts.append('<w:u w:val="single"/>')
        if flags & SUP:
            parts.append('<w:vertAlign w:val="superscript"/>')
        elif flags & SUB:
            parts.append('<w:vertAlign w:val="subscript"/>')
        rpr = f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""
        self._rpr_cache[key] = rpr
        return rpr

    def runs_xml(self, runs: Iterable[Run]) -> str:
        """Runs to ``w:r``/``w:hyperlink`` markup."""
        out: list[str] = []
        href_open: str | None = None
        for kind, text, flags, href in runs:
            if href != href_open:
                if href_open is not None:
                    out.append("</w:hyperlink>")
                if href is not None:
                    if href.startswith("#"):
                        out.append(f'<w:hyperlink w:anchor={attr(href[1:])} w:history="1">')
                    else:
                        rid = self._rels.hyperlink(href)
                        out.append(f'<w:hyperlink r:id="{rid}" w:history="1">')
                href_open = href
            if flags > _FORMAT:
                out.append(self._change_run(kind, text, flags, href))
            elif kind == TEXT:
                out.append(
                    f'<w:r>{self._rpr(flags, href is not None)}<w:t xml:space="preserve">'
                    f"{esc(text)}</w:t></w:r>"
                )
            elif kind == BREAK:
                out.append("<w:r><w:br/></w:r>")
            elif kind == TAB:
                out.append("<w:r><w:tab/></w:r>")
            elif kind == FOOTNOTE:
                out.append(self._footnote_ref(text))
            elif kind == COMMENT_START:
                out.append(f'<w:commentRangeStart w:id="{text}"/>')
            elif kind == COMMENT_END:
                style = (
                    f'<w:rPr><w:rStyle w:val="{self._comment_ref_style}"/></w:rPr>'
                    if self._comment_ref_style
                    else ""
                )
                out.append(
                    f'<w:commentRangeEnd w:id="{text}"/>'
                    f'<w:r>{style}<w:commentReference w:id="{text}"/></w:r>'
                )
        if href_open is not None:
            out.append("</w:hyperlink>")
        return "".join(out)

    def change_attrs(self, flags: int) -> str:
        """``w:id``, ``w:author`` and ``w:date`` of a tracked change."""
        author, date = self.changes[(flags >> CHANGE_SHIFT) - 1]
        self._change_id += 1
        return f'w:id="{self._change_id}" w:author={attr(clean(author) or "?")} w:date="{date}"'

    def _change_run(self, kind: int, text: str, flags: int, href: str | None) -> str:
        deleted = bool(flags & DEL)
        tag = "del" if deleted else "ins"
        rpr = self._rpr(flags, href is not None)
        if kind == TEXT:
            t = "delText" if deleted else "t"
            inner = f'<w:{t} xml:space="preserve">{esc(text)}</w:{t}>'
        elif kind == BREAK:
            inner = "<w:br/>"
        elif kind == TAB:
            inner = "<w:tab/>"
        elif kind == FOOTNOTE:
            return self._footnote_ref(text)
        else:
            return ""
        return f"<w:{tag} {self.change_attrs(flags)}><w:r>{rpr}{inner}</w:r></w:{tag}>"

    def plain_runs(self, text: str, flags: int = 0) -> list[Run]:
        """Runs for plain text: newlines become line breaks."""
        text = clean(text).replace("\t", " ")
        if "\n" not in text:
            return [(TEXT, text, flags, None)] if text else []
        runs: list[Run] = []
        for i, line in enumerate(text.split("\n")):
            if i:
                runs.append((BREAK, "", flags, None))
            if line:
                runs.append((TEXT, line, flags, None))
        return runs

    # -- paragraphs ------------------------------------------------------
    def paragraph(self, ppr: str, runs: list[Run], prefix: str = "") -> str:
        """A ``w:p`` with the given pPr children; anchors pending comments."""
        if self.anchors and not self._in_note:
            runs = self._anchor(runs)
        change = self.block_change
        if change and not self._in_note:
            # The whole paragraph, its mark included, is a tracked change.
            runs = [(k, t, f if f > _FORMAT else f | change, h) for k, t, f, h in runs]
            tag = "del" if change & DEL else "ins"
            ppr += f"<w:rPr><w:{tag} {self.change_attrs(change)}/></w:rPr>"
        body = self.runs_xml(runs)
        if ppr:
            return f"<w:p><w:pPr>{ppr}</w:pPr>{prefix}{body}</w:p>"
        return f"<w:p>{prefix}{body}</w:p>"

    def _anchor(self, runs: list[Run]) -> list[Run]:
        plain = "".join(r[1] if r[0] == TEXT else "\n" if r[0] == BREAK else "" for r in runs)
        if not plain:
            return runs
        for anchor in list(self.anchors):
            m = anchor.pattern.search(plain)
            if m is None:
                continue
            self.anchors.remove(anchor)
            runs = _insert_markers(runs, m.start(), m.end(), anchor.ids)
        return runs

    def new_bookmark(self) -> tuple[int, str]:
        self._bookmark += 1
        return self._bookmark, f"_Toc{self._bookmark:08d}"

    def heading(
        self,
        level: int,
        runs: list[Run],
        *,
        number: str = "",
        page_break: bool = False,
        style: str | None = None,
        toc_slot: int | None = None,
        comment_ids: list[int] | None = None,
        marker: str = "",
    ) -> str:
        """A heading paragraph with a bookmark (the contents link to it).

        Body sub-headings are listed in the contents as they come; a section
        heading written after its body passes the ``toc_slot`` it reserved.
        """
        sid = style or self.styles.heading(level)
        ppr = self.styles.ppr_style(sid)
        # Headings keep with what follows, so no page ends on a heading.
        ppr += "<w:keepNext/>"
        if page_break:
            ppr += "<w:pageBreakBefore/>"
        if number:
            # The number comes from the chapter numbering (numbering.xml).
            ilvl = min(level, 9) - 1
            ppr += (f'<w:numPr><w:ilvl w:val="{ilvl}"/>'
                    f'<w:numId w:val="{self.numbering.heading_list()}"/></w:numPr>')
        elif sid is not None:
            # Unnumbered heading in a heading style: no list, no hanging indent.
            ppr += '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>'
            if style is None:
                ppr += '<w:ind w:left="0" w:firstLine="0"/>'
        if sid is None:
            ppr += f'<w:outlineLvl w:val="{min(level, 9) - 1}"/>'
            runs = [(k, t, f | BOLD, h) for k, t, f, h in runs]
        bid, name = self.new_bookmark()
        text = "".join(r[1] for r in runs if r[0] == TEXT)
        if level <= 3:
            entry = TocEntry(level, number, text, name)
            if toc_slot is None:
                self.toc.append(entry)
            else:
                self.toc[toc_slot] = entry
        self.last_heading = text
        if self.block_change and not self._in_note:
            change = self.block_change
            runs = [(k, t, (f & _FORMAT) | change, h) for k, t, f, h in runs]
            tag = "del" if change & DEL else "ins"
            ppr += f"<w:rPr><w:{tag} {self.change_attrs(change)}/></w:rPr>"
        if comment_ids:
            runs = _insert_markers(runs, 0, len(text), comment_ids)
        elif self.anchors and not self._in_note:
            runs = self._anchor(runs)
        marks = ""
        if marker:
            # The section's own bookmark (id and revision exported), for import.
            mid, _ = self.new_bookmark()
            marks = f'<w:bookmarkStart w:id="{mid}" w:name="{marker}"/><w:bookmarkEnd w:id="{mid}"/>'
        return (
            f"<w:p><w:pPr>{ppr}</w:pPr>{marks}"
            f'<w:bookmarkStart w:id="{bid}" w:name="{name}"/>{self.runs_xml(runs)}'
            f'<w:bookmarkEnd w:id="{bid}"/></w:p>'
        )

    def caption(self, title: str, *, generated: bool = False) -> str:
        """A numbered caption above a table: "Table 3 — title" with a SEQ field."""
        self.table_count += 1
        sid = self.styles["caption"]
        ppr = self.styles.ppr_style(sid) + "<w:keepNext/>"
        rpr = "" if sid else "<w:rPr><w:b/></w:rPr>"
        text = clean(title).replace("\n", " ")
        sep = esc(self.caption_separator) if text else ""
        return (
            f'<w:p><w:pPr>{ppr}</w:pPr><w:r>{rpr}<w:t xml:space="preserve">'
            f"{esc(self.caption_label)} </w:t></w:r>"
            f'<w:fldSimple w:instr=" SEQ Table \\* ARABIC "><w:r>{rpr}<w:t>{self.table_count}'
            f'</w:t></w:r></w:fldSimple><w:r>{rpr}<w:t xml:space="preserve">{sep}{esc(text)}'
            "</w:t></w:r></w:p>"
        )

    def reserve_toc(self) -> int:
        """Keep a place in the contents for a heading written later."""
        self.toc.append(TocEntry(0, "", "", ""))
        return len(self.toc) - 1

    # -- Markdown bodies -------------------------------------------------
    def markdown(
        self,
        text: str,
        heading_base: int = 1,
        para_style: str | None = None,
    ) -> str:
        """A Markdown body as WordprocessingML block content.

        ``heading_base`` is the Word heading level given to the body's
        top-level Markdown headings (the section's level + 1).
        """
        parsed = parse_markdown(clean(text))
        self._note_defs = parsed.footnotes
        self._links = parsed.links
        self._has_note = parsed.footnotes.__contains__
        levels = [b.level for b in parsed.blocks if type(b) is Heading]
        ctx = _Ctx(
            para_style=para_style if para_style is not None else self._body_style,
            heading_base=heading_base,
            heading_min=min(levels) if levels else 1,
        )
        out: list[str] = []
        self._blocks(parsed.blocks, ctx, out)
        return "".join(out)

    def begin_body(self, parsed: ParsedMarkdown, heading_base: int) -> _Ctx:
        """Set the footnotes and links of a body about to be written block by block."""
        self._note_defs = parsed.footnotes
        self._links = parsed.links
        self._has_note = parsed.footnotes.__contains__
        levels = [b.level for b in parsed.blocks if type(b) is Heading]
        return _Ctx(para_style=self._body_style, heading_base=heading_base,
                    heading_min=min(levels) if levels else 1)

    def write_blocks(self, blocks: list[Block], ctx: _Ctx) -> str:
        out: list[str] = []
        self._blocks(blocks, ctx, out)
        return "".join(out)

    def inline(self, text: str) -> list[Run]:
        if self.inline_override:
            override = self.inline_override.get(text)
            if override is not None:
                return override
        return parse_inline(text, self._links, self._has_note)

    def _blocks(self, blocks: list[Block], ctx: _Ctx, out: list[str]) -> None:
        style_ppr = self.styles.ppr_style
        for block in blocks:
            t = type(block)
            if t is Paragraph:
                runs = self.inline(block.text)
                ppr = style_ppr(ctx.para_style)
                if ctx.quote_depth > 1:
                    ppr += f'<w:ind w:left="{720 * ctx.quote_depth}"/>'
                out.append(self.paragraph(ppr, runs, ctx.first_run))
                ctx.first_run = ""
            elif t is ListBlock:
                self._list(block, ctx, out)
            elif t is Heading:
                runs = self.inline(block.text)
                if ctx.headings:
                    level = ctx.heading_base + block.level - ctx.heading_min
                    out.append(self.heading(level, runs))
                else:
                    runs = [(k, x, f | BOLD, h) for k, x, f, h in runs]
                    out.append(self.paragraph(style_ppr(ctx.para_style), runs, ctx.first_run))
                    ctx.first_run = ""
            elif t is Table:
                out.append(self._md_table(block))
            elif t is Quote:
                quote_style = self.styles["quote"]
                inner = _Ctx(
                    para_style=quote_style or ctx.para_style,
                    heading_base=ctx.heading_base,
                    heading_min=ctx.heading_min,
                    list_depth=ctx.list_depth,
                    quote_depth=ctx.quote_depth + 1,
                    headings=False,
                    first_run=ctx.first_run,
                )
                ctx.first_run = ""
                if quote_style is None:
                    inner.quote_depth += 1  # indent by hand instead
                self._blocks(block.blocks, inner, out)
            elif t is CodeBlock:
                out.append(self._code(block, ctx))
            elif t is Rule:
                out.append(
                    '<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" '
                    'w:color="auto"/></w:pBdr></w:pPr></w:p>'
                )

    def _code(self, block: CodeBlock, ctx: _Ctx) -> str:
        sid = self.styles["code_block"]
        ppr = (
            self.styles.ppr_style(sid)
            if sid
            else (
                '<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>'
                '<w:spacing w:before="60" w:after="120"/>'
            )
        )
        runs: list[Run] = []
        flags = 0 if sid else CODE
        for i, line in enumerate(block.text.split("\n")):
            if i:
                runs.append((BREAK, "", flags, None))
            if line:
                runs.append((TEXT, line, flags, None))
        xml = self.paragraph(ppr, runs, ctx.first_run)
        ctx.first_run = ""
        return xml

    def _list(self, block: ListBlock, ctx: _Ctx, out: list[str]) -> None:
        depth = ctx.list_depth
        level = min(depth, 8)
        num_id = self.numbering.new_list(block.ordered, level, block.start)
        style_level = min(depth + 1, 3)
        role = "list_number" if block.ordered else "list_bullet"
        sid = self.styles[f"{role}{style_level}"]
        cont_sid = self.styles[f"list_continue{style_level}"]
        num_ppr = (
            self.styles.ppr_style(sid)
            + f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
        )
        cont_ppr = (
            self.styles.ppr_style(cont_sid)
            + f'<w:ind w:left="{self.numbering.text_indent(block.ordered, level)}"/>'
        )
        inner = _Ctx(
            para_style=ctx.para_style,
            heading_base=ctx.heading_base,
            heading_min=ctx.heading_min,
            list_depth=depth + 1,
            quote_depth=ctx.quote_depth,
            headings=False,
        )
        for item in block.items:
            blocks = item.blocks
            lead: list[Run] = []
            if item.checked is not None:
                lead.append((TEXT, "☒ " if item.checked else "☐ ", 0, None))
            if blocks and type(blocks[0]) is Paragraph:
                runs = lead + self.inline(blocks[0].text)
                rest = blocks[1:]
            else:
                runs = lead
                rest = blocks
            out.append(self.paragraph(num_ppr, runs, ctx.first_run))
            ctx.first_run = ""
            for sub in rest:
                if type(sub) is Paragraph:
                    out.append(self.paragraph(cont_ppr, self.inline(sub.text)))
                else:
                    self._blocks([sub], inner, out)
        if depth == 0 and out and self._list_end_space is not None:
            # List styles keep items close together; the list as a whole
            # gets the body's space after it, as a paragraph would.
            last = out[-1]
            if (
                last.startswith("<w:p><w:pPr>")
                and "<w:spacing " not in last[: last.find("</w:pPr>")]
            ):
                spacing = f'<w:spacing w:after="{self._list_end_space}"/>'
                cut = last.find("<w:ind ")
                if cut < 0 or cut > last.find("</w:pPr>"):
                    cut = last.find("</w:pPr>")
                out[-1] = last[:cut] + spacing + last[cut:]

    # -- tables ----------------------------------------------------------
    def _md_table(self, table: Table) -> str:
        inline = self.inline
        header = [inline(c) for c in table.header]
        rows = [[inline(c) for c in row] for row in table.rows]
        widths = column_widths(table.header, table.rows, self.pkg.text_width)
        caption = "" if self._in_note else self.caption(self.last_heading)
        return caption + self.table(header, rows, widths, table.aligns)

    def table(
        self,
        header: list[list[Run]],
        rows: list[list[list[Run]]],
        widths: list[int],
        aligns: list[str | None] | None = None,
    ) -> str:
        """A table whose header row repeats on every page."""
        ncol = len(header)
        style = self.styles["table"]
        head_sid = self.styles["table_heading"]
        text_sid = self.styles["table_text"]
        sp = self.styles.ppr_style
        if style:
            tbl_pr = f'<w:tblStyle w:val="{style}"/>'
            borders = ""
        else:
            tbl_pr = ""
            borders = (
                "<w:tblBorders>"
                + "".join(
                    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
                    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
                )
                + "</w:tblBorders>"
            )
        out = [
            f'<w:tbl><w:tblPr>{tbl_pr}<w:tblW w:w="{sum(widths)}" w:type="dxa"/>{borders}'
            '<w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>'
        ]
        out.extend(f'<w:gridCol w:w="{w}"/>' for w in widths)
        out.append("</w:tblGrid>")
        jcs = [
            f'<w:jc w:val="{a}"/>' if a in ("center", "right") else ""
            for a in (aligns or [None] * ncol)
        ]
        cell_w = [f'<w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>' for w in widths]
        head_shade = "" if style else '<w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/>'
        # Header row: repeated on each page (w:tblHeader), never split.
        out.append("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>")
        for c in range(ncol):
            runs = header[c]
            if head_sid is None or head_sid == text_sid:
                runs = [(k, t, f | BOLD, h) for k, t, f, h in runs]
            tc_pr = cell_w[c]
            if head_shade:
                tc_pr = tc_pr.replace("</w:tcPr>", head_shade + "</w:tcPr>")
            out.append(f"<w:tc>{tc_pr}{self.paragraph(sp(head_sid) + jcs[c], runs)}</w:tc>")
        out.append("</w:tr>")
        text_ppr = [sp(text_sid) + jcs[c] for c in range(ncol)]
        for row in rows:
            out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
            for c in range(ncol):
                out.append(f"<w:tc>{cell_w[c]}{self.paragraph(text_ppr[c], row[c])}</w:tc>")
            out.append("</w:tr>")
        out.append("</w:tbl>")
        # Word needs a paragraph between two adjacent tables, and one after a
        # table that ends a cell or the document; a small empty one is safe.
        out.append(TABLE_SPACER)
        return "".join(out)

    # -- footnotes -------------------------------------------------------
    def _footnote_ref(self, label: str) -> str:
        blocks = self._note_defs.get(label)
        fid = self._footnotes.next_id
        self._footnotes.next_id += 1
        style = self._fnref_style
        rpr = (
            f'<w:rPr><w:rStyle w:val="{style}"/></w:rPr>'
            if style
            else '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        )
        # A footnote referenced twice is printed twice, as Word has no way to
        # point two references at one note.
        saved = (self._rels, self._in_note)
        self._rels, self._in_note = self.note_rels, True
        try:
            ctx = _Ctx(
                para_style=self.styles["footnote_text"],
                headings=False,
                first_run=f"<w:r>{rpr}<w:footnoteRef/></w:r>"
                '<w:r><w:t xml:space="preserve"> </w:t></w:r>',
            )
            parts: list[str] = []
            self._blocks(blocks or [], ctx, parts)
            if not parts:
                parts.append(
                    self.paragraph(self.styles.ppr_style(ctx.para_style), [], ctx.first_run)
                )
        finally:
            self._rels, self._in_note = saved
        self._footnotes.xml.append(f'<w:footnote w:id="{fid}">{"".join(parts)}</w:footnote>')
        return f'<w:r>{rpr}<w:footnoteReference w:id="{fid}"/></w:r>'

    def footnotes_xml(self) -> str:
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f"<w:footnotes {W_NS}>{_FOOTNOTE_SEPARATORS}{''.join(self._footnotes.xml)}"
            "</w:footnotes>"
        )

    @property
    def footnote_count(self) -> int:
        return self._footnotes.next_id - 1


def _insert_markers(runs: list[Run], start: int, end: int, ids: list[int]) -> list[Run]:
    """Split runs at character offsets and put comment range marks around
    the span (offsets count text runs and breaks, as in ``_anchor``)."""
    out: list[Run] = []
    pos = 0
    starts = [(COMMENT_START, str(i), 0, None) for i in ids]
    ends = [(COMMENT_END, str(i), 0, None) for i in reversed(ids)]
    started = ended = False
    for run in runs:
        kind, text, flags, href = run
        length = len(text) if kind == TEXT else 1 if kind == BREAK else 0
        if ended or length == 0:
            out.append(run)
            continue
        r_start, r_end = pos, pos + length
        if not started and start < r_end:
            cut = start - r_start
            if cut > 0 and kind == TEXT:
                out.append((kind, text[:cut], flags, href))
                text = text[cut:]
                r_start = start
            out.extend(starts)
            started = True
        if started and end <= r_end:
            cut = end - r_start
            if kind == TEXT and 0 < cut < len(text):
                out.append((kind, text[:cut], flags, href))
                out.extend(ends)
                out.append((kind, text[cut:], flags, href))
            else:
                out.append((kind, text, flags, href))
                out.extend(ends)
            ended = True
        else:
            out.append((kind, text, flags, href))
        pos = r_end
    if started and not ended:
        out.extend(ends)
    return out


# Rough text widths for table text (9-10 pt): enough to keep the longest
# word of a column on one line in the usual proportional fonts.
_CHAR_TWIPS = 110
_BOLD_CHAR_TWIPS = 125
_CELL_PADDING = 260  # both cell margins and a little air


def column_widths(header: list[str], rows: list[list[str]], total: int) -> list[int]:
    """Column widths (twips) adding up to ``total``: every column is wide
    enough for its longest word (so words never break mid-word), and the
    room left is shared in proportion to how much text each column holds."""
    minimum: list[int] = []
    weights: list[float] = []
    for c, head in enumerate(header):
        cells = [r[c] for r in rows if c < len(r)]
        word = max((len(w) for x in cells for w in x.split()), default=0)
        head_word = max((len(w) for w in head.split()), default=1)
        minimum.append(max(word * _CHAR_TWIPS, head_word * _BOLD_CHAR_TWIPS) + _CELL_PADDING)
        lengths = [len(x) for x in cells] or [len(head)]
        weights.append(0.4 * max(lengths) + 0.6 * sum(lengths) / len(lengths) + 1.0)
    need = sum(minimum)
    if need >= total:
        return [max(int(total * m / need), 300) for m in minimum]
    spare = total - need
    wsum = sum(weights)
    widths = [m + int(spare * w / wsum) for m, w in zip(minimum, weights, strict=True)]
    widths[-1] += total - sum(widths)  # rounding
    return widths


def fitted_widths(weights: list[float], header: list[str], rows: list[list[str]],
                  total: int) -> list[int]:
    """Widths from relative weights, widened where a column's longest word would
    break, and taken back from the columns that have room."""
    minimum = []
    for c, head in enumerate(header):
        word = max((len(w) for r in rows if c < len(r) for w in r[c].split()), default=0)
        head_word = max((len(w) for w in head.split()), default=1)
        minimum.append(max(word * _CHAR_TWIPS, head_word * _BOLD_CHAR_TWIPS) + _CELL_PADDING)
    wanted = proportional_widths(weights, total)
    if sum(minimum) >= total:
        return column_widths(header, rows, total)
    widths = [max(w, m) for w, m in zip(wanted, minimum, strict=True)]
    excess = sum(widths) - total
    room = [w - m for w, m in zip(widths, minimum, strict=True)]
    spare = sum(room)
    if excess > 0 and spare > 0:
        widths = [w - excess * r // spare for w, r in zip(widths, room, strict=True)]
    widths[-1] += total - sum(widths)
    return widths


def proportional_widths(weights: list[float], total: int) -> list[int]:
    """Widths (twips) from relative weights, e.g. an annex's own widths."""
    wsum = sum(weights) or 1.0
    return [max(int(total * w / wsum), 300) for w in weights]


def anchor_pattern(quote: str) -> re.Pattern[str] | None:
    """A whitespace-tolerant pattern for a comment's quoted passage."""
    words = clean(quote).split()
    if not words:
        return None
    return re.compile(r"\s+".join(map(re.escape, words)))
