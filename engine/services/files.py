"""Files kept for a process: checking an upload, storing it once, and reading it back.

Uploads are hostile. :func:`store_upload` refuses an empty or oversized file, reads
the type from the bytes (the client's type and the name's extension are never
trusted), accepts only a short list of office and image formats, refuses a name
whose extension disagrees with the content, and keeps a sanitised name (no folder
parts, no control characters). The bytes go to the file store (one copy per
sha256); the metadata to ``stored_files``. Reading a file back goes through the
loader, so it is authorised like the process it belongs to.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from sqlalchemy.orm import Session

from engine.errors import InvalidInput, TooLarge, UnsupportedFile
from engine.i18n import msg
from engine.models import Process, StoredFile, User
from engine.services import loading
from engine.storage import digest_of, file_store

#: Default largest upload, in bytes (``UPLOAD_MAX_BYTES`` overrides it).
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_ZIP_ENTRIES = 5000
MAX_NAME = 200


@dataclass(frozen=True)
class Kind:
    """A file format accepted: its media type, the extensions it may carry, a label."""

    content_type: str
    extensions: frozenset[str]
    label: str


PDF = Kind("application/pdf", frozenset({"pdf"}), "PDF")
PNG = Kind("image/png", frozenset({"png"}), "PNG")
JPEG = Kind("image/jpeg", frozenset({"jpg", "jpeg"}), "JPEG")
DOCX = Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            frozenset({"docx"}), "Word")
XLSX = Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            frozenset({"xlsx"}), "Excel")
PPTX = Kind("application/vnd.openxmlformats-officedocument.presentationml.presentation",
            frozenset({"pptx"}), "PowerPoint")
ODT = Kind("application/vnd.oasis.opendocument.text", frozenset({"odt"}), "OpenDocument")
TEXT = Kind("text/plain", frozenset({"txt", "md"}), "text")
CSV = Kind("text/csv", frozenset({"csv"}), "CSV")

#: The main part type of each Office Open XML package accepted.
_OOXML = {
    b"wordprocessingml.document.main+xml": DOCX,
    b"spreadsheetml.sheet.main+xml": XLSX,
    b"presentationml.presentation.main+xml": PPTX,
}
#: Markup a browser would run or render: refused in any text file.
_ACTIVE = re.compile(rb"<\s*(!doctype|html|head|body|script|svg|iframe|object|embed|meta|"
                     rb"style|link|\?xml)|javascript:", re.IGNORECASE)
ACCEPTED = "PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), OpenDocument (.odt), " \
           "PNG, JPEG, text (.txt, .md), CSV"


def safe_name(name: str | None) -> str:
    """The file's own name: no folder parts, no control characters, no leading dots."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in unicodedata.normalize("NFC", name)
                   if not unicodedata.category(c).startswith("C"))
    name = re.sub(r"\s+", " ", name).strip().lstrip(".").strip()
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        name = (stem[:MAX_NAME - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 \
            else name[:MAX_NAME]
    return name


def extension(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def sniff(data: bytes) -> Kind | None:
    """What the bytes are, among the accepted formats (None: none of them)."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    return _sniff_text(data)


def _sniff_zip(data: bytes) -> Kind | None:
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        names = {i.filename: i for i in package.infolist()}
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if len(names) > MAX_ZIP_ENTRIES:
        return None
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        return None  # macros
    if "mimetype" in names and names["mimetype"].file_size < 200:
        if package.read("mimetype").strip() == ODT.content_type.encode():
            return ODT
        return None
    info = names.get("[Content_Types].xml")
    if info is None or info.file_size > 1024 * 1024:
        return None
    types = package.read(info)
    if b"macroEnabled" in types:
        return None
    for marker, kind in _OOXML.items():
        if marker in types:
            return kind
    return None


def _sniff_text(data: bytes) -> Kind | None:
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if _ACTIVE.search(data) or any(unicodedata.category(c) == "Cc" and c not in "\t\n\r\f"
                                   for c in text[:100_000]):
        return None
    return TEXT


def check_upload(data: bytes, filename: str | None, max_bytes: int) -> tuple[Kind, str]:
    """The accepted format and sanitised name of an upload, or the 4xx error explaining why not."""
    if not data:
        raise InvalidInput(msg("Choose a file to upload."), {"file": msg("required")})
    if len(data) > max_bytes:
        megabytes = max(1, max_bytes // (1024 * 1024))
        raise TooLarge(msg("The file is larger than %(size)s MB.", size=megabytes),
                       {"file": msg("too large")})
    name = safe_name(filename)
    kind = sniff(data)
    if kind is None:
        raise UnsupportedFile(
            msg("This kind of file is not accepted. Accepted: %(formats)s.", formats=ACCEPTED),
            {"file": msg("type not accepted")})
    ext = extension(name)
    if kind is TEXT and ext == "csv":
        kind = CSV
    if ext not in kind.extensions:
        raise UnsupportedFile(
            msg("The file’s content (%(kind)s) does not match its name “%(name)s”.",
                kind=kind.label, name=name or "?"),
            {"file": msg("content does not match the name")})
    return kind, name


def store_upload(session: Session, actor: User, process: Process, data: bytes,
                 filename: str | None, *, max_bytes: int = DEFAULT_MAX_BYTES) -> StoredFile:
    """Check an upload, keep its bytes (once per content) and record it for the process.

    The caller has authorised the change; this only checks the file.
    """
    kind, name = check_upload(data, filename, max_bytes)
    digest = file_store().put(data)
    assert digest == digest_of(data)
    stored = StoredFile(process_id=process.id, name=name, content_type=kind.content_type,
                        size=len(data), sha256=digest, uploaded_by=actor)
    session.add(stored)
    session.flush()
    return stored


def get_file(session: Session, actor: User, file_id: object) -> StoredFile:
    """A stored file of a process the actor may see (NotFound otherwise)."""
    return loading.get_item(session, actor, StoredFile, file_id, "file")


def read_bytes(stored: StoredFile) -> bytes:
    """The file's bytes, checked against the digest recorded at upload."""
    data = file_store().read(stored.sha256)
    if digest_of(data) != stored.sha256:
        raise UnsupportedFile(msg("The stored file is damaged."), {"file": msg("damaged")})
    return data
