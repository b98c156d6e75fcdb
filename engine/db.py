"""Database plumbing: the declarative base, engines and sessions.

Nothing here runs at import time; callers build engines explicitly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

# Stable constraint names, so that migrations can refer to them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware.

    SQLite keeps no zone, so values are normalised on the way in and out.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use engine.db.utcnow()")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class JSONType(TypeDecorator[Any]):
    """JSON on every backend, JSONB where PostgreSQL offers it."""

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: Any) -> Any:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(JSON())


# A clock that replaces the real one inside ``clock()`` (demo data with a past, tests).
_clock: ContextVar[Callable[[], datetime] | None] = ContextVar("policycycle_clock", default=None)


def utcnow() -> datetime:
    """Now, in UTC, timezone-aware (read from the clock set by ``clock()``, if any)."""
    source = _clock.get()
    return source() if source is not None else datetime.now(UTC)


@contextmanager
def clock(source: Callable[[], datetime]) -> Iterator[None]:
    """Inside the block, every ``utcnow()`` (services, audit, column defaults) asks ``source``.

    Used to load demo data whose history spans months, with a valid audit
    chain; never set while serving requests.
    """
    token = _clock.set(source)
    try:
        yield
    finally:
        _clock.reset(token)


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine with the settings each backend needs for safe concurrency."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        connect_args = kwargs.pop("connect_args", {})
        connect_args.setdefault("timeout", 30)
        connect_args.setdefault("check_same_thread", False)
        engine = create_engine(url, connect_args=connect_args, **kwargs)
        _configure_sqlite(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


# Whether the transactions begun here may write (see ``write_intent``). Writing is the
# default: only code that says it reads (the web layer, for GET and HEAD) reads unlocked.
_write_intent: ContextVar[bool] = ContextVar("policycycle_write_intent", default=True)

_WRITE_STATEMENTS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "SAVEPOINT", "CREATE", "DROP",
                     "ALTER")


@contextmanager
def write_intent(writes: bool) -> Iterator[None]:
    """Inside the block, new SQLite transactions take the write lock at BEGIN only if ``writes``.

    With ``writes=False`` a transaction begins deferred: it reads from a snapshot
    without holding the single write lock, so readers never queue behind
    writers. Should it write after all (a page that notes a visit), it is
    restarted as a write transaction just before its first write: SQLite
    cannot upgrade a read snapshot once another writer has committed, so the
    read snapshot ends there and BEGIN IMMEDIATE waits its turn for the lock.
    Reads made before that point may be a moment older than the write; only
    use ``writes=False`` where that does not matter (bookkeeping on a read).
    PostgreSQL ignores it.
    """
    token = _write_intent.set(writes)
    try:
        yield
    finally:
        _write_intent.reset(token)


def writes_intended() -> bool:
    """Whether transactions begun now take the write lock at BEGIN (see ``write_intent``)."""
    return _write_intent.get()


def _is_write(statement: str) -> bool:
    return statement.lstrip()[:9].upper().startswith(_WRITE_STATEMENTS)


def _configure_sqlite(engine: Engine) -> None:
    """Turn on foreign keys and WAL; take the write lock at BEGIN when the work writes.

    SQLite cannot upgrade a read transaction to a write one while another
    writer holds the lock; beginning a writing transaction with BEGIN
    IMMEDIATE makes concurrent writers queue (up to the busy timeout) instead
    of failing. Reading transactions (``write_intent(False)``) begin deferred.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if engine.url.database and engine.url.database != ":memory:":
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if writes_intended():
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            connection.info["policycycle_lock"] = "write"
        else:
            connection.exec_driver_sql("BEGIN")
            connection.info["policycycle_lock"] = "read"

    @event.listens_for(engine, "before_cursor_execute")
    def _before_execute(connection: Any, cursor: Any, statement: str, *_args: Any) -> None:
        if connection.info.get("policycycle_lock") == "read" and _is_write(statement):
            connection.info["policycycle_lock"] = "write"
            cursor.execute("COMMIT")  # ends the read snapshot; nothing was written
            cursor.execute("BEGIN IMMEDIATE")

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _on_end(connection: Any) -> None:
        connection.info.pop("policycycle_lock", None)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that do not expire objects on commit (views render after commit)."""
    return sessionmaker(bind=engine, expire_on_commit=False, future=True)


def transaction_memo(session: Session, name: str) -> dict[Any, Any]:
    """A dict kept in ``session.info`` for the session's current transaction only.

    What a transaction learnt (a row it locked, a membership it read) must not
    outlive it: when another transaction has begun since, the dict starts empty.
    Before the session's first statement there is no transaction yet, and the dict
    then asked for is dropped by the first call made inside one.
    """
    transaction = session.get_transaction()
    held = session.info.get(name)
    if held is None or held[0] is not transaction:
        held = session.info[name] = (transaction, {})
    return held[1]


class LazyLoadRefused(RuntimeError):
    """A relationship was loaded one object at a time: an N+1 in the making."""


#: How many objects of one kind may lazy-load the same relationship in one session
#: before the guard calls it a loop (a request may well touch two processes).
LAZY_LOADS_ALLOWED = 2


def refuse_repeated_lazy_loads(session: Session, allowed: int = LAZY_LOADS_ALLOWED) -> None:
    """Make a relationship that ``session`` lazy-loads for too many objects raise.

    A lazy load issues one SELECT per object it is touched on, which is how an N+1
    creeps into a page: a loop over rows reading a relationship nobody loaded eagerly.
    A lazy load on the one or two objects a request works on costs the same whatever
    the data size and is let through; the same relationship loaded for a third object
    of the same kind is a loop, and raises. The web adapter switches this on in tests
    (``LAZY_LOADS = "raise"``) so that such a loop fails a test instead of slowing a
    page. Eager loads (``selectin``, ``joined``) and look-ups answered by the identity
    map are not affected.
    """
    seen: dict[tuple[str, str], set[Any]] = {}

    @event.listens_for(session, "do_orm_execute")
    def _refuse(state: Any) -> None:
        if not state.is_select or not state.is_relationship_load:
            return
        parent = state.lazy_loaded_from
        if parent is None:
            return
        key = (parent.class_.__name__, _relationship_name(state, parent))
        objects = seen.setdefault(key, set())
        objects.add(parent.key or id(parent))
        if len(objects) > allowed:
            raise LazyLoadRefused(
                f"{key[0]}.{key[1]} lazy-loaded for {len(objects)} {key[0]} objects: load it "
                "eagerly (selectinload/joinedload) or read the rows in one query")


def _relationship_name(state: Any, parent: Any) -> str:
    path = state.loader_strategy_path
    if path is not None and len(path) > 1:
        return str(getattr(path[-1], "key", path[-1]))
    return ", ".join(sorted(m.class_.__name__ for m in state.all_mappers))
