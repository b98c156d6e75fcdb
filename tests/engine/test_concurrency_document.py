"""Many people saving one section at the same moment, with real commits.

These tests do not use the rolled-back ``db_session``: each writer has its own
session on the shared ``db_engine`` (SQLite file, or PostgreSQL when
POLICYCYCLE_TEST_DATABASE_URL is set) and commits; the rows made are removed after.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from engine.catalog import Catalog
from engine.errors import EditConflict, StaleState
from engine.models import AuditHead, Institution, Process, Revision, Section, User

REPO = Path(__file__).resolve().parents[2]
LINES = 20


def original_text() -> str:
    return "".join(f"Line {i:02d}: the original wording of point {i}.\n" for i in range(LINES))


def edited_line(i: int) -> str:
    return f"Line {i:02d}: rewritten by writer {i} at the same moment.\n"


@dataclass
class World:
    """Committed rows for one test: a process, its core group and one section."""

    process_id: int
    section_id: int
    user_ids: list[int]
    institution_id: int


def build_world(engine: Engine, writers: int, *, body: str = "") -> World:
    from engine.services import members
    from engine.services.document import sections
    from engine.services.institutions import create_institution
    from engine.services.processes import start_process
    from engine.services.users import create_user

    tag = uuid.uuid4().hex[:8]
    with Session(engine, expire_on_commit=False) as session:
        institution = create_institution(session, None, name=f"Ministry {tag}", kind="ministry",
                                         country="Ruritania")
        users = [create_user(session, None, email=f"w{n}-{tag}@example.org",
                             name=f"Writer {n} {tag}", password="correct horse battery",
                             may_start_processes=n == 0)
                 for n in range(writers)]
        process = start_process(session, users[0], Catalog(REPO / "workflows"),
                                title=f"Concurrency {tag}", workflow="national-policy",
                                country="Ruritania", requesting_institution_id=institution.id)
        for user in users[1:]:
            members.add_member(session, users[0], process, email=user.email,
                               institution_id=institution.id, role="core")
        section = sections.create_section(session, users[0], process, title="Shared section",
                                          body=body)
        session.commit()
        return World(process.id, section.id, [u.id for u in users], institution.id)


def remove_world(engine: Engine, world: World) -> None:
    with Session(engine) as session:
        process = session.get(Process, world.process_id)
        if process is not None:
            session.delete(process)  # sections, revisions, comments... cascade in the database
        session.execute(delete(AuditHead).where(AuditHead.chain == f"process:{world.process_id}"))
        session.flush()
        session.execute(delete(User).where(User.id.in_(world.user_ids)))
        session.execute(delete(Institution).where(Institution.id == world.institution_id))
        session.commit()


@pytest.fixture
def world_factory(db_engine: Engine) -> Iterator:
    made: list[World] = []

    def make(writers: int, body: str = "") -> World:
        made.append(build_world(db_engine, writers, body=body))
        return made[-1]

    yield make
    for world in made:
        remove_world(db_engine, world)


def save_own_line(factory: sessionmaker[Session], world: World, index: int,
                  start: threading.Barrier | None = None) -> tuple[int, int]:
    """Edit line ``index`` on top of whatever revision was read; retry on a refusal.

    The text is read in one transaction and saved in another, like a person with the
    editor open, so most saves are made on a stale base and must merge.
    Returns (revision number accepted, attempts).
    """
    from engine.services.document.sections import save_body

    attempts = 0
    while True:
        attempts += 1
        with factory() as session:
            section = session.get(Section, world.section_id)
            base, text = section.revision, section.body
        lines = text.splitlines(keepends=True)
        lines[index] = edited_line(index)
        if start is not None and attempts == 1:
            start.wait(timeout=60)
        with factory() as session:
            user = session.get(User, world.user_ids[index % len(world.user_ids)])
            section = session.get(Section, world.section_id)
            try:
                result = save_body(session, user, section, body="".join(lines), base_revision=base)
                session.commit()
                return result.revision, attempts
            except (EditConflict, StaleState, DBAPIError):
                session.rollback()
                if attempts > 40:
                    raise
                time.sleep(0.01 * attempts)


def check_history(factory: sessionmaker[Session], world: World, accepted: list[int]) -> None:
    with factory() as session:
        section = session.get(Section, world.section_id)
        numbers = list(session.scalars(select(Revision.number).where(
            Revision.section_id == world.section_id).order_by(Revision.number)))
        # Every accepted save is a revision; numbering has no gaps and no duplicates.
        assert numbers == list(range(1, len(numbers) + 1))
        assert set(accepted) <= set(numbers)
        assert len(set(accepted)) == len(accepted) == LINES
        assert section.revision == numbers[-1] == LINES + 1
        # Nothing lost: the final text holds every writer's line.
        assert section.body == "".join(edited_line(i) for i in range(LINES))
        merged = session.scalar(select(Revision).where(Revision.section_id == world.section_id,
                                                       Revision.merged.is_(True)).limit(1))
        assert merged is not None, "the saves were expected to overlap in time and merge"


@pytest.mark.slow
def test_twenty_threads_save_the_same_section(db_engine: Engine, world_factory) -> None:
    world = world_factory(LINES, body=original_text())
    factory = sessionmaker(bind=db_engine, expire_on_commit=False)
    start = threading.Barrier(LINES)
    accepted: list[int] = []
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            accepted.append(save_own_line(factory, world, index, start)[0])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(LINES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not errors, errors
    check_history(factory, world, accepted)


def _process_worker(url: str, world: World, indexes: list[int], queue) -> None:  # noqa: ANN001
    """One server process: its own engine, its own sessions (spawned, nothing inherited)."""
    from engine.db import make_engine, make_session_factory

    engine = make_engine(url)
    factory = make_session_factory(engine)
    done = 0
    try:
        for index in indexes:
            queue.put(("ok", save_own_line(factory, world, index)[0]))
            done += 1
    except BaseException as exc:  # noqa: BLE001 - sent to the parent, once per missing save
        for _ in indexes[done:]:
            queue.put(("error", repr(exc)))
    finally:
        engine.dispose()


@pytest.mark.postgres
@pytest.mark.slow
def test_several_processes_save_the_same_section_on_postgresql(db_engine: Engine,
                                                                world_factory) -> None:
    url = os.environ.get("POLICYCYCLE_TEST_DATABASE_URL")
    if not url or not url.startswith("postgresql"):
        pytest.skip("needs POLICYCYCLE_TEST_DATABASE_URL (PostgreSQL)")
    world = world_factory(LINES, body=original_text())
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = 5
    processes = [
        context.Process(target=_process_worker,
                        args=(url, world, list(range(w, LINES, workers)), queue))
        for w in range(workers)
    ]
    for process in processes:
        process.start()
    results = [queue.get(timeout=180) for _ in range(LINES)]
    for process in processes:
        process.join(timeout=60)
    assert [r for r in results if r[0] == "error"] == []
    check_history(sessionmaker(bind=db_engine), world, [r[1] for r in results])
