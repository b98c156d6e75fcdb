"""Schemas of the glossary and of imports of offline Word edits."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from webapp.api.schemas import In, Out


class GlossaryTermIn(In):
    term: Annotated[str, Field(min_length=1, max_length=60, examples=["IOM"])]
    expansion: Annotated[str, Field(min_length=1, max_length=300,
                                    examples=["International Organization for Migration"])]


class GlossaryTermOut(Out):
    id: int
    term: str
    expansion: str


class UnmatchedOut(Out):
    section_id: int | None = Field(description="The section it was found under, if any.")
    kind: str = Field(description="paragraph, section, comment or file")
    reason: str
    text: str


class ImportOut(Out):
    id: int
    suggestions: int
    comments: int
    unmatched: list[UnmatchedOut]
