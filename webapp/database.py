"""One SQLAlchemy session per request, committed once after the view succeeded."""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

from flask import Flask, Response, current_app, g, request
from sqlalchemy.orm import Session

from engine.db import make_engine, make_session_factory, refuse_repeated_lazy_loads, write_intent

#: Methods that read: their transaction takes no write lock up front (SQLite).
READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def init_app(app: Flask) -> None:
    factory = app.config.get("SESSION_FACTORY")
    if factory is None:
        engine = app.config.get("SQLALCHEMY_ENGINE") or make_engine(app.config["DATABASE_URL"])
        factory = make_session_factory(engine)
    app.extensions["policycycle.sessions"] = factory
    app.before_request(_declare_intent)
    app.after_request(_commit)
    app.teardown_request(_end_intent)
    app.teardown_appcontext(_close)


def _declare_intent() -> None:
    """Reading requests begin deferred; writing ones take the write lock at BEGIN (SQLite)."""
    stack = ExitStack()
    stack.enter_context(write_intent(request.method not in READING_METHODS))
    g.policycycle_intent = stack


def _end_intent(_exc: BaseException | None) -> None:
    stack: ExitStack | None = g.pop("policycycle_intent", None)
    if stack is not None:
        stack.close()


def get_session() -> Session:
    """The request's session (created on first use)."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["policycycle.sessions"]()
        if current_app.config.get("LAZY_LOADS") == "raise":
            refuse_repeated_lazy_loads(g.db_session)
    return g.db_session


def engine_of(app: Flask) -> Any:
    return app.extensions["policycycle.sessions"].kw["bind"]


def _commit(response: Response) -> Response:
    session: Session | None = g.pop("db_session", None)
    if session is None:
        return response
    try:
        if response.status_code < 400:
            session.commit()
        else:
            session.rollback()
    except Exception as exc:  # noqa: BLE001 - mapped to a clean error response below
        session.rollback()
        session.close()
        from webapp.errors import response_for_commit_failure

        return response_for_commit_failure(exc)
    session.close()
    return response


def _close(_exc: BaseException | None) -> None:
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        session.rollback()
        session.close()
