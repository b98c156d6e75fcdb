"""The one place that turns errors into HTTP answers: JSON under /api, pages elsewhere."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from engine.errors import (
    Conflict,
    DomainError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    TooLarge,
    Unavailable,
    UnsupportedFile,
)
from engine.i18n import Message
from webapp.templating import t

log = logging.getLogger(__name__)

STATUS_FOR: list[tuple[type[DomainError], int]] = [
    (NotFound, 404),
    (PermissionDenied, 403),
    (InvalidInput, 422),
    (Conflict, 409),
    (TooLarge, 413),
    (UnsupportedFile, 415),
    (Unavailable, 501),
]


class ApiError(Exception):
    """An error raised by the web adapter itself (bad JSON, missing auth...)."""

    def __init__(self, status: int, code: str, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details


def status_of(error: DomainError) -> int:
    for cls, status in STATUS_FOR:
        if isinstance(error, cls):
            return status
    return 400


def wants_json() -> bool:
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best == "application/json"
    )


def error_response(
    status: int, code: str, message: str, details: Any = None, *, key: Message | None = None
) -> Response:
    """The error as JSON, or as a page in the reader's language (``key``: the engine's message).

    The JSON keeps exactly ``code``, ``message`` (English) and ``details``: API
    clients and the OpenAPI document rely on that shape.
    """
    if wants_json():
        response = jsonify({"error": {"code": code, "message": message, "details": details}})
        response.status_code = status
        if status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="policycycle"'
        return response
    html = render_template(
        "errors/error.html", status=status, code=code,
        message=t(key) if key is not None else message, details=details,
    )
    return Response(html, status=status, mimetype="text/html")


#: Seconds a client is asked to wait when the database cannot be reached.
RETRY_AFTER_SECONDS = 5

#: Errors that say the database is unreachable or busy, not that the request was wrong:
#: connection refused, server shutting down or starting up, connection lost, pool exhausted,
#: SQLite's lock timeout.
UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeout)


def unavailable_response(error: Exception) -> Response:
    """503 with Retry-After, drawn without touching the database again."""
    from flask import current_app, g

    log.warning("database unavailable: %s", error.__class__.__name__, exc_info=error)
    session = g.pop("db_session", None)
    if session is not None:
        try:
            session.close()
        except Exception:  # noqa: BLE001 - the connection is gone; the pool drops it
            log.debug("closing the session after an outage failed", exc_info=True)
    # The page must not try to load the signed-in person (nor their language) again.
    if "_login_user" not in g:
        g._login_user = current_app.login_manager.anonymous_user()
    response = error_response(
        503, "unavailable", _("The service cannot reach its database just now. "
                              "Please try again in a moment.")
    )
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response


def response_for_commit_failure(exc: Exception) -> Response:
    if isinstance(exc, StaleDataError):
        return error_response(409, "stale", _("Someone else changed this at the same moment; reload and try again."))
    if isinstance(exc, IntegrityError):
        return error_response(409, "conflict", _("This clashes with a record that already exists."))
    if isinstance(exc, UNAVAILABLE):
        return unavailable_response(exc)
    log.exception("commit failed")
    return error_response(500, "internal", _("Something went wrong on our side."))


def _refuse_nul_characters() -> Response | None:
    """No database stores NUL in text (PostgreSQL refuses it): reject it at the door."""
    values = [request.path, *request.args.values(), *request.args.keys()]
    # The API parses its own (JSON) bodies and refuses other media types with 415.
    if not request.path.startswith("/api/") and request.mimetype in (
        "application/x-www-form-urlencoded", "multipart/form-data"
    ):
        values += [*request.form.values(), *request.form.keys()]
    if any("\x00" in value for value in values):
        return error_response(400, "bad_request", _("The request contains a NUL character."))
    return None


def init_app(app: Flask) -> None:
    app.before_request(_refuse_nul_characters)

    @app.errorhandler(DataError)
    def _data(error: DataError) -> Response:
        return error_response(422, "invalid", _("A value is out of the range the database can store."))

    @app.errorhandler(DomainError)
    def _domain(error: DomainError) -> Response:
        return error_response(status_of(error), error.code, error.message, error.details,
                              key=error.msg)

    @app.errorhandler(ApiError)
    def _api(error: ApiError) -> Response:
        return error_response(error.status, error.code, error.message, error.details)

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError) -> Response:
        return error_response(
            400, "csrf", _("The form expired or did not come from this site. Reload the page and try again.")
        )

    @app.errorhandler(StaleDataError)
    def _stale(error: StaleDataError) -> Response:
        return response_for_commit_failure(error)

    @app.errorhandler(IntegrityError)
    def _integrity(error: IntegrityError) -> Response:
        return response_for_commit_failure(error)

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(PoolTimeout)
    def _unavailable(error: Exception) -> Response:
        return unavailable_response(error)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Response:
        code = {
            400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
            405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type",
        }.get(error.code or 500, "error")
        messages = {
            404: _("There is nothing at this address."),
            405: _("This address does not accept that method."),
            413: _("The request is too large."),
            401: _("Sign in first."),
        }
        response = error_response(error.code or 500, code,
                                  messages.get(error.code or 0, error.description or ""))
        # Keep what Werkzeug says besides the body: Allow on 405, Retry-After on 429...
        for name, value in error.get_headers():
            if name.lower() not in ("content-type", "content-length"):
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        log.exception("unexpected error")
        return error_response(500, "internal", _("Something went wrong on our side. The error was logged."))
