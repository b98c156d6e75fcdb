"""A section's changes since a point in time, as Word tracked changes.

The body as it was then and the body now are parsed into blocks; unchanged
blocks print as usual, a changed paragraph, heading or table cell shows
word-level ``w:ins``/``w:del``, and blocks added or removed whole (lists,
quotes...) are inserted or deleted whole, paragraph marks included. Each
change is attributed to the revision that made it: the first revision from
which the inserted words are there for good (or the deleted ones gone).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from difflib import SequenceMatcher

from .markdown_blocks import Block, Heading, ListBlock, Paragraph, Quote, Table, parse_markdown
from .markdown_inline import TEXT, Run
from .ooxml import CHANGE_SHIFT, DEL, INS, BodyWriter

__all__ = ["SectionHistory", "redline_body"]

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
_SYNTAX = re.compile(r"[*_`~\[\]#>|]")


@dataclass
class SectionHistory:
    """A section's body at the point in time, and every revision since, oldest first."""

    base: str
    steps: list[tuple[str, datetime, str]] = field(default_factory=list)  # author, when, body


def _plain(text: str) -> str:
    return " ".join(_SYNTAX.sub("", text).split())


class _Attribution:
    def __init__(self, writer: BodyWriter, history: SectionHistory) -> None:
        self.writer = writer
        self.history = history
        self.plain = [_plain(body) for _, _, body in history.steps]
        self._index: dict[int, int] = {}

    def _flag(self, step: int) -> int:
        index = self._index.get(step)
        if index is None:
            author, when, _ = self.history.steps[step]
            if when.tzinfo is not None:
                when = when.astimezone(UTC).replace(tzinfo=None)
            self.writer.changes.append((author, when.replace(microsecond=0).isoformat() + "Z"))
            index = self._index[step] = len(self.writer.changes)
        return index << CHANGE_SHIFT

    def inserted(self, context: str) -> int:
        """The first revision from which ``context`` stays in the text."""
        needle = _plain(context)
        step = len(self.plain) - 1
        while step > 0 and needle and needle in self.plain[step - 1]:
            step -= 1
        return INS | self._flag(step)

    def deleted(self, context: str) -> int:
        """The first revision from which ``context`` stays out of the text."""
        needle = _plain(context)
        step = len(self.plain) - 1
        while step > 0 and needle and needle not in self.plain[step - 1]:
            step -= 1
        return DEL | self._flag(step)


def _tokens(runs: list[Run]) -> list[Run]:
    out: list[Run] = []
    for kind, text, flags, href in runs:
        if kind != TEXT:
            out.append((kind, text, flags, href))
            continue
        out.extend((TEXT, piece, flags, href) for piece in _TOKEN.findall(text))
    return out


def _text(runs: list[Run]) -> str:
    return "".join(r[1] for r in runs if r[0] == TEXT)


def _word_diff(old: list[Run], new: list[Run], who: _Attribution) -> list[Run]:
    a, b = _tokens(old), _tokens(new)
    out: list[Run] = []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.extend(b[j1:j2])
            continue
        if i2 > i1:
            context = _text(a[max(i1 - 2, 0):min(i2 + 2, len(a))])
            flag = who.deleted(context)
            out.extend((k, t, f | flag, h) for k, t, f, h in a[i1:i2])
        if j2 > j1:
            out.extend(_attributed(b, j1, j2, who))
    return out


def _attributed(b: list[Run], j1: int, j2: int, who: _Attribution) -> list[Run]:
    """Inserted tokens, each stretch credited to the revision that brought it."""
    if len(who.plain) == 1 or j2 - j1 < 12:
        flag = who.inserted(_text(b[max(j1 - 2, 0):min(j2 + 2, len(b))]))
        return [(k, t, f | flag, h) for k, t, f, h in b[j1:j2]]
    out: list[Run] = []
    flag = 0
    for i in range(j1, j2):
        kind, text, flags, href = b[i]
        if i == j1 or (text.strip() and (i - j1) % 2 == 0):
            # A window of a few words around the token decides its revision.
            flag = who.inserted(_text(b[max(i - 4, j1):min(i + 5, j2)]))
        out.append((kind, text, flags | flag, href))
    return out


def _texts(block: Block) -> list[str]:
    """The inline texts of a block, in writing order."""
    if isinstance(block, (Paragraph, Heading)):
        return [block.text]
    if isinstance(block, Table):
        return [*block.header, *(c for row in block.rows for c in row)]
    if isinstance(block, ListBlock):
        return [t for item in block.items for b in item.blocks for t in _texts(b)]
    if isinstance(block, Quote):
        return [t for b in block.blocks for t in _texts(b)]
    return []


def _shape(block: Block) -> object:
    """A block's structure without its text: two blocks of one shape diff text by text."""
    if isinstance(block, Paragraph):
        return "p"
    if isinstance(block, Heading):
        return ("h", block.level)
    if isinstance(block, Table):
        return ("t", len(block.header), len(block.rows), tuple(len(r) for r in block.rows))
    if isinstance(block, ListBlock):
        return ("l", block.ordered, tuple((i.checked, tuple(_shape(b) for b in i.blocks))
                                          for i in block.items))
    if isinstance(block, Quote):
        return ("q", tuple(_shape(b) for b in block.blocks))
    return repr(block)


def _lead(block: Block) -> str:
    """The first words of a block: enough to tell which revision brought or took it."""
    return " ".join(" ".join(_texts(block) or [repr(block)]).split()[:8])


def redline_body(writer: BodyWriter, history: SectionHistory, current: str,
                 heading_base: int) -> str:
    """The section body with its changes since ``history.base`` tracked."""
    old = parse_markdown(history.base or "")
    new = parse_markdown(current or "")
    merged = type(new)(blocks=new.blocks, footnotes={**old.footnotes, **new.footnotes},
                       links={**old.links, **new.links})
    ctx = writer.begin_body(merged, heading_base)
    who = _Attribution(writer, history)
    out: list[str] = []

    def whole(block: Block, deleted: bool) -> None:
        text = _lead(block)
        writer.block_change = who.deleted(text) if deleted else who.inserted(text)
        if not deleted and len(history.steps) > 1:
            # Words added by later revisions of a new block are credited to them.
            writer.inline_override = {
                y: _word_diff([], writer.inline(y), who) for y in _texts(block)}
        try:
            out.append(writer.write_blocks([block], ctx))
        finally:
            writer.block_change = 0
            writer.inline_override = {}

    keys = [repr(b) for b in old.blocks], [repr(b) for b in new.blocks]
    matcher = SequenceMatcher(None, keys[0], keys[1], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(writer.write_blocks(new.blocks[j1:j2], ctx))
            continue
        olds, news = old.blocks[i1:i2], new.blocks[j1:j2]
        paired = min(len(olds), len(news)) if op == "replace" else 0
        for a, b in zip(olds[:paired], news[:paired], strict=True):
            if _shape(a) == _shape(b):
                # Same structure: the writer prints b, each text word-diffed against a's.
                writer.inline_override = {
                    y: _word_diff(writer.inline(x), writer.inline(y), who)
                    for x, y in zip(_texts(a), _texts(b), strict=True) if x != y}
                try:
                    out.append(writer.write_blocks([b], ctx))
                finally:
                    writer.inline_override = {}
            else:
                whole(a, True)
                whole(b, False)
        for a in olds[paired:]:
            whole(a, True)
        for b in news[paired:]:
            whole(b, False)
    return "".join(out)
