"""Small real Word documents for the demo's deliverable versions (python-docx)."""

from __future__ import annotations

import io
from datetime import datetime

from docx import Document


def docx(title: str, paragraphs: list[str], *, author: str, when: datetime) -> bytes:
    """A short .docx: a title, then paragraphs (lines starting "- " become bullets)."""
    document = Document()
    document.core_properties.title = title
    document.core_properties.author = author
    document.core_properties.created = when.replace(tzinfo=None)
    document.core_properties.modified = when.replace(tzinfo=None)
    document.add_heading(title, level=1)
    for text in paragraphs:
        if text.startswith("- "):
            document.add_paragraph(text[2:], style="List Bullet")
        elif text.startswith("## "):
            document.add_heading(text[3:], level=2)
        else:
            document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
