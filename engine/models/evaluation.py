"""After the decision: the adoption record, evaluations, and the link to the next cycle."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.db import Base, JSONType, UTCDateTime, utcnow
from engine.models.analysis import DataSource
from engine.models.deliverable import Deliverable
from engine.models.user import User

_PROCESS_FK = "processes.id"


class AdoptionRecord(Base):
    """How a process's text was adopted, and the adopted text frozen as it was.

    One per process, never changed once written. ``sections`` lists the
    section revisions that made up the adopted text; the export file of that
    text sits in the file store under ``file_sha256``.
    """

    __tablename__ = "adoption_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey(_PROCESS_FK, ondelete="CASCADE"), unique=True
    )
    body: Mapped[str] = mapped_column(String(300))
    act_type: Mapped[str] = mapped_column(String(40))
    act_reference: Mapped[str] = mapped_column(String(200))
    adopted_on: Mapped[date] = mapped_column(Date)
    published_in: Mapped[str | None] = mapped_column(String(300))
    # [{"section_id", "revision_id", "revision", "title"}], in document order.
    sections: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)
    file_sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(300))
    file_size: Mapped[int] = mapped_column(Integer)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    recorded_by: Mapped[User] = relationship(lazy="joined")


class Evaluation(Base):
    """A mid-term or final evaluation of a policy against the OECD-DAC criteria."""

    __tablename__ = "evaluations"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey(_PROCESS_FK, ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))  # mid_term or final
    title: Mapped[str] = mapped_column(String(300))
    evaluator: Mapped[str | None] = mapped_column(String(300))
    completed_on: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    criteria: Mapped[list[EvaluationCriterion]] = relationship(
        back_populates="evaluation", order_by="EvaluationCriterion.position",
        cascade="all, delete-orphan", passive_deletes=True, lazy="selectin",
    )


class EvaluationCriterion(Base):
    """One criterion of one evaluation: its findings (Markdown) and rating."""

    __tablename__ = "evaluation_criteria"
    __table_args__ = (UniqueConstraint("evaluation_id", "criterion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("evaluations.id", ondelete="CASCADE"), index=True
    )
    criterion: Mapped[str] = mapped_column(String(30))
    position: Mapped[int] = mapped_column(Integer)
    findings: Mapped[str] = mapped_column(Text, default="")
    rating: Mapped[str | None] = mapped_column(String(30))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    evaluation: Mapped[Evaluation] = relationship(back_populates="criteria")
    recommendations: Mapped[list[Recommendation]] = relationship(
        back_populates="criterion", order_by="Recommendation.id",
        cascade="all, delete-orphan", passive_deletes=True, lazy="selectin",
    )
    evidence: Mapped[list[EvaluationEvidence]] = relationship(
        order_by="EvaluationEvidence.id", cascade="all, delete-orphan",
        passive_deletes=True, lazy="selectin",
    )


class EvaluationEvidence(Base):
    """What backs a criterion's findings: a data source or a deliverable of the process."""

    __tablename__ = "evaluation_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation_criteria.id", ondelete="CASCADE"), index=True
    )
    data_source_id: Mapped[int | None] = mapped_column(
        ForeignKey("data_sources.id", ondelete="CASCADE")
    )
    deliverable_id: Mapped[int | None] = mapped_column(
        ForeignKey("deliverables.id", ondelete="CASCADE")
    )
    note: Mapped[str | None] = mapped_column(Text)

    data_source: Mapped[DataSource | None] = relationship(lazy="joined")
    deliverable: Mapped[Deliverable | None] = relationship(lazy="joined")


class Recommendation(Base):
    """A recommendation of an evaluation, and the lead's decision on it."""

    __tablename__ = "recommendations"

    id: Mapped[int] = mapped_column(primary_key=True)
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation_criteria.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    decision: Mapped[str] = mapped_column(String(20), default="pending")
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    criterion: Mapped[EvaluationCriterion] = relationship(back_populates="recommendations")
    decided_by: Mapped[User | None] = relationship(lazy="joined")


class CycleLink(Base):
    """A policy and the revision that started from it: the next turn of the cycle."""

    __tablename__ = "cycle_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    previous_id: Mapped[int] = mapped_column(
        ForeignKey(_PROCESS_FK, ondelete="CASCADE"), unique=True
    )
    next_id: Mapped[int] = mapped_column(
        ForeignKey(_PROCESS_FK, ondelete="CASCADE"), unique=True
    )
    evaluation_id: Mapped[int | None] = mapped_column(
        ForeignKey("evaluations.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
