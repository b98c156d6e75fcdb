"""Suggested edits of a section: a whole proposed text, cut into changes decided one by one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.db import Base, UTCDateTime, utcnow
from engine.models.user import User


class Suggestion(Base):
    """A proposed text of a section, made on top of ``base_revision``, awaiting decision.

    ``status``: pending, accepted, rejected, or partly_accepted (some changes taken).
    ``source``: editor (the section page), api, or import (a Word file with tracked
    changes, whose author is kept in ``author_label``).
    """

    __tablename__ = "suggestions"
    __table_args__ = (UniqueConstraint("section_id", "author_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("sections.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    base_revision: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    source: Mapped[str] = mapped_column(String(20), default="editor")
    author_label: Mapped[str | None] = mapped_column(String(200))
    client_id: Mapped[str | None] = mapped_column(String(100))
    applied_revision: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    author: Mapped[User] = relationship(foreign_keys=[author_id], lazy="joined")
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    changes: Mapped[list[SuggestionChange]] = relationship(
        back_populates="suggestion", order_by="SuggestionChange.position",
        cascade="all, delete-orphan", lazy="selectin",
    )


class SuggestionChange(Base):
    """One change of a suggestion: ``old_text`` at ``base_start:base_end`` of the base
    revision's text becomes ``new_text`` (kind insert, delete or replace)."""

    __tablename__ = "suggestion_changes"
    __table_args__ = (UniqueConstraint("suggestion_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(ForeignKey("suggestions.id", ondelete="CASCADE"),
                                               index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    old_text: Mapped[str] = mapped_column(Text, default="")
    new_text: Mapped[str] = mapped_column(Text, default="")
    base_start: Mapped[int] = mapped_column(Integer)
    base_end: Mapped[int] = mapped_column(Integer)
    context_before: Mapped[str] = mapped_column(Text, default="")
    context_after: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="pending")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    suggestion: Mapped[Suggestion] = relationship(back_populates="changes")
