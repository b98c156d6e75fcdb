"""Versioned static files: a content hash in every static URL, cached for a year.

Every ``url_for("static", filename=...)`` (and the ``asset()`` template
global) carries ``?v=<sha256 prefix>`` of the file's content. A request whose
``v`` matches the file on disk may be cached for good (``immutable``): a new
version of the file has a new URL. A request without a version, or with an old
one, gets a short max-age so that a stale copy never lives long.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, request, url_for

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"


@lru_cache(maxsize=256)
def _digest(path: str, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def version_of(filename: str) -> str | None:
    """The content hash of a static file, or None when there is no such file."""
    folder = Path(current_app.static_folder or "").resolve()
    path = (folder / filename).resolve()
    if not path.is_relative_to(folder):
        return None
    try:
        stat = path.stat()
    except OSError:
        return None
    if not path.is_file():
        return None
    return _digest(str(path), stat.st_mtime_ns, stat.st_size)


def static_url(filename: str) -> str:
    """The URL of a static file with its content hash (``/static/css/app.css?v=...``)."""
    return url_for("static", filename=filename)


def _add_version(endpoint: str, values: dict[str, Any]) -> None:
    if endpoint == "static" and "v" not in values and "filename" in values:
        version = version_of(values["filename"])
        if version is not None:
            values["v"] = version


def _cache_headers(response: Response) -> Response:
    if request.endpoint != "static" or response.status_code not in (200, 304):
        return response
    filename = (request.view_args or {}).get("filename", "")
    current = version_of(filename)
    fresh = current is not None and request.args.get("v") == current
    response.headers["Cache-Control"] = IMMUTABLE if fresh else SHORT
    response.expires = None
    return response


def init_app(app: Flask) -> None:
    app.url_defaults(_add_version)
    app.after_request(_cache_headers)
