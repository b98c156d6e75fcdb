"""Comment anchors: find a quoted passage again after the text has changed.

A comment quotes the passage it is about and remembers roughly where it was (the
``hint`` offset).  When the section is edited the quote is looked up again, in order:

1. exactly (the occurrence nearest the hint if there are several);
2. ignoring differences in whitespace (re-wrapped lines, double spaces);
3. fuzzily (difflib ratio >= :data:`FUZZY_THRESHOLD` over a window of about the
   quote's length), which re-anchors a passage that was lightly edited.

If all three fail the passage is gone and the comment is shown as outdated.
Offsets are Python string indices (code points), not UTF-16 units as in JavaScript.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

__all__ = ["FUZZY_THRESHOLD", "Anchor", "apply_suggestion", "locate"]

FUZZY_THRESHOLD = 0.85


@dataclass(frozen=True)
class Anchor:
    """``text[start:end]`` is the passage; ``exact`` when it equals the quote."""

    start: int
    end: int
    exact: bool


def _nearest(starts: list[int], hint: int | None) -> int:
    if hint is None:
        return starts[0]
    return min(starts, key=lambda s: (abs(s - hint), s))


def _exact(quote: str, text: str, hint: int | None) -> Anchor | None:
    starts: list[int] = []
    i = text.find(quote)
    while i != -1:
        starts.append(i)
        i = text.find(quote, i + 1)
    if not starts:
        return None
    start = _nearest(starts, hint)
    return Anchor(start, start + len(quote), True)


def _whitespace_insensitive(quote: str, text: str, hint: int | None) -> Anchor | None:
    words = quote.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    matches = [(m.start(), m.end()) for m in pattern.finditer(text)]
    if not matches:
        return None
    start = _nearest([s for s, _ in matches], hint)
    end = next(e for s, e in matches if s == start)
    return Anchor(start, end, False)


def _boundaries_near(text: str, pos: int, slack: int) -> list[int]:
    """Word boundaries within ``slack`` characters of ``pos``, nearest first.

    A re-anchored passage should not start or end in the middle of a word; ``pos``
    itself is used only when there is no boundary nearby (e.g. unspaced scripts).
    """
    lo, hi = max(0, pos - slack), min(len(text), pos + slack)
    found = [
        i
        for i in range(lo, hi + 1)
        if i in (0, len(text))
        or text[i - 1].isspace() != text[i].isspace()
        or text[i - 1].isalnum() != text[i].isalnum()
    ]
    return sorted(found, key=lambda i: abs(i - pos))[:6] or [pos]


def _fuzzy(quote: str, text: str, hint: int | None) -> Anchor | None:
    n = len(quote)
    if n < 8 or not text:
        # A few characters cannot be told apart from noise by similarity.
        return None

    # Candidate starts: every occurrence of a word of the quote votes for the place
    # where the quote would begin.  Cheap, and robust to edits anywhere in the quote.
    bucket = max(4, n // 8)
    votes: dict[int, int] = {}
    for word in {m.group(0) for m in re.finditer(r"\w{3,}", quote)} or {quote.strip()}:
        offset = quote.find(word)
        pos = text.find(word)
        while pos != -1:
            start = max(0, pos - offset)
            votes[start // bucket] = votes.get(start // bucket, 0) + 1
            pos = text.find(word, pos + 1)
    near = (lambda b: abs(b * bucket - hint)) if hint is not None else (lambda b: b * bucket)
    candidates = sorted(votes, key=lambda b: (-votes[b], near(b)))[:8]

    best: tuple[float, int, int] | None = None  # (score, start, end)
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(quote)  # seq2 is the one difflib caches work for
    slack = max(3, n // 6)
    for b in candidates:
        # Align the quote inside a generous window around the candidate to find
        # where it starts and ends, then try nearby word boundaries.
        lo = max(0, b * bucket - n // 2)
        window = text[lo : b * bucket + bucket + n + n // 2]
        matcher.set_seq1(window)
        blocks = [blk for blk in matcher.get_matching_blocks() if blk.size >= 2]
        if not blocks:
            continue
        first, last = blocks[0], blocks[-1]
        start = lo + max(0, first.a - first.b)
        end = lo + min(len(window), last.a + last.size + (n - last.b - last.size))
        for s in _boundaries_near(text, start, slack):
            for e in _boundaries_near(text, end, slack):
                if e - s < n // 2:
                    continue
                matcher.set_seq1(text[s:e])
                if matcher.real_quick_ratio() < FUZZY_THRESHOLD:
                    continue
                if matcher.quick_ratio() < FUZZY_THRESHOLD:
                    continue
                ratio = matcher.ratio()
                if ratio < FUZZY_THRESHOLD:
                    continue
                # Rank by similarity, minus a penalty for a length unlike the quote's:
                # otherwise an edited word at either end is simply left out, since
                # dropping it raises the ratio.
                score = ratio - 0.5 * abs((e - s) - n) / n
                if best is None or _better((score, s, e), best, hint):
                    best = (score, s, e)
    if best is None:
        return None
    _, start, end = best
    # Boundaries may have put a space at either end that the quote does not have.
    while start < end and text[start].isspace() and not quote[0].isspace():
        start += 1
    while end > start and text[end - 1].isspace() and not quote[-1].isspace():
        end -= 1
    return Anchor(start, end, False)


def _better(new: tuple[float, int, int], old: tuple[float, int, int], hint: int | None) -> bool:
    """Higher score wins; on a (near) tie, the place nearest the hint."""
    if round(new[0], 2) != round(old[0], 2):
        return new[0] > old[0]
    if hint is not None and abs(new[1] - hint) != abs(old[1] - hint):
        return abs(new[1] - hint) < abs(old[1] - hint)
    return new[0] > old[0]


def locate(quote: str, text: str, hint: int | None = None) -> Anchor | None:
    """Where the quoted passage is in ``text`` now, or None if it is gone.

    ``hint`` is the passage's previous start offset: among several matches the
    nearest one wins.  A blank quote is never found.
    """
    if not quote.strip():
        return None
    return (
        _exact(quote, text, hint)
        or _whitespace_insensitive(quote, text, hint)
        or _fuzzy(quote, text, hint)
    )


def apply_suggestion(
    text: str,
    quote: str,
    replacement: str,
    hint: int | None = None,
    *,
    exact_only: bool = False,
) -> str | None:
    """Replace the quoted passage by ``replacement``; None if it cannot be found.

    With ``exact_only`` a passage that was edited since the suggestion was made
    (found only fuzzily or modulo whitespace) is not overwritten.
    """
    anchor = locate(quote, text, hint)
    if anchor is None or (exact_only and not anchor.exact):
        return None
    return text[: anchor.start] + replacement + text[anchor.end :]
