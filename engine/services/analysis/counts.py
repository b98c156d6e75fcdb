"""How many records each part of a process's analysis holds (for its sub-tabs and cards)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.models import (
    DataSource,
    Indicator,
    Instrument,
    Measure,
    Objective,
    PolicyOption,
    Process,
    Risk,
    SwotItem,
)


def record_counts(session: Session, process: Process) -> dict[str, int]:
    """The number of records of each part of the analysis, by part."""

    def count(model: type[Any], *where: Any) -> int:
        return int(session.scalar(select(func.count()).select_from(model).where(
            model.process_id == process.id, *where)) or 0)

    indicators = int(session.scalar(
        select(func.count()).select_from(Indicator).join(Objective)
        .where(Objective.process_id == process.id)) or 0)
    return {
        "inventory": count(DataSource),
        "problem": count(SwotItem),
        "objectives": count(Objective),
        "indicators": indicators,
        "options": count(PolicyOption),
        "chosen": count(PolicyOption, PolicyOption.chosen.is_(True)),
        "instruments": count(Instrument),
        "actions": count(Measure),
        "risks": count(Risk),
        "open_risks": count(Risk, Risk.status.in_(("open", "occurred"))),
    }
