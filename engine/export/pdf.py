"""PDF through headless LibreOffice.

Each conversion gets its own temporary profile (``-env:UserInstallation``),
so concurrent conversions never share LibreOffice's lock and user files, and
a timeout, so a stuck converter cannot hold a worker forever.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from engine.errors import Unavailable

__all__ = ["PDF_MIMETYPE", "PDF_TIMEOUT", "find_soffice", "to_pdf"]

PDF_MIMETYPE = "application/pdf"
PDF_TIMEOUT = 120  # seconds; a 40-page strategy takes 3 to 10 s


def find_soffice() -> str | None:
    """The LibreOffice binary (``POLICYCYCLE_SOFFICE`` overrides the PATH)."""
    configured = os.environ.get("POLICYCYCLE_SOFFICE")
    if configured:
        return configured if Path(configured).is_file() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: bytes, *, timeout: int = PDF_TIMEOUT) -> bytes:
    """Convert .docx bytes to PDF bytes; Unavailable when LibreOffice is missing or fails."""
    soffice = find_soffice()
    if soffice is None:
        raise Unavailable("PDF export needs LibreOffice, which is not installed on this server.")
    with tempfile.TemporaryDirectory(prefix="pc-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "document.docx"
        source.write_bytes(docx)
        profile = (folder / "profile").as_uri()
        try:
            subprocess.run(  # noqa: S603 - fixed arguments, no shell
                [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                 "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                capture_output=True, timeout=timeout, check=False,
            )
        except subprocess.TimeoutExpired:
            raise Unavailable("The PDF conversion took too long; try the Word export.") from None
        result = folder / "document.pdf"
        if not result.is_file():
            raise Unavailable("LibreOffice could not convert the document to PDF.")
        return result.read_bytes()
