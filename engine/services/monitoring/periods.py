"""The reporting calendar of a process: yearly or quarterly periods.

Periods follow the calendar: a yearly period is a calendar year (key
``"2026"``), a quarterly one a calendar quarter (key ``"2026-Q3"``). The
calendar runs from the process's chosen start date (default: the start of the
earliest measure of the action plan; without dated measures, the day the
policy was adopted) to the end of the latest measure. A period is *past* once
its last day is over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from engine.errors import InvalidInput
from engine.i18n import msg
from engine.models import Measure, MonitoringSettings, Process

_KEY = re.compile(r"^(\d{4})(?:-Q([1-4]))?$")


@dataclass(frozen=True)
class Period:
    key: str
    start: date
    end: date

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def position(self) -> float:
        """Where the period ends on a scale of years: a year's value is reached at its end."""
        quarter = (self.start.month - 1) // 3 + 1 if "-Q" in self.key else 4
        return self.start.year - 1 + quarter / 4

    def is_past(self, today: date) -> bool:
        return self.end < today

    def has_started(self, today: date) -> bool:
        return self.start <= today


def period_from_key(key: Any) -> Period | None:
    """The period a key names ("2026", "2026-Q3"), None if it names none."""
    match = _KEY.match(key.strip()) if isinstance(key, str) else None
    if match is None:
        return None
    year = int(match.group(1))
    if match.group(2) is None:
        return Period(key.strip(), date(year, 1, 1), date(year, 12, 31))
    quarter = int(match.group(2))
    first = 3 * (quarter - 1) + 1
    last_month = first + 2
    next_start = date(year + 1, 1, 1) if last_month == 12 else date(year, last_month + 1, 1)
    return Period(key.strip(), date(year, first, 1), date.fromordinal(next_start.toordinal() - 1))


def period_containing(day: date, frequency: str) -> Period:
    if frequency == "quarterly":
        found = period_from_key(f"{day.year}-Q{(day.month - 1) // 3 + 1}")
    else:
        found = period_from_key(str(day.year))
    assert found is not None
    return found


def settings_of(session: Session, process: Process) -> MonitoringSettings:
    """The process's reporting settings (defaults when none were chosen; not added)."""
    found = session.get(MonitoringSettings, process.id)
    return found if found is not None else MonitoringSettings(process_id=process.id,
                                                              frequency="yearly")


def calendar(process: Process, settings: MonitoringSettings,
             measures: list[Measure]) -> list[Period]:
    """Every reporting period of the process, oldest first (none without a start date)."""
    starts = [m.start_on for m in measures if m.start_on is not None]
    ends = [m.end_on or m.start_on for m in measures if (m.end_on or m.start_on) is not None]
    adopted = process.stage_record("adopted")
    first = settings.starts_on or (min(starts) if starts else None) or (
        adopted.started_at.date() if adopted is not None and adopted.started_at else None)
    if first is None:
        return []
    last = max([first, *[e for e in ends if e is not None]])
    frequency = settings.frequency or "yearly"
    periods: list[Period] = []
    current = period_containing(first, frequency)
    while current.start <= last:
        periods.append(current)
        current = period_containing(date.fromordinal(current.end.toordinal() + 1), frequency)
    return periods


def check_period(key: Any, periods: list[Period], today: date, field: str = "period") -> Period:
    """A period of the calendar that has started, or InvalidInput naming the field."""
    found = period_from_key(key)
    keys = [p.key for p in periods]
    if found is None or found.key not in keys:
        raise InvalidInput(
            msg("%(field)s must be a reporting period of this process: %(keys)s.", field=field,
                keys=", ".join(keys) or "-"),
            {field: msg("one of %(keys)s", keys=keys)},
        )
    if not found.has_started(today):
        raise InvalidInput(msg("The period %(period)s has not started yet.", period=found.key),
                           {field: msg("has not started yet")})
    return found
