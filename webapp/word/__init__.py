"""Blueprint: Word both ways (glossary, import of offline edits, export options)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint

from engine.export.markers import site_marker

bp = Blueprint("word", __name__)


def export_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """The installation's export settings, as ``export_process`` keywords."""
    return {
        "default_template": config.get("EXPORT_TEMPLATE"),
        "templates_dir": config.get("DOCUMENT_TEMPLATES_DIR"),
        "currency": config.get("DEFAULT_CURRENCY") or "EUR",
        "site": site_marker(config.get("SECRET_KEY")),
    }


from webapp.word import glossary, imports  # noqa: E402,F401 - routes register on import
