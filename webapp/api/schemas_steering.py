"""Bodies and answers of the steering group's assessment of a technical-assistance request."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field

from engine.vocabulary import ASSESSMENT_CRITERIA
from webapp.api.schemas import In, Out, UserRef

Criterion = Literal[tuple(ASSESSMENT_CRITERIA)]  # type: ignore[valid-type]


class AssessmentIn(In):
    rating: Annotated[int, Field(strict=True, ge=1, le=4,
                                 description="1 poor, 2 fair, 3 good, 4 very good.")]
    comment: Annotated[str, Field(min_length=1, max_length=5000)]


class AssessmentOut(Out):
    criterion: Criterion  # type: ignore[valid-type]
    rating: int | None = Field(description="null until a steering-group member rates it.")
    comment: str | None
    assessed_by: UserRef | None
    assessed_at: datetime | None
