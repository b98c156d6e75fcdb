"""An :class:`ExportDocument` to a ``.docx``: front matter, body, annexes,
comments, header and footer, on top of a template package."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

from . import wording
from .bilingual import side_by_side
from .markdown_inline import BOLD, ITALIC
from .markers import END_MARK, section_mark
from .model import Annex, AnnexTable, ExportComment, ExportDocument, ExportSection
from .ooxml import (
    W_NS,
    Anchor,
    BodyWriter,
    anchor_pattern,
    attr,
    clean,
    column_widths,
    esc,
    fitted_widths,
)
from .package import (
    CT_FOOTER,
    CT_HEADER,
    REL_FOOTER,
    REL_HEADER,
    PartSet,
    TemplatePackage,
    assemble_docx,
    load_package,
)
from .redline import redline_body
from .templates import TemplateInfo, TemplateSettings, load_template

__all__ = ["render_docx"]

COMMENT_ID_BASE = 100_000
APP_CT = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_PLACEHOLDER = re.compile(r"(\{[a-z_]+\}|\t)")
_DRAFTING_FIELDS = re.compile(r"[ ]*[·|,–-]?[ ]*v?\{(?:stage|version|workflow)\}")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# Generated tables (action plan matrix, monitoring framework) are marked so
# that an import leaves them out of the section's text.
GENERATED_MARK = "PCX_"

# Word wants a region in w:lang; map bare language codes to a usual one.
_LANG_REGIONS = {
    "en": "en-GB", "fr": "fr-FR", "es": "es-ES", "pt": "pt-PT", "de": "de-DE",
    "it": "it-IT", "ru": "ru-RU", "ar": "ar-SA", "tr": "tr-TR", "uk": "uk-UA",
    "ro": "ro-RO", "sq": "sq-AL", "sr": "sr-Latn-RS", "mk": "mk-MK", "ka": "ka-GE",
    "hy": "hy-AM", "az": "az-Latn-AZ", "nl": "nl-NL", "pl": "pl-PL",
}  # fmt: skip


def word_language(code: str) -> str:
    """A BCP 47 tag Word accepts (``fr`` -> ``fr-FR``)."""
    code = (code or "en").replace("_", "-")
    return code if "-" in code else _LANG_REGIONS.get(code.lower(), code)


def annex_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def select_annexes(annexes: list[Annex], order: tuple[str, ...]) -> list[Annex]:
    """Annexes in the template's order; ``"*"`` stands for all the others."""
    named = {k for k in order if k != "*"}
    out: list[Annex] = []
    seen: set[int] = set()
    for key in order:
        for i, annex in enumerate(annexes):
            if i in seen:
                continue
            if (key == "*" and annex.key not in named) or annex.key == key:
                out.append(annex)
                seen.add(i)
    return out


