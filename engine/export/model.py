"""Plain data handed to the exporters.

The database glue flattens a workflow's document into these dataclasses; the
exporters never see ORM objects, so they can run (and be tested) without a
database or a web request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass
class ExportSection:
    """One node of the document tree, in pre-order."""

    number: str  # "1", "1.2", "1.2.3", computed from the tree by the caller
    title: str
    level: int  # 1, 2, 3; deeper levels are allowed and styled as Heading 3
    body: str  # Markdown
    key: str | None = None
    id: int | None = None
    # A bilingual export: the same section in a second language, printed beside it.
    parallel_title: str | None = None
    parallel_body: str | None = None


@dataclass
class AnnexTable:
    """A plain-text table printed in an annex."""

    columns: list[str]
    rows: list[list[str]]  # plain-text cells, may contain newlines
    title: str | None = None
    widths: list[float] | None = None  # relative column widths


@dataclass
class Annex:
    """Material printed after the body (core group, consultations, ...)."""

    key: str  # e.g. "core_group"
    title: str  # "Composition of the core group"
    intro: str | None = None  # Markdown
    tables: list[AnnexTable] = field(default_factory=list)


@dataclass
class ExportComment:
    """A reviewer's comment, anchored to a passage of a section."""

    section_id: int | None  # matches ExportSection.id
    quote: str | None  # plain-text passage of the body; None = whole section
    author: str
    initials: str
    created_at: datetime
    body: str  # plain text
    replies: list[ExportComment] = field(default_factory=list)


@dataclass
class ExportDocument:
    """Everything needed to print one version of a policy document."""

    title: str
    country: str
    requesting_institution: str
    workflow_title: str
    stage_title: str
    marking: str  # "DRAFT" or "VALIDATED"
    status_label: str  # e.g. "Draft - policy analysis"
    version: int
    date: date
    language: str = "en"
    # A bilingual export: the language printed in the second column ("" = one language).
    parallel_language: str = ""
    sections: list[ExportSection] = field(default_factory=list)
    annexes: list[Annex] = field(default_factory=list)
    comments: list[ExportComment] = field(default_factory=list)
