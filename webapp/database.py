"""One SQLAlchemy session per request, committed once after the view succeeded."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, current_app, g
from sqlalchemy.orm import Session

from engine.db import make_engine, make_session_factory


def init_app(app: Flask) -> None:
    factory = app.config.get("SESSION_FACTORY")
    if factory is None:
        engine = app.config.get("SQLALCHEMY_ENGINE") or make_engine(app.config["DATABASE_URL"])
        factory = make_session_factory(engine)
    app.extensions["policycycle.sessions"] = factory
    app.after_request(_commit)
    app.teardown_appcontext(_close)


def get_session() -> Session:
    """The request's session (created on first use)."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["policycycle.sessions"]()
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
