"""Reading a .docx edited offline back into Markdown, section by section.

Uploads are hostile until proven otherwise: :func:`open_package` checks the
size, the zip (entry count, total uncompressed size, compression ratio), the
file type (OLE compound files are encrypted or legacy Word files; macro-enabled
packages are refused) and every XML part is parsed without DTDs, entities or
network access.

:func:`read_docx` then walks the body. Each exported section starts at the
heading that holds its bookmark (:mod:`engine.export.markers`); what follows,
up to the next marked heading, is that section's text. Tracked changes give
two readings of the text (insertions accepted, or rejected), Word comments
are kept with the passage they cover, and every paragraph becomes one block
of Markdown: bold, italic, lists, tables, quotes, sub-headings and footnotes
survive. Captions and the generated tables (marked ``PCX_``) are left out.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from engine.errors import InvalidInput, TooLarge, UnsupportedFile

from .markers import END_MARK, SectionMark, parse_mark

__all__ = [
    "MAX_UPLOAD",
    "Block",
    "ImportedComment",
    "ImportedDocument",
    "ImportedSection",
    "open_package",
    "read_docx",
    "read_parts",
]

MAX_UPLOAD = 10 * 1024 * 1024  # bytes of the .docx itself (MAX_CONTENT_LENGTH may be lower)
MAX_UNCOMPRESSED = 200 * 1024 * 1024  # all parts together, unpacked
MAX_RATIO = 120  # uncompressed / compressed, per part over 1 MiB
MAX_ENTRIES = 3000

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W = f"{{{W}}}"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAIN_TYPES = ("document.main+xml",)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          dtd_validation=False, huge_tree=False, remove_comments=True)
PLACEHOLDERS = {"(to be drafted)"}


# ------------------------------------------------------------------ the package


def open_package(data: bytes) -> zipfile.ZipFile:
    """A zip that is safe to read, or a clear error (nothing is stored before this)."""
    if not data:
        raise InvalidInput("Choose a .docx file to import.", {"file": "required"})
    if len(data) > MAX_UPLOAD:
        raise TooLarge(f"The file is larger than {MAX_UPLOAD // (1024 * 1024)} MB.",
                       {"file": "too large"})
    if data.startswith(_OLE):
        raise UnsupportedFile("The file is encrypted or in the old .doc format; save it as an "
                              "unprotected .docx and try again.", {"file": "encrypted or .doc"})
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        infos = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise UnsupportedFile("The file is not a Word document (.docx).",
                              {"file": "not a .docx"}) from None
    if len(infos) > MAX_ENTRIES:
        raise TooLarge("The file has too many parts.", {"file": "too many parts"})
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise TooLarge("The file unpacks to more than we accept.", {"file": "unpacks too large"})
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise TooLarge("The file is compressed suspiciously well; it is refused.",
                           {"file": "compression ratio"})
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names:
        raise UnsupportedFile("The file is not a Word document (.docx).", {"file": "not a .docx"})
    types = _read(package, "[Content_Types].xml")
    if b"macroEnabled" in types or any(n.lower().endswith("vbaproject.bin") for n in names):
        raise UnsupportedFile("Documents with macros (.docm) are not imported; save it as "
                              ".docx.", {"file": "macro-enabled"})
    if not any(t.encode() in types for t in _MAIN_TYPES) or "word/document.xml" not in names:
        raise UnsupportedFile("The file is not a Word document (.docx).", {"file": "not a .docx"})
    return package


def _read(package: zipfile.ZipFile, name: str) -> bytes:
    info = package.getinfo(name)
    with package.open(info) as handle:
        data = handle.read(info.file_size + 1)
    if len(data) > info.file_size or len(data) > MAX_UNCOMPRESSED:
        raise TooLarge("A part of the file is larger than it says.", {"file": "inconsistent"})
    return data


def _xml(data: bytes) -> etree._Element:
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise InvalidInput("The file declares XML entities; it is refused.",
                           {"file": "external entities"})
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        raise InvalidInput("The file has a damaged part and cannot be read.",
                           {"file": "malformed XML"}) from None


def read_parts(package: zipfile.ZipFile) -> dict[str, etree._Element]:
    """The parts the import reads, parsed safely."""
    names = set(package.namelist())
    out = {}
    for name in ("word/document.xml", "word/styles.xml", "word/numbering.xml",
                 "word/footnotes.xml", "word/comments.xml", "word/_rels/document.xml.rels"):
        if name in names:
            out[name] = _xml(_read(package, name))
    return out


# ------------------------------------------------------------------ results


@dataclass
class Block:
    """One paragraph or table as Markdown; ``key`` compares content (footnotes inline)."""

    markdown: str
    key: str
    notes: list[tuple[str, str]] = field(default_factory=list)  # (label, Markdown)


@dataclass
class ImportedComment:
    author: str
    initials: str
    text: str
    quote: str


@dataclass
class ImportedSection:
    mark: SectionMark | None
    title: str
    level: int
    after: list[Block] = field(default_factory=list)  # tracked changes accepted
    before: list[Block] = field(default_factory=list)  # tracked changes rejected
    authors: list[str] = field(default_factory=list)  # of tracked changes, in order
    comments: list[ImportedComment] = field(default_factory=list)

    @property
    def tracked(self) -> bool:
        return bool(self.authors)


@dataclass
class ImportedDocument:
    sections: list[ImportedSection] = field(default_factory=list)
    # Tracked insertions and comments outside every section (cover, annexes).
    outside: list[tuple[str, str]] = field(default_factory=list)  # (kind, text)


# ------------------------------------------------------------------ styles and lists


def _local(el: etree._Element) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


@dataclass
class _Styles:
    headings: dict[str, int] = field(default_factory=dict)  # styleId -> level
    quotes: set[str] = field(default_factory=set)
    captions: set[str] = field(default_factory=set)
    code: set[str] = field(default_factory=set)
    ordered: dict[tuple[str, int], bool] = field(default_factory=dict)  # (numId, ilvl)


def _styles(parts: dict[str, etree._Element]) -> _Styles:
    found = _Styles()
    root = parts.get("word/styles.xml")
    if root is not None:
        for st in root.iterfind(_W + "style"):
            sid = st.get(_W + "styleId") or ""
            name_el = st.find(_W + "name")
            name = (name_el.get(_W + "val") if name_el is not None else sid).lower()
            m = re.fullmatch(r"heading ?(\d)", name)
            outline = st.find(f"{_W}pPr/{_W}outlineLvl")
            if m:
                found.headings[sid] = int(m.group(1))
            elif outline is not None and name not in ("title", "subtitle") and \
                    not name.startswith(("toc", "annex")):
                found.headings[sid] = int(outline.get(_W + "val", "0")) + 1
            if name in ("quote", "block text", "intense quote"):
                found.quotes.add(sid)
            if name in ("caption", "table caption"):
                found.captions.add(sid)
            if name in ("code block", "source code", "macro", "plain text"):
                found.code.add(sid)
    numbering = parts.get("word/numbering.xml")
    if numbering is not None:
        abstract = {}
        for a in numbering.iterfind(_W + "abstractNum"):
            levels = {}
            for lvl in a.iterfind(_W + "lvl"):
                fmt = lvl.find(_W + "numFmt")
                levels[int(lvl.get(_W + "ilvl", "0"))] = (
                    fmt is not None and fmt.get(_W + "val") not in ("bullet", "none"))
            abstract[a.get(_W + "abstractNumId")] = levels
        for num in numbering.iterfind(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            levels = abstract.get(ref.get(_W + "val") if ref is not None else None, {})
            for ilvl, ordered in levels.items():
                found.ordered[(num.get(_W + "numId") or "", ilvl)] = ordered
    return found


# ------------------------------------------------------------------ text


_ESCAPE = re.compile(r"([\\`*_\[\]<>|])")


def _escape(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", text)


class _Inline:
    """Runs of one paragraph to Markdown, in the accepted or the rejected reading."""

    def __init__(self, reader: _Reader, accept: bool) -> None:
        self.reader = reader
        self.accept = accept
        self.pieces: list[tuple[str, int]] = []  # (text or markup, flags) 1=bold 2=italic 4=strike
        self.plain: list[str] = []
        self.key: list[str] = []
        self.notes: list[tuple[str, str]] = []
        self.field_depth = 0
        self.in_result = True

    def walk(self, el: etree._Element, hidden: bool = False, flags: int = 0) -> None:
        for child in el:
            name = _local(child)
            if name in ("ins", "moveTo"):
                self.walk(child, hidden or not self.accept, flags)
            elif name in ("del", "moveFrom"):
                self.walk(child, hidden or self.accept, flags)
            elif name == "r":
                self.run(child, hidden)
            elif name == "hyperlink":
                rid = child.get(f"{{{R}}}id")
                url = self.reader.links.get(rid or "")
                start = len(self.pieces)
                self.walk(child, hidden, flags)
                if url and len(self.pieces) > start:
                    text = "".join(p for p, _ in self.pieces[start:])
                    del self.pieces[start:]
                    self.pieces.append((f"[{text}]({url})", 0))
            elif name in ("smartTag", "sdt", "sdtContent", "customXml", "fldSimple", "bdo", "dir"):
                self.walk(child, hidden, flags)
            elif name == "commentRangeStart" and self.accept:
                self.reader.open_comment(child.get(_W + "id") or "", len("".join(self.plain)))
            elif name == "commentRangeEnd" and self.accept:
                self.reader.close_comment(child.get(_W + "id") or "", "".join(self.plain))

    def run(self, r: etree._Element, hidden: bool) -> None:
        rpr = r.find(_W + "rPr")
        flags = 0
        if rpr is not None:
            for tag, bit in (("b", 1), ("i", 2), ("strike", 4)):
                el = rpr.find(_W + tag)
                if el is not None and el.get(_W + "val") not in ("0", "false", "off"):
                    flags |= bit
        for child in r:
            name = _local(child)
            if name == "fldChar":
                kind = child.get(_W + "fldCharType")
                if kind == "begin":
                    self.field_depth += 1
                    self.in_result = False
                elif kind == "separate":
                    self.in_result = True
                elif kind == "end":
                    self.field_depth = max(self.field_depth - 1, 0)
                    self.in_result = True
                continue
            if hidden or not self.in_result:
                continue
            if name in ("t", "delText"):
                text = child.text or ""
                self.pieces.append((_escape(text), flags))
                self.plain.append(text)
                self.key.append(text)
            elif name == "tab":
                self.pieces.append((" ", flags))
                self.plain.append(" ")
                self.key.append(" ")
            elif name in ("br", "cr"):
                if child.get(_W + "type") in (None, "textWrapping"):
                    self.pieces.append(("\\\n", 0))
                    self.plain.append("\n")
                    self.key.append("\n")
            elif name == "footnoteReference":
                blocks = self.reader.footnote(child.get(_W + "id") or "", self.accept)
                label = self.reader.next_label()
                self.pieces.append((f"[^{label}]", 0))
                self.notes.append((label, blocks))
                self.key.append(f"[^{' '.join(blocks.split())}]")

    def markdown(self) -> str:
        # Consecutive pieces with the same formatting form a segment; marks hug
        # the segment's words, its outer spaces stay outside.
        out: list[str] = []
        segments: list[tuple[int, list[str]]] = []
        for text, flags in self.pieces:
            if segments and (segments[-1][0] == flags or not text.strip()):
                segments[-1][1].append(text)
            else:
                segments.append((flags, [text]))
        for flags, texts in segments:
            text = "".join(texts)
            core = text.strip()
            if not flags or not core:
                out.append(text)
                continue
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()):]
            marks = "".join(m for bit, m in _MARKS if flags & bit)
            out.append(f"{lead}{marks}{core}{marks[::-1]}{trail}")
        return "".join(out).strip(" ")


_MARKS = ((4, "~~"), (1, "**"), (2, "*"))


# ------------------------------------------------------------------ the reader


class _Reader:
    def __init__(self, parts: dict[str, etree._Element], styles: _Styles | None = None) -> None:
        self.parts = parts
        self.styles = _styles(parts) if styles is None else styles
        self.links: dict[str, str] = {}
        rels = parts.get("word/_rels/document.xml.rels")
        if rels is not None:
            for rel in rels:
                if rel.get("TargetMode") == "External" and rel.get("Type", "").endswith(
                        "/hyperlink"):
                    target = rel.get("Target") or ""
                    if target.startswith(("http://", "https://", "mailto:")):
                        self.links[rel.get("Id") or ""] = target
        self.notes: dict[str, etree._Element] = {}
        footnotes = parts.get("word/footnotes.xml")
        if footnotes is not None:
            for note in footnotes.iterfind(_W + "footnote"):
                if note.get(_W + "type") in (None, "normal"):
                    self.notes[note.get(_W + "id") or ""] = note
        self.comment_text: dict[str, tuple[str, str, str]] = {}
        comments = parts.get("word/comments.xml")
        if comments is not None:
            for c in comments.iterfind(_W + "comment"):
                text = "\n".join("".join(t.text or "" for t in p.iter(_W + "t"))
                                 for p in c.iterfind(_W + "p")).strip()
                self.comment_text[c.get(_W + "id") or ""] = (
                    c.get(_W + "author") or "", c.get(_W + "initials") or "", text)
        self._label = 0
        self._open: dict[str, tuple[ImportedSection | None, int]] = {}
        self.section: ImportedSection | None = None
        self.result = ImportedDocument()
        self.seen_comments: set[str] = set()

    def next_label(self) -> str:
        self._label += 1
        return f"w{self._label}"

    def footnote(self, fid: str, accept: bool) -> str:
        note = self.notes.get(fid)
        if note is None:
            return ""
        texts = []
        for p in note.iterfind(_W + "p"):
            inline = _Inline(self, accept)
            inline.walk(p)
            texts.append(inline.markdown())
        return " ".join(t for t in texts if t).strip()

    def open_comment(self, cid: str, offset: int) -> None:
        self._open[cid] = (self.section, offset)

    def close_comment(self, cid: str, plain: str) -> None:
        where, offset = self._open.pop(cid, (self.section, 0))
        self._finish_comment(cid, where, plain[offset:] if where is self.section else "")

    def _finish_comment(self, cid: str, where: ImportedSection | None, quote: str) -> None:
        if cid in self.seen_comments or cid not in self.comment_text:
            return
        self.seen_comments.add(cid)
        author, initials, text = self.comment_text[cid]
        comment = ImportedComment(author, initials, text, " ".join(quote.split()))
        if where is None:
            self.result.outside.append(("comment", f"{author}: {text}"))
        else:
            where.comments.append(comment)

    # -- blocks ------------------------------------------------------------
    def paragraph(self, p: etree._Element, accept: bool) -> tuple[Block | None, str]:
        ppr = p.find(_W + "pPr")
        style = ""
        ilvl, num = 0, ""
        if ppr is not None:
            ps = ppr.find(_W + "pStyle")
            style = ps.get(_W + "val", "") if ps is not None else ""
            numpr = ppr.find(_W + "numPr")
            if numpr is not None:
                il, ni = numpr.find(_W + "ilvl"), numpr.find(_W + "numId")
                ilvl = int(il.get(_W + "val", "0")) if il is not None else 0
                num = ni.get(_W + "val", "") if ni is not None else ""
        inline = _Inline(self, accept)
        inline.walk(p)
        text = inline.markdown()
        plain = "".join(inline.plain).strip()
        if not plain and not inline.notes:
            return None, ""
        key = "".join(inline.key).strip()
        if style in self.styles.headings:
            prefix = "#" * min(self.styles.headings[style] + 1, 6) + " "
            return Block(prefix + text.replace("\\\n", " "), "H:" + key, inline.notes), plain
        if num and num != "0":
            ordered = self.styles.ordered.get((num, ilvl), False)
            lead = "    " * ilvl + ("1. " if ordered else "- ")
            return Block(lead + text, f"L{ilvl}{int(ordered)}:" + key, inline.notes), plain
        if style in self.styles.quotes:
            return Block("> " + text.replace("\n", "\n> "), "Q:" + key, inline.notes), plain
        if plain in PLACEHOLDERS:
            return None, plain
        return Block(text, "P:" + key, inline.notes), plain

    def table(self, tbl: etree._Element, accept: bool) -> Block | None:
        rows = []
        keys = []
        notes: list[tuple[str, str]] = []
        for tr in tbl.iterfind(_W + "tr"):
            cells = []
            for tc in tr.iterfind(_W + "tc"):
                texts = []
                for p in tc.iter(_W + "p"):
                    inline = _Inline(self, accept)
                    inline.walk(p)
                    md = inline.markdown()
                    notes.extend(inline.notes)
                    if md:
                        texts.append(md.replace("\\\n", " "))
                    keys.append("".join(inline.key))
                cells.append(" ".join(texts).replace("\n", " "))
            rows.append(cells)
        if not rows:
            return None
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        return Block("\n".join(lines), "T:" + "|".join(keys), notes)

    def _is_caption(self, p: etree._Element) -> bool:
        ps = p.find(f"{_W}pPr/{_W}pStyle")
        if ps is not None and ps.get(_W + "val") in self.styles.captions:
            return True
        for el in p.iter(_W + "fldSimple", _W + "instrText"):
            instr = el.get(_W + "instr") if _local(el) == "fldSimple" else el.text
            if instr and instr.strip().upper().startswith("SEQ "):
                return True
        return False

    def read(self) -> ImportedDocument:
        root = self.parts["word/document.xml"]
        body = root.find(_W + "body")
        if body is None:
            raise InvalidInput("The document has no body.", {"file": "empty"})
        skip_table = False
        for el in _blocks(body):
            name = _local(el)
            if name == "p":
                marks = [parse_mark(b.get(_W + "name") or "")
                         for b in el.iter(_W + "bookmarkStart")]
                mark = next((m for m in marks if m is not None), None)
                names = [b.get(_W + "name") or "" for b in el.iter(_W + "bookmarkStart")]
                if mark is not None:
                    self._start_section(el, mark)
                    continue
                if END_MARK in names:
                    self.section = None
                    self._outside(el)
                    continue
                if any(n.startswith("PCX_") for n in names):
                    skip_table = True
                    continue
                if self._is_caption(el):
                    continue
                if self.section is None or self._annex(el):
                    self._outside(el)
                    continue
                block, _ = self.paragraph(el, True)
                before, _ = self.paragraph(el, False)
                self._authors(el)
                if block is not None:
                    self.section.after.append(block)
                if before is not None:
                    self.section.before.append(before)
            elif name == "tbl":
                if skip_table or self.section is None:
                    skip_table = False
                    self._walk_comments(el)
                    continue
                after, before = self.table(el, True), self.table(el, False)
                self._authors(el)
                if after is not None:
                    self.section.after.append(after)
                if before is not None:
                    self.section.before.append(before)
        for cid in list(self._open):
            where, _ = self._open.pop(cid)
            self._finish_comment(cid, where, "")
        for cid in self.comment_text:
            if cid not in self.seen_comments:  # a comment with no range in the body
                self._finish_comment(cid, None, "")
        return self.result

    def _annex(self, p: etree._Element) -> bool:
        """An annex heading ends the sections: annexes are generated, not imported."""
        ps = p.find(f"{_W}pPr/{_W}pStyle")
        sid = ps.get(_W + "val", "") if ps is not None else ""
        if sid.lower().startswith("annex"):
            self.section = None
            return True
        return False

    def _start_section(self, p: etree._Element, mark: SectionMark) -> None:
        inline = _Inline(self, True)
        inline.walk(p)
        ps = p.find(f"{_W}pPr/{_W}pStyle")
        level = self.styles.headings.get(ps.get(_W + "val", "") if ps is not None else "", 1)
        self.section = ImportedSection(mark, " ".join("".join(inline.plain).split()), level)
        self.result.sections.append(self.section)
        self._authors(p)

    def _authors(self, el: etree._Element) -> None:
        if self.section is None:
            return
        for change in el.iter(_W + "ins", _W + "del", _W + "moveFrom", _W + "moveTo"):
            self.section.authors.append(change.get(_W + "author") or "")

    def _walk_comments(self, el: etree._Element) -> None:
        for p in el.iter(_W + "p"):
            inline = _Inline(self, True)
            inline.walk(p)

    def _outside(self, p: etree._Element) -> None:
        inline = _Inline(self, True)
        inline.walk(p)  # comments anchored here are reported as outside
        inserted = "".join(t.text or "" for ins in p.iter(_W + "ins") for t in ins.iter(_W + "t"))
        if inserted.strip():
            self.result.outside.append(("paragraph", inserted.strip()))


def _blocks(body: etree._Element):  # noqa: ANN202 - yields elements
    """Paragraphs and tables in order, looking inside content controls."""
    for el in body:
        name = _local(el)
        if name in ("p", "tbl"):
            yield el
        elif name in ("sdt", "customXml", "sdtContent"):
            content = el.find(_W + "sdtContent") if name == "sdt" else el
            if content is not None:
                yield from _blocks(content)


def read_docx(data: bytes) -> ImportedDocument:
    """Check and read an uploaded .docx (raises a 4xx domain error for a hostile one)."""
    package = open_package(data)
    with package:
        parts = read_parts(package)
    return _Reader(parts).read()


def read_xml_parts(parts: dict[str, etree._Element],
                   styles_from: dict[str, etree._Element] | None = None) -> ImportedDocument:
    """Read already parsed parts (the normaliser feeds our own rendering through here);
    ``styles_from`` gives styles and numbering read once for many calls."""
    reader = _Reader(parts, _styles_cached(styles_from) if styles_from is not None else None)
    if styles_from is not None and "word/numbering.xml" in parts:
        reader.styles.ordered.update(_styles({"word/numbering.xml": parts["word/numbering.xml"]})
                                     .ordered)
    return reader.read()


_STYLE_CACHE: dict[int, _Styles] = {}


def _styles_cached(parts: dict[str, etree._Element]) -> _Styles:
    key = id(parts)
    found = _STYLE_CACHE.get(key)
    if found is None:
        found = _STYLE_CACHE[key] = _styles(parts)
    # A copy: list kinds (numbering) differ from one rendering to the next.
    return _Styles(found.headings, found.quotes, found.captions, found.code, {})
