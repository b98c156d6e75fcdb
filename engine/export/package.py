"""Reading a template ``.docx`` once and assembling export packages from it.

A template is analysed the first time it is used (style names to ids, page
geometry, numbering ids, settings) and the result is cached by path and
modification time; each export then only writes its own parts and copies
the rest of the template's zip.
"""

from __future__ import annotations

import io
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

from lxml import etree

__all__ = ["NS", "PartSet", "TemplatePackage", "assemble_docx", "load_package"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NS = {"w": W, "r": R}
_W = f"{{{W}}}"

REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
REL_HEADER = REL_BASE + "header"
REL_FOOTER = REL_BASE + "footer"
REL_FOOTNOTES = REL_BASE + "footnotes"
REL_COMMENTS = REL_BASE + "comments"
REL_HYPERLINK = REL_BASE + "hyperlink"
REL_NUMBERING = REL_BASE + "numbering"
REL_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
REL_COMMENTS_EXT = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"

_CT_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
CONTENT_TYPES = {
    "/word/document.xml": _CT_WML + "document.main+xml",
    "/word/numbering.xml": _CT_WML + "numbering+xml",
    "/word/footnotes.xml": _CT_WML + "footnotes+xml",
    "/word/comments.xml": _CT_WML + "comments+xml",
    "/word/commentsExtended.xml": _CT_WML + "commentsExtended+xml",
    "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
}
CT_HEADER = _CT_WML + "header+xml"
CT_FOOTER = _CT_WML + "footer+xml"

# Relationship types of parts the exporter writes itself: the template's
# versions (if any) are dropped.
_REPLACED_RELS = {
    REL_FOOTNOTES,
    REL_COMMENTS,
    REL_COMMENTS_EXT,
    REL_HYPERLINK,
    "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds",
    "http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible",
    "http://schemas.microsoft.com/office/2011/relationships/people",
}
_HEADER_RELS = {REL_HEADER, REL_FOOTER}

# Children of w:settings that must follow w:updateFields (schema order).
_AFTER_UPDATE_FIELDS = {
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids",
    "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
    "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
    "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
    "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
}  # fmt: skip
_AFTER_FOOTNOTE_PR = _AFTER_UPDATE_FIELDS - {"hdrShapeDefaults", "footnotePr"}
# Children of w:sectPr that must follow w:titlePg.
_AFTER_TITLE_PG = {
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
}

_COMPAT_BEFORE_EXPAND = {
    "useSingleBorderforContiguousCells", "wpJustification", "noTabHangInd", "noLeading",
    "spaceForUL", "noColumnBalance", "balanceSingleByteDoubleByteWidth",
    "noExtraLineSpacing", "doNotLeaveBackslashAlone", "ulTrailSpace",
}  # fmt: skip

LANG_PLACEHOLDER = b"__PC_LANG__"


def _local(el: etree._Element) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _insert_before(parent: etree._Element, new: etree._Element, after: set[str]) -> None:
    for idx, child in enumerate(parent):
        if _local(child) in after:
            parent.insert(idx, new)
            return
    parent.append(new)


def _tostring(el: etree._Element) -> bytes:
    return etree.tostring(el, xml_declaration=True, encoding="UTF-8", standalone=True)


@dataclass
class TemplatePackage:
    """What the exporter needs from a template ``.docx``, computed once."""

    path: Path
    parts: dict[str, bytes]  # every part copied unchanged, by zip name
    styles: dict[tuple[str, str], str]  # (type, lower-case name) -> styleId
    style_ids: dict[tuple[str, str], str]  # (type, styleId) -> styleId
    style_tabs: dict[str, list[int]]  # paragraph styleId -> its tab stops (twips)
    style_spacing: dict[str, tuple[int | None, str | None]]  # id -> (space after, basedOn)
    default_spacing_after: int | None
    styles_xml: bytes  # with LANG_PLACEHOLDER in the document default language
    settings_xml: bytes
    numbering_head: str
    numbering_mid: str
    numbering_tail: str
    max_abstract_num: int
    max_num: int
    sect_pr_before: str  # sectPr children that precede w:titlePg
    sect_pr_after: str
    template_header_refs: str  # header/footer references kept in "template" mode
    text_width: int  # twips
    content_types_defaults: list[tuple[str, str]]
    content_types_overrides: dict[str, str]
    rels: list[tuple[str, str, str, bool]]  # (id, type, target, external)
    header_rels: list[tuple[str, str, str, bool]]
    header_parts: dict[str, bytes]
    root_rels: bytes
    sizes: dict[str, int] = field(default_factory=dict)

    def spacing_after(self, style_id: str) -> int | None:
        """A paragraph style's space after (twips), following basedOn."""
        seen = set()
        sid: str | None = style_id
        while sid is not None and sid not in seen:
            seen.add(sid)
            after, parent = self.style_spacing.get(sid, (None, None))
            if after is not None:
                return after
            sid = parent
        return self.default_spacing_after

    def style(self, kind: str, names: tuple[str, ...]) -> str | None:
        """The styleId of the first name present in the template."""
        for name in names:
            sid = self.styles.get((kind, name.lower())) or self.style_ids.get((kind, name))
            if sid is not None:
                return sid
        return None


_cache: dict[Path, tuple[tuple[int, int], TemplatePackage]] = {}
_cache_lock = threading.Lock()


def load_package(path: str | Path) -> TemplatePackage:
    """Analyse a template .docx (cached by path, mtime and size)."""
    p = Path(path).resolve()
    st = p.stat()
    key = (st.st_mtime_ns, st.st_size)
    with _cache_lock:
        hit = _cache.get(p)
        if hit is not None and hit[0] == key:
            return hit[1]
    pkg = _analyse(p)
    with _cache_lock:
        _cache[p] = (key, pkg)
    return pkg


def _read_rels(data: bytes | None) -> list[tuple[str, str, str, bool]]:
    if not data:
        return []
    root = etree.fromstring(data)
    out = []
    for rel in root:
        out.append(
            (
                rel.get("Id", ""),
                rel.get("Type", ""),
                rel.get("Target", ""),
                rel.get("TargetMode") == "External",
            )
        )
    return out


def _part_name(target: str) -> str:
    """Zip name of a document relationship target."""
    if target.startswith("/"):
        return target[1:]
    parts: list[str] = ["word"]
    for seg in target.split("/"):
        if seg == "..":
            if parts:
                parts.pop()
        elif seg and seg != ".":
            parts.append(seg)
    return "/".join(parts)


def _analyse(path: Path) -> TemplatePackage:
    with zipfile.ZipFile(path) as zf:
        parts = {info.filename: zf.read(info) for info in zf.infolist() if not info.is_dir()}

    # Styles: names -> ids, and a placeholder for the document language.
    styles_root = etree.fromstring(parts["word/styles.xml"])
    styles: dict[tuple[str, str], str] = {}
    style_ids: dict[tuple[str, str], str] = {}
    style_tabs: dict[str, list[int]] = {}
    style_spacing: dict[str, tuple[int | None, str | None]] = {}
    for st in styles_root.iterfind(_W + "style"):
        kind = st.get(_W + "type", "paragraph")
        sid = st.get(_W + "styleId")
        name_el = st.find(_W + "name")
        if sid is None:
            continue
        style_ids[(kind, sid)] = sid
        spacing = st.find(f"{_W}pPr/{_W}spacing")
        after = spacing.get(_W + "after") if spacing is not None else None
        parent = st.find(_W + "basedOn")
        style_spacing[sid] = (
            int(after) if after and after.isdigit() else None,
            parent.get(_W + "val") if parent is not None else None,
        )
        tabs = st.find(f"{_W}pPr/{_W}tabs")
        if tabs is not None:
            style_tabs[sid] = [
                int(t.get(_W + "pos", "0"))
                for t in tabs
                if t.get(_W + "val") != "clear" and t.get(_W + "pos", "").lstrip("-").isdigit()
            ]
        if name_el is not None:
            styles.setdefault((kind, name_el.get(_W + "val", "").lower()), sid)
    defaults = styles_root.find(_W + "docDefaults")
    if defaults is None:
        defaults = etree.Element(_W + "docDefaults")
        styles_root.insert(0, defaults)
    rpr_default = defaults.find(_W + "rPrDefault")
    if rpr_default is None:
        rpr_default = etree.SubElement(defaults, _W + "rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(_W + "rPr")
    if rpr is None:
        rpr = etree.SubElement(rpr_default, _W + "rPr")
    default_spacing = defaults.find(f"{_W}pPrDefault/{_W}pPr/{_W}spacing")
    default_after = default_spacing.get(_W + "after") if default_spacing is not None else None
    lang = rpr.find(_W + "lang")
    if lang is None:
        lang = etree.SubElement(rpr, _W + "lang")
    lang.set(_W + "val", LANG_PLACEHOLDER.decode())
    styles_xml = _tostring(styles_root)

    # Settings: ask Word to refresh fields (the TOC) on opening and declare
    # the footnote separators every footnotes part must carry.
    settings_root = etree.fromstring(parts["word/settings.xml"])
    for el in settings_root.findall(_W + "updateFields"):
        settings_root.remove(el)
    upd = etree.Element(_W + "updateFields")
    upd.set(_W + "val", "true")
    _insert_before(settings_root, upd, _AFTER_UPDATE_FIELDS)
    fpr = settings_root.find(_W + "footnotePr")
    if fpr is None:
        fpr = etree.Element(_W + "footnotePr")
        _insert_before(settings_root, fpr, _AFTER_FOOTNOTE_PR)
    for el in fpr.findall(_W + "footnote"):
        fpr.remove(el)
    # w:footnote entries come after the footnotePr formatting children.
    for fid in ("-1", "0"):
        el = etree.SubElement(fpr, _W + "footnote")
        el.set(_W + "id", fid)
    # Word and LibreOffice stretch a justified line that ends in a manual
    # line break (Markdown's hard break) across the page unless told not to.
    compat = settings_root.find(_W + "compat")
    if compat is None:
        compat = etree.Element(_W + "compat")
        _insert_before(
            settings_root,
            compat,
            _AFTER_UPDATE_FIELDS - {"hdrShapeDefaults", "footnotePr", "endnotePr"},
        )
    if compat.find(_W + "doNotExpandShiftReturn") is None:
        idx = next(
            (i for i, child in enumerate(compat) if _local(child) not in _COMPAT_BEFORE_EXPAND),
            len(compat),
        )
        compat.insert(idx, etree.Element(_W + "doNotExpandShiftReturn"))
    # Documents written by this exporter are not the template: drop a
    # stale attached template path if the ministry's file has one.
    for el in settings_root.findall(_W + "attachedTemplate"):
        settings_root.remove(el)
    settings_xml = _tostring(settings_root)

    # Relationships of the main document.
    rels = _read_rels(parts.get("word/_rels/document.xml.rels"))
    kept: list[tuple[str, str, str, bool]] = []
    header_rels: list[tuple[str, str, str, bool]] = []
    dropped_parts: set[str] = set()
    for rel in rels:
        if rel[1] in _REPLACED_RELS:
            if not rel[3]:
                dropped_parts.add(_part_name(rel[2]))
        elif rel[1] in _HEADER_RELS:
            header_rels.append(rel)
        else:
            kept.append(rel)
    header_parts: dict[str, bytes] = {}
    for rel in header_rels:
        name = _part_name(rel[2])
        dropped_parts.add(name)
        if name in parts:
            header_parts[name] = parts[name]
            rel_name = name.rsplit("/", 1)
            rels_part = f"{rel_name[0]}/_rels/{rel_name[1]}.rels"
            if rels_part in parts:
                header_parts[rels_part] = parts[rels_part]
                dropped_parts.add(rels_part)

    # Numbering: keep the template's definitions, leave slots for ours.
    numbering_xml = parts.get("word/numbering.xml")
    if numbering_xml is None:
        numbering_root = etree.Element(_W + "numbering", nsmap={"w": W})
        kept.append(("rIdPcNumbering", REL_NUMBERING, "numbering.xml", False))
    else:
        numbering_root = etree.fromstring(numbering_xml)
    abstract_ids = [
        int(a.get(_W + "abstractNumId", "0")) for a in numbering_root.iterfind(_W + "abstractNum")
    ]
    num_ids = [int(a.get(_W + "numId", "0")) for a in numbering_root.iterfind(_W + "num")]
    mark_abs = etree.Comment("PC_ABSTRACT")
    mark_num = etree.Comment("PC_NUM")
    last_abs = -1
    last_num = -1
    first_tail = -1
    for idx, child in enumerate(numbering_root):
        name = _local(child)
        if name in ("numPicBullet", "abstractNum"):
            last_abs = idx
        elif name == "num":
            last_num = idx
        elif name == "numIdMacAtCleanup" and first_tail < 0:
            first_tail = idx
    # Insert the later marker first so the earlier index stays valid.
    num_pos = (
        last_num + 1 if last_num >= 0 else (first_tail if first_tail >= 0 else len(numbering_root))
    )
    numbering_root.insert(num_pos, mark_num)
    numbering_root.insert(last_abs + 1, mark_abs)
    numbering_text = etree.tostring(
        numbering_root, xml_declaration=True, encoding="UTF-8", standalone=True
    ).decode("utf-8")
    head, rest = numbering_text.split("<!--PC_ABSTRACT-->", 1)
    mid, tail = rest.split("<!--PC_NUM-->", 1)

    # Page geometry and the section properties to reuse.
    doc_root = etree.fromstring(parts["word/document.xml"])
    body = doc_root.find(_W + "body")
    sect = body.find(_W + "sectPr") if body is not None else None
    before: list[str] = []
    after: list[str] = []
    header_refs: list[str] = []
    text_width = 9026  # A4 with 2.54 cm margins
    if sect is not None:
        pg_sz = sect.find(_W + "pgSz")
        pg_mar = sect.find(_W + "pgMar")
        if pg_sz is not None and pg_mar is not None:
            try:
                text_width = (
                    int(pg_sz.get(_W + "w", "11906"))
                    - int(pg_mar.get(_W + "left", "1440"))
                    - int(pg_mar.get(_W + "right", "1440"))
                    - int(pg_mar.get(_W + "gutter", "0"))
                )
            except ValueError:
                pass
        seen_title = False
        for child in sect:
            name = _local(child)
            xml = etree.tostring(child, encoding="unicode")
            if name in ("headerReference", "footerReference"):
                header_refs.append(xml)
                continue
            if name == "titlePg":
                continue
            if name in _AFTER_TITLE_PG:
                seen_title = True
            (after if seen_title else before).append(xml)
    else:
        before.append(
            '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" '
            'w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/>'
        )

    # Content types.
    ct_root = etree.fromstring(parts["[Content_Types].xml"])
    ct_defaults: list[tuple[str, str]] = []
    ct_overrides: dict[str, str] = {}
    for el in ct_root:
        name = _local(el)
        if name == "Default":
            ct_defaults.append((el.get("Extension", ""), el.get("ContentType", "")))
        elif name == "Override":
            ct_overrides[el.get("PartName", "")] = el.get("ContentType", "")
    for ext, ctype in (
        ("rels", "application/vnd.openxmlformats-package.relationships+xml"),
        ("xml", "application/xml"),
    ):
        if not any(d[0].lower() == ext for d in ct_defaults):
            ct_defaults.append((ext, ctype))
    for name in dropped_parts:
        ct_overrides.pop("/" + name, None)

    # Package relationships: make sure core properties are referenced.
    root_rels = parts.get("_rels/.rels", b"")
    if REL_CORE.encode() not in root_rels:
        rr = (
            etree.fromstring(root_rels)
            if root_rels
            else etree.Element(f"{{{PKG_REL}}}Relationships", nsmap={None: PKG_REL})
        )
        el = etree.SubElement(rr, f"{{{PKG_REL}}}Relationship")
        el.set("Id", "rIdPcCore")
        el.set("Type", REL_CORE)
        el.set("Target", "docProps/core.xml")
        root_rels = _tostring(rr)

    copied = {
        name: data
        for name, data in parts.items()
        if name not in dropped_parts
        and name
        not in (
            "[Content_Types].xml",
            "_rels/.rels",
            "word/document.xml",
            "word/_rels/document.xml.rels",
            "word/styles.xml",
            "word/settings.xml",
            "word/numbering.xml",
            "docProps/core.xml",
            "docProps/app.xml",  # the template's counts and application; ours replaces it
        )
    }
    return TemplatePackage(
        path=path,
        parts=copied,
        styles=styles,
        style_ids=style_ids,
        style_tabs=style_tabs,
        style_spacing=style_spacing,
        default_spacing_after=int(default_after)
        if default_after and default_after.isdigit()
        else None,
        styles_xml=styles_xml,
        settings_xml=settings_xml,
        numbering_head=head,
        numbering_mid=mid,
        numbering_tail=tail,
        max_abstract_num=max(abstract_ids, default=-1),
        max_num=max(num_ids, default=0),
        sect_pr_before="".join(before),
        sect_pr_after="".join(after),
        template_header_refs="".join(header_refs),
        text_width=max(text_width, 2000),
        content_types_defaults=ct_defaults,
        content_types_overrides=ct_overrides,
        rels=kept,
        header_rels=header_rels,
        header_parts=header_parts,
        root_rels=root_rels,
    )


@dataclass
class PartSet:
    """The parts one export writes on top of the template."""

    document: str
    numbering_abstract: str = ""
    numbering_nums: str = ""
    footnotes: str | None = None
    comments: str | None = None
    comments_extended: str | None = None
    core: str | None = None
    language: str = "en-GB"
    extra: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (ctype, xml)
    rels: list[tuple[str, str, str, bool]] = field(default_factory=list)
    part_rels: dict[str, list[tuple[str, str, str, bool]]] = field(default_factory=dict)
    keep_template_headers: bool = False
    replacements: dict[bytes, bytes] = field(default_factory=dict)  # for template headers


def _zinfo(name: str) -> zipfile.ZipInfo:
    # A fixed timestamp keeps exports of the same document byte-identical.
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def rels_xml(rels: list[tuple[str, str, str, bool]]) -> bytes:
    """Serialise a relationships part."""
    out = [
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG_REL}">'
    ]
    for rid, rtype, target, external in rels:
        mode = ' TargetMode="External"' if external else ""
        out.append(
            f"<Relationship Id={quoteattr(rid)} Type={quoteattr(rtype)} Target={quoteattr(target)}{mode}/>"
        )
    out.append("</Relationships>")
    return "".join(out).encode("utf-8")


def assemble_docx(pkg: TemplatePackage, ps: PartSet) -> bytes:
    """Zip the template's parts and the export's own parts into a .docx."""
    overrides = dict(pkg.content_types_overrides)
    rels = list(pkg.rels)
    files: list[tuple[str, bytes]] = []

    def add(name: str, data: str | bytes, ctype: str | None = None) -> None:
        files.append((name, data.encode("utf-8") if isinstance(data, str) else data))
        if ctype:
            overrides["/" + name] = ctype

    add("word/document.xml", ps.document, CONTENT_TYPES["/word/document.xml"])
    add("word/styles.xml", pkg.styles_xml.replace(LANG_PLACEHOLDER, ps.language.encode()))
    add("word/settings.xml", pkg.settings_xml)
    add(
        "word/numbering.xml",
        pkg.numbering_head
        + ps.numbering_abstract
        + pkg.numbering_mid
        + ps.numbering_nums
        + pkg.numbering_tail,
        CONTENT_TYPES["/word/numbering.xml"],
    )
    if ps.footnotes is not None:
        add("word/footnotes.xml", ps.footnotes, CONTENT_TYPES["/word/footnotes.xml"])
        rels.append(("rIdPcFootnotes", REL_FOOTNOTES, "footnotes.xml", False))
    if ps.comments is not None:
        add("word/comments.xml", ps.comments, CONTENT_TYPES["/word/comments.xml"])
        rels.append(("rIdPcComments", REL_COMMENTS, "comments.xml", False))
    if ps.comments_extended is not None:
        add(
            "word/commentsExtended.xml",
            ps.comments_extended,
            CONTENT_TYPES["/word/commentsExtended.xml"],
        )
        rels.append(("rIdPcCommentsEx", REL_COMMENTS_EXT, "commentsExtended.xml", False))
    if ps.core is not None:
        add("docProps/core.xml", ps.core, CONTENT_TYPES["/docProps/core.xml"])
    for name, (ctype, xml) in ps.extra.items():
        add(name, xml, ctype)
    if ps.keep_template_headers:
        rels.extend(pkg.header_rels)
        for name, data in pkg.header_parts.items():
            for old, new in ps.replacements.items():
                data = data.replace(old, new)
            add(name, data)
            if not name.endswith(".rels"):
                overrides["/" + name] = (
                    CT_HEADER if "header" in name.rsplit("/", 1)[-1] else CT_FOOTER
                )
    rels.extend(ps.rels)
    add("word/_rels/document.xml.rels", rels_xml(rels))
    for part, prels in ps.part_rels.items():
        if prels:
            folder, base = part.rsplit("/", 1)
            add(f"{folder}/_rels/{base}.rels", rels_xml(prels))
    add("_rels/.rels", pkg.root_rels)
    for name, data in pkg.parts.items():
        files.append((name, data))

    ct = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="{CT}">']
    for ext, ctype in pkg.content_types_defaults:
        ct.append(f"<Default Extension={quoteattr(ext)} ContentType={quoteattr(ctype)}/>")
    for name, ctype in overrides.items():
        ct.append(f"<Override PartName={quoteattr(name)} ContentType={quoteattr(ctype)}/>")
    ct.append("</Types>")

    buf = io.BytesIO()
    # Level 1 deflate: the XML still shrinks ~8x and it is several times
    # faster than the default level on a large document.
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr(_zinfo("[Content_Types].xml"), "".join(ct), compresslevel=1)
        for name, data in files:
            zf.writestr(_zinfo(name), data, compresslevel=1)
    return buf.getvalue()
