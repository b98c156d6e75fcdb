"""File names for exported documents."""

from __future__ import annotations

import re
import unicodedata

from .model import ExportDocument

__all__ = ["export_filename", "slugify"]

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Letters that NFKD does not decompose to ASCII but have a usual spelling.
_TRANSLIT = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l",
     "Ł": "L", "þ": "th", "Þ": "Th", "ð": "d", "œ": "oe", "Œ": "OE", "ı": "i"}
)  # fmt: skip


def slugify(text: str, max_length: int = 60) -> str:
    """ASCII, lower-case, hyphen-separated; cut at a word boundary."""
    # Dashes, quotes and other non-ASCII punctuation separate words ("2027–2032").
    spaced = "".join(" " if unicodedata.category(c)[0] in "PZS" else c for c in text)
    ascii_text = (
        unicodedata.normalize("NFKD", spaced.translate(_TRANSLIT))
        .encode("ascii", "ignore")
        .decode("ascii")
    )
    slug = _NON_ALNUM.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        cut = slug.rfind("-", 0, max_length + 1)
        slug = slug[: cut if cut > max_length // 2 else max_length].strip("-")
    return slug


def export_filename(doc: ExportDocument, ext: str) -> str:
    """``<title>-<stage>-v<N>.<ext>``, e.g. ``national-migration-strategy-policy-analysis-v3.docx``."""
    parts = [slugify(doc.title) or "document"]
    stage = slugify(doc.stage_title, 40)
    if stage:
        parts.append(stage)
    parts.append(f"v{int(doc.version)}")
    ext = ext.lstrip(".").lower() or "docx"
    return f"{'-'.join(parts)}.{ext}"
