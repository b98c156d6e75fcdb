"""Files kept for a process: their metadata here, their bytes in the file store (by sha256)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.db import Base, UTCDateTime, utcnow
from engine.models.user import User


class StoredFile(Base):
    """One upload or generated file: what it is called, what it really is, and its digest.

    The bytes live in ``engine.storage.file_store()`` under ``sha256``; several rows
    may share one digest (the same bytes uploaded twice are stored once).
    """

    __tablename__ = "stored_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))  # sanitised original name
    content_type: Mapped[str] = mapped_column(String(120))  # sniffed from the bytes
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    uploaded_by: Mapped[User | None] = relationship(lazy="joined")
