"""Three-way merge of section texts, line by line.

A Markdown paragraph is usually one long line, so merging by line means merging by
paragraph: two people editing different paragraphs merge cleanly, two people editing
the same paragraph get a conflict that shows the three versions of that paragraph.

The diff3 work is done by the ``merge3`` library, with three adjustments:

* the sequence merged is lines *with the blank lines that follow them glued on*
  (:func:`_units`), so blank separator lines never act as anchors or get claimed by
  two neighbouring edits;
* merge3 only synchronises on units unchanged on *both* sides, so edits that merely
  touch (one person edits a paragraph, the other adds one right after it) come back
  as one conflict region.  :func:`_refine` re-diffs such a region per side and only
  reports a conflict where the edits really overlap: same units changed differently,
  or two different insertions at the same point;
* inside a conflict, lines both sides agree on (typically the blank separator) are
  moved out of it (:func:`_trim_conflict`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import merge3

__all__ = [
    "CONFLICT_END",
    "CONFLICT_SEPARATOR",
    "CONFLICT_START",
    "Conflict",
    "MergeResult",
    "normalise",
    "three_way_merge",
]

# Markers used in ``MergeResult.text`` around an unresolved conflict (git style, so
# the text is still readable and obviously unfinished if it is shown in an editor).
CONFLICT_START = "<<<<<<< theirs\n"
CONFLICT_SEPARATOR = "=======\n"
CONFLICT_END = ">>>>>>> yours\n"


@dataclass(frozen=True)
class Conflict:
    """One passage changed differently by both sides.

    The three texts are whole lines, each ending in ``"\\n"``, possibly with the blank
    separator line that followed them (an empty string means "nothing there", e.g. a
    deleted paragraph); ``MergeResult.resolve([c.theirs, ...])`` reproduces a side
    exactly.  ``base_start``/``base_end`` are
    0-based line offsets in the *normalised* base, end exclusive; an insertion
    conflict has ``base_start == base_end``.
    """

    base: str
    theirs: str
    yours: str
    base_start: int
    base_end: int


@dataclass(frozen=True)
class MergeResult:
    """Outcome of :func:`three_way_merge`.

    ``text`` is the merged, normalised text.  When there are conflicts, each conflict
    is written into ``text`` between :data:`CONFLICT_START`, :data:`CONFLICT_SEPARATOR`
    and :data:`CONFLICT_END` lines (theirs first, then yours); use :meth:`resolve` to
    build the final text from the user's choices instead of parsing the markers.

    ``merged`` is True when both sides changed the base in different ways, i.e. a real
    three-way merge ran (check ``clean`` to know whether it succeeded).
    """

    text: str
    merged: bool
    conflicts: tuple[Conflict, ...]
    # Merged text split around the conflicts (len == len(conflicts) + 1); internal,
    # kept so that resolve() never has to parse markers out of user content.
    _chunks: tuple[str, ...] = field(default=(), repr=False, compare=False)

    @property
    def clean(self) -> bool:
        """True when there is nothing for a human to resolve."""
        return not self.conflicts

    def resolve(self, resolutions: Sequence[str]) -> str:
        """Return the text with conflict *i* replaced by ``resolutions[i]``.

        Pass ``conflict.theirs``, ``conflict.yours`` or a hand-edited passage per
        conflict; a passage without a final newline gets one.  The result is
        normalised.
        """
        if len(resolutions) != len(self.conflicts):
            raise ValueError(f"expected {len(self.conflicts)} resolutions, got {len(resolutions)}")
        if not self.conflicts:
            return self.text
        parts = [self._chunks[0]]
        for resolution, chunk in zip(resolutions, self._chunks[1:], strict=True):
            # Not normalise(): a passage may legitimately end with a blank line.
            passage = resolution.replace("\r\n", "\n").replace("\r", "\n")
            if passage and not passage.endswith("\n"):
                passage += "\n"
            parts.append(passage)
            parts.append(chunk)
        return normalise("".join(parts))


def normalise(text: str) -> str:
    """LF line endings and exactly one trailing newline (empty stays empty).

    Nothing else is touched: no trailing-space stripping, no Unicode normalisation,
    because either would show up as a spurious change in diffs and merges.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n")
    return text + "\n" if text else ""


