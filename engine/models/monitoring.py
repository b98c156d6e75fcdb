"""Monitoring the implementation of an adopted policy: periods, progress, indicator values."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, Float, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.db import Base, UTCDateTime, utcnow
from engine.models.user import User

_PROCESS_FK = "processes.id"


class MonitoringSettings(Base):
    """How a process reports on its implementation: yearly or quarterly, from which date.

    ``starts_on`` None: from the start of the earliest measure of the action plan.
    """

    __tablename__ = "monitoring_settings"

    process_id: Mapped[int] = mapped_column(
        ForeignKey(_PROCESS_FK, ondelete="CASCADE"), primary_key=True
    )
    frequency: Mapped[str] = mapped_column(String(20), default="yearly")
    starts_on: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MeasureProgress(Base):
    """What the responsible institution reported on one measure for one period."""

    __tablename__ = "measure_progress"
    __table_args__ = (UniqueConstraint("measure_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey(_PROCESS_FK, ondelete="CASCADE"), index=True)
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measures.id", ondelete="CASCADE"), index=True
    )
    period: Mapped[str] = mapped_column(String(10))  # "2026" or "2026-Q3"
    status: Mapped[str] = mapped_column(String(20))
    spent: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    note: Mapped[str] = mapped_column(Text, default="")
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    reported_by: Mapped[User | None] = relationship(lazy="joined")


class IndicatorValue(Base):
    """The measured value of an indicator for one period."""

    __tablename__ = "indicator_values"
    __table_args__ = (UniqueConstraint("indicator_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey(_PROCESS_FK, ondelete="CASCADE"), index=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicators.id", ondelete="CASCADE"), index=True
    )
    period: Mapped[str] = mapped_column(String(10))
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    recorded_by: Mapped[User | None] = relationship(lazy="joined")


class MonitoringPeriod(Base):
    """One reporting period of a process: its narrative, validation and monitoring report.

    The report is a deliverable of the implementation stage (``deliverable_id``),
    accepted like any other deliverable.
    """

    __tablename__ = "monitoring_periods"
    __table_args__ = (UniqueConstraint("process_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey(_PROCESS_FK, ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(10))
    narrative: Mapped[str] = mapped_column(Text, default="")
    validated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    validated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    deliverable_id: Mapped[int | None] = mapped_column(
        ForeignKey("deliverables.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    validated_by: Mapped[User | None] = relationship(lazy="joined")
