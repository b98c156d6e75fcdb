"""A policy process, its pinned workflow, stages, core group, sign-offs and transitions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    and_,
    or_,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.db import Base, JSONType, UTCDateTime, utcnow
from engine.models.institution import Institution
from engine.models.user import User
from engine.vocabulary import SUSPENDED


class WorkflowVersion(Base):
    """A frozen copy of the workflow definition a process started with.

    Processes point here rather than at the file, so editing files under
    workflows/ never changes a running process.
    """

    __tablename__ = "workflow_versions"
    __table_args__ = (UniqueConstraint("key", "version", "digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    digest: Mapped[str] = mapped_column(String(64))
    # Deferred: every request loads its process's pinned version, but the parsed
    # definition is kept by digest (engine.catalog), so the stored JSON is read only
    # the first time a digest is met, not decoded again on every request.
    definition: Mapped[dict[str, Any]] = mapped_column(JSONType, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Process(Base):
    __tablename__ = "processes"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    country: Mapped[str] = mapped_column(String(100))
    workflow_version_id: Mapped[int] = mapped_column(ForeignKey("workflow_versions.id"))
    requesting_institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"))
    state: Mapped[str] = mapped_column(String(60))
    suspended_from: Mapped[str | None] = mapped_column(String(60))
    export_template: Mapped[str | None] = mapped_column(String(100))
    # ISO 4217 code of the action plan's amounts; None: the site's default currency.
    currency: Mapped[str | None] = mapped_column(String(3))
    # The language the document is written in (the export prints its labels in it).
    document_language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The policy process a technical-assistance request supports, if any.
    supports_process_id: Mapped[int | None] = mapped_column(
        ForeignKey("processes.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Optimistic lock: two concurrent transitions cannot both apply.
    row_version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": row_version}

    workflow: Mapped[WorkflowVersion] = relationship(lazy="joined")
    requesting_institution: Mapped[Institution] = relationship()
    created_by: Mapped[User | None] = relationship()
    supports: Mapped[Process | None] = relationship(remote_side="Process.id")
    stages: Mapped[list[ProcessStage]] = relationship(
        back_populates="process", order_by="ProcessStage.position", cascade="all, delete-orphan"
    )
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="process", order_by="Membership.id", cascade="all, delete-orphan"
    )

    @property
    def working_stage(self) -> str:
        """The stage work is done in: the current one, or the one a suspended process stopped in."""
        if self.state == SUSPENDED and self.suspended_from:
            return self.suspended_from
        return self.state

    def stage_record(self, key: str) -> ProcessStage | None:
        return next((s for s in self.stages if s.key == key), None)

    @property
    def active_memberships(self) -> list[Membership]:
        return [m for m in self.memberships if m.active]

    @property
    def lead(self) -> Membership | None:
        return next((m for m in self.active_memberships if m.role == "lead"), None)

    def __repr__(self) -> str:
        return f"<Process {self.id} {self.title!r} {self.state}>"


class ProcessStage(Base):
    """Planned and actual dates of one stage of one process."""

    __tablename__ = "process_stages"
    __table_args__ = (UniqueConstraint("process_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(Integer)
    target_date: Mapped[date | None] = mapped_column(Date)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Incremented each time the stage is entered; sign-offs belong to one entry.
    entries: Mapped[int] = mapped_column(Integer, default=0)

    process: Mapped[Process] = relationship(back_populates="stages")


class Membership(Base):
    """A person's place in the core group, with its institution and role; never deleted."""

    __tablename__ = "memberships"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"))
    role: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str | None] = mapped_column(Text)
    #: The last day of a time-limited membership (a visiting expert); from the next day
    #: it is no longer active, without anyone ending it (see ``active_clause``).
    ends_on: Mapped[date | None] = mapped_column(Date)

    process: Mapped[Process] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship(lazy="joined")
    institution: Mapped[Institution] = relationship(lazy="joined")

    @property
    def active(self) -> bool:
        return self.ended_at is None and (self.ends_on is None or self.ends_on >= utcnow().date())

    @classmethod
    def active_clause(cls) -> ColumnElement[bool]:
        """The SQL twin of ``active``: not ended, and not past its last day."""
        return and_(cls.ended_at.is_(None),
                    or_(cls.ends_on.is_(None), cls.ends_on >= utcnow().date()))


class SignOff(Base):
    """An institution's sign-off of one entry of a stage, given by one of its members."""

    __tablename__ = "signoffs"
    __table_args__ = (UniqueConstraint("process_id", "stage_key", "entry", "institution_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    stage_key: Mapped[str] = mapped_column(String(60))
    entry: Mapped[int] = mapped_column(Integer, default=1)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The text it approved: the revision number of each section, by section id.
    revisions: Mapped[dict[str, int]] = mapped_column(JSONType, default=dict)
    # Set when a section was edited after the sign-off: it no longer counts.
    lapsed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lapsed_section_id: Mapped[int | None] = mapped_column(Integer)
    lapsed_section_title: Mapped[str | None] = mapped_column(String(300))

    institution: Mapped[Institution] = relationship(lazy="joined")
    user: Mapped[User] = relationship(lazy="joined")

    @property
    def valid(self) -> bool:
        return self.lapsed_at is None


class GateSummary(Base):
    """How many conditions of the current stage's gate were met, as last evaluated.

    The dashboard reads these instead of evaluating every process's gate on every
    load. A change to the process deletes its row (``engine.services.dashboard``), so
    a row is always as fresh as the process; ``checked_on`` makes it expire at
    midnight too (a consultation dated today counts from today).
    """

    __tablename__ = "gate_summaries"

    process_id: Mapped[int] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), primary_key=True
    )
    stage_key: Mapped[str] = mapped_column(String(60))
    met: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    checked_on: Mapped[date] = mapped_column(Date)


class TransitionRecord(Base):
    """One fired trigger: who moved the process where, why, and over which failing checks."""

    __tablename__ = "transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    trigger: Mapped[str] = mapped_column(String(60))
    source: Mapped[str] = mapped_column(String(60))
    dest: Mapped[str] = mapped_column(String(60))
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(Text)
    override_reason: Mapped[str | None] = mapped_column(Text)
    failing_checks: Mapped[list[dict[str, Any]] | None] = mapped_column(JSONType)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped[User] = relationship(lazy="joined")
