"""Request and response bodies of suggested edits (``views/suggestions.py``).

Same conventions as ``schemas.py``. The server cuts a proposed text into
changes; the engine keeps the rules (who may suggest, which base revision).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field

from engine.services.sections import MAX_BODY
from engine.services.track_changes import MAX_CLIENT_ID
from webapp.api.schemas import MAX_ID, Id, In, Out, UserRef


class SuggestionIn(In):
    body: Annotated[str, Field(max_length=MAX_BODY, description=(
        "The whole text you propose for the section, Markdown."))]
    base_revision: Annotated[int, Field(strict=True, ge=0, le=MAX_ID, description=(
        "The revision the proposed text was edited from."))]
    client_id: Annotated[str, Field(max_length=MAX_CLIENT_ID)] | None = Field(
        default=None, description="Your id for this request: sending it again returns the "
                                  "first suggestion instead of making a second one.")
    author_label: Annotated[str, Field(max_length=200)] | None = Field(
        default=None, description="Who wrote the changes, when not you (e.g. an author "
                                  "named in an imported file).")


class DecisionIn(In):
    change_ids: list[Id] | None = Field(
        default=None, description="The changes decided; all pending ones when left out.")


class SuggestionChangeOut(Out):
    id: int
    position: int
    kind: Literal["insert", "delete", "replace"]
    old_text: str
    new_text: str
    base_start: int = Field(description="Offset of the change in the base revision's text.")
    base_end: int
    context_before: str
    context_after: str
    status: Literal["pending", "accepted", "rejected"]
    decided_by: UserRef | None
    decided_at: datetime | None


class SuggestionOut(Out):
    id: int
    section_id: int
    author: UserRef
    author_label: str | None
    base_revision: int
    body: str
    status: Literal["pending", "accepted", "rejected", "partly_accepted"]
    source: Literal["editor", "api", "import"]
    applied_revision: int | None = Field(description="The revision the last accepted "
                                                     "changes made.")
    created_at: datetime
    decided_by: UserRef | None
    decided_at: datetime | None
    changes: list[SuggestionChangeOut]
