"""Readable diffs between two versions of a section text.

Two granularities: :func:`diff_lines` (one entry per line, like ``diff``) and
:func:`diff_paragraphs` (one block per paragraph; changed paragraphs carry a
word-level diff), which is what reviewers read.  :func:`diff_html` renders the latter.

Word segments are lossless: for every block, the ``equal`` + ``delete`` segments
joined give the old paragraph and the ``equal`` + ``insert`` segments the new one.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from html import escape
from typing import Literal

__all__ = [
    "DiffBlock",
    "DiffLine",
    "Op",
    "diff_html",
    "diff_lines",
    "diff_paragraphs",
    "split_paragraphs",
    "tokenize",
]

Op = Literal["equal", "insert", "delete"]
BlockOp = Literal["equal", "insert", "delete", "change"]
Segment = tuple[Op, str]


@dataclass(frozen=True)
class DiffLine:
    """One line of a line diff; line numbers are 1-based, None on the missing side."""

    op: Op
    text: str
    old_no: int | None
    new_no: int | None


@dataclass(frozen=True)
class DiffBlock:
    """One paragraph of a paragraph diff.

    ``op`` is ``equal``, ``insert`` (new paragraph), ``delete`` (removed paragraph) or
    ``change`` (an edited paragraph; see ``segments`` for the word-level changes).
    ``old``/``new`` are the paragraph texts ("" on the side where it does not exist).
    """

    op: BlockOp
    old: str
    new: str
    segments: tuple[Segment, ...]


def _split_lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    return text.split("\n") if text else []


def diff_lines(old: str, new: str) -> list[DiffLine]:
    """Line-by-line diff (line endings normalised, lines without their newline)."""
    a, b = _split_lines(old), _split_lines(new)
    out: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(
                DiffLine("equal", a[i], i + 1, j1 + k + 1) for k, i in enumerate(range(i1, i2))
            )
            continue
        # A replace is shown as its deletions followed by its insertions, like diff -u.
        out.extend(DiffLine("delete", a[i], i + 1, None) for i in range(i1, i2))
        out.extend(DiffLine("insert", b[j], None, j + 1) for j in range(j1, j2))
    return out


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of a text: runs of lines separated by blank (or blank-looking) lines.

    Lines inside a paragraph keep their ``\\n`` separators; surrounding blank lines
    are not part of any paragraph.
    """
    paragraphs: list[str] = []
    current: list[str] = []
    for line in _split_lines(text):
        if line.strip():
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return paragraphs


def _kind(char: str) -> str:
    if char.isspace():
        return "space"
    # Punctuation and symbols are tokens of their own, so "policy," vs "policy."
    # changes one character, not the word.  Letters, digits and combining marks
    # (Arabic harakat, decomposed accents) stay together as a word.
    if unicodedata.category(char)[0] in "PS":
        return "punct"
    return "word"


def tokenize(text: str) -> list[str]:
    """Split into words, whitespace runs and single punctuation marks (lossless)."""
    tokens: list[str] = []
    start = 0
    previous = ""
    for i, char in enumerate(text):
        kind = _kind(char)
        if i and (kind != previous or kind == "punct"):
            tokens.append(text[start:i])
            start = i
        previous = kind
    if text:
        tokens.append(text[start:])
    return tokens


