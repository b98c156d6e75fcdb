"""Turning a section read back from Word into the Markdown a suggestion proposes.

The exported revision's Markdown is written with the exporter and read back
with the importer, so both sides are compared in the same form (one block per
paragraph or table, footnotes inline). Blocks the person did not touch keep
their original Markdown source; only changed or new blocks take the text read
from Word. An untouched section therefore proposes nothing, and a changed one
proposes its original text with exactly the edited paragraphs replaced.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from lxml import etree

from .docx_import import Block, read_xml_parts
from .markers import section_mark
from .ooxml import W_NS, BodyWriter
from .package import TemplatePackage, load_package
from .templates import TemplateInfo, load_template

__all__ = ["merge_section", "normalized_blocks", "split_chunks"]

_FOOTNOTE_DEF = re.compile(r"^\[\^[^\]]+\]:")
_FENCE = re.compile(r"^\s*(```|~~~)", re.M)
_LIST_LINE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")


@lru_cache(maxsize=1)
def _template() -> tuple[TemplateInfo, TemplatePackage, dict[str, etree._Element]]:
    info = load_template(None)
    pkg = load_package(info.docx)
    return info, pkg, {"word/styles.xml": etree.fromstring(pkg.styles_xml)}


def normalized_blocks(markdown: str) -> list[Block]:
    """What the importer reads back from the export of ``markdown`` (one section body)."""
    if not markdown.strip():
        return []
    info, pkg, styles = _template()
    writer = BodyWriter(pkg, info.settings)
    mark = section_mark("0", 0, 1, 0)
    head = writer.heading(1, writer.plain_runs("x"), number="1", marker=mark)
    body = writer.markdown(markdown, heading_base=2)
    document = f"<w:document {W_NS}><w:body>{head}{body}</w:body></w:document>"
    numbering = (f"<w:numbering {W_NS}>{writer.numbering.abstract_xml()}"
                 f"{writer.numbering.nums_xml()}</w:numbering>")
    parts = {
        "word/document.xml": etree.fromstring(document.encode()),
        "word/numbering.xml": etree.fromstring(numbering.encode()),
        "word/footnotes.xml": etree.fromstring(writer.footnotes_xml().encode()),
    }
    found = read_xml_parts(parts, styles_from=styles)
    return found.sections[0].after if found.sections else []


def split_chunks(markdown: str) -> list[str]:
    """Top-level pieces of a body, split at blank lines (list continuations and fenced
    code stay with their piece)."""
    pieces = re.split(r"\n[ \t]*\n", markdown.strip("\n"))
    chunks: list[str] = []
    for piece in pieces:
        if not piece.strip():
            continue
        if chunks and (
            len(_FENCE.findall(chunks[-1])) % 2 == 1  # inside an open fence
            or piece[:1] in (" ", "\t")  # continues a list item or a footnote
        ):
            chunks[-1] += "\n\n" + piece
        else:
            chunks.append(piece)
    return chunks


def merge_section(original: str, imported: list[Block]) -> str | None:
    """The text to propose for a section, or None when nothing changed."""
    new_keys = [b.key for b in imported]
    if [b.key for b in normalized_blocks(original)] == new_keys:
        return None  # the usual case, in one rendering
    chunks = split_chunks(original)
    notes = [c for c in chunks if _FOOTNOTE_DEF.match(c)]
    body_chunks = [c for c in chunks if not _FOOTNOTE_DEF.match(c)]
    suffix = "\n\n" + "\n\n".join(notes) if notes else ""
    keys: list[str] = []
    owner: list[int] = []
    for index, chunk in enumerate(body_chunks):
        for block in normalized_blocks(chunk + suffix):
            keys.append(block.key)
            owner.append(index)
    if keys == new_keys:
        return None
    matcher = SequenceMatcher(None, keys, new_keys, autojunk=False)
    opcodes = matcher.get_opcodes()
    intact = [True] * len(body_chunks)
    for op, i1, i2, _j1, _j2 in opcodes:
        if op != "equal":
            for i in range(i1, i2):
                intact[owner[i]] = False
    pieces: list[tuple[str, bool]] = []  # (Markdown, is a list item)
    emitted: set[int] = set()
    new_notes: list[tuple[str, str]] = []

    def take(block: Block) -> None:
        pieces.append((block.markdown, bool(_LIST_LINE.match(block.markdown))))
        new_notes.extend(block.notes)

    for op, i1, i2, j1, j2 in opcodes:
        if op == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                chunk = owner[i]
                if intact[chunk]:
                    if chunk not in emitted:
                        emitted.add(chunk)
                        pieces.append((body_chunks[chunk], False))
                else:
                    take(imported[j])
        elif op in ("insert", "replace"):
            for j in range(j1, j2):
                take(imported[j])
    out: list[str] = []
    for index, (text, item) in enumerate(pieces):
        if index:
            out.append("\n" if item and pieces[index - 1][1] else "\n\n")
        out.append(text)
    tail = [*notes, *(f"[^{label}]: {text}" for label, text in new_notes if text)]
    result = "".join(out)
    if tail:
        result += "\n\n" + "\n\n".join(tail)
    return result.strip() + "\n"
