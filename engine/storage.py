"""Where uploaded and generated files live: a small content-addressed store.

Files are kept by their sha256, so the same bytes are stored once whoever uploads
them, and a stored file can always be checked against the digest the database
keeps. The database holds the metadata (name, type, size, digest); the store holds
only bytes.

``LocalFileStore`` writes under ``instance/files/`` (or ``FILES_DIR``). A deployment
on several hosts points ``FILES_DIR`` at storage every host mounts (NFS, a
replicated volume), or registers another ``FileStore`` (an object store) with
``use_store`` when the application starts.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Protocol

from engine.config import instance_dir, load_settings


class FileStore(Protocol):
    def put(self, data: bytes) -> str:
        """Store the bytes (once per content) and return their sha256, in hex."""

    def read(self, digest: str) -> bytes:
        """The stored bytes; ``FileNotFoundError`` when the store lacks them."""

    def exists(self, digest: str) -> bool: ...


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _checked(digest: str) -> str:
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise ValueError(f"not a sha256 digest: {digest!r}")
    return digest


class LocalFileStore:
    """Files on a local (or mounted) folder, as ``<root>/ab/cd/<sha256>``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, digest: str) -> Path:
        digest = _checked(digest)
        return self.root / digest[:2] / digest[2:4] / digest

    def put(self, data: bytes) -> str:
        digest = digest_of(data)
        target = self.path(digest)
        if target.exists():
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, target)  # atomic: a reader never sees half a file
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return digest

    def read(self, digest: str) -> bytes:
        return self.path(digest).read_bytes()

    def exists(self, digest: str) -> bool:
        return self.path(digest).exists()


_configured: FileStore | None = None


def use_store(store: FileStore | None) -> None:
    """Register the store the services use (``None``: back to the configured default)."""
    global _configured
    _configured = store


def file_store() -> FileStore:
    """The registered store, else a ``LocalFileStore`` at ``FILES_DIR`` or instance/files."""
    if _configured is not None:
        return _configured
    configured = load_settings().values.get("FILES_DIR")
    return LocalFileStore(Path(configured) if configured else instance_dir() / "files")
