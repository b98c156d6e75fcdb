"""Shared helpers of the page tests: a small process world and form posting with CSRF.

Imported into the test_pages_* modules as ``fresh_fixture`` and ``world_fixture``
(pytest finds fixtures in a module's namespace; the ``name=`` keeps test parameters
from shadowing the imports). This module has no tests of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from typing import Any

import pytest

from engine.models import Institution, Process, User


@pytest.fixture(name="fresh")
def fresh_fixture(client, db_session, monkeypatch):
    """Requests write through their own session; re-read rows in the test's session after each."""
    original = client.open

    def open_(*args: Any, **kwargs: Any):
        response = original(*args, **kwargs)
        db_session.expire_all()
        return response

    monkeypatch.setattr(client, "open", open_)
    return client


@dataclass
class World:
    process: Process
    lead: User
    core: User
    expert: User
    observer: User
    outsider: User
    home: Institution
    other: Institution


@pytest.fixture(name="world")
def world_fixture(db_session, make_user, make_institution, make_process, add_member, fresh) -> World:
    home = make_institution("Ministry of Home Affairs")
    other = make_institution("National Statistical Office", kind="statistics_office")
    lead = make_user("Amina Lead", "lead@example.org")
    process = make_process(lead=lead, institution=home, title="National migration policy")
    core = add_member(process, "core", user=make_user("Carlos Core", "core@example.org"),
                      institution=other).user
    expert = add_member(process, "expert", user=make_user("Eva Expert", "expert@example.org"),
                        institution=other).user
    observer = add_member(process, "observer",
                          user=make_user("Otto Observer", "observer@example.org"),
                          institution=home).user
    outsider = make_user("Nora Outsider", "outsider@example.org")
    db_session.flush()
    return World(process, lead, core, expert, observer, outsider, home, other)


def text(response) -> str:
    """The page as a person reads it: tags dropped, entities decoded, spaces collapsed."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def post(client, auth, path: str, data: dict[str, Any] | None = None, *,
         token_from: str = "/profile", **kwargs: Any):
    """POST a form the way a browser does, with a valid CSRF token."""
    payload = dict(data or {})
    payload["csrf_token"] = auth.csrf_token(token_from)
    return client.post(path, data=payload, **kwargs)
