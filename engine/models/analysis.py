"""Structured policy analysis: evidence, problem, objectives, options, instruments, actions, risks.

Every record belongs to one process and remembers the stage it was made in
(``stage_key``). Records are listed in the order they were created (``id``),
which an archive keeps when it is loaded elsewhere.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.db import Base, JSONType, UTCDateTime, utcnow
from engine.models.deliverable import Deliverable
from engine.models.institution import Institution
from engine.models.user import User

_PROCESS_FK = "processes.id"


class DataSource(Base):
    """One source of the data-sources inventory: who holds it, what it covers, how good it is."""

    __tablename__ = "data_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey(_PROCESS_FK, ondelete="CASCADE"), index=True)
    stage_key: Mapped[str] = mapped_column(String(60))
    source_type: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(300))
    custodian_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"))
    # Coverage of each migration dimension: "+", "+/-", "-" or "unknown".
    immigration_flow: Mapped[str] = mapped_column(String(10), default="unknown")
    emigration_flow: Mapped[str] = mapped_column(String(10), default="unknown")
    immigrant_stock: Mapped[str] = mapped_column(String(10), default="unknown")
    emigrant_stock: Mapped[str] = mapped_column(String(10), default="unknown")
    # {ess_dimension: {"rating": 1..5 or None, "note": str}}
    quality: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    residence_definition: Mapped[str | None] = mapped_column(Text)
    length_of_stay: Mapped[str | None] = mapped_column(String(200))
    gaps: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    custodian: Mapped[Institution | None] = relationship(lazy="joined")

    def coverage(self, dimension: str) -> str:
        return str(getattr(self, dimension))


class ProblemAnalysis(Base):
    """The formulated problem of a process (one per process): statement, rationale, vision."""

    __tablename__ = "problem_analyses"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey(_PROCESS_FK, ondelete="CASCADE"), unique=True
    )
    stage_key: Mapped[str] = mapped_column(String(60))
    problem_statement: Mapped[str] = mapped_column(Text, default="")
    rationale: Mapped[str] = mapped_column(Text, default="")
    vision: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SwotItem(Base):
    """One strength, weakness, opportunity or threat."""

    __tablename__ = "swot_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey(_PROCESS_FK, ondelete="CASCADE"), index=True)
    stage_key: Mapped[str] = mapped_column(String(60))
    quadrant: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EvidenceCitation(Base):
    """Evidence for a claim: a SWOT item or a part of the problem analysis cites a source.

    The claim is either ``swot_item_id`` or ``field`` (problem_statement,
    rationale, vision); the evidence is either an inventory source or a
    deliverable.
    """

    __tablename__ = "evidence_citations"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey(_PROCESS_FK, ondelete="CASCADE"), index=True)
    swot_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("swot_items.id", ondelete="CASCADE"), index=True
    )
    field: Mapped[str | None] = mapped_column(String(40))
    data_source_id: Mapped[int | None] = mapped_column(
        ForeignKey("data_sources.id", ondelete="CASCADE")
    )
    deliverable_id: Mapped[int | None] = mapped_column(
        ForeignKey("deliverables.id", ondelete="CASCADE")
    )
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    swot_item: Mapped[SwotItem | None] = relationship()
    data_source: Mapped[DataSource | None] = relationship(lazy="joined")
    deliverable: Mapped[Deliverable | None] = relationship(lazy="joined")


class Objective(Base):
    """A general objective (no parent) or a specific objective under one."""

    __tablename__ = "objectives"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey(_PROCESS_FK, ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("objectives.id", ondelete="CASCADE"), index=True
    )
    stage_key: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    # Where the objective sits in the national development plan (free text).
    ndp_reference: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    parent: Mapped[Objective | None] = relationship(
        remote_side=[id], back_populates="children", lazy="selectin", join_depth=1
    )
    children: Mapped[list[Objective]] = relationship(
        back_populates="parent", order_by="Objective.id", passive_deletes=True, lazy="selectin",
        join_depth=1,
    )
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="objective", order_by="Indicator.id", cascade="all, delete-orphan",
        passive_deletes=True, lazy="selectin",
    )
    options: Mapped[list[PolicyOption]] = relationship(
        back_populates="objective", order_by="PolicyOption.id", cascade="all, delete-orphan",
        passive_deletes=True, lazy="selectin",
    )

    @property
    def level(self) -> str:
        return "general" if self.parent_id is None else "specific"


class Indicator(Base):
    """How progress towards an objective is measured: baseline and target."""

    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    objective_id: Mapped[int] = mapped_column(
        ForeignKey("objectives.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str | None] = mapped_column(String(100))
    baseline: Mapped[str | None] = mapped_column(String(100))
    baseline_year: Mapped[int | None] = mapped_column(Integer)
    target: Mapped[str | None] = mapped_column(String(100))
    target_year: Mapped[int | None] = mapped_column(Integer)
    data_source_id: Mapped[int | None] = mapped_column(
        ForeignKey("data_sources.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    objective: Mapped[Objective] = relationship(back_populates="indicators", lazy="selectin")
    data_source: Mapped[DataSource | None] = relationship(lazy="joined")

    @property
    def has_baseline(self) -> bool:
        return bool(self.baseline) and self.baseline_year is not None


class AppraisalCriterion(Base):
    """A weighted criterion for scoring policy options or instruments."""

    __tablename__ = "appraisal_criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey(_PROCESS_FK, ondelete="CASCADE"), index=True)
    stage_key: Mapped[str] = mapped_column(String(60))
    scope: Mapped[str] = mapped_column(String(20))  # options or instruments
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PolicyOption(Base):
    """A way to reach an objective, appraised on costs, benefits, feasibility and criteria."""

    __tablename__ = "policy_options"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey(_PROCESS_FK, ondelete="CASCADE"), index=True)
    objective_id: Mapped[int] = mapped_column(
        ForeignKey("objectives.id", ondelete="CASCADE"), index=True
    )
    stage_key: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    costs: Mapped[str] = mapped_column(Text, default="")
    benefits: Mapped[str] = mapped_column(Text, default="")
    feasibility: Mapped[str] = mapped_column(Text, default="")
    viability: Mapped[str] = mapped_column(Text, default="")
    assumptions: Mapped[str] = mapped_column(Text, default="")
    risks: Mapped[str] = mapped_column(Text, default="")
    chosen: Mapped[bool] = mapped_column(Boolean, default=False)
    justification: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    objective: Mapped[Objective] = relationship(back_populates="options", lazy="selectin")
    scores: Mapped[list[OptionScore]] = relationship(
        order_by="OptionScore.id", cascade="all, delete-orphan", passive_deletes=True,
        lazy="selectin",
    )


class OptionScore(Base):
    __tablename__ = "option_scores"
    __table_args__ = (UniqueConstraint("option_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    option_id: Mapped[int] = mapped_column(
        ForeignKey("policy_options.id", ondelete="CASCADE"), index=True
    )
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("appraisal_criteria.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[int] = mapped_column(Integer)


class Instrument(Base):
    """A means to carry out a chosen option: regulatory, financial, informational, organisational."""

    __tablename__ = "instruments"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey(_PROCESS_FK, ondelete="CASCADE"), index=True)
    option_id: Mapped[int | None] = mapped_column(
        ForeignKey("policy_options.id", ondelete="SET NULL"), index=True
    )
    stage_key: Mapped[str] = mapped_column(String(60))
    family: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    lead_institution_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"))
    resources: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    option: Mapped[PolicyOption | None] = relationship(lazy="selectin")
    lead_institution: Mapped[Institution | None] = relationship(lazy="joined")
    implementers: Mapped[list[InstrumentImplementer]] = relationship(
        order_by="InstrumentImplementer.id", cascade="all, delete-orphan", passive_deletes=True,
        lazy="selectin",
    )
    scores: Mapped[list[InstrumentScore]] = relationship(
        order_by="InstrumentScore.id", cascade="all, delete-orphan", passive_deletes=True,
        lazy="selectin",
    )

    @property
    def implementing_institutions(self) -> list[Institution]:
        return [i.institution for i in self.implementers]


class InstrumentImplementer(Base):
    __tablename__ = "instrument_implementers"
    __table_args__ = (UniqueConstraint("instrument_id", "institution_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(
        ForeignKey("instruments.id", ondelete="CASCADE"), index=True
    )
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"))

    institution: Mapped[Institution] = relationship(lazy="joined")


class InstrumentScore(Base):
    __tablename__ = "instrument_scores"
    __table_args__ = (UniqueConstraint("instrument_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(
        ForeignKey("instruments.id", ondelete="CASCADE"), index=True
    )
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("appraisal_criteria.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[int] = mapped_column(Integer)


class Measure(Base):
    """A line of the action plan: who does what, when, measured how, with which money."""

    __tablename__ = "measures"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey(_PROCESS_FK, ondelete="CASCADE"), index=True)
    stage_key: Mapped[str] = mapped_column(String(60))
    instrument_id: Mapped[int | None] = mapped_column(
        ForeignKey("instruments.id", ondelete="SET NULL"), index=True
    )
    objective_id: Mapped[int | None] = mapped_column(
        ForeignKey("objectives.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    responsible_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"))
    start_on: Mapped[date | None] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)
    # An indicator of the objectives, or an output indicator of the measure itself.
    indicator_id: Mapped[int | None] = mapped_column(
        ForeignKey("indicators.id", ondelete="SET NULL")
    )
    output_indicator: Mapped[str | None] = mapped_column(String(300))
    budget: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    funding_source: Mapped[str | None] = mapped_column(String(200))
    # Says that the measure costs nothing, so that it needs no budget.
    no_cost: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    instrument: Mapped[Instrument | None] = relationship(lazy="selectin")
    objective: Mapped[Objective | None] = relationship(lazy="selectin")
    responsible: Mapped[Institution | None] = relationship(lazy="joined")
    indicator: Mapped[Indicator | None] = relationship(lazy="joined")
    partner_links: Mapped[list[MeasurePartner]] = relationship(
        order_by="MeasurePartner.id", cascade="all, delete-orphan", passive_deletes=True,
        lazy="selectin",
    )

    @property
    def partners(self) -> list[Institution]:
        return [link.institution for link in self.partner_links]

    @property
    def has_indicator(self) -> bool:
        return self.indicator_id is not None or bool(self.output_indicator)

    @property
    def indicator_text(self) -> str:
        if self.indicator is not None:
            return self.indicator.name
        return self.output_indicator or ""


class MeasurePartner(Base):
    __tablename__ = "measure_partners"
    __table_args__ = (UniqueConstraint("measure_id", "institution_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measures.id", ondelete="CASCADE"), index=True
    )
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"))

    institution: Mapped[Institution] = relationship(lazy="joined")


class Risk(Base):
    """A barrier or risk to the process or the policy, and what is done about it."""

    __tablename__ = "risks"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey(_PROCESS_FK, ondelete="CASCADE"), index=True)
    stage_key: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(30))
    likelihood: Mapped[int] = mapped_column(Integer)  # 1..5
    impact: Mapped[int] = mapped_column(Integer)  # 1..5
    mitigation: Mapped[str] = mapped_column(Text, default="")
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    owner_institution_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"))
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    owner_user: Mapped[User | None] = relationship(lazy="joined")
    owner_institution: Mapped[Institution | None] = relationship(lazy="joined")

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def owner_name(self) -> str:
        if self.owner_user is not None:
            return self.owner_user.name
        return self.owner_institution.name if self.owner_institution is not None else ""


class AnalysisComment(Base):
    """A remark by a member or an expert on one analysis record."""

    __tablename__ = "analysis_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey(_PROCESS_FK, ondelete="CASCADE"), index=True)
    item_type: Mapped[str] = mapped_column(String(30))
    item_id: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User] = relationship(lazy="joined")


#: Every column of the analysis that points at an institution (an institution
#: named here is in use and cannot be deleted).
INSTITUTION_REFERENCES = (
    DataSource.custodian_id,
    Instrument.lead_institution_id,
    InstrumentImplementer.institution_id,
    Measure.responsible_id,
    MeasurePartner.institution_id,
    Risk.owner_institution_id,
)
