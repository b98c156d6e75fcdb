"""The world most web tests stand in: one process with a person in each role.

``make_world`` (tests/webapp/conftest.py) builds it through the engine services
from a ``Cast``: who plays each role and for which institution. The page tests
use ``PAGES`` (through the ``world`` fixture), the API tests ``API``, whose
people sign in by token and which adds an administrator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine.models import Institution, Process, User


@dataclass(frozen=True)
class Cast:
    """Names (and e-mail addresses, None: generated) of the people and institutions."""

    lead: tuple[str, str | None]
    core: tuple[str, str | None]
    expert: tuple[str, str | None]
    observer: tuple[str, str | None]
    outsider: tuple[str, str | None]
    admin: tuple[str, str | None] | None
    home: str  # the requesting institution (the lead's and the observer's)
    other: str  # a statistics office (the core member's and the expert's)
    passwords: bool  # pages sign in with a password; the API by token (no slow hashing)
    tokens: bool


PAGES = Cast(
    lead=("Amina Lead", "lead@example.org"), core=("Carlos Core", "core@example.org"),
    expert=("Eva Expert", "expert@example.org"),
    observer=("Otto Observer", "observer@example.org"),
    outsider=("Nora Outsider", "outsider@example.org"), admin=None,
    home="Ministry of Home Affairs", other="National Statistical Office",
    passwords=True, tokens=False,
)
API = Cast(
    lead=("Lena Lead", None), core=("Cora Core", None), expert=("Ed Expert", None),
    observer=("Olga Observer", None), outsider=("Otto Outsider", None),
    admin=("Ada Admin", None), home="Ministry of the Interior",
    other="National Statistics Office", passwords=False, tokens=True,
)
CASTS = {"pages": PAGES, "api": API}


@dataclass
class World:
    """A process with one person in each role, an outsider (and, for the API, an
    administrator); ``world["core"]`` is the core member's API client."""

    process: Process
    home: Institution
    other: Institution
    lead: User
    core: User
    expert: User
    observer: User
    outsider: User
    admin: User | None = None
    apis: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, who: str) -> Any:
        return self.apis[who]

    @property
    def pid(self) -> int:
        return self.process.id

    @property
    def institution(self) -> Institution:
        return self.home

    @property
    def other_institution(self) -> Institution:
        return self.other
