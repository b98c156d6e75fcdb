"""SQLite: only writing transactions hold the write lock; reading ones never block writers."""

from __future__ import annotations

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from engine.db import make_engine, write_intent, writes_intended


@pytest.fixture
def sqlite_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'locks.db'}"
    setup = make_engine(url)
    with setup.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        connection.exec_driver_sql("INSERT INTO notes (body) VALUES ('first')")
    setup.dispose()
    return url


@pytest.fixture
def impatient_writer(sqlite_file):
    """A second engine that gives up at once when the write lock is taken."""
    engine = make_engine(sqlite_file, connect_args={"timeout": 0})

    @event.listens_for(engine, "connect")
    def _no_wait(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA busy_timeout=0")

    yield engine
    engine.dispose()


def _write(engine, body: str) -> None:
    with Session(engine) as session, session.begin():
        session.execute(text("INSERT INTO notes (body) VALUES (:b)"), {"b": body})


def test_a_reading_transaction_leaves_the_write_lock_free(sqlite_file, impatient_writer):
    reader_engine = make_engine(sqlite_file)
    try:
        with write_intent(False), Session(reader_engine) as reader:
            assert reader.scalar(text("SELECT count(*) FROM notes")) == 1
            # The reader's transaction is still open: a writer goes ahead at once.
            _write(impatient_writer, "second")
            # ... and the reader keeps its snapshot.
            assert reader.scalar(text("SELECT count(*) FROM notes")) == 1
    finally:
        reader_engine.dispose()


def test_a_writing_transaction_takes_the_lock_at_begin(sqlite_file, impatient_writer):
    writer_engine = make_engine(sqlite_file)
    try:
        assert writes_intended()  # the default: code that does not say it only reads
        with Session(writer_engine) as writer:
            writer.scalar(text("SELECT count(*) FROM notes"))
            with pytest.raises(OperationalError, match="locked"):
                _write(impatient_writer, "queued")
            writer.rollback()
        _write(impatient_writer, "after")
    finally:
        writer_engine.dispose()


def test_a_read_that_writes_after_another_commit_still_saves(sqlite_file, impatient_writer):
    """A deferred read cannot be upgraded once another writer committed: it is restarted."""
    reader_engine = make_engine(sqlite_file)
    try:
        with write_intent(False), Session(reader_engine) as reader:
            reader.scalar(text("SELECT count(*) FROM notes"))
            _write(impatient_writer, "meanwhile")
            reader.execute(text("INSERT INTO notes (body) VALUES ('bookkeeping')"))
            reader.commit()
        with Session(reader_engine) as check:
            bodies = check.scalars(text("SELECT body FROM notes ORDER BY id")).all()
        assert bodies == ["first", "meanwhile", "bookkeeping"]
    finally:
        reader_engine.dispose()