def _lines(text: str) -> list[str]:
    """Split text into lines that keep their ``\\n`` (a last line without one is kept).

    Split on ``\\n`` only: ``str.splitlines`` would also split on U+2028, form feed
    etc., which would make our line numbers disagree with everybody else's.
    """
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def _units(text: str) -> list[str]:
    """The sequence merge3 works on: each line with the blank lines that follow it.

    Plain lines would make every blank separator line an "anchor" that the diff
    happily matches against the wrong blank line, and two people deleting
    neighbouring paragraphs would both claim the blank line between them.  Gluing
    blank lines to the line before them avoids both.  A synthetic blank line is
    added at the end so that the last paragraph has the same shape as the others
    (appending a paragraph then does not modify the last one); it is removed again
    when the result is normalised.
    """
    units: list[str] = []
    for line in _lines(text + "\n") if text else []:
        if units and not line.strip():
            units[-1] += line
        else:
            units.append(line)
    return units


class _Matcher(difflib.SequenceMatcher[str]):
    """SequenceMatcher without the "popular element" heuristic.

    With autojunk, in a document of 200+ lines blank lines count as junk and the
    alignment of paragraphs becomes erratic; sections are small enough to afford the
    exact algorithm.
    """

    def __init__(self, isjunk: None = None, a: Sequence[str] = (), b: Sequence[str] = ()):
        super().__init__(isjunk, a, b, autojunk=False)


Side = Literal["theirs", "yours", "both"]


@dataclass(frozen=True)
class _Hunk:
    """One side's change of base units [start:end) into ``lines`` (units, region-local)."""

    start: int
    end: int
    lines: tuple[str, ...]
    side: Side


def _hunks(base: list[str], other: list[str], side: Side) -> list[_Hunk]:
    """One side's changes against the base, as small as they can honestly be."""
    matcher = _Matcher(None, base, other)
    hunks: list[_Hunk] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace":
            hunks.extend(_split_replace(base, other, i1, i2, j1, j2, side))
        elif tag != "equal":
            hunks.append(_Hunk(i1, i2, tuple(other[j1:j2]), side))
    return hunks


# Paragraphs sharing this share of their words count as "the same paragraph, edited".
_SIMILAR = 0.5
_WORD = re.compile(r"\w+")


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, _WORD.findall(a), _WORD.findall(b), autojunk=False).ratio()


def _split_replace(
    base: list[str], other: list[str], i1: int, i2: int, j1: int, j2: int, side: Side
) -> list[_Hunk]:
    """Split a multi-unit replacement into per-paragraph changes.

    difflib reports "edit paragraph 1, edit paragraph 2" as one replacement of both;
    left like that it would collide with the other side's edit of paragraph 2 alone.
    We pair old and new paragraphs in order by similarity (a small dynamic
    programme); unpaired runs stay one hunk, or are paired one to one when both
    runs have the same length (paragraphs rewritten in place).
    """
    n, m = i2 - i1, j2 - j1
    if n * m > 400:  # a wholesale rewrite: not worth the quadratic pairing
        pairs: list[tuple[int, int]] = []
    else:
        sim = [[_similarity(base[i1 + i], other[j1 + j]) for j in range(m)] for i in range(n)]
        best = [[0.0] * (m + 1) for _ in range(n + 1)]
        for i in range(n - 1, -1, -1):
            for j in range(m - 1, -1, -1):
                best[i][j] = max(best[i + 1][j], best[i][j + 1])
                if sim[i][j] >= _SIMILAR:
                    best[i][j] = max(best[i][j], sim[i][j] + best[i + 1][j + 1])
        pairs = []
        i = j = 0
        while i < n and j < m:
            if sim[i][j] >= _SIMILAR and best[i][j] == sim[i][j] + best[i + 1][j + 1]:
                pairs.append((i, j))
                i, j = i + 1, j + 1
            elif best[i][j] == best[i + 1][j]:
                i += 1
            else:
                j += 1

    hunks: list[_Hunk] = []

    def gap(a1: int, a2: int, b1: int, b2: int) -> None:
        if a2 - a1 == b2 - b1:
            for k in range(a2 - a1):
                if base[i1 + a1 + k] != other[j1 + b1 + k]:
                    hunks.append(_Hunk(i1 + a1 + k, i1 + a1 + k + 1, (other[j1 + b1 + k],), side))
        else:
            hunks.append(_Hunk(i1 + a1, i1 + a2, tuple(other[j1 + b1 : j1 + b2]), side))

    a = b = 0
    for i, j in pairs:
        gap(a, i, b, j)
        gap(i, i + 1, j, j + 1)
        a, b = i + 1, j + 1
    gap(a, n, b, m)
    return hunks


