"""Export of policy documents to Word (.docx) and Markdown.

Pure functions over the plain dataclasses of :mod:`engine.export.model`: no
database, no web framework.  Word files are written straight as OOXML on top
of a template package from ``document_templates/`` (see ``docs/export.md``).
"""

from __future__ import annotations

from .docx_render import render_docx
from .markdown_export import render_markdown
from .model import Annex, AnnexTable, ExportComment, ExportDocument, ExportSection
from .naming import export_filename
from .templates import (
    DEFAULT_TEMPLATE,
    TEMPLATE_DIR,
    TemplateError,
    TemplateInfo,
    TemplateSettings,
    list_templates,
    load_template,
    template_names,
)

__all__ = [
    "DEFAULT_TEMPLATE",
    "TEMPLATE_DIR",
    "Annex",
    "AnnexTable",
    "ExportComment",
    "ExportDocument",
    "ExportSection",
    "TemplateError",
    "TemplateInfo",
    "TemplateSettings",
    "export_filename",
    "list_templates",
    "load_template",
    "render_docx",
    "render_markdown",
    "template_names",
]
