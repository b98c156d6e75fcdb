"""Request and response bodies of the strategy document: sections, revisions and
comments (conventions as in ``schemas.py``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field

from engine.services.document.sections import MAX_BODY
from webapp.api.schemas import (
    MAX_ID,
    Flag,
    Id,
    In,
    Integral,
    LongText,
    Out,
    Position,
    Reason,
    SectionStatus,
    Title,
    UserRef,
    absent,
)

# ---------------------------------------------------------------- sections


class SectionIn(In):
    title: Title
    parent_id: Id | None = None
    position: Position | None = Field(default=None, description="0-based; default: last.")
    body: Annotated[str, Field(max_length=MAX_BODY)] | None = Field(
        default=None, description="Initial Markdown text (saved as revision 1).")


class SectionPatch(In):
    title: Title = absent()
    status: SectionStatus = absent()  # type: ignore[valid-type]
    parent_id: Id | None = absent(description="null: move to the top level.")
    position: Position = absent()


class SectionSave(In):
    body: Annotated[str, Field(max_length=MAX_BODY, description="The whole text, Markdown.")]
    base_revision: Annotated[int, Field(strict=True, ge=0, le=MAX_ID, description=(
        "The revision the text was edited from (0 for an empty new section).")), Integral]
    client_save_id: Annotated[str, Field(max_length=100)] | None = Field(
        default=None, description="Your id for this save: a retry with the same id (after a "
                                  "timeout, say) answers with the revision the first attempt "
                                  "made instead of making a second one.")


class SaveOut(Out):
    id: int
    revision: int
    merged: bool = Field(description="True when another save landed since base_revision and "
                                     "the changes were merged.")
    changed: bool = Field(description="False when the text was already the same.")
    repeated: bool = Field(default=False, description="True when this save repeated an "
                                                      "earlier one with the same client_save_id.")


class SectionOut(Out):
    id: int
    process_id: int
    parent_id: int | None
    number: str | None = Field(description="Outline number such as 2.1 (null when deleted).")
    key: str | None
    stage: str | None
    title: str
    body: str
    revision: int
    status: SectionStatus  # type: ignore[valid-type]
    position: int
    deleted: bool
    created_at: datetime
    updated_at: datetime


class SectionNode(Out):
    id: int
    number: str
    key: str | None
    stage: str | None
    title: str
    status: SectionStatus  # type: ignore[valid-type]
    revision: int
    children: list[SectionNode]


class RevisionSummary(Out):
    number: int
    base_revision: int | None
    merged: bool
    kind: str
    note: str | None
    author: UserRef | None
    created_at: datetime


class RevisionOut(RevisionSummary):
    body: str


# ---------------------------------------------------------------- comments


class CommentIn(In):
    body: LongText
    quote: Reason | None = Field(default=None, description="A passage of the current text.")
    blocking: Flag = Field(default=False, description="Blocks the gate until resolved.")
    suggestion: LongText | None = Field(default=None,
                                        description="Replacement text for the quote.")


class ReplyIn(In):
    body: LongText


class CommentOut(Out):
    id: int
    section_id: int
    parent_id: int | None
    author: UserRef
    body: str
    quote: str | None
    blocking: bool
    status: Literal["open", "resolved"]
    revision_number: int | None
    suggestion: str | None
    suggestion_status: str | None
    resolved_by: UserRef | None
    resolved_at: datetime | None
    created_at: datetime
    replies: list[CommentOut]


class TranslationSave(In):
    body: Annotated[str, Field(max_length=MAX_BODY, description="The whole translation, Markdown.")]
    base_revision: Annotated[int, Field(strict=True, ge=0, le=MAX_ID, description=(
        "The translation's revision the text was edited from (0 for a new translation)."))]
    title: Title | None = Field(default=None, description="The section title in this language.")
    source_revision: Annotated[int, Field(strict=True, ge=0, le=MAX_ID, description=(
        "The main text's revision translated. Default: its current revision."))] | None = None


class TranslationOut(Out):
    section_id: int
    language: str
    title: str | None
    body: str
    revision: int = Field(description="The translation's own revision (0: not started).")
    source_revision: int = Field(description="The main text's revision it translates.")
    main_revision: int = Field(description="The main text's current revision.")
    out_of_date: bool = Field(description="The main text changed after the translated revision.")
    merged: bool = False
    changed: bool = False
