"""Consultations of stakeholders and the inputs they produced."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.db import Base, JSONType, UTCDateTime, utcnow
from engine.models.user import User


class Consultation(Base):
    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    stage_key: Mapped[str] = mapped_column(String(60))
    method: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    held_on: Mapped[date | None] = mapped_column(Date)
    groups: Mapped[list[str]] = mapped_column(JSONType, default=list)
    summary: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    inputs: Mapped[list[ConsultationInput]] = relationship(
        back_populates="consultation", order_by="ConsultationInput.id", cascade="all, delete-orphan",
        lazy="selectin",
    )


class ConsultationInput(Base):
    """Something a stakeholder said, and what the core group decided about it."""

    __tablename__ = "consultation_inputs"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    disposition: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id", ondelete="SET NULL"))
    revision_number: Mapped[int | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    consultation: Mapped[Consultation] = relationship(back_populates="inputs")
    decided_by: Mapped[User | None] = relationship()
