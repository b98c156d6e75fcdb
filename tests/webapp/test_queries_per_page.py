"""A page reads the signed-in person's membership once, and derives their role and
what they may do from it (instead of asking the database for each flag)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import event

from tests.webapp.browser import text


@pytest.fixture
def statements(db_connection) -> Iterator[list[str]]:
    """Every SQL statement sent on the test's connection while the fixture is active."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, _params, _context, _many) -> None:
        seen.append(statement)

    event.listen(db_connection, "before_cursor_execute", record)
    yield seen
    event.remove(db_connection, "before_cursor_execute", record)


def membership_reads(statements: list[str]) -> list[str]:
    return [s for s in statements if "FROM memberships" in " ".join(s.split())]


@pytest.mark.parametrize("who", ["lead", "core", "observer"])
def test_overview_reads_the_memberships_once(client, auth, world, statements, who):
    auth.login(getattr(world, who))
    statements.clear()
    page = client.get(f"/processes/{world.process.id}")
    assert page.status_code == 200
    assert ("Move the process" in text(page)) is (who == "lead")
    assert len(membership_reads(statements)) == 1, membership_reads(statements)


@pytest.mark.parametrize("path", ["/document", "/analysis", "/deliverables", "/members"])
def test_other_process_pages_read_the_memberships_once(client, auth, world, statements, path):
    auth.login(world.core)
    statements.clear()
    page = client.get(f"/processes/{world.process.id}{path}")
    assert page.status_code == 200
    assert len(membership_reads(statements)) == 1, membership_reads(statements)
