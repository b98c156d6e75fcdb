"""A small, fast block-level Markdown parser.

It covers what drafters type in the section editor: ATX and setext headings,
paragraphs, nested bullet/numbered lists (with lenient two-space nesting),
block quotes, fenced and indented code, thematic breaks, GFM pipe tables,
footnote definitions and link reference definitions.  Inline markup is left
as raw text for :mod:`engine.export.markdown_inline`.

Why not Python-Markdown: it only hands out serialized HTML (or an
ElementTree that still needs its inline pass), and a line scanner over the
source is several times faster, which the export speed target needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "Block",
    "CodeBlock",
    "Heading",
    "ListBlock",
    "ListItem",
    "Paragraph",
    "ParsedMarkdown",
    "Quote",
    "Rule",
    "Table",
    "normalize_label",
    "parse_markdown",
]


@dataclass(slots=True)
class Heading:
    level: int
    text: str


@dataclass(slots=True)
class Paragraph:
    text: str  # raw inline Markdown, lines joined with "\n"


@dataclass(slots=True)
class ListItem:
    blocks: list[Block]
    checked: bool | None = None  # task-list state, None for ordinary items


@dataclass(slots=True)
class ListBlock:
    ordered: bool
    start: int
    items: list[ListItem]


@dataclass(slots=True)
class Quote:
    blocks: list[Block]


@dataclass(slots=True)
class Table:
    aligns: list[str | None]  # "left", "center", "right" or None per column
    header: list[str]
    rows: list[list[str]]


@dataclass(slots=True)
class CodeBlock:
    text: str
    info: str = ""


@dataclass(slots=True)
class Rule:
    pass


Block = Heading | Paragraph | ListBlock | Quote | Table | CodeBlock | Rule


@dataclass(slots=True)
class ParsedMarkdown:
    blocks: list[Block]
    footnotes: dict[str, list[Block]] = field(default_factory=dict)
    links: dict[str, tuple[str, str | None]] = field(default_factory=dict)


_ATX = re.compile(r"(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"(`{3,}|~{3,})[ \t]*(.*?)[ \t]*$")
_HR = re.compile(r"(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_SETEXT = re.compile(r"(?:=+|-+)[ \t]*$")
_BULLET = re.compile(r"([-*+])(?:([ \t]+)|$)")
_ORDERED = re.compile(r"(\d{1,9})([.)])(?:([ \t]+)|$)")
_TASK = re.compile(r"\[([ xX])\][ \t]+")
_FOOTNOTE_DEF = re.compile(r"\[\^([^\]\s]+)\]:[ \t]*(.*)$")
_LINK_DEF = re.compile(
    r"\[([^\]^][^\]]*)\]:[ \t]*<?([^\s>]+)>?"
    r"(?:[ \t]+(?:\"([^\"]*)\"|'([^']*)'|\(([^)]*)\)))?[ \t]*$"
)
_TABLE_DELIM = re.compile(r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_WS = re.compile(r"\s+")


def normalize_label(label: str) -> str:
    """Reference labels match case-insensitively, whitespace collapsed."""
    return _WS.sub(" ", label.strip()).lower()


def parse_markdown(text: str) -> ParsedMarkdown:
    """Parse a Markdown document into blocks, footnotes and link references."""
    parser = _BlockParser()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(4).split("\n")
    blocks = parser.parse(lines)
    return ParsedMarkdown(blocks, parser.footnotes, parser.links)


def _list_marker(s: str) -> tuple[bool, int, int, str] | None:
    """(ordered, start, marker width incl. spaces, rest) for a list item line."""
    c = s[0]
    if c in "-*+":
        m = _BULLET.match(s)
        if m is None:
            return None
        spaces = m.group(2) or ""
        start = 0
        marker_len = 1
        ordered = False
    elif "0" <= c <= "9":
        m = _ORDERED.match(s)
        if m is None:
            return None
        spaces = m.group(3) or ""
        start = int(m.group(1))
        marker_len = len(m.group(1)) + 1
        ordered = True
    else:
        return None
    rest = s[m.end() :]
    # More than four spaces after the marker means indented code in the item;
    # treat the item as starting one column after the marker.
    width = marker_len + (len(spaces) if 0 < len(spaces) <= 4 else 1)
    if len(spaces) > 4:
        rest = s[marker_len + 1 :]
    return ordered, start, width, rest


class _BlockParser:
    def __init__(self) -> None:
        self.footnotes: dict[str, list[Block]] = {}
        self.links: dict[str, tuple[str, str | None]] = {}

    # -- helpers ---------------------------------------------------------
    @staticmethod
    def _starts_block(s: str) -> bool:
        """Whether a (de-indented, non-blank) line interrupts a paragraph."""
        c = s[0]
        if c == "#":
            return _ATX.match(s) is not None
        if c == ">":
            return True
        if c in "`~":
            return s.startswith(("```", "~~~"))
        if c in "-*_" and _HR.match(s):
            return True
        if c in "-*+":
            m = _BULLET.match(s)
            return m is not None and bool(s[m.end() :].strip())
        if "0" <= c <= "9":
            m = _ORDERED.match(s)
            # Only "1." may interrupt a paragraph, so a wrapped line starting
            # with a year ("2019. ...") stays in its paragraph.
            return m is not None and m.group(1) == "1" and bool(s[m.end() :].strip())
        return False

    @staticmethod
    def _split_row(line: str) -> list[str]:
        s = line.strip()
        if s.startswith("|"):
            s = s[1:]
        if s.endswith("|") and not s.endswith("\\|"):
            s = s[:-1]
        cells: list[str] = []
        buf: list[str] = []
        i = 0
        n = len(s)
        in_code = 0
        while i < n:
            ch = s[i]
            if ch == "\\" and i + 1 < n and s[i + 1] == "|":
                buf.append("|")  # GFM: \| is a literal pipe, even in code spans
                i += 2
                continue
            if ch == "\\" and i + 1 < n:
                buf.append(s[i : i + 2])
                i += 2
                continue
            if ch == "`":
                j = i
                while j < n and s[j] == "`":
                    j += 1
                run = j - i
                if in_code == 0:
                    # Only open a code span if it closes within the row.
                    if ("`" * run) in s[j:]:
                        in_code = run
                elif in_code == run:
                    in_code = 0
                buf.append(s[i:j])
                i = j
                continue
            if ch == "|" and not in_code:
                cells.append("".join(buf).strip())
                buf = []
            else:
                buf.append(ch)
            i += 1
        cells.append("".join(buf).strip())
        return cells

    # -- main loop -------------------------------------------------------
    def parse(self, lines: list[str]) -> list[Block]:
        blocks: list[Block] = []
        para: list[str] = []
        n = len(lines)
        i = 0

        def flush() -> None:
            if para:
                para[-1] = para[-1].rstrip()
                blocks.append(Paragraph("\n".join(para)))
                para.clear()

        while i < n:
            line = lines[i]
            s = line.lstrip(" ")
            if not s:
                flush()
                i += 1
                continue
            indent = len(line) - len(s)

            if indent >= 4:
                if para:  # lazy paragraph continuation
                    para.append(s)
                    i += 1
                    continue
                code: list[str] = []
                while i < n:
                    ln = lines[i]
                    if ln.strip() and len(ln) - len(ln.lstrip(" ")) < 4:
                        break
                    code.append(ln[4:])
                    i += 1
                while code and not code[-1].strip():
                    code.pop()
                blocks.append(CodeBlock("\n".join(code)))
                continue

            c = s[0]
            if c == "#":
                m = _ATX.match(s)
                if m:
                    flush()
                    blocks.append(Heading(len(m.group(1)), (m.group(2) or "").strip()))
                    i += 1
                    continue
            elif c in "`~" and s.startswith(("```", "~~~")):
                m = _FENCE.match(s)
                if m and not (c == "`" and "`" in m.group(2)):
                    flush()
                    fence = m.group(1)
                    code = []
                    i += 1
                    while i < n:
                        ln = lines[i]
                        st = ln.strip()
                        if st.startswith(fence[0] * len(fence)) and not st.strip(fence[0]):
                            i += 1
                            break
                        # Drop the fence's own indentation from content lines.
                        code.append(ln[min(indent, len(ln) - len(ln.lstrip(" "))) :])
                        i += 1
                    blocks.append(CodeBlock("\n".join(code), m.group(2).split(" ")[0]))
                    continue
            elif c == ">":
                flush()
                quoted: list[str] = []
                while i < n:
                    ln = lines[i]
                    st = ln.lstrip(" ")
                    if st.startswith(">") and len(ln) - len(st) < 4:
                        st = st[1:]
                        quoted.append(st[1:] if st.startswith(" ") else st)
                    elif st and quoted and quoted[-1].strip() and not self._starts_block(st):
                        quoted.append(st)  # lazy continuation
                    else:
                        break
                    i += 1
                blocks.append(Quote(self.parse(quoted)))
                continue
            elif c == "[":
                # Definitions may follow their paragraph without a blank line;
                # leaving them in the paragraph would print raw markup.
                m = _FOOTNOTE_DEF.match(s)
                if m:
                    flush()
                    i = self._footnote(lines, i, m)
                    continue
                m = _LINK_DEF.match(s)
                if m:
                    flush()
                    title = m.group(3) or m.group(4) or m.group(5)
                    self.links.setdefault(normalize_label(m.group(1)), (m.group(2), title))
                    i += 1
                    continue
            elif c in "=-" and para and _SETEXT.match(s):
                level = 1 if c == "=" else 2
                text = "\n".join(para).strip()
                para.clear()
                blocks.append(Heading(level, text.replace("\n", " ")))
                i += 1
                continue

            if c in "-*_" and _HR.match(s):
                flush()
                blocks.append(Rule())
                i += 1
                continue

            if c in "-*+" or "0" <= c <= "9":
                marker = _list_marker(s)
                if marker is not None and (
                    not para or (marker[3].strip() and (not marker[0] or marker[1] == 1))
                ):
                    flush()
                    i = self._list(lines, i, blocks)
                    continue

            if "|" in s and i + 1 < n:
                nxt = lines[i + 1].strip()
                if "|" in nxt and "-" in nxt and _TABLE_DELIM.match(nxt):
                    header = self._split_row(s)
                    delims = self._split_row(nxt)
                    if len(header) == len(delims):
                        flush()
                        i = self._table(lines, i, header, delims, blocks)
                        continue

            para.append(s)
            i += 1

        flush()
        return blocks

    def _table(
        self, lines: list[str], i: int, header: list[str], delims: list[str], out: list[Block]
    ) -> int:
        aligns: list[str | None] = []
        for d in delims:
            d = d.strip()
            left, right = d.startswith(":"), d.endswith(":")
            aligns.append(
                "center" if left and right else "right" if right else "left" if left else None
            )
        ncol = len(header)
        rows: list[list[str]] = []
        i += 2
        n = len(lines)
        while i < n:
            s = lines[i].strip()
            if not s or "|" not in s:
                break
            cells = self._split_row(s)
            if len(cells) < ncol:
                cells.extend([""] * (ncol - len(cells)))
            elif len(cells) > ncol:
                # Keep surplus text rather than silently dropping it.
                cells = cells[: ncol - 1] + [" | ".join(cells[ncol - 1 :])]
            rows.append(cells)
            i += 1
        out.append(Table(aligns, header, rows))
        return i

    def _list(self, lines: list[str], i: int, out: list[Block]) -> int:
        n = len(lines)
        line = lines[i]
        s = line.lstrip(" ")
        indent = len(line) - len(s)
        marker = _list_marker(s)
        assert marker is not None
        ordered, start = marker[0], marker[1]
        items: list[ListItem] = []
        while True:
            _, _, width, rest = marker
            content_col = indent + width
            item_lines = [rest]
            i += 1
            prev_blank = not rest.strip()
            while i < n:
                ln = lines[i]
                st = ln.lstrip(" ")
                if not st:
                    item_lines.append("")
                    prev_blank = True
                    i += 1
                    continue
                ind = len(ln) - len(st)
                if ind > indent:
                    # Lenient nesting: anything indented past the marker
                    # belongs to the item (two-space sub-lists included).
                    item_lines.append(ln[min(ind, content_col) :])
                    prev_blank = False
                    i += 1
                    continue
                if prev_blank or self._starts_block(st) or _list_marker(st) is not None:
                    break
                if "|" in st and i + 1 < n and _TABLE_DELIM.match(lines[i + 1].strip()):
                    break
                item_lines.append(st)  # lazy continuation of the item's paragraph
                i += 1
            while item_lines and not item_lines[-1].strip():
                item_lines.pop()
            checked: bool | None = None
            if item_lines:
                m = _TASK.match(item_lines[0])
                if m:
                    checked = m.group(1) != " "
                    item_lines[0] = item_lines[0][m.end() :]
            items.append(ListItem(self.parse(item_lines), checked))
            if i >= n:
                break
            ln = lines[i]
            st = ln.lstrip(" ")
            if not st or len(ln) - len(st) > 3:
                break
            nxt = _list_marker(st)
            if nxt is None or nxt[0] != ordered:
                break  # a different list type starts a new list ("sane lists")
            marker = nxt
            indent = len(ln) - len(st)
        out.append(ListBlock(ordered, start, items))
        return i

    def _footnote(self, lines: list[str], i: int, m: re.Match[str]) -> int:
        label = m.group(1)
        body = [m.group(2)]
        i += 1
        n = len(lines)
        prev_blank = False
        while i < n:
            ln = lines[i]
            st = ln.lstrip(" ")
            if not st:
                body.append("")
                prev_blank = True
                i += 1
                continue
            ind = len(ln) - len(st)
            if ind >= 2:
                body.append(ln[min(ind, 4) :])
            elif not prev_blank and not self._starts_block(st) and not _FOOTNOTE_DEF.match(st):
                body.append(st)
            else:
                break
            prev_blank = False
            i += 1
        while body and not body[-1].strip():
            body.pop()
        self.footnotes.setdefault(label, self.parse(body))
        return i
