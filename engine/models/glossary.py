"""A process's glossary: the abbreviations its document uses, with their expansions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from engine.db import Base, UTCDateTime, utcnow


class GlossaryTerm(Base):
    """One abbreviation (``IOM``) and what it stands for; printed as the list of abbreviations."""

    __tablename__ = "glossary_terms"
    __table_args__ = (UniqueConstraint("process_id", "term"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    term: Mapped[str] = mapped_column(String(60))
    expansion: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