def _word_segments(old: str, new: str) -> tuple[Segment, ...]:
    a, b = tokenize(old), tokenize(new)
    raw: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            raw.append(("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            raw.append(("delete", "".join(a[i1:i2])))
        if j2 > j1:
            raw.append(("insert", "".join(b[j1:j2])))

    # Readability: a lone space (or punctuation-free whitespace) kept "equal" between
    # two changes splits "-the quick- +a slow+" into word-by-word noise.  Fold it into
    # both sides; the segments stay lossless.
    folded: list[Segment] = []
    for i, (op, text) in enumerate(raw):
        between_changes = (
            0 < i < len(raw) - 1 and raw[i - 1][0] != "equal" and raw[i + 1][0] != "equal"
        )
        if op == "equal" and between_changes and not text.strip():
            folded.extend([("delete", text), ("insert", text)])
        else:
            folded.append((op, text))

    # Coalesce each run of changes into one deletion followed by one insertion.
    merged: list[Segment] = []
    pending: dict[str, list[str]] = {"delete": [], "insert": []}

    def flush() -> None:
        for op in ("delete", "insert"):
            if pending[op]:
                merged.append((op, "".join(pending[op])))  # type: ignore[arg-type]
                pending[op] = []

    for op, text in folded:
        if op == "equal":
            flush()
            if merged and merged[-1][0] == "equal":
                merged[-1] = ("equal", merged[-1][1] + text)
            else:
                merged.append((op, text))
        else:
            pending[op].append(text)
    flush()
    return tuple(merged)


# Paragraphs this similar (difflib ratio over their words) are shown as one edited
# paragraph rather than as a deletion plus an insertion.  When the paragraph stayed
# in place (one old, one new between unchanged neighbours) a weaker resemblance is
# enough.
_SIMILAR = 0.5
_SIMILAR_IN_PLACE = 0.2


def _words(text: str) -> list[str]:
    return [t for t in tokenize(text) if _kind(t[0]) == "word"]


def _similarity(a: str, b: str) -> float:
    # On words only: shared spaces and full stops would make any two sentences
    # look "similar".
    return difflib.SequenceMatcher(None, _words(a), _words(b), autojunk=False).ratio()


def _change(old: str, new: str) -> DiffBlock:
    return DiffBlock("change", old, new, _word_segments(old, new))


def _pair(old: list[str], new: list[str]) -> list[DiffBlock]:
    """Align the paragraphs of a replaced range, pairing similar ones in order.

    Dynamic programming that maximises the total similarity of the pairs kept
    (pairs below the threshold are not allowed).  Quadratic, so very large
    rewrites are shown as deletions plus insertions.
    """
    n, m = len(old), len(new)
    pairs: list[tuple[int, int]] = []
    sim: list[list[float]] = []
    if n * m <= 400:
        sim = [[_similarity(o, w) for w in new] for o in old]
        best = [[0.0] * (m + 1) for _ in range(n + 1)]
        for i in range(n - 1, -1, -1):
            for j in range(m - 1, -1, -1):
                best[i][j] = max(best[i + 1][j], best[i][j + 1])
                if sim[i][j] >= _SIMILAR:
                    best[i][j] = max(best[i][j], sim[i][j] + best[i + 1][j + 1])
        i = j = 0
        while i < n and j < m:
            if sim[i][j] >= _SIMILAR and best[i][j] == sim[i][j] + best[i + 1][j + 1]:
                pairs.append((i, j))
                i, j = i + 1, j + 1
            elif best[i][j] == best[i + 1][j]:
                i += 1
            else:
                j += 1

    blocks: list[DiffBlock] = []

    def gap(a1: int, a2: int, b1: int, b2: int) -> None:
        if a2 - a1 == b2 - b1 and sim:
            # Same number of paragraphs on both sides: edited in place, unless they
            # have (almost) nothing in common.
            for i, j in zip(range(a1, a2), range(b1, b2), strict=True):
                if sim[i][j] >= _SIMILAR_IN_PLACE:
                    blocks.append(_change(old[i], new[j]))
                else:
                    blocks.append(DiffBlock("delete", old[i], "", (("delete", old[i]),)))
                    blocks.append(DiffBlock("insert", "", new[j], (("insert", new[j]),)))
            return
        blocks.extend(DiffBlock("delete", p, "", (("delete", p),)) for p in old[a1:a2])
        blocks.extend(DiffBlock("insert", "", p, (("insert", p),)) for p in new[b1:b2])

    a = b = 0
    for i, j in pairs:
        gap(a, i, b, j)
        blocks.append(_change(old[i], new[j]))
        a, b = i + 1, j + 1
    gap(a, n, b, m)
    return blocks


def diff_paragraphs(old: str, new: str) -> list[DiffBlock]:
    """Paragraph diff with word-level segments for edited paragraphs."""
    a, b = split_paragraphs(old), split_paragraphs(new)
    blocks: list[DiffBlock] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            blocks.extend(DiffBlock("equal", p, p, (("equal", p),)) for p in a[i1:i2])
        else:
            blocks.extend(_pair(a[i1:i2], b[j1:j2]))
    return blocks


def _html_text(text: str) -> str:
    return escape(text, quote=True).replace("\n", "<br>\n")


def diff_html(old: str, new: str) -> str:
    """Paragraph diff as HTML: ``<p class="diff-...">`` blocks with ``<ins>``/``<del>``.

    Shows the Markdown source, not the rendered text, so every character of the
    input is escaped: nothing the authors typed can become markup here.
    Block classes: ``diff-equal``, ``diff-insert``, ``diff-delete``, ``diff-change``.
    """
    out: list[str] = []
    for block in diff_paragraphs(old, new):
        parts: list[str] = []
        for op, text in block.segments:
            if op == "equal":
                parts.append(_html_text(text))
            elif op == "insert":
                parts.append(f"<ins>{_html_text(text)}</ins>")
            else:
                parts.append(f"<del>{_html_text(text)}</del>")
        out.append(f'<p class="diff-{block.op}">{"".join(parts)}</p>')
    return "\n".join(out)
