"""The registry of generated annexes of the exported document.

A leaf module: the builders (``engine.services.exports`` and the analysis
annexes) register here, ``engine.composition`` imports them all, and the export
reads ``ANNEXES``. Keeping the registry apart from the export keeps the export
free to use the analysis services (the publication profile) without a cycle.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from sqlalchemy.orm import Session

from engine.export import Annex
from engine.models import Process

AnnexBuilder = Callable[[Session, Process], Annex | None]
ANNEXES: dict[str, AnnexBuilder] = {}


def annex(key: str) -> Callable[[AnnexBuilder], AnnexBuilder]:
    """Register an annex builder under ``key`` (the key house styles refer to)."""

    def register(builder: AnnexBuilder) -> AnnexBuilder:
        ANNEXES[key] = builder
        return builder

    return register


# The language of the export being built: annex builders print dates, numbers and
# headings in it. The export sets it around building a document.
_PRINTING: ContextVar[str] = ContextVar("printing_language", default="en")


def printing_language() -> str:
    """The language of the export being built."""
    return _PRINTING.get()
