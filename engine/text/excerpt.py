"""A short excerpt of a text, for history summaries, gate messages and chart labels."""

from __future__ import annotations


def excerpt(text: str | None, size: int = 60) -> str:
    """``text`` on one line, cut to at most ``size`` characters with an ellipsis."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= size else flat[: size - 1].rstrip() + "…"
