"""Compressed responses (Brotli or gzip, as the browser accepts): pages, JSON, CSS, JS."""

from __future__ import annotations

from flask import Flask
from flask_compress import Compress

DEFAULTS = {
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    # Static files are sent as streams; gzip them too (Flask-Compress leaves gzip
    # out of streams by default), they are fetched once per version.
    "COMPRESS_ALGORITHM_STREAMING": ["br", "gzip"],
    "COMPRESS_LEVEL": 6,
    "COMPRESS_BR_LEVEL": 4,
    "COMPRESS_MIN_SIZE": 500,
    "COMPRESS_MIMETYPES": [
        "text/html", "text/css", "text/plain", "text/javascript",
        "application/javascript", "application/json", "application/problem+json",
        "image/svg+xml",
    ],
}


def init_app(app: Flask) -> None:
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    Compress(app)
