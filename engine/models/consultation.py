"""Consultations of stakeholders and the inputs they produced."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.db import Base, JSONType, UTCDateTime, utcnow
from engine.models.files import StoredFile
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
    # Closing the loop: who was invited, who came, and the report of the consultation.
    invited_institutions: Mapped[list[str]] = mapped_column(JSONType, default=list)
    invited_groups: Mapped[list[str]] = mapped_column(JSONType, default=list)
    participants_by_group: Mapped[dict[str, int]] = mapped_column(JSONType, default=dict)
    participants_by_sex: Mapped[dict[str, int]] = mapped_column(JSONType, default=dict)
    report: Mapped[str] = mapped_column(Text, default="")  # Markdown
    # The report as a file (a signed PDF, a Word document), beside or instead of the Markdown.
    report_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_files.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    inputs: Mapped[list[ConsultationInput]] = relationship(
        back_populates="consultation", order_by="ConsultationInput.id", cascade="all, delete-orphan",
        lazy="selectin",
    )
    report_file: Mapped[StoredFile | None] = relationship(lazy="selectin")


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


class PublicConsultation(Base):
    """A frozen revision of chosen sections, open to anyone's input on a public page."""

    __tablename__ = "public_consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    # The consultation whose inputs the accepted submissions become.
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    consultation: Mapped[Consultation] = relationship(lazy="joined")
    sections: Mapped[list[PublishedSection]] = relationship(
        back_populates="public_consultation", order_by="PublishedSection.position",
        cascade="all, delete-orphan")


class PublishedSection(Base):
    """One section as it was published: the revision frozen at publication."""

    __tablename__ = "published_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_consultation_id: Mapped[int] = mapped_column(
        ForeignKey("public_consultations.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("sections.id", ondelete="CASCADE"))
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300))  # the title when published

    public_consultation: Mapped[PublicConsultation] = relationship(back_populates="sections")


class PublicSubmission(Base):
    """What someone sent through the public page; waits for moderation.

    Accepted: it becomes an input of the consultation (``input_id``). Rejected
    (spam, off-topic): kept, never published.
    """

    __tablename__ = "public_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_consultation_id: Mapped[int] = mapped_column(
        ForeignKey("public_consultations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    organisation: Mapped[str] = mapped_column(String(300))
    stakeholder_group: Mapped[str] = mapped_column(String(40))
    section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending, accepted, rejected
    rejection: Mapped[str | None] = mapped_column(String(20))  # spam, off_topic
    input_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation_inputs.id", ondelete="SET NULL"))
    moderated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    moderated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    public_consultation: Mapped[PublicConsultation] = relationship()
