"""The translation catalogues: complete, up to date with the code, and no English left
on any page a French-speaking lead opens."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po
from sqlalchemy import select

from tests.catalogue_check import (
    REPO,
    TEMPLATE,
    TRANSLATIONS,
    english_on,
    english_strings,
    extracted_ids,
    key,
    peoples_text,
    problems,
    read,
)

with open(REPO / "config.toml", "rb") as _config:
    LANGUAGES: list[str] = tomllib.load(_config)["LANGUAGES"]
SOURCE_LANGUAGE = "en"


# ------------------------------------------------------------ every catalogue is complete


def catalogue(language: str) -> Path:
    return TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_of_every_language_is_complete(language):
    assert catalogue(language).exists(), f"no catalogue for {language}: run pybabel init"
    assert problems(catalogue(language), source_language=language == SOURCE_LANGUAGE) == []


def _write(tmp_path: Path, entries: dict[str, str], *, fuzzy: set[str] = frozenset()) -> Path:
    made = Catalog(locale="fr")
    for msgid, msgstr in entries.items():
        made.add(msgid, msgstr, flags=("fuzzy",) if msgid in fuzzy else ())
    po_path = tmp_path / "messages.po"
    with open(po_path, "wb") as handle:
        write_po(handle, made)
    with open(po_path.with_suffix(".mo"), "wb") as handle:
        write_mo(handle, made)
    return po_path


def test_the_check_fails_on_a_catalogue_with_one_untranslated_entry(tmp_path):
    complete = _write(tmp_path, {"Sign in": "Se connecter", "Password": "Mot de passe"})
    assert problems(complete, template=None) == []
    one_missing = _write(tmp_path, {"Sign in": "Se connecter", "Password": ""})
    assert problems(one_missing, template=None) == [f"{one_missing}: untranslated: 'Password'"]


def test_the_check_fails_on_a_fuzzy_entry_and_on_a_message_the_template_adds(tmp_path):
    po_path = _write(tmp_path, {"Sign in": "Se connecter", "Password": "Mot de passe"},
                     fuzzy={"Password"})
    template = tmp_path / "messages.pot"
    with open(template, "wb") as handle:
        pot = Catalog()
        for msgid in ("Sign in", "Password", "Sign out"):
            pot.add(msgid)
        write_po(handle, pot)
    found = problems(po_path, template=template)
    assert f"{po_path}: fuzzy: 'Password'" in found
    assert f"{po_path}: missing (run pybabel update): 'Sign out'" in found


def test_the_check_fails_when_the_compiled_catalogue_is_stale(tmp_path):
    po_path = _write(tmp_path, {"Sign in": "Se connecter"})
    stale = Catalog(locale="fr")
    stale.add("Sign in", "Connexion")
    with open(po_path.with_suffix(".mo"), "wb") as handle:
        write_mo(handle, stale)
    assert problems(po_path, template=None) == [
        f"{po_path.with_suffix('.mo')}: differs from its .po (run pybabel compile)"]


# ------------------------------------------------------------ the template is up to date


def test_the_template_holds_every_message_the_code_marks():
    in_template = {key(m.id) for m in read(TEMPLATE) if m.id}
    missing = sorted(extracted_ids() - in_template)
    assert missing == [], "messages.pot is stale: run pybabel extract (README 'Languages')"


def test_the_extraction_finds_a_message_added_to_a_template(tmp_path):
    (tmp_path / "webapp" / "templates").mkdir(parents=True)
    (tmp_path / "webapp" / "templates" / "new.html").write_text(
        '<p>{{ _("A sentence nobody translated yet") }}</p>')
    assert "A sentence nobody translated yet" in extracted_ids(tmp_path)


# ------------------------------------------------------------ no English on French pages

def test_the_english_finder_sees_an_untranslated_string_and_ignores_people_s_text():
    patterns = english_strings()
    # A one- or two-word message inside a sentence someone wrote is not a UI string.
    french = ('<html lang="fr"><h1>Tableau de bord</h1><button type="submit">Se déconnecter'
              '</button><p>The Dashboard of the ministry and its Sign out procedure</p></html>')
    assert english_on(french, patterns) == set()
    english = french.replace("Se déconnecter", "Sign out").replace(
        "<h1>Tableau de bord</h1>", '<h1 title="Skip to main content">Tableau de bord</h1>')
    assert english_on(english, patterns) == {"Sign out", "Skip to main content"}
    # ...unless it is what someone wrote: a section they titled "Sign out".
    assert english_on(english, patterns, people="Minutes\nSign out\n") == {
        "Skip to main content"}


def page_urls(session, app) -> list[str]:
    """Every page route of the url_map, filled with the demo's records."""
    from engine.models import (
        Consultation,
        DataSource,
        Indicator,
        Instrument,
        Measure,
        Meeting,
        Objective,
        PolicyOption,
        Process,
        PublicConsultation,
        Risk,
        Section,
    )

    items = {"inventory": DataSource, "objectives": Objective, "options": PolicyOption,
             "instruments": Instrument, "actions": Measure, "risks": Risk}
    urls = ["/", "/profile", "/processes/new", "/notifications", "/portfolio"]
    for process in session.scalars(select(Process).order_by(Process.id)):
        section = session.scalar(select(Section).where(Section.process_id == process.id)
                                 .order_by(Section.id).limit(1))
        consultation = session.scalar(select(Consultation).where(
            Consultation.process_id == process.id).order_by(Consultation.id).limit(1))
        meeting = session.scalar(select(Meeting.id).where(Meeting.process_id == process.id)
                                 .order_by(Meeting.id).limit(1))
        public = session.scalar(select(PublicConsultation).where(
            PublicConsultation.process_id == process.id).limit(1))
        if public is not None:  # the public pages of a consultation, as anyone sees them
            urls += [f"/consult/{public.slug}", f"/consult/{public.slug}/thanks"]
        indicator = session.scalar(select(Indicator.id).join(Objective).where(
            Objective.process_id == process.id).order_by(Indicator.id).limit(1))
        values = {"process_id": process.id, "meeting_id": meeting, "indicator_id": indicator,
                  "section_id": section.id if section else None,
                  "consultation_id": consultation.id if consultation else None,
                  "item_id": public.id if public else None,
                  "number": 1, "language": "fr" if process.document_language != "fr" else "en"}
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.rule.startswith("/api") or not (
                    rule.arguments and "process_id" in rule.arguments
                    or rule.arguments & {"section_id"}):
                continue
            if rule.endpoint == "analysis.item":
                for segment, model in items.items():
                    item = session.scalar(select(model.id).where(
                        model.process_id == process.id).limit(1))
                    if item:
                        urls.append(f"/processes/{process.id}/analysis/{segment}/{item}")
                continue
            if rule.endpoint == "analysis.table_csv" or any(
                    values.get(name) is None for name in rule.arguments):
                continue
            with app.test_request_context():
                from flask import url_for

                urls.append(url_for(rule.endpoint, **{n: values[n] for n in rule.arguments}))
    return sorted(set(urls))


