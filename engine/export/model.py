"""Plain data handed to the exporters.

The database glue flattens a workflow's document into these dataclasses; the
exporters never see ORM objects, so they can run (and be tested) without a
database or a web request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass
class AnnexTable:
    """A plain-text table printed in an annex."""

    columns: list[str]
    rows: list[list[str]]  # plain-text cells, may contain newlines
    title: str | None = None
    widths: list[float] | None = None  # relative column widths


@dataclass
class ExportSection:
    """One node of the document tree, in pre-order."""

    number: str  # "1", "1.2", "1.2.3", computed from the tree by the caller
    title: str
    level: int  # 1, 2, 3; deeper levels are allowed and styled as Heading 3
    body: str  # Markdown
    key: str | None = None
    id: int | None = None
    revision: int | None = None  # the revision exported (marked for import)
    tables: list[AnnexTable] = field(default_factory=list)  # pulled in after the body
    history: Any = None  # a redline.SectionHistory: print the changes since then, tracked
    # A bilingual export: the same section in a second language, printed beside it.
    parallel_title: str | None = None
    parallel_body: str | None = None


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
    # "working" prints everything; "publication" prints what a ministry issues.
    profile: str = "working"
    front: list[ExportSection] = field(default_factory=list)  # foreword, executive summary
    abbreviations: list[tuple[str, str]] = field(default_factory=list)  # (term, expansion)
    process_id: int | None = None
    site: str = ""  # marks the file as this installation's, for import