class _Renderer:
    def __init__(
        self,
        doc: ExportDocument,
        info: TemplateInfo,
        pkg: TemplatePackage,
        with_comments: bool,
    ) -> None:
        self.doc = doc
        self.info = info
        self.settings: TemplateSettings = info.settings
        self.pkg = pkg
        self.with_comments = with_comments
        self.w = BodyWriter(pkg, info.settings)
        self.lang = doc.language or "en"
        self.marking_color = self.settings.marking_color(doc.marking)
        self._comment_ids: dict[int, ExportComment] = {}
        self._comment_parent: dict[int, int] = {}
        self._orphans: list[int] = []
        self.publication = doc.profile == "publication"
        self.w.caption_label = self.label("table")
        self.w.caption_separator = self.settings.annex_separator
        self._generated = 0

    def label(self, key: str) -> str:
        return self.settings.label(key, self.lang)

    @property
    def marking_text(self) -> str:
        """DRAFT / VALIDATED in the document's language."""
        if not self.doc.marking:
            return ""
        # The five-language markings, not the house style's own "draft" label (a status word).
        return wording.label(self.doc.marking.lower(), self.lang) or self.doc.marking

    # -- comments --------------------------------------------------------
    def _allocate_comments(self) -> dict[int | None, list[tuple[ExportComment, list[int]]]]:
        by_section: dict[int | None, list[tuple[ExportComment, list[int]]]] = {}
        # LibreOffice loses every footnote's text when a comment id equals a
        # footnote id (seen with 7.4), so comments get ids of their own.
        next_id = COMMENT_ID_BASE
        for comment in self.doc.comments:
            ids = [next_id]
            self._comment_ids[next_id] = comment
            parent = next_id
            next_id += 1
            stack = list(comment.replies)
            while stack:  # replies of replies are flattened in order
                reply = stack.pop(0)
                self._comment_ids[next_id] = reply
                self._comment_parent[next_id] = parent
                ids.append(next_id)
                next_id += 1
                stack[0:0] = reply.replies
            by_section.setdefault(comment.section_id, []).append((comment, ids))
        return by_section

    def _comments_xml(self) -> tuple[str, str]:
        sid = self.w.styles["comment_text"]
        ref = self.w.styles["comment_reference"]
        ppr = f'<w:pPr><w:pStyle w:val="{sid}"/></w:pPr>' if sid else ""
        ref_rpr = f'<w:rPr><w:rStyle w:val="{ref}"/></w:rPr>' if ref else ""
        out = [
            _XML_HEAD,
            f"<w:comments {W_NS} "
            'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
            'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
            'mc:Ignorable="w14">',
        ]
        ext = [
            _XML_HEAD,
            '<w15:commentsEx xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
            'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" mc:Ignorable="w15">',
        ]
        for cid, c in self._comment_ids.items():
            created = c.created_at
            if created.tzinfo is not None:
                created = created.astimezone(UTC).replace(tzinfo=None)
            stamp = created.replace(microsecond=0).isoformat() + "Z"
            lines = clean(c.body).replace("\t", " ").split("\n") or [""]
            para_id = f"{0x10000000 + cid:08X}"
            paras = []
            for i, line in enumerate(lines):
                lead = f"<w:r>{ref_rpr}<w:annotationRef/></w:r>" if i == 0 else ""
                pid = (
                    f' w14:paraId="{para_id}" w14:textId="77777777"' if i == len(lines) - 1 else ""
                )
                paras.append(
                    f'<w:p{pid}>{ppr}{lead}<w:r><w:t xml:space="preserve">{esc(line)}</w:t></w:r></w:p>'
                )
            out.append(
                f'<w:comment w:id="{cid}" w:author={attr(clean(c.author) or "?")} '
                f'w:date="{stamp}" w:initials={attr(clean(c.initials))}>{"".join(paras)}</w:comment>'
            )
            parent = self._comment_parent.get(cid)
            parent_attr = (
                f' w15:paraIdParent="{0x10000000 + parent:08X}"' if parent is not None else ""
            )
            ext.append(f'<w15:commentEx w15:paraId="{para_id}"{parent_attr} w15:done="0"/>')
        out.append("</w:comments>")
        ext.append("</w15:commentsEx>")
        return "".join(out), "".join(ext)

    # -- front matter ----------------------------------------------------
    def _cover(self) -> str:
        doc, w, s = self.doc, self.w, self.w.styles
        sp = s.ppr_style
        out: list[str] = []

        country_sid = s["cover_country"]
        runs = w.plain_runs(doc.country, 0 if country_sid else BOLD)
        out.append(w.paragraph(sp(country_sid), runs))
        inst_sid = s["cover_value"]
        out.append(w.paragraph(sp(inst_sid), w.plain_runs(doc.requesting_institution)))

        title_sid = s["title"]
        ppr = sp(title_sid) if title_sid else '<w:spacing w:before="2400" w:after="240"/>'
        flags = 0 if title_sid else BOLD
        out.append(w.paragraph(ppr, w.plain_runs(doc.title, flags)))
        if doc.workflow_title and not self.publication:
            out.append(w.paragraph(sp(s["subtitle"]), w.plain_runs(doc.workflow_title)))

        if self.settings.marking_on_cover and doc.marking:
            color = self.marking_color
            marking_sid = s["marking"]
            out.append(
                f"<w:p><w:pPr>{sp(marking_sid)}</w:pPr><w:r><w:rPr><w:b/><w:caps/>"
                f'<w:color w:val="{color}"/><w:spacing w:val="40"/>'
                f'<w:bdr w:val="single" w:sz="12" w:space="3" w:color="{color}"/></w:rPr>'
                f'<w:t xml:space="preserve">{esc(clean(self.marking_text))}</w:t></w:r></w:p>'
            )

        if self.publication:
            # What a published strategy says about itself; no drafting counters.
            status = self.label("validated" if doc.marking == "VALIDATED" else "draft")
            rows = [
                ("issuing_body", doc.requesting_institution),
                ("status", status),
                ("date", self.settings.format_date(doc.date, self.lang)),
            ]
        else:
            rows = [
                ("country", doc.country),
                ("requesting_institution", doc.requesting_institution),
                ("workflow", doc.workflow_title),
                ("stage", doc.stage_title),
                ("status", doc.status_label),
                ("version", str(doc.version)),
                ("date", self.settings.format_date(doc.date, self.lang)),
            ]
        label_sid, value_sid = s["cover_label"], s["cover_value"]
        tw = self.pkg.text_width
        left = tw * 32 // 100
        widths = (left, tw - left)
        line = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>'
        nil = '<w:{0} w:val="nil"/>'
        borders = "".join(
            (line if side in ("top", "bottom", "insideH") else nil).format(side)
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        tbl = [
            f'<w:tbl><w:tblPr><w:tblW w:w="{tw}" w:type="dxa"/><w:tblBorders>{borders}'
            '</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="60" '
            'w:type="dxa"/><w:left w:w="0" w:type="dxa"/><w:bottom w:w="60" w:type="dxa"/>'
            '<w:right w:w="120" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="0000" '
            'w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" '
            f'w:noVBand="1"/></w:tblPr><w:tblGrid><w:gridCol w:w="{widths[0]}"/>'
            f'<w:gridCol w:w="{widths[1]}"/></w:tblGrid>'
        ]
        for key, value in rows:
            if not value:
                continue
            label_runs = w.plain_runs(self.label(key), 0 if label_sid else BOLD)
            tbl.append(
                f'<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w="{widths[0]}" '
                f'w:type="dxa"/></w:tcPr>{w.paragraph(sp(label_sid), label_runs)}</w:tc>'
                f'<w:tc><w:tcPr><w:tcW w:w="{widths[1]}" w:type="dxa"/></w:tcPr>'
                f"{w.paragraph(sp(value_sid), w.plain_runs(value))}</w:tc></w:tr>"
            )
        tbl.append("</w:tbl>")
        out.append("".join(tbl))
        return "".join(out)

    def _toc(self, page_break: bool) -> str:
        w, s = self.w, self.w.styles
        head_sid = s["toc_heading"]
        ppr = s.ppr_style(head_sid)
        flags = 0 if head_sid else BOLD
        if page_break:
            ppr += "<w:pageBreakBefore/>"
        out = [w.paragraph(ppr, w.plain_runs(self.label("contents"), flags))]
        begin = (
            '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        )
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        entries = [e for e in w.toc if e.level]
        if not entries:
            return out[0] + f"<w:p>{begin}{end}</w:p>"
        # The cached result lists the headings (without page numbers, which
        # only a layout engine knows); Word rebuilds it on opening because of
        # w:updateFields and the dirty flag.
        for i, e in enumerate(entries):
            sid = s[f"toc{min(e.level, 3)}"]
            ppr = s.ppr_style(sid)
            if sid is None:
                ppr += f'<w:ind w:left="{240 * (e.level - 1)}"/>'
            number = (
                f'<w:r><w:t xml:space="preserve">{esc(e.number)}</w:t></w:r><w:r><w:tab/></w:r>'
                if e.number
                else ""
            )
            link = (
                f'<w:hyperlink w:anchor="{e.bookmark}" w:history="1">{number}'
                f'<w:r><w:t xml:space="preserve">{esc(e.text)}</w:t></w:r></w:hyperlink>'
            )
            lead = begin if i == 0 else ""
            tail = end if i == len(entries) - 1 else ""
            out.append(f"<w:p><w:pPr>{ppr}</w:pPr>{lead}{link}{tail}</w:p>")
        return "".join(out)

    # -- body ------------------------------------------------------------
    def _sections(
        self, comments: dict[int | None, list[tuple[ExportComment, list[int]]]], first_break: bool
    ) -> str:
        w = self.w
        out: list[str] = []
        known_ids = {sec.id for sec in self.doc.sections if sec.id is not None}
        for key, items in comments.items():
            if key is None or key not in known_ids:
                for _, ids in items:
                    self._orphans.extend(ids)
        first = True
        filled = _filled(self.doc.sections)
        counters: list[int] = []
        for index, sec in enumerate(self.doc.sections):
            if self.publication and not filled[index]:
                continue  # a published document leaves out what is not written yet
            level = max(sec.level, 1)
            # The number Word's numbering will show (left-out sections take none).
            counters = counters[:level] + [0] * (level - len(counters))
            counters[level - 1] += 1
            number = ".".join(str(n) for n in counters[:level])
            slot = w.reserve_toc() if level <= 3 else None
            heading_ids: list[int] = []
            if first:
                heading_ids.extend(self._orphans)
            w.anchors = []
            if sec.id is not None and sec.id in comments:
                for comment, ids in comments[sec.id]:
                    pattern = anchor_pattern(comment.quote) if comment.quote else None
                    if pattern is None:
                        heading_ids.extend(ids)
                    else:
                        w.anchors.append(Anchor(pattern, ids))
            w.last_heading = sec.title
            if self.doc.parallel_language:
                body = side_by_side(w, sec, level + 1, self.pkg.text_width,
                                    (self.lang, self.doc.parallel_language))
            else:
                body = self._section_body(sec, level)
            for anchor in w.anchors:  # quote not found: anchor to the heading
                heading_ids.extend(anchor.ids)
            w.anchors = []
            # A chapter with nothing written gets no page of its own.
            page_break = (first and first_break) or (
                self.settings.page_break_before_level1 and level == 1 and filled[index]
            )
            head = w.heading(
                level,
                w.plain_runs(sec.title),
                number=number,
                page_break=page_break,
                style=w.styles.heading(min(level, 3)),
                toc_slot=slot,
                comment_ids=sorted(heading_ids),
                marker=self._marker(sec),
            )
            out.append(head)
            out.append(body)
            first = False
        return "".join(out)

    def _marker(self, sec: ExportSection) -> str:
        if sec.id is None:
            return ""
        return section_mark(self.doc.site, self.doc.process_id, sec.id, sec.revision)

    def _section_body(self, sec: ExportSection, level: int) -> str:
        w = self.w
        parts = []
        if sec.history is not None:
            parts.append(redline_body(w, sec.history, sec.body, level + 1))
        elif (sec.body or "").strip():
            parts.append(w.markdown(sec.body, heading_base=level + 1))
        elif not sec.tables and not self.publication:
            runs = w.plain_runs(self.label("to_be_drafted"), ITALIC)
            parts.append(w.paragraph(w.styles.ppr_style(w.styles["body"]), runs))
        for table in sec.tables:
            parts.append(self._annex_table(table, table.title or sec.title, generated=True))
        return "".join(parts)

    def _front(self, foreword: bool) -> str:
        """The foreword (before the contents) or the other front sections, unnumbered."""
        w, s = self.w, self.w.styles
        out: list[str] = []
        for sec in self.doc.front:
            is_foreword = (sec.key or "").lower() == "foreword" or (
                sec.key is None and sec.title.strip().lower() == "foreword")
            if is_foreword != foreword:
                continue
            if not (sec.body or "").strip() and self.publication:
                continue
            head = w.heading(1, w.plain_runs(sec.title), page_break=True,
                             style=s.heading(1), marker=self._marker(sec))
            out.append(head + self._section_body(sec, 1))
        return "".join(out)

    def _abbreviations(self) -> str:
        w, s = self.w, self.w.styles
        if not self.doc.abbreviations:
            return ""
        out = [w.heading(1, w.plain_runs(self.label("abbreviations")), page_break=True,
                         style=s.heading(1))]
        ppr = s.ppr_style(s["body"]) + (
            '<w:tabs><w:tab w:val="left" w:pos="1800"/></w:tabs>'
            '<w:spacing w:after="60"/><w:ind w:left="1800" w:hanging="1800"/>'
        )
        for term, expansion in self.doc.abbreviations:
            runs = [*w.plain_runs(term, BOLD), (5, "", 0, None), *w.plain_runs(expansion)]
            out.append(w.paragraph(ppr, runs))
        return "".join(out)

    def _annexes(self, first_break: bool) -> str:
        w, s = self.w, self.w.styles
        out: list[str] = []
        annexes = select_annexes(self.doc.annexes, self.settings.annex_order)
        sep = self.settings.annex_separator
        annex_label = self.label("annex")
        table_label = self.label("table")
        for index, annex in enumerate(annexes):
            letter = annex_letter(index)
            title = f"{annex_label} {letter}{sep}{clean(annex.title)}"
            comment_ids = self._orphans if (not self.doc.sections and index == 0) else None
            out.append(
                w.heading(
                    1,
                    w.plain_runs(title),
                    page_break=self.settings.annex_page_break or (index == 0 and first_break),
                    style=s["annex_heading"],
                    comment_ids=comment_ids,
                    marker=END_MARK if index == 0 else "",
                )
            )
            w.last_heading = annex.title
            if annex.intro:
                out.append(w.markdown(annex.intro, heading_base=2))
            for table in annex.tables:
                out.append(self._annex_table(table, table.title or annex.title))
        del table_label
        return "".join(out)

    def _annex_table(self, table: AnnexTable, title: str, generated: bool = False) -> str:
        w = self.w
        out = []
        caption = w.caption(title)
        if generated:
            self._generated += 1
            mark = f'<w:bookmarkStart w:id="{900_000 + self._generated}" w:name="{GENERATED_MARK}{self._generated}"/><w:bookmarkEnd w:id="{900_000 + self._generated}"/>'
            caption = caption.replace("</w:pPr>", "</w:pPr>" + mark, 1)
        out.append(caption)
        ncol = max(len(table.columns), 1)
        columns = list(table.columns) + [""] * (ncol - len(table.columns))
        rows = []
        for row in table.rows:
            cells = [self._dates(str(c)) if c is not None else "" for c in row]
            if len(cells) > ncol:
                cells = cells[: ncol - 1] + ["\n".join(cells[ncol - 1 :])]
            rows.append(cells + [""] * (ncol - len(cells)))
        total = self.pkg.text_width
        small = ncol >= 7  # a wide matrix is set a size smaller to fit the page
        if table.widths and len(table.widths) == ncol and all(x > 0 for x in table.widths):
            widths = fitted_widths([float(x) for x in table.widths], columns, rows, total)
        elif small:
            widths = [x * 4 // 5 for x in column_widths(columns, rows, total * 5 // 4)]
        else:
            widths = column_widths(columns, rows, total)
        xml = w.table(
            [w.plain_runs(c) for c in columns],
            [[w.plain_runs(c) for c in row] for row in rows],
            widths,
        )
        if small:
            size = '<w:sz w:val="16"/><w:szCs w:val="16"/>'
            xml = xml.replace("</w:rPr><w:t", size + "</w:rPr><w:t")
            xml = re.sub(r"<w:r>(?=<w:t)", f"<w:r><w:rPr>{size}</w:rPr>", xml)
        out.append(xml)
        return "".join(out)

    def _dates(self, text: str) -> str:
        """ISO dates in generated tables, in the document's one date format."""
        if "-" not in text:
            return text
        return _ISO_DATE.sub(
            lambda m: self.settings.format_date(
                date(int(m.group(1)), int(m.group(2)), int(m.group(3))), self.lang), text)

    # -- header and footer -----------------------------------------------
    def _values(self) -> dict[str, str]:
        doc = self.doc
        return {
            "title": doc.title,
            "country": doc.country,
            "institution": doc.requesting_institution,
            "requesting_institution": doc.requesting_institution,
            "workflow": doc.workflow_title,
            "stage": doc.stage_title,
            "status": doc.status_label,
            "version": str(doc.version),
            "date": self.settings.format_date(doc.date, self.lang),
            "marking": doc.marking,
            "page_label": self.label("page"),
            "of": self.label("of"),
        }

    def _pattern_paragraph(self, pattern: str, style_role: str) -> str:
        w = self.w
        if self.publication:
            # A published document carries no drafting counters (stage, version).
            pattern = _DRAFTING_FIELDS.sub("", pattern)
        if not pattern.strip():
            # No text (e.g. on the cover): also no rule from the style.
            return '<w:p><w:pPr><w:spacing w:after="0"/></w:pPr></w:p>'
        sid = w.styles[style_role]
        values = self._values()
        pieces = pattern.split("\t")
        tw = self.pkg.text_width
        clears = "".join(
            f'<w:tab w:val="clear" w:pos="{pos}"/>'
            for pos in self.pkg.style_tabs.get(sid or "", [])
        )
        if len(pieces) >= 3:
            stops = f'<w:tab w:val="center" w:pos="{tw // 2}"/><w:tab w:val="right" w:pos="{tw}"/>'
        elif len(pieces) == 2:
            stops = f'<w:tab w:val="right" w:pos="{tw}"/>'
        else:
            stops = ""
        ppr = w.styles.ppr_style(sid) + (
            f"<w:tabs>{clears}{stops}</w:tabs>" if clears or stops else ""
        )
        out: list[str] = []
        for piece in _PLACEHOLDER.split(pattern):
            if not piece:
                continue
            if piece == "\t":
                out.append("<w:r><w:tab/></w:r>")
            elif piece in ("{page}", "{pages}"):
                instr = "PAGE" if piece == "{page}" else "NUMPAGES"
                out.append(
                    f'<w:fldSimple w:instr=" {instr} \\* MERGEFORMAT "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
                )
            elif piece == "{marking}":
                out.append(
                    f'<w:r><w:rPr><w:b/><w:caps/><w:color w:val="{self.marking_color}"/></w:rPr>'
                    f'<w:t xml:space="preserve">{esc(clean(self.marking_text))}</w:t></w:r>'
                )
            else:
                text = values.get(piece[1:-1]) if piece.startswith("{") else None
                text = piece if text is None else text
                out.append(
                    f'<w:r><w:t xml:space="preserve">{esc(clean(text).replace(chr(10), " "))}</w:t></w:r>'
                )
        return f"<w:p><w:pPr>{ppr}</w:pPr>{''.join(out)}</w:p>"

    def _header_parts(self, ps: PartSet, cover: bool) -> str:
        """Write header/footer parts; return the sectPr references."""
        s = self.settings
        if s.header_mode == "template":
            ps.keep_template_headers = True
            ps.replacements = {
                f"{{{k}}}".encode(): esc(clean(v)).encode("utf-8")
                for k, v in self._values().items()
            }
            return self.pkg.template_header_refs
        refs = []
        specs = [("default", s.header, s.footer)]
        if cover:
            specs.append(("first", s.first_page_header, s.first_page_footer))
        for n, (kind, header, footer) in enumerate(specs, start=1):
            for tag, role, pattern, rel, ctype in (
                ("hdr", "header", header, REL_HEADER, CT_HEADER),
                ("ftr", "footer", footer, REL_FOOTER, CT_FOOTER),
            ):
                name = f"{role}{n}.xml"
                xml = (
                    f"{_XML_HEAD}<w:{tag} {W_NS}>{self._pattern_paragraph(pattern, role)}</w:{tag}>"
                )
                ps.extra[f"word/{name}"] = (ctype, xml)
                rid = f"rIdPc{role.capitalize()}{n}"
                ps.rels.append((rid, rel, name, False))
                refs.append(f'<w:{role}Reference w:type="{kind}" r:id="{rid}"/>')
        return "".join(refs)

    def _core(self) -> str:
        doc = self.doc
        when = datetime(doc.date.year, doc.date.month, doc.date.day).isoformat() + "Z"
        return (
            f"{_XML_HEAD}<cp:coreProperties "
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{esc(clean(doc.title))}</dc:title>"
            f"<dc:subject>{esc(clean(doc.workflow_title))}</dc:subject>"
            f"<dc:creator>{esc(clean(doc.requesting_institution))}</dc:creator>"
            f"<cp:keywords>{esc(clean(doc.marking))}</cp:keywords>"
            f"<dc:description>{esc(clean(doc.status_label))}</dc:description>"
            "<cp:lastModifiedBy>policycycle</cp:lastModifiedBy>"
            f"<cp:revision>{int(doc.version)}</cp:revision>"
            f"<cp:version>{int(doc.version)}</cp:version>"
            f"<cp:contentStatus>{esc(clean(doc.status_label))}</cp:contentStatus>"
            f"<dc:language>{esc(word_language(self.lang))}</dc:language>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
            "</cp:coreProperties>"
        )

    def _app(self) -> str:
        """Extended properties: who issued it, no counts (Word computes pages)."""
        doc = self.doc
        return (
            f"{_XML_HEAD}<Properties "
            'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            "<Application>policycycle</Application><DocSecurity>0</DocSecurity>"
            "<ScaleCrop>false</ScaleCrop>"
            f"<Company>{esc(clean(doc.requesting_institution))}</Company>"
            "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
            "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
        )

    # -- all together ----------------------------------------------------
    def render(self) -> bytes:
        s = self.settings
        comments = self._allocate_comments() if self.with_comments else {}
        cover = s.cover_page
        # The body starts on a new page after a cover or contents.
        front_break = cover or s.table_of_contents
        front = self._front(foreword=True)
        front_break = front_break or bool(front)
        abbreviations = self._abbreviations()
        summary = self._front(foreword=False)
        body = self._sections(comments, front_break and not (abbreviations or summary))
        annexes = self._annexes(front_break and not self.doc.sections)
        parts: list[str] = [self._cover()]  # a cover page, or a title block
        parts.append(front)
        if s.table_of_contents:
            parts.append(self._toc(page_break=cover or bool(front)))
        parts.append(abbreviations)
        parts.append(summary)
        parts.append(body)
        parts.append(annexes)
        if self._orphans and not self.doc.sections and not self.doc.annexes:
            # Nothing to hang document-level comments on: a title line.
            parts.append(
                self.w.heading(1, self.w.plain_runs(self.doc.title), comment_ids=self._orphans)
            )

        ps = PartSet(document="", language=word_language(self.lang))
        refs = self._header_parts(ps, cover)
        title_pg = "<w:titlePg/>" if cover else ""
        sect = f"<w:sectPr>{refs}{self.pkg.sect_pr_before}{title_pg}{self.pkg.sect_pr_after}</w:sectPr>"
        ps.document = (
            f"{_XML_HEAD}<w:document {W_NS}><w:body>{''.join(parts)}{sect}</w:body></w:document>"
        )
        ps.numbering_abstract = self.w.numbering.abstract_xml()
        ps.numbering_nums = self.w.numbering.nums_xml()
        ps.footnotes = self.w.footnotes_xml()
        if self.w.note_rels.rels:
            ps.part_rels["word/footnotes.xml"] = self.w.note_rels.rels
        if self._comment_ids:
            ps.comments, ps.comments_extended = self._comments_xml()
        ps.core = self._core()
        ps.extra["docProps/app.xml"] = (APP_CT, self._app())
        ps.rels.extend(self.w.doc_rels.rels)
        return assemble_docx(self.pkg, ps)


def _filled(sections: list[ExportSection]) -> list[bool]:
    """Per section: it, or a section under it, has something to print."""
    out = [False] * len(sections)
    # Walk backwards: a section is filled if its body or a descendant is.
    stack: list[tuple[int, bool]] = []  # (level, filled) of later siblings' subtrees
    for i in range(len(sections) - 1, -1, -1):
        sec = sections[i]
        level = max(sec.level, 1)
        own = bool((sec.body or "").strip()) or bool(sec.tables)
        below = False
        while stack and stack[-1][0] > level:
            below = stack.pop()[1] or below
        out[i] = own or below
        stack.append((level, out[i]))
    return out


def render_docx(
    doc: ExportDocument,
    template: str | Path | TemplateInfo | None = None,
    *,
    with_comments: bool = False,
) -> bytes:
    """Render a document to ``.docx`` bytes in a template's house style."""
    info = load_template(template)
    pkg = load_package(info.docx)
    return _Renderer(doc, info, pkg, with_comments).render()
