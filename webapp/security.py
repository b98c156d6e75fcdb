"""Defences every response and every sign-in share: security headers and rate limits.

Rate limits use the ``limits`` library (what Flask-Limiter is built on) with a
moving window. Only failures count, per account and per client address, so a
person who types the right password is never slowed down by others' attempts
on other accounts. Storage is ``RATELIMIT_STORAGE_URI``: ``memory://`` for one
process, ``redis://...`` when several processes or hosts serve the site.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from flask import Flask, Response, current_app, request
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

#: No inline script or style anywhere: every script and style sheet is a file.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


@dataclass
class Throttle:
    """Counts failures of one kind (e.g. sign-in) per key; refuses once a limit is reached."""

    name: str
    limiter: MovingWindowRateLimiter
    limit_text: str

    @property
    def item(self):  # noqa: ANN201 - a limits.RateLimitItem
        return parse(self.limit_text)

    def retry_after(self, *keys: str) -> int | None:
        """Seconds to wait if any key has used up its failures, else None."""
        item = self.item
        waits = []
        for key in keys:
            if not self.limiter.test(item, self.name, key):
                stats = self.limiter.get_window_stats(item, self.name, key)
                waits.append(max(1, math.ceil(stats.reset_time - time.time())))
        return max(waits) if waits else None

    def failed(self, *keys: str) -> None:
        item = self.item
        for key in keys:
            self.limiter.hit(item, self.name, key)

    def clear(self, *keys: str) -> None:
        item = self.item
        for key in keys:
            self.limiter.clear(item, self.name, key)


def make_limiter(uri: str, prefix: str) -> MovingWindowRateLimiter:
    options = {"key_prefix": prefix} if not uri.startswith("memory://") else {}
    return MovingWindowRateLimiter(storage_from_string(uri, **options))


def throttle(name: str) -> Throttle:
    """The app's throttle called ``name`` ("login", "password_reset" or "public_input")."""
    return current_app.extensions["policycycle.throttles"][name]


def client_address() -> str:
    """The client's address as the WSGI server saw it (put ProxyFix in front behind a proxy)."""
    return request.remote_addr or "unknown"


def _headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def init_app(app: Flask) -> None:
    app.config.setdefault("LOGIN_RATE_LIMIT", "10 per 15 minutes")
    app.config.setdefault("PASSWORD_RESET_RATE_LIMIT", "5 per hour")
    app.config.setdefault("PUBLIC_INPUT_RATE_LIMIT", "5 per hour")
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "policycycle")
    limiter = make_limiter(str(app.config["RATELIMIT_STORAGE_URI"] or "memory://"),
                           str(app.config["RATELIMIT_KEY_PREFIX"]))
    app.extensions["policycycle.throttles"] = {
        "login": Throttle("login", limiter, str(app.config["LOGIN_RATE_LIMIT"])),
        "password_reset": Throttle("password_reset", limiter,
                                   str(app.config["PASSWORD_RESET_RATE_LIMIT"])),
        # Submissions through a public consultation page, per client address.
        "public_input": Throttle("public_input", limiter,
                                 str(app.config["PUBLIC_INPUT_RATE_LIMIT"])),
    }
    # after_request functions run last-registered first: this one goes last of all, so
    # that answers replaced on the way out (a failed commit) carry the headers too.
    app.after_request_funcs.setdefault(None, []).insert(0, _headers)
