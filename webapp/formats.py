"""The one set of Jinja filters that show dates, times, numbers and amounts.

Every page uses the same family, in the reader's language (Babel) and time zone
(the profile's): dates in the medium style ("28 nov. 2026"), moments as that
date with a short time and the zone's offset ("28 nov. 2026, 08:45 UTC+01:00"), relative
times ("il y a 3 jours"), numbers with the locale's separators and amounts with
their ISO 4217 currency. ``iso`` is the machine form for ``<time datetime>``
and form values, never for a person to read.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from babel import dates as babel_dates
from babel.numbers import get_currency_name
from flask import Flask, current_app
from flask_babel import (
    format_currency,
    format_date,
    format_decimal,
    format_percent,
    format_time,
    format_timedelta,
    get_locale,
    get_timezone,
    gettext,
    to_user_timezone,
)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def day(value: date | datetime | None) -> str:
    """A date ("28 nov. 2026"); a moment is first taken to the reader's time zone."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_user_timezone(_aware(value)).date()
    return format_date(value, "medium")


def moment(value: datetime | None) -> str:
    """A moment: the medium date, the short time and the reader's zone."""
    if value is None:
        return ""
    value = _aware(value)
    locale = get_locale()
    local = to_user_timezone(value)
    zone = babel_dates.get_timezone_gmt(local, "long", locale=locale)
    pattern = babel_dates.get_datetime_format("medium", locale=locale).replace("'", "")
    return (pattern.replace("{1}", format_date(local.date(), "medium"))
            .replace("{0}", f"{format_time(value, 'short')} {zone}"))


def ago(value: datetime | None) -> str:
    """How long ago, in the reader's language ("3 days ago")."""
    if value is None:
        return ""
    return format_timedelta(_aware(value) - datetime.now(UTC), granularity="minute",
                            add_direction=True)


def iso(value: date | datetime | None) -> str:
    """The machine form (ISO 8601), for <time datetime> and form values."""
    return value.isoformat() if value else ""


def number(value: float | Decimal | int | None, digits: int | None = None) -> str:
    """A number with the locale's separators; ``digits`` fixes the decimals shown."""
    if value is None:
        return ""
    if digits is None:
        return format_decimal(value)
    return format_decimal(value, format="#,##0." + "0" * digits if digits else "#,##0")


def percent(value: float | Decimal | None) -> str:
    """A share (0.25) as the locale writes a percentage ("25 %")."""
    return format_percent(value) if value is not None else ""


def default_currency() -> str:
    return str(current_app.config.get("DEFAULT_CURRENCY") or "EUR")


def money(value: float | Decimal | None, currency: str | None = None) -> str:
    """An amount with its currency ("1 250 000,00 €"); the site's currency when none is set."""
    if value is None:
        return ""
    return format_currency(value, currency or default_currency())


#: The currencies the action plan offers first (the partners' and the donors'); any ISO 4217
#: code is accepted through the API, and a process's own currency is always listed.
COMMON_CURRENCIES = (
    "EUR", "USD", "GBP", "CHF", "XOF", "XAF", "CDF", "MAD", "DZD", "TND", "AOA", "MZN", "CVE",
    "BRL", "MXN", "COP", "PEN", "ARS", "CLP", "GTQ", "RUB", "GEL", "AMD", "AZN", "KZT", "UZS",
    "KGS", "TJS", "RSD", "MKD", "ALL", "BAM", "MDL", "UAH",
)


def currency_name(code: str) -> str:
    """The currency's name in the reader's language, with its code ("franc CFA (BCEAO) (XOF)")."""
    return f"{get_currency_name(code, locale=get_locale())} ({code})"


def currency_choices(current: str | None = None) -> list[tuple[str, str]]:
    codes = list(COMMON_CURRENCIES)
    if current and current not in codes:
        codes.append(current)
    return sorted(((code, currency_name(code)) for code in codes), key=lambda c: c[1].casefold())


def user_today() -> date:
    """Today in the reader's time zone."""
    return datetime.now(get_timezone()).date()


def filesize(value: int | None) -> str:
    """A file's size as people read it ("1.2 MB", "340 kB"), with the locale's separators."""
    if value is None:
        return ""
    if value < 1000:
        return gettext("%(size)s bytes", size=format_decimal(value))
    if value < 1_000_000:
        return gettext("%(size)s kB", size=format_decimal(round(value / 1000)))
    return gettext("%(size)s MB", size=format_decimal(round(value / 1_000_000, 1)))


FILTERS: dict[str, Any] = {
    "filesize": filesize, "day": day, "moment": moment, "ago": ago, "iso": iso,
    "number": number, "percent": percent, "money": money,
}


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.globals.update(default_currency=default_currency, currency_name=currency_name,
                                 currency_choices=currency_choices)