def _collide(h: _Hunk, k: _Hunk) -> bool:
    """Do two hunks (from different sides) really compete for the same base lines?

    Overlapping ranges collide; two insertions at the same point collide (we cannot
    know which order is right); an insertion strictly inside the other's range
    collides.  Ranges that only touch do NOT collide: that is the "edit a paragraph /
    add one right after it" case.
    """
    h_insert, k_insert = h.start == h.end, k.start == k.end
    if h_insert and k_insert:
        return h.start == k.start
    if h_insert:
        return k.start < h.start < k.end
    if k_insert:
        return h.start < k.start < h.end
    return h.start < k.end and k.start < h.end


def _apply(base: list[str], start: int, end: int, hunks: list[_Hunk]) -> list[str]:
    """Apply one side's hunks (all inside base[start:end]) to that slice."""
    out: list[str] = []
    pos = start
    for hunk in sorted(hunks, key=lambda h: (h.start, h.end)):
        out.extend(base[pos : hunk.start])
        out.extend(hunk.lines)
        pos = hunk.end
    out.extend(base[pos:end])
    return out


@dataclass(frozen=True)
class _RawConflict:
    """A real conflict inside a merge3 region, in units, region-local offsets."""

    start: int
    end: int
    base: list[str]
    theirs: list[str]
    yours: list[str]


# A refined piece of a merge3 conflict region: merged units, or a real conflict.
_Piece = list[str] | _RawConflict


