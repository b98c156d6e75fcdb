"""The changes between a base text and a proposed text, word by word, with their place.

A suggestion is sent as the whole proposed text; a reviewer decides change by
change. :func:`word_changes` cuts the difference into such changes: lines are
aligned first (so a 20-page section stays fast), then each changed run of lines
is compared word by word with :func:`engine.text.diff.tokenize`. Every change
knows where it sits in the base text (``base_start``/``base_end``), so any
subset of the changes can be applied to the base with :func:`apply_changes`;
applying all of them gives the proposed text back exactly.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from engine.text.diff import tokenize

__all__ = ["CONTEXT", "TextChange", "apply_changes", "word_changes"]

Kind = Literal["insert", "delete", "replace"]

#: Characters of unchanged text kept on each side of a change, to show it in context.
CONTEXT = 60


@dataclass(frozen=True)
class TextChange:
    """One change: ``base[base_start:base_end]`` (``old``) becomes ``new``."""

    kind: Kind
    base_start: int
    base_end: int
    old: str
    new: str
    before: str  # unchanged base text just before the change
    after: str  # unchanged base text just after it


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _word_runs(old: str, new: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) runs turning ``old`` into ``new``, offsets in ``old``."""
    a, b = tokenize(old), tokenize(new)
    starts = [0]
    for token in a:
        starts.append(starts[-1] + len(token))
    raw: list[tuple[str, int, int, str]] = []  # (op, start, end, replacement)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        raw.append(("equal" if tag == "equal" else "change", starts[i1], starts[i2],
                    "".join(b[j1:j2])))
    # A lone run of spaces kept between two changes would split "the quick" -> "a slow"
    # into word-by-word noise: it joins the changes around it (it stays in both texts).
    runs: list[tuple[int, int, str]] = []
    for index, (op, start, end, replacement) in enumerate(raw):
        between = 0 < index < len(raw) - 1 and raw[index - 1][0] != "equal" \
            and raw[index + 1][0] != "equal"
        if op == "equal" and not (between and not old[start:end].strip()):
            continue
        text = replacement if op == "change" else old[start:end]
        if runs and runs[-1][1] == start:
            runs[-1] = (runs[-1][0], end, runs[-1][2] + text)
        else:
            runs.append((start, end, text))
    return runs


def word_changes(base: str, proposed: str, *, context: int = CONTEXT) -> list[TextChange]:
    """The changes that turn ``base`` into ``proposed``, in text order."""
    a, b = _lines(base), _lines(proposed)
    offsets = [0]
    for line in a:
        offsets.append(offsets[-1] + len(line))
    changes: list[TextChange] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        old_chunk, new_chunk = "".join(a[i1:i2]), "".join(b[j1:j2])
        for start, end, replacement in _word_runs(old_chunk, new_chunk):
            s, e = offsets[i1] + start, offsets[i1] + end
            old = base[s:e]
            if old == replacement:
                continue
            kind: Kind = "insert" if not old else "delete" if not replacement else "replace"
            changes.append(TextChange(kind, s, e, old, replacement,
                                      base[max(0, s - context):s], base[e:e + context]))
    return changes


def apply_changes(base: str, changes: Iterable[TextChange]) -> str:
    """``base`` with the given changes made (any subset of :func:`word_changes`' answer)."""
    text = base
    for change in sorted(changes, key=lambda c: (c.base_start, c.base_end), reverse=True):
        text = text[:change.base_start] + change.new + text[change.base_end:]
    return text
