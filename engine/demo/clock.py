"""A make-believe clock so that the demo's history spreads over months.

Every ``engine.db.utcnow()`` call inside ``DemoClock.running()`` (services, audit
events, column defaults) reads this clock instead of the real one; the audit
chain is therefore computed over the dates it shows and verifies as usual.
Each reading advances the clock by a few seconds, so events keep their order.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta

from engine.db import clock

STEP = timedelta(seconds=5)


class DemoClock:
    """Days are counted from ``origin`` (day 0); the clock never goes back."""

    def __init__(self, origin: date) -> None:
        self.origin = origin
        self._moment = datetime.combine(origin, time(8, 30), tzinfo=UTC)

    def date(self, day: int) -> date:
        """The calendar date of a day of the story (no effect on the clock)."""
        return self.origin + timedelta(days=day)

    def day(self, day: int, at: str = "10:00") -> None:
        """Move the clock forward to ``at`` (HH:MM, UTC) on a day of the story."""
        hours, minutes = (int(part) for part in at.split(":"))
        moment = datetime.combine(self.date(day), time(hours, minutes), tzinfo=UTC)
        if moment < self._moment:
            raise ValueError(f"The demo clock cannot go back: day {day} {at} is before {self._moment}.")
        if moment > datetime.now(UTC):
            raise ValueError(f"The demo clock cannot run ahead of the real one: day {day} {at}.")
        self._moment = moment

    @property
    def today(self) -> date:
        return self._moment.date()

    def __call__(self) -> datetime:
        moment = self._moment
        self._moment = moment + STEP
        return moment

    @contextmanager
    def running(self) -> Iterator[DemoClock]:
        with clock(self):
            yield self
