"""Languages: a new catalogue translates the pages without touching a template."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from tests.webapp.browser import text

REPO = Path(__file__).resolve().parents[2]


def _catalogue(directory: Path, locale: str, messages: dict[str, str]) -> None:
    catalog = Catalog(locale=locale)
    for msgid, msgstr in messages.items():
        catalog.add(msgid, msgstr)
    target = directory / locale / "LC_MESSAGES"
    target.mkdir(parents=True)
    with open(target / "messages.mo", "wb") as handle:
        write_mo(handle, catalog)


@pytest.fixture
def multilingual_app(session_factory, tmp_path):
    from webapp import create_app

    _catalogue(tmp_path, "fr", {
        "Sign in": "Se connecter",
        "Email address": "Adresse électronique",
        "Password": "Mot de passe",
        "Workshop": "Atelier",  # an engine vocabulary label
    })
    return create_app({
        "TESTING": True, "SESSION_FACTORY": session_factory, "SECRET_KEY": "k",
        "DATABASE_URL": "sqlite://", "LANGUAGES": ["en", "fr", "ar"],
        "BABEL_TRANSLATION_DIRECTORIES": str(tmp_path),
    })


def test_the_shipped_catalogues_exist():
    translations = REPO / "webapp" / "translations"
    pot = (translations / "messages.pot").read_text()
    assert 'msgid "Move the process"' in pot
    assert 'msgid "Survey or questionnaire"' in pot  # engine vocabulary labels are extracted
    assert (translations / "en" / "LC_MESSAGES" / "messages.mo").exists()


def test_a_french_catalogue_translates_the_sign_in_page(multilingual_app):
    client = multilingual_app.test_client()
    page = client.get("/login", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    words = text(page)
    assert "Se connecter" in words
    assert "Mot de passe" in words
    assert '<html lang="fr" dir="ltr">' in page.get_data(as_text=True)
    english = client.get("/login", headers={"Accept-Language": "en"})
    assert "Sign in" in text(english)


def test_arabic_pages_are_laid_out_right_to_left(multilingual_app):
    page = multilingual_app.test_client().get("/login", headers={"Accept-Language": "ar"})
    assert '<html lang="ar" dir="rtl">' in page.get_data(as_text=True)
