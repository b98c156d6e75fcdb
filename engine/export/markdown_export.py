"""An :class:`ExportDocument` as one Markdown file.

Section bodies are copied as written, with two adjustments so that they fit
in a single file: their headings move below the section's level, and their
footnote labels are renumbered (every section may have its own ``[^1]``).
"""

from __future__ import annotations

import re

from . import wording
from .docx_render import annex_letter, select_annexes
from .model import Annex, AnnexTable, ExportDocument
from .templates import TemplateSettings
from .wording import LANGUAGE_NAMES

__all__ = ["escape_markdown", "render_markdown"]

_ATX = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]")
_LIST_OR_BLOCK = re.compile(r"^ {0,3}(?:[-*+>#]|\d+[.)]|\||$)")
_SPECIAL = re.compile(r"([\\`*_\[\]#|])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")


def escape_markdown(text: str) -> str:
    """Plain text that reads back as the same text (in Python-Markdown,
    pandoc and CommonMark alike: ``<`` and ``~`` as entities, because only
    CommonMark accepts backslash escapes for them)."""
    text = _SPECIAL.sub(r"\\\1", text)
    text = _ENTITY_LIKE.sub("&amp;", text)
    return text.replace("<", "&lt;").replace("~", "&#126;")


def _heading_levels(lines: list[str]) -> list[int]:
    levels = []
    fence = ""
    prev = ""
    for line in lines:
        fm = _FENCE.match(line)
        if fence:
            if fm and fm.group(1)[0] == fence[0] and len(fm.group(1)) >= len(fence):
                fence = ""
            prev = ""
            continue
        if fm:
            fence = fm.group(1)
            continue
        m = _ATX.match(line)
        if m:
            levels.append(len(m.group(2)))
        elif _SETEXT.match(line) and prev.strip() and not _LIST_OR_BLOCK.match(prev):
            levels.append(1 if line.strip()[0] == "=" else 2)
        prev = line
    return levels


def _adapt_body(body: str, base: int, notes: dict[str, str], counter: list[int]) -> str:
    """Shift headings so the body's top heading is at ``base`` and give
    footnotes document-wide labels."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    levels = _heading_levels(lines)
    shift = base - min(levels) if levels else 0

    def relabel(m: re.Match[str]) -> str:
        label = m.group(1)
        new = notes.get(label)
        if new is None:
            counter[0] += 1
            new = notes[label] = str(counter[0])
        return f"[^{new}]"

    out: list[str] = []
    fence = ""
    for line in lines:
        fm = _FENCE.match(line)
        if fence:
            if fm and fm.group(1)[0] == fence[0] and len(fm.group(1)) >= len(fence):
                fence = ""
            out.append(line)
            continue
        if fm:
            fence = fm.group(1)
            out.append(line)
            continue
        m = _ATX.match(line)
        if m:
            level = min(len(m.group(2)) + shift, 6)
            line = m.group(1) + "#" * level + line[m.end() :]
        elif _SETEXT.match(line) and out and out[-1].strip() and not _LIST_OR_BLOCK.match(out[-1]):
            level = min((1 if line.strip()[0] == "=" else 2) + shift, 6)
            out[-1] = "#" * level + " " + out[-1].strip()
            continue
        if "[^" in line:
            line = _FOOTNOTE.sub(relabel, line)
        out.append(line)
    return "\n".join(out).strip("\n")


def _table(table: AnnexTable) -> str:
    def cell(value: str) -> str:
        text = escape_markdown(str(value or "").strip())
        return text.replace("\r\n", "\n").replace("\n", "<br>")

    ncol = max(len(table.columns), 1)
    lines = [
        "| " + " | ".join(cell(c) for c in table.columns) + " |",
        "|" + "|".join("---" for _ in range(ncol)) + "|",
    ]
    for row in table.rows:
        cells = [cell(c) for c in row][:ncol]
        cells += [""] * (ncol - len(cells))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _annex(annex: Annex, letter: str, settings: TemplateSettings, language: str) -> list[str]:
    sep = settings.annex_separator
    out = [f"## {settings.label('annex', language)} {letter}{sep}{escape_markdown(annex.title)}"]
    if annex.intro:
        out.append(_adapt_body(annex.intro, 3, {}, [0]))
    for i, table in enumerate(annex.tables, start=1):
        if table.title:
            label = f"{settings.label('table', language)} {letter}.{i}{sep}"
            out.append(f"**{escape_markdown(label + table.title)}**")
        out.append(_table(table))
    return out


def render_markdown(doc: ExportDocument, settings: TemplateSettings | None = None) -> str:
    """The whole document as Markdown: title block, numbered headings,
    section bodies, annexes with pipe tables."""
    s = settings or TemplateSettings()
    lang = doc.language or "en"
    e = escape_markdown
    blocks: list[str] = [f"# {e(doc.title)}"]
    meta = [
        (s.label("country", lang), doc.country),
        (s.label("requesting_institution", lang), doc.requesting_institution),
        (s.label("workflow", lang), doc.workflow_title),
        (s.label("stage", lang), doc.stage_title),
        (s.label("status", lang), doc.status_label),
        (s.label("version", lang), str(doc.version)),
        (s.label("date", lang), s.format_date(doc.date, lang)),
    ]
    marking = (wording.label(doc.marking.lower(), lang) or doc.marking) if doc.marking else ""
    blocks.append(f"**{e(marking)}**")
    blocks.append("  \n".join(f"**{e(k)}:** {e(v)}" for k, v in meta if v))
    notes_counter = [0]
    for sec in [*doc.front, *doc.sections]:  # foreword and summary first, unnumbered
        level = min(max(sec.level, 1) + 1, 6)
        number = f"{e(sec.number)} " if sec.number and sec not in doc.front else ""
        blocks.append(f"{'#' * level} {number}{e(sec.title)}")
        body = _adapt_body(sec.body or "", min(level + 1, 6), {}, notes_counter)
        if body.strip():
            blocks.append(body)
        if doc.parallel_language:
            # A bilingual export: the second language follows, under its own label.
            name = LANGUAGE_NAMES.get(doc.parallel_language, doc.parallel_language)
            blocks.append(f"*{e(name)}*" + (f" — **{e(sec.parallel_title)}**"
                                              if sec.parallel_title else ""))
            other = _adapt_body(sec.parallel_body or "", min(level + 1, 6), {}, notes_counter)
            if other.strip():
                blocks.append(other)
    for index, annex in enumerate(select_annexes(doc.annexes, s.annex_order)):
        blocks.extend(_annex(annex, annex_letter(index), s, lang))
    return "\n\n".join(blocks) + "\n"
