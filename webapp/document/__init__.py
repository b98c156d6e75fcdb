"""Blueprint: the strategy document (outline, sections, comments, history and comparison)."""

from typing import Any

from flask import Blueprint

from engine.text.diff import diff_html

bp = Blueprint("document", __name__)


@bp.context_processor
def _helpers() -> dict[str, Any]:
    return {"diff_html": diff_html}


from webapp.document import (  # noqa: E402,F401 - routes register on import
    comments,
    history,
    outline,
    reading,
    sections,
    suggestions,
    translations,
)
