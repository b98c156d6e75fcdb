"""Request and response bodies of public consultations (conventions as in ``schemas.py``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import Field

from engine.services.public_consultations import MAX_SECTIONS
from webapp.api.schemas import Id, In, IsoDate, Out, Title


class PublicConsultationIn(In):
    title: Title
    section_ids: Annotated[list[Id], Field(min_length=1, max_length=MAX_SECTIONS)]
    opens_on: IsoDate
    closes_on: IsoDate


class PublishedSectionOut(Out):
    section_id: int
    revision_id: int
    title: str


class PublicConsultationOut(Out):
    id: int
    process_id: int
    consultation_id: int
    title: str
    slug: str
    url: str = Field(description="The public page: anyone may open it, without an account.")
    opens_on: date
    closes_on: date
    phase: str = Field(description="upcoming, open or closed")
    sections: list[PublishedSectionOut]
    created_at: datetime
