"""Languages: a new catalogue translates the pages without touching a template."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from tests.webapp.browser import post, text

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
        "Open the newest text in a new tab":
            "Ouvrir le texte le plus récent dans un nouvel onglet",  # a script's string
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


# ------------------------------------------------------------ choosing the language


def _lang(response) -> str:
    import re

    match = re.search(r'<html lang="([^"]+)" dir="(ltr|rtl)">', response.get_data(as_text=True))
    assert match, "no <html lang dir>"
    return match.group(1)


def test_the_browser_language_picks_the_page_language(client):
    assert _lang(client.get("/login", headers={"Accept-Language": "pt-BR,pt;q=0.9"})) == "pt"
    assert _lang(client.get("/login", headers={"Accept-Language": "de-DE"})) == "en"


def test_the_sign_in_page_offers_every_language_in_its_own_name(client):
    html = client.get("/login").get_data(as_text=True)
    for code, name in [("en", "English"), ("fr", "Français"), ("es", "Español"),
                       ("pt", "Português"), ("ru", "Русский")]:
        assert f'name="language" value="{code}" lang="{code}"' in html
        assert name in html
    assert 'action="/language"' in html


def test_the_switcher_keeps_the_choice_of_someone_not_signed_in(client, auth):
    token = auth.csrf_token("/login")
    answer = client.post("/language", data={"language": "ru", "next": "/login?next=/",
                                            "csrf_token": token},
                         headers={"Accept-Language": "fr"})
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/login?next=/"
    # The choice beats the browser's language from now on.
    page = client.get("/login", headers={"Accept-Language": "fr"})
    assert _lang(page) == "ru"
    assert 'value="ru" lang="ru" class="link-button" aria-pressed="true"' in page.get_data(
        as_text=True)


def test_the_switcher_refuses_a_post_without_csrf_and_unknown_languages(client, auth):
    assert client.post("/language", data={"language": "fr"}).status_code == 400
    token = auth.csrf_token("/login")
    answer = client.post("/language", data={"language": "xx", "next": "https://evil.example/",
                                            "csrf_token": token}, follow_redirects=True)
    assert "This language is not offered." in text(answer)
    assert _lang(answer) == "en"


def test_the_profile_language_wins_over_the_browser(fresh, auth, make_user, db_session):
    user = make_user("Awa Diop", "awa@example.org")
    user.language = "es"
    db_session.flush()
    auth.login(user)
    assert _lang(fresh.get("/", headers={"Accept-Language": "fr"})) == "es"


def test_the_switcher_of_a_signed_in_person_changes_their_profile(
        fresh, auth, make_user, db_session):
    user = make_user("Awa Diop", "awa@example.org")
    auth.login(user)
    answer = fresh.post("/language", data={"language": "fr", "next": "/profile",
                                           "csrf_token": auth.csrf_token("/")})
    assert answer.headers["Location"] == "/profile"
    assert user.language == "fr"


def test_the_profile_sets_language_and_time_zone(fresh, auth, make_user):
    user = make_user("Awa Diop", "awa@example.org")
    auth.login(user)
    form = fresh.get("/profile").get_data(as_text=True)
    assert 'name="timezone"' in form
    assert 'value="Africa/Dakar"' in form
    answer = post(fresh, auth, "/profile", {"name": user.name, "language": "fr",
                                            "timezone": "Africa/Dakar"})
    assert answer.status_code == 302
    assert (user.language, user.timezone) == ("fr", "Africa/Dakar")
    assert _lang(fresh.get("/profile")) == "fr"


def test_the_profile_refuses_an_unknown_time_zone(fresh, auth, make_user):
    user = make_user("Awa Diop", "awa@example.org")
    auth.login(user)
    answer = post(fresh, auth, "/profile", {"name": user.name, "language": "",
                                            "timezone": "Europe/Atlantis"})
    assert answer.status_code == 422
    assert 'aria-invalid="true"' in answer.get_data(as_text=True)
    assert user.timezone is None


# ------------------------------------------------------------ scripts and style sheets

STATIC = REPO / "webapp" / "static"


def test_style_sheets_use_logical_properties_so_rtl_needs_no_template_change():
    import re

    physical = re.compile(
        r"(?<![-\w])(margin|padding|border)-(left|right)\b|(?<![-\w])(left|right)\s*:"
        r"|text-align\s*:\s*(left|right)|float\s*:\s*(left|right)")
    found = []
    for sheet in sorted((STATIC / "css").glob("*.css")):
        for number, line in enumerate(sheet.read_text().splitlines(), 1):
            if physical.search(line):
                found.append(f"{sheet.name}:{number}: {line.strip()}")
    assert found == []
    templates = "\n".join(p.read_text() for p in (REPO / "webapp" / "templates").rglob("*.html"))
    assert not re.search(r'style="[^"]*(padding|margin)-(left|right)', templates)


def _js_code(script: str) -> str:
    """A script without its comments."""
    import re

    source = (STATIC / "js" / script).read_text()
    source = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    return re.sub(r"(?m)^\s*//.*$", "", source)


def _js_literals(script: str) -> list[str]:
    import re

    return re.findall(r'"((?:[^"\\\n]|\\.)*)"', _js_code(script))


def test_scripts_hold_no_english_sentence_for_a_person():
    import re

    # A literal with two words of letters is a sentence (the "use strict" directive aside);
    # scripts only hold selectors, keys, header names and event names.
    for script in ("app.js", "editor.js"):
        literals = _js_literals(script)
        sentences = [s for s in literals if re.search(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}", s)
                     and s != "use strict"]
        assert sentences == [], script


def test_every_page_hands_its_scripts_their_translated_strings(multilingual_app):
    import json
    import re

    html = multilingual_app.test_client().get(
        "/login", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    match = re.search(r'<script type="application/json" id="i18n-strings">(.*?)</script>',
                      html, flags=re.S)
    assert match, "no i18n-strings block"
    strings = json.loads(match.group(1))
    used = set()
    for script in ("app.js", "editor.js"):
        used |= set(re.findall(r'\bt\("(\w+)"', _js_code(script)))
    assert used, "the scripts use no translated string"
    assert used <= set(strings)
    assert strings["open_newest"] == "Ouvrir le texte le plus récent dans un nouvel onglet"
