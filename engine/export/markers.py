"""The marks an exported .docx carries so that its offline edits can come back.

Each section's heading holds a bookmark named ``PC_<site>_<process>_<section>_<revision>``:
the installation (a short hash of its secret), the process, the section and the
revision exported. Bookmarks survive renumbering and retitling in Word and a
re-save by LibreOffice; the names stay under Word's 40 characters.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

__all__ = ["END_MARK", "SectionMark", "parse_mark", "section_mark", "site_marker"]

# On the first annex heading: the sections end there (annexes are generated).
END_MARK = "PC_END"

_MARK = re.compile(r"^PC_([0-9a-f]{1,8})_(\d{1,9})_(\d{1,9})_(\d{1,9})$")


@dataclass(frozen=True)
class SectionMark:
    site: str
    process_id: int
    section_id: int
    revision: int


def site_marker(secret: str | bytes | None) -> str:
    """Six hex digits that tell this installation's files from another's."""
    if not secret:
        return "0"
    data = secret.encode() if isinstance(secret, str) else secret
    return hashlib.sha256(b"policycycle-export:" + data).hexdigest()[:6]


def section_mark(site: str, process_id: int | None, section_id: int, revision: int | None) -> str:
    return f"PC_{site or '0'}_{process_id or 0}_{section_id}_{revision or 0}"


def parse_mark(name: str) -> SectionMark | None:
    m = _MARK.match(name or "")
    if m is None:
        return None
    return SectionMark(m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4)))
