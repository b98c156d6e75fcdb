"""Uploads and downloads of stored files: the size limit of upload routes, and how a
stored file is served (always as an attachment, never sniffed or rendered)."""

from __future__ import annotations

from io import BytesIO

from flask import Flask, Response, current_app, request, send_file

from engine.models import StoredFile
from engine.services.files import DEFAULT_MAX_BYTES

#: Routes that take a file: their requests may be as large as UPLOAD_MAX_BYTES.
UPLOAD_ENDPOINTS = frozenset({"api.upload_deliverable_file",
                              "workspace.upload_deliverable_version",
                              "api.upload_report_file",
                              "workspace.upload_report_file"})
#: Room for the multipart envelope and the form's other fields.
ENVELOPE = 256 * 1024


def upload_limit() -> int:
    """The largest file accepted, in bytes (``UPLOAD_MAX_BYTES``)."""
    return int(current_app.config.get("UPLOAD_MAX_BYTES") or DEFAULT_MAX_BYTES)


def _raise_limit() -> None:
    if request.endpoint in UPLOAD_ENDPOINTS:
        request.max_content_length = upload_limit() + ENVELOPE


def init_app(app: Flask) -> None:
    # Before CSRF protection reads the form: an upload route's body may exceed the
    # site-wide MAX_CONTENT_LENGTH up to the upload limit.
    app.before_request(_raise_limit)


def send_stored(stored: StoredFile, data: bytes) -> Response:
    """The file as a download: attachment, its sniffed type, no sniffing, no rendering."""
    response = send_file(BytesIO(data), mimetype=stored.content_type, as_attachment=True,
                         download_name=stored.name or "file", etag=stored.sha256,
                         max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["Cache-Control"] = "private, no-cache"
    return response
