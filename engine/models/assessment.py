"""The steering group's assessment of a technical-assistance request, one row per criterion."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.db import Base, UTCDateTime, utcnow
from engine.models.user import User


class Assessment(Base):
    """A rating (1 poor .. 4 very good) and a comment on one criterion, recorded before the
    steering group decides."""

    __tablename__ = "assessments"
    __table_args__ = (UniqueConstraint("process_id", "criterion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"),
                                            index=True)
    criterion: Mapped[str] = mapped_column(String(30))
    rating: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    assessed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    assessed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    assessed_by: Mapped[User] = relationship(lazy="joined")