def _refine(base: list[str], theirs: list[str], yours: list[str]) -> list[_Piece]:
    """Split a merge3 conflict region into clean pieces and minimal real conflicts."""
    hunks = _hunks(base, theirs, "theirs")
    index = {(h.start, h.end, h.lines): i for i, h in enumerate(hunks)}
    for h in _hunks(base, yours, "yours"):
        i = index.get((h.start, h.end, h.lines))
        if i is None:
            hunks.append(h)
        else:
            # The same change on both sides: keep it once, it conflicts with nothing.
            hunks[i] = _Hunk(h.start, h.end, h.lines, "both")

    # Group colliding hunks (union-find; regions are a handful of hunks).
    parent = list(range(len(hunks)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hunks):
        for j in range(i + 1, len(hunks)):
            if h.side != hunks[j].side and _collide(h, hunks[j]):
                parent[find(i)] = find(j)
    groups: dict[int, list[_Hunk]] = {}
    for i, h in enumerate(hunks):
        groups.setdefault(find(i), []).append(h)
    # Sorting by (start, end) puts an insertion before a change that starts at the
    # same unit and after one that ends there, which is the natural reading order.
    clusters = sorted(
        groups.values(),
        key=lambda g: (min(h.start for h in g), max(h.end for h in g)),
    )

    pieces: list[_Piece] = []
    pos = 0
    for cluster in clusters:
        start = min(h.start for h in cluster)
        end = max(h.end for h in cluster)
        pieces.append(base[pos:start])
        if len({h.side for h in cluster}) == 1:
            pieces.append(_apply(base, start, end, cluster))
        elif all(not h.lines for h in cluster):
            # Overlapping deletions only: everyone wanted these lines gone and
            # nobody's new text is lost, so delete the union.
            pieces.append([])
        else:
            their_u = _apply(base, start, end, [h for h in cluster if h.side != "yours"])
            your_u = _apply(base, start, end, [h for h in cluster if h.side != "theirs"])
            if their_u == your_u:
                # Different alignments of the same result: nothing to resolve.
                pieces.append(their_u)
            else:
                pieces.append(_RawConflict(start, end, base[start:end], their_u, your_u))
        pos = end
    pieces.append(base[pos:])
    return pieces


def _trim_conflict(
    start: int, end: int, base: list[str], theirs: list[str], yours: list[str]
) -> tuple[str, Conflict, str]:
    """Move lines both sides agree on out of a conflict (git's "zealous" diff3).

    Works on lines.  Typical case: both add a paragraph at the same place, and both
    insertions end with the same blank separator line, which then need not be part
    of the conflict.  Base lines are only trimmed (and the offsets moved) where the
    base has the same line at that end.  Returns (text before, conflict, text after).
    """
    head: list[str] = []
    while theirs and yours and theirs[0] == yours[0]:
        line = theirs.pop(0)
        yours.pop(0)
        head.append(line)
        if base and base[0] == line:
            base = base[1:]
            start += 1
    tail: list[str] = []
    while theirs and yours and theirs[-1] == yours[-1]:
        line = theirs.pop()
        yours.pop()
        tail.insert(0, line)
        if base and base[-1] == line:
            base = base[:-1]
            end -= 1
    conflict = Conflict("".join(base), "".join(theirs), "".join(yours), start, end)
    return "".join(head), conflict, "".join(tail)


def _drop_synthetic(conflict: Conflict, base_lines: int, at_end: bool) -> Conflict:
    """Remove the synthetic final blank line of :func:`_units` from a conflict."""

    def strip(passage: str) -> str:
        return passage[:-1] if passage.endswith("\n\n") else passage

    base = conflict.base
    if conflict.base_end > base_lines:  # the conflict includes the synthetic line
        base = strip(base)
    return Conflict(
        base=base,
        theirs=strip(conflict.theirs) if at_end else conflict.theirs,
        yours=strip(conflict.yours) if at_end else conflict.yours,
        base_start=min(conflict.base_start, base_lines),
        base_end=min(conflict.base_end, base_lines),
    )


def three_way_merge(base: str, theirs: str, yours: str) -> MergeResult:
    """Merge ``yours`` (this save) with ``theirs`` (the newer saved revision).

    All three texts are normalised first (CRLF -> LF, one trailing newline), and the
    result is always normalised.  Shortcuts: identical edits, or one side unchanged,
    return the other side with ``merged=False``.
    """
    base, theirs, yours = normalise(base), normalise(theirs), normalise(yours)
    if theirs == yours or theirs == base:
        return MergeResult(yours, False, (), (yours,))
    if yours == base:
        return MergeResult(theirs, False, (), (theirs,))

    b, t, y = _units(base), _units(theirs), _units(yours)
    # Line number (in base) at which each base unit starts, for Conflict offsets.
    line_of = [0]
    for unit in b:
        line_of.append(line_of[-1] + unit.count("\n"))
    merger = merge3.Merge3(b, t, y, sequence_matcher=_Matcher)

    chunks: list[str] = []  # merged text between conflicts
    current: list[str] = []
    conflicts: list[Conflict] = []
    for region in merger.merge_regions():
        kind = region[0]
        if kind == "unchanged":
            current.extend(b[region[1] : region[2]])
        elif kind in ("same", "a"):  # merge3's "a" is theirs
            current.extend(t[region[1] : region[2]])
        elif kind == "b":
            current.extend(y[region[1] : region[2]])
        elif kind == "conflict":
            iz, zmatch, ia, amatch, ib, bmatch = region[1:]
            for piece in _refine(b[iz:zmatch], t[ia:amatch], y[ib:bmatch]):
                if isinstance(piece, list):
                    current.extend(piece)
                    continue
                head, conflict, tail = _trim_conflict(
                    line_of[iz + piece.start],
                    line_of[iz + piece.end],
                    _lines("".join(piece.base)),
                    _lines("".join(piece.theirs)),
                    _lines("".join(piece.yours)),
                )
                current.append(head)
                chunks.append("".join(current))
                conflicts.append(conflict)
                current = [tail]
        else:  # pragma: no cover - merge3 documents no other region kinds
            raise AssertionError(f"unexpected merge3 region {region!r}")
    chunks.append("".join(current))

    if not conflicts:
        return MergeResult(normalise(chunks[0]), True, (), (normalise(chunks[0]),))
    real_lines = base.count("\n")
    conflicts = [_drop_synthetic(c, real_lines, False) for c in conflicts]
    # Only a conflict at the very end still carries the synthetic blank line.
    conflicts[-1] = _drop_synthetic(conflicts[-1], real_lines, not chunks[-1])
    marked = [chunks[0]]
    for conflict, chunk in zip(conflicts, chunks[1:], strict=True):
        marked += [CONFLICT_START, conflict.theirs, CONFLICT_SEPARATOR]
        marked += [conflict.yours, CONFLICT_END, chunk]
    return MergeResult(normalise("".join(marked)), True, tuple(conflicts), tuple(chunks))
