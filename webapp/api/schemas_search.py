"""Searching one process: the query and the results."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from engine.services.search import KINDS, MAX_QUERY
from webapp.api.schemas import In, Out

SearchKind = Literal[KINDS]  # type: ignore[valid-type]


class SearchQuery(In):
    q: str = Field(default="", max_length=MAX_QUERY * 2, description=(
        "Words to find, in web-search syntax: every word must appear; \"a phrase\" in "
        "quotes; `or` between alternatives; `-word` leaves a word out. Required."))


class SearchResult(Out):
    kind: SearchKind = Field(description="What was found: `section` (its current text), "
                                         "`comment`, `consultation_input`, or an analysis "
                                         "record (`data_source`, `objective`, `option`, "
                                         "`instrument`, `measure`, `risk`).")
    id: int = Field(description="The id of the section, comment, input or record.")
    title: str = Field(description="The section's title (for a comment, the commented "
                                   "section's), the consultation's, or the record's.")
    snippet: str = Field(description="A passage around the hits, as HTML: everything is "
                                     "escaped and the hits are wrapped in `<mark>`.")
    url: str = Field(description="The page that shows it (a path on this site).")


class SearchOut(Out):
    results: list[SearchResult] = Field(description="At most 50, best first.")
