"""The strategy document: sections, their revisions, comments, presence and visits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.db import Base, UTCDateTime, utcnow
from engine.models.user import User

# The drafting team of a section: the members responsible for writing it.
section_team = Table(
    "section_team",
    Base.metadata,
    Column("section_id", ForeignKey("sections.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("added_at", UTCDateTime, default=utcnow, nullable=False),
)


class Section(Base):
    """One numbered section of the document; the body is the latest revision's text."""

    __tablename__ = "sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id"), index=True)
    key: Mapped[str | None] = mapped_column(String(100))
    stage_key: Mapped[str | None] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer, default=0)
    body: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default="drafting")
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    revisions: Mapped[list[Revision]] = relationship(
        back_populates="section", order_by="Revision.number", cascade="all, delete-orphan"
    )
    team: Mapped[list[User]] = relationship(
        secondary=section_team, order_by=User.name, lazy="selectin"
    )


class Revision(Base):
    """Every save of a section, kept for ever."""

    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("section_id", "number"),
                      UniqueConstraint("section_id", "client_save_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("sections.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    base_revision: Mapped[int | None] = mapped_column(Integer)
    merged: Mapped[bool] = mapped_column(Boolean, default=False)
    kind: Mapped[str] = mapped_column(String(20), default="save")
    note: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The id the writer's browser (or API client) gave the save: a retried save with the
    # same id returns this revision instead of making a second one.
    client_save_id: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    section: Mapped[Section] = relationship(back_populates="revisions")
    author: Mapped[User | None] = relationship(lazy="joined")


class Comment(Base):
    """A remark on a section, a reply in a thread, or a suggested replacement."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("sections.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    quote: Mapped[str | None] = mapped_column(Text)
    anchor_start: Mapped[int | None] = mapped_column(Integer)
    revision_number: Mapped[int | None] = mapped_column(Integer)
    blocking: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="open")
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suggestion: Mapped[str | None] = mapped_column(Text)
    suggestion_status: Mapped[str | None] = mapped_column(String(20))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    applied_revision: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User] = relationship(foreign_keys=[author_id], lazy="joined")
    section: Mapped[Section] = relationship()
    # A self-referential eager load needs a depth, or it does not happen at all (each
    # thread then read its replies on its own); replies hang from the first comment only.
    replies: Mapped[list[Comment]] = relationship(
        order_by="Comment.id", cascade="all, delete-orphan", lazy="selectin", join_depth=1
    )


class Presence(Base):
    """Who has a section open in an editor, refreshed by heartbeats (shared via the database)."""

    __tablename__ = "presence"
    __table_args__ = (UniqueConstraint("section_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("sections.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")


class Visit(Base):
    """When a person last looked at a process, for 'what changed since your last visit'."""

    __tablename__ = "visits"
    __table_args__ = (UniqueConstraint("process_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    previous_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SectionTranslation(Base):
    """A second-language version of a section, beside the main text.

    ``source_revision`` is the main text's revision it translates: once the
    main text has a later revision, the translation is out of date.
    """

    __tablename__ = "section_translations"
    __table_args__ = (UniqueConstraint("section_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("sections.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(8))
    title: Mapped[str | None] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(Integer, default=0)
    source_revision: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    section: Mapped[Section] = relationship()
    revisions: Mapped[list[TranslationRevision]] = relationship(
        back_populates="translation", order_by="TranslationRevision.number",
        cascade="all, delete-orphan",
    )

    @property
    def out_of_date(self) -> bool:
        return self.source_revision < self.section.revision


class TranslationRevision(Base):
    """Every save of a section translation, kept for ever."""

    __tablename__ = "translation_revisions"
    __table_args__ = (UniqueConstraint("translation_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    translation_id: Mapped[int] = mapped_column(
        ForeignKey("section_translations.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    base_revision: Mapped[int | None] = mapped_column(Integer)
    source_revision: Mapped[int] = mapped_column(Integer, default=0)
    merged: Mapped[bool] = mapped_column(Boolean, default=False)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    translation: Mapped[SectionTranslation] = relationship(back_populates="revisions")
    author: Mapped[User | None] = relationship(lazy="joined")
