"""Languages and time zones: who reads the page, in which language, on which clock.

The language is, in order: the one on the reader's profile; the one they picked
with the switcher (kept in the session cookie); the best match of the browser's
``Accept-Language``; the site's default. The time zone is the profile's, else
the site's default. The switcher is a small POST form on every page (CSRF
protected, no JavaScript needed): for a signed-in reader it changes the profile.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, current_app, flash, redirect, request, url_for
from flask import session as cookie
from flask_babel import Babel, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from engine.errors import DomainError
from webapp import formats

bp = Blueprint("language", __name__)

#: Session key of the switcher's choice for readers who are not signed in.
SESSION_KEY = "language"

#: Each language named in itself, as the switcher and the profile show it.
LANGUAGE_NAMES = {
    "en": "English", "fr": "Français", "es": "Español", "pt": "Português", "ru": "Русский",
    "ar": "العربية", "de": "Deutsch", "it": "Italiano", "fa": "فارسی", "he": "עברית",
    "ur": "اردو",
}

#: Scripts written right to left: <html dir="rtl"> for these languages.
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "dv", "yi"})


#: The time zones the profile offers first: the partners' capitals and a few others.
#: Any IANA name is accepted (through the API); a person's own zone is always listed.
COMMON_TIMEZONES = (
    "UTC",
    "Africa/Abidjan", "Africa/Algiers", "Africa/Cairo", "Africa/Casablanca", "Africa/Dakar",
    "Africa/Johannesburg", "Africa/Kinshasa", "Africa/Lagos", "Africa/Luanda", "Africa/Maputo",
    "Africa/Nairobi", "Africa/Tunis",
    "America/Argentina/Buenos_Aires", "America/Bogota", "America/Guatemala", "America/Lima",
    "America/Mexico_City", "America/New_York", "America/Santiago", "America/Sao_Paulo",
    "Asia/Almaty", "Asia/Ashgabat", "Asia/Baku", "Asia/Bishkek", "Asia/Dubai", "Asia/Dushanbe",
    "Asia/Tashkent", "Asia/Tbilisi", "Asia/Yerevan",
    "Atlantic/Cape_Verde",
    "Europe/Belgrade", "Europe/Berlin", "Europe/Brussels", "Europe/Chisinau", "Europe/Istanbul",
    "Europe/Kyiv", "Europe/Lisbon", "Europe/London", "Europe/Madrid", "Europe/Moscow",
    "Europe/Paris", "Europe/Podgorica", "Europe/Sarajevo", "Europe/Skopje", "Europe/Tirane",
)


def timezone_choices(current: str | None = None) -> list[tuple[str, str]]:
    """Select options: each zone's city in the reader's language, then its IANA name."""
    from babel.dates import get_timezone_location

    locale = get_locale() or "en"
    zones = list(COMMON_TIMEZONES)
    if current and current not in zones:
        zones.append(current)
    options = []
    for zone in zones:
        try:
            city = get_timezone_location(zone, locale=locale, return_city=True)
        except (LookupError, ValueError):
            city = zone.rsplit("/", 1)[-1].replace("_", " ")
        options.append((zone, zone if city == zone else f"{city} ({zone})"))
    return sorted(options, key=lambda option: option[0].split("/", 1)[0] + option[1])


#: What the scripts say to people, translated on the server and handed to them in the
#: page's <script type="application/json" id="i18n-strings"> block. Placeholders
#: are %(name)s, filled in by the script.
JS_STRINGS: dict[str, Any] = {
    "one_editing": _l("%(name)s is editing this section now."),
    "many_editing": _l("%(names)s are editing this section now."),
    "someone": _l("Someone"),
    "saved_meanwhile": _l(
        "%(who)s saved revision %(revision)s while you were editing revision %(base)s. "
        "Save as usual: changes to different paragraphs are merged; if you both changed the "
        "same passage you will see both versions and keep your text."),
    "open_newest": _l("Open the newest text in a new tab"),
    "comment_on_selection": _l("Your comment on the selected passage…"),
    "comment_numbers": _l("Comment #%(numbers)s"),
    "list_separator": _l(", "),
}


def js_strings() -> dict[str, str]:
    return {key: str(text) for key, text in JS_STRINGS.items()}


def languages() -> list[str]:
    """The interface languages of the site (config ``LANGUAGES``), the default first."""
    return list(current_app.config.get("LANGUAGES") or ["en"])


def _profile() -> Any:
    from webapp.auth import actor

    return actor()


def select_locale() -> str:
    offered = languages()
    user = _profile()
    if user is not None and user.language in offered:
        return user.language
    chosen = cookie.get(SESSION_KEY)
    if chosen in offered:
        return chosen
    return request.accept_languages.best_match(offered) or offered[0]


def select_timezone() -> str | None:
    user = _profile()
    return user.timezone if user is not None and user.timezone else None


def page_language() -> dict[str, str]:
    """``lang`` and ``dir`` of the page's <html> element."""
    locale = get_locale()
    language = locale.language if locale else "en"
    return {
        "page_lang": str(locale).replace("_", "-") if locale else "en",
        "page_dir": "rtl" if language in RTL_LANGUAGES else "ltr",
    }


def switcher() -> dict[str, Any]:
    """What the language switcher shows: the languages and the current one."""
    locale = get_locale()
    return {
        "current": locale.language if locale else "en",
        "choices": [(code, LANGUAGE_NAMES.get(code, code)) for code in languages()],
    }


@bp.route("/language", methods=["POST"])
def choose():  # noqa: ANN201
    """Switch the interface language, then go back to the page the reader was on."""
    from engine.services import profile as profile_service
    from webapp.database import get_session
    from webapp.forms import safe_next

    back = safe_next(request.form.get("next")) or url_for("dashboard.index")
    code = request.form.get("language", "")
    if code not in languages():
        flash(_("This language is not offered."), "error")
        return redirect(back)
    cookie[SESSION_KEY] = code
    user = _profile()
    if user is not None and user.language != code:
        db = get_session()
        try:
            profile_service.update_profile(db, user, language=code, languages=languages())
        except DomainError:  # pragma: no cover - the code was checked above
            db.rollback()
    return redirect(back)


def init_app(app: Flask) -> None:
    app.config.setdefault(
        "BABEL_TRANSLATION_DIRECTORIES", str(app.root_path + "/translations")
    )
    Babel(app, locale_selector=select_locale, timezone_selector=select_timezone)
    formats.init_app(app)
    app.register_blueprint(bp)
    app.jinja_env.globals.update(language_switcher=switcher, js_strings=js_strings)
    app.context_processor(page_language)
