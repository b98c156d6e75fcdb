"""Dates, times, numbers and amounts read as the reader's language and clock write them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from flask_login import login_user

from webapp import formats
from webapp.auth import SignedIn

MOMENT = datetime(2026, 3, 23, 15, 30, tzinfo=UTC)


@pytest.fixture
def reader(app, make_user, db_session):
    """A request of a signed-in reader with the given language and time zone."""
    user = make_user("Awa Diop", "awa@example.org")

    def read(language: str | None, timezone: str | None = None):
        user.language, user.timezone = language, timezone
        db_session.flush()
        context = app.test_request_context("/")
        context.push()
        login_user(SignedIn(user))
        return context

    contexts = []
    yield lambda *a: contexts.append(read(*a))  # once per test: Babel caches the locale
    for context in reversed(contexts):
        context.pop()


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "Mar 23, 2026"), ("fr", "23 mars 2026"), ("es", "23 mar 2026"),
    ("pt", "23 de mar. de 2026"), ("ru", "23 мар. 2026\u202fг."),
])
def test_dates_in_the_medium_style_of_each_language(reader, language, expected):
    reader(language)
    assert formats.day(date(2026, 3, 23)) == expected


def test_a_moment_shows_in_the_readers_zone_with_its_offset(reader):
    reader("fr", "Africa/Kinshasa")
    assert formats.moment(MOMENT) == "23 mars 2026, 16:30 UTC+01:00"


def test_the_day_of_a_moment_is_the_day_in_the_readers_zone(reader):
    # Late in the evening in UTC is already the next day in Tbilisi.
    reader("ru", "Asia/Tbilisi")
    assert formats.day(datetime(2026, 3, 23, 22, 0, tzinfo=UTC)) == "24 мар. 2026\u202fг."


def test_a_moment_without_a_profile_zone_is_in_the_sites_zone(reader):
    reader("en")
    assert formats.moment(MOMENT) == "Mar 23, 2026, 3:30\u202fPM GMT+00:00"


def test_numbers_and_amounts_follow_the_locale(reader):
    reader("fr")
    assert formats.number(Decimal("1250000.5"), 2) == "1\u202f250\u202f000,50"
    assert formats.money(Decimal("1250000"), "XOF") == "1\u202f250\u202f000\u00a0F\u202fCFA"
    assert formats.money(Decimal("1250000")) == "1\u202f250\u202f000,00\u00a0€"  # the site's EUR
    assert formats.percent(0.25) == "25\u00a0%"


def test_english_amounts_put_the_symbol_first(reader):
    reader("en")
    assert formats.money(Decimal("1250000"), "USD") == "$1,250,000.00"
    assert formats.number(2.5) == "2.5"
