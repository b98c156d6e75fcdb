"""Checks of incoming values shared by the services; each failure names its field."""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from engine.errors import InvalidInput
from engine.i18n import msg

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def text(value: Any, field: str, *, max_length: int = 300, required: bool = True) -> str:
    """A trimmed string; empty is refused when required."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(msg("%(field)s must be text.", field=field), {field: msg("must be text")})
    value = value.strip()
    if required and not value:
        raise InvalidInput(msg("%(field)s is required.", field=field), {field: msg("is required")})
    if len(value) > max_length:
        raise InvalidInput(
            msg("%(field)s is too long.", field=field), {field: msg("must be at most %(max_length)s characters", max_length=max_length)}
        )
    return value


def optional_text(value: Any, field: str, *, max_length: int = 20000) -> str | None:
    result = text(value, field, max_length=max_length, required=False)
    return result or None


def email(value: Any, field: str = "email") -> str:
    address = text(value, field, max_length=254).lower()
    if not EMAIL_RE.match(address):
        raise InvalidInput(msg("That is not an email address."), {field: msg("must be an email address")})
    return address


def choice(value: Any, field: str, allowed: Mapping[str, str] | Iterable[str]) -> str:
    keys = list(allowed.keys() if isinstance(allowed, Mapping) else allowed)
    if value not in keys:
        raise InvalidInput(
            msg("%(field)s must be one of: %(choices)s.", field=field, choices=", ".join(keys)),
            {field: msg("must be one of %(keys)s", keys=keys)},
        )
    return str(value)


def choices(value: Any, field: str, allowed: Mapping[str, str]) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise InvalidInput(msg("%(field)s must be a list.", field=field), {field: msg("must be a list")})
    unknown = [v for v in value if v not in allowed]
    if unknown:
        raise InvalidInput(
            msg("Unknown %(field)s: %(values)s.", field=field, values=", ".join(map(str, unknown))),
            {field: msg("unknown values %(unknown)s; allowed: %(allowed)s", unknown=unknown,
                        allowed=list(allowed))},
        )
    return list(dict.fromkeys(value))


def flag(value: Any, field: str) -> bool:
    """A yes/no value: a boolean, or "true"/"false" (also "1"/"0", "on", empty) as text."""
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("", "0", "false", "no", "off"):
        return False
    if isinstance(value, str) and value.strip().lower() in ("1", "true", "yes", "on"):
        return True
    raise InvalidInput(msg("%(field)s must be true or false.", field=field),
                       {field: msg("true or false")})


def a_date(value: Any, field: str, *, required: bool = False) -> date | None:
    if value in (None, ""):
        if required:
            raise InvalidInput(msg("%(field)s is required.", field=field), {field: msg("is required")})
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(
            msg("%(field)s must be a date (YYYY-MM-DD).", field=field), {field: msg("must be a date YYYY-MM-DD")}
        ) from None


def timezone(value: Any, field: str = "timezone") -> str | None:
    """An IANA time zone name ("Africa/Dakar"); empty means none (the site's default)."""
    if value in (None, ""):
        return None
    if not isinstance(value, str) or value not in _timezones():
        raise InvalidInput(
            f"{field} must be an IANA time zone name such as Europe/Paris.",
            {field: "must be an IANA time zone name"},
        )
    return value


@lru_cache(maxsize=1)
def _timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def currency(value: Any, field: str = "currency") -> str | None:
    """An ISO 4217 currency code ("EUR", "XOF"); empty means none (the site's default)."""
    if value in (None, ""):
        return None
    code = value.strip().upper() if isinstance(value, str) else value
    if not isinstance(code, str) or code not in _currencies():
        raise InvalidInput(f"{field} must be an ISO 4217 currency code such as EUR.",
                           {field: "must be an ISO 4217 currency code"})
    return code


@lru_cache(maxsize=1)
def _currencies() -> frozenset[str]:
    from babel.numbers import list_currencies

    return frozenset(list_currencies())
