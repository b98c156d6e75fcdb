"""Languages: Flask-Babel with the user's choice, then the browser's, then the default."""

from __future__ import annotations

from flask import Flask, request
from flask_babel import Babel
from flask_login import current_user


def select_locale() -> str | None:
    from webapp.settings import settings

    languages = list(settings().languages)
    if getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    return request.accept_languages.best_match(languages) or languages[0]


def init_app(app: Flask) -> None:
    app.config.setdefault(
        "BABEL_TRANSLATION_DIRECTORIES", str(app.root_path + "/translations")
    )
    Babel(app, locale_selector=select_locale)
