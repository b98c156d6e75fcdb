"""The three columns of an edit conflict: each text cut into plain pieces and the
marked conflicting passages, with the words each side changed.

Pure functions on ``str`` values: the conflict page draws what they return.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from engine.text.diff import tokenize
from engine.text.merge import three_way_merge

__all__ = ["KEEP_MINE", "TAKE_THEIRS", "Piece", "changed_words", "compose", "segments"]

#: The two answers to a conflicting passage.
KEEP_MINE, TAKE_THEIRS = "mine", "theirs"

# (text, conflict number or None, word parts of a marked passage)
Piece = tuple[str, int | None, list[tuple[bool, str]]]


def segments(text: str, passages: list[str], line_starts: list[int] | None = None, *,
             compare_to: list[str] | None = None) -> list[Piece]:
    """Split ``text`` into (piece, conflict number or None, word parts), marking each passage.

    Passages are whole lines; in the base their line offsets are known, elsewhere they
    are searched for after the previous one. With ``compare_to`` (the base passages),
    each marked passage also comes as (changed?, words) parts, so the words this side
    changed stand out. A passage deleted on this side (empty) has nothing to point at
    and is left out.
    """
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    pieces: list[Piece] = []
    cursor = 0
    for index, passage in enumerate(passages, start=1):
        if line_starts is not None:
            start = offsets[min(line_starts[index - 1], len(lines))]
            if passage and text[start:start + len(passage)] != passage:
                start = text.find(passage, cursor)
        elif passage:
            start = text.find(passage, cursor)
        else:
            continue  # deleted on this side: nothing to point at
        if start < cursor:
            continue
        words = changed_words(compare_to[index - 1], passage) if compare_to else []
        pieces.append((text[cursor:start], None, []))
        pieces.append((passage, index, words))
        cursor = start + len(passage)
    pieces.append((text[cursor:], None, []))
    return [p for p in pieces if p[0] or p[1] is not None]


def changed_words(old: str, new: str) -> list[tuple[bool, str]]:
    """``new`` as (changed?, text) runs, word by word against ``old`` (lossless)."""
    a, b = tokenize(old), tokenize(new)
    parts: list[tuple[bool, str]] = []
    for tag, _i1, _i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if j2 > j1:
            parts.append((tag != "equal", "".join(b[j1:j2])))
    # A lone space between two changed words belongs to the change; then join runs.
    for i in range(1, len(parts) - 1):
        if not parts[i][0] and not parts[i][1].strip() and parts[i - 1][0] and parts[i + 1][0]:
            parts[i] = (True, parts[i][1])
    joined: list[tuple[bool, str]] = []
    for changed, text in parts:
        if joined and joined[-1][0] == changed:
            joined[-1] = (changed, joined[-1][1] + text)
        else:
            joined.append((changed, text))
    return joined


def compose(base: str, theirs: str, yours: str, choices: Sequence[str]) -> str:
    """The merged text with each conflicting passage taken from one side.

    ``choices`` holds, in order, ``"mine"`` or ``"theirs"`` for every conflict of
    ``three_way_merge(base, theirs, yours)``; everything that merged cleanly stays
    merged. ValueError when a choice is missing, extra or unknown.
    """
    result = three_way_merge(base, theirs, yours)
    if len(choices) != len(result.conflicts):
        raise ValueError(f"expected {len(result.conflicts)} choices, got {len(choices)}")
    picked = []
    for conflict, choice in zip(result.conflicts, choices, strict=True):
        if choice not in (KEEP_MINE, TAKE_THEIRS):
            raise ValueError(f"unknown choice {choice!r}")
        picked.append(conflict.yours if choice == KEEP_MINE else conflict.theirs)
    return result.resolve(picked)
