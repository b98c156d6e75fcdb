"""Demo data: four policy processes of the (fictional) Republic of Veloria.

``load_demo(session, catalog)`` creates, through the engine's services only,
the people and institutions of a migration-policy core group and three
processes at different points of their cycle:

* **A** ``National Migration and Citizenship Policy``: part-way through policy
  analysis, its checklist half green, half red;
* **B** ``National Immigration Strategy 2027–2032``: in validation;
* **C** a technical-assistance request, before the steering group;
* **D** ``Stratégie nationale de lutte contre la traite des personnes``: a
  francophone process (document language French) in policy analysis;
* **E** ``National Labour Migration Policy 2025–2028``: adopted last year and in
  implementation, one reporting period on track and validated, the current one
  with delayed measures and an indicator off its trajectory.

A make-believe clock (``engine.demo.clock``) spreads the history over the
months before today, so the audit chain is real and verifies. Loading is
idempotent: if the demo is there already, nothing is created. The session is
flushed, never committed (the caller commits).

Each process is told by one module with a ``build(story)`` function; add
data to a process there (for instance the structured analysis).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.catalog import Catalog
from engine.demo import (
    border_data,
    immigration_strategy,
    labour_migration,
    migration_policy,
    trafficking_strategy,
)
from engine.demo.cast import Cast, create_cast, email_of, logins
from engine.demo.clock import DemoClock
from engine.demo.story import Story
from engine.models import Process
from engine.services.users import by_email

__all__ = ["DEMO_PASSWORD", "DemoResult", "load_demo"]

DEMO_PASSWORD = "demo-policy-2026"  # noqa: S105 - printed for everyone to use: it is a demo

#: The processes, in the order they are told; each module has TITLE, DAYS_AGO and build().
PROCESSES = (immigration_strategy, migration_policy, trafficking_strategy, border_data,
             labour_migration)

#: The accounts and institutions are created this many days before the oldest process.
CAST_LEAD_DAYS = 14


@dataclass
class DemoResult:
    created: bool
    logins: list[tuple[str, str, str]]
    processes: list[Process] = field(default_factory=list)


def already_loaded(session: Session) -> bool:
    """True when the demo's administrator or its first process exists."""
    if by_email(session, email_of("admin")) is not None:
        return True
    return session.scalar(
        select(Process.id).where(Process.title == migration_policy.TITLE).limit(1)
    ) is not None


def load_demo(session: Session, catalog: Catalog) -> DemoResult:
    """Load the demo once; flush, do not commit."""
    if already_loaded(session):
        return DemoResult(created=False, logins=logins())
    today = datetime.now(UTC).date()
    oldest = max(module.DAYS_AGO for module in PROCESSES)
    with DemoClock(today - timedelta(days=oldest + CAST_LEAD_DAYS)).running():
        cast = create_cast(session, DEMO_PASSWORD)
    built = [_tell(session, catalog, cast, module, today) for module in PROCESSES]
    session.flush()
    return DemoResult(created=True, logins=logins(), processes=built)


def _tell(session: Session, catalog: Catalog, cast: Cast, module, today) -> Process:
    clock = DemoClock(today - timedelta(days=module.DAYS_AGO))
    with clock.running():
        return module.build(Story(session, catalog, cast, clock))