@pytest.mark.slow
def test_no_english_on_any_page_a_french_speaking_lead_opens(client, auth, db_session,
                                                              catalog, app):
    from engine.demo import DEMO_PASSWORD, load_demo
    from engine.demo.cast import email_of
    from engine.services.users import by_email

    load_demo(db_session, catalog)
    lead = by_email(db_session, email_of("lead"))
    lead.language, lead.timezone = "fr", "Africa/Kinshasa"
    db_session.flush()
    auth.login(lead.email, DEMO_PASSWORD)
    served = Path(app.config["BABEL_TRANSLATION_DIRECTORIES"].split(";")[0])
    urls = page_urls(db_session, app)
    # Every page a lead may open is in the walk (administration and signing in aside;
    # the CSV tables and the portfolio's CSV are files).
    adapter = app.url_map.bind("localhost")
    covered = {adapter.match(url)[0] for url in urls}
    # Signed-out pages reached by a mailed token, administration, and the report of a Word
    # import (the demo has none) are not part of a lead's walk.
    not_for_a_lead = {"static", "admin.index", "admin.edit_institution", "auth.login",
                      "auth.logout", "analysis.table_csv", "admin.mail", "admin.mail_file",
                      "auth.forgot_password", "auth.reset_password",
                      "notifications.accept_invitation", "word.import_report",
                      "workspace.download_file", "public.table_docx",
                      "evaluation.portfolio_csv"}
    assert {rule.endpoint for rule in app.url_map.iter_rules()
            if "GET" in rule.methods and not rule.rule.startswith("/api")} - covered == \
        not_for_a_lead
    patterns = english_strings(served)
    people = peoples_text(db_session)
    found: dict[str, set[str]] = {}
    pages = 0
    for url in urls:
        answer = client.get(url)
        if answer.status_code != 200 or answer.mimetype != "text/html":
            continue
        html = answer.get_data(as_text=True)
        assert '<html lang="fr" dir="ltr">' in html, url
        pages += 1
        english = english_on(html, patterns, people)
        if english:
            found[url] = english
    assert pages > 30
    everywhere = sorted(set.union(*found.values())) if found else []
    report = {msgid: sorted(url for url, strings in found.items() if msgid in strings)[:3]
              for msgid in everywhere}
    assert found == {}, json.dumps(report, indent=1, ensure_ascii=False)
