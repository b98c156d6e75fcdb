"""Pages show the engine's messages (checklist, history, errors) and stage titles in the
reader's language, through the one helper ``t``."""

from __future__ import annotations

import pytest

from engine.services import deliverables as deliverable_service
from engine.services.transitions import fire
from tests.webapp.browser import text

FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9"}


@pytest.fixture
def app(session_factory):
    from webapp import create_app

    return create_app({
        "TESTING": True, "SESSION_FACTORY": session_factory, "SECRET_KEY": "k",
        "DATABASE_URL": "sqlite://", "LANGUAGES": ["en", "fr", "es", "pt", "ru"],
    })


def test_the_overview_checklist_and_stage_titles_read_in_french(client, auth, world):
    auth.login(world.expert)
    words = text(client.get(f"/processes/{world.process.id}", headers=FRENCH))
    assert "Mise à l'agenda" in words
    assert ("Livrables requis acceptés : 0 sur 3 ; manquent : Document d'enjeux, "
            "Première cartographie des parties prenantes et Mandat du processus.") in words
    assert "required deliverables accepted" not in words
    english = text(client.get(f"/processes/{world.process.id}",
                              headers={"Accept-Language": "en"}))
    assert ("0 of 3 required deliverables accepted; missing: Issues paper, "
            "First map of stakeholders, Mandate of the process.") in english


def test_the_checklist_in_spanish_portuguese_and_russian(client, auth, world):
    auth.login(world.expert)
    page = f"/processes/{world.process.id}"
    spanish = text(client.get(page, headers={"Accept-Language": "es"}))
    assert "Inclusión en la agenda" in spanish
    assert "Entregables obligatorios aceptados: 0 de 3; faltan: Documento de cuestiones" in spanish
    portuguese = text(client.get(page, headers={"Accept-Language": "pt"}))
    assert "Produtos obrigatórios aceites: 0 de 3; em falta: Documento de questões" in portuguese
    russian = text(client.get(page, headers={"Accept-Language": "ru"}))
    assert "Формирование повестки" in russian
    assert "Принято обязательных документов: 0 из 3; не хватает: " in russian


def test_history_reads_in_french_from_kind_and_data(client, auth, world, db_session):
    deliverable_service.create_deliverable(db_session, world.lead, world.process,
                                           stage="agenda_setting", kind="mandate")
    fire(db_session, world.lead, world.process, "advance", note="On avance",
         override_reason="Demande du ministre")
    db_session.flush()
    auth.login(world.lead)
    words = text(client.get(f"/processes/{world.process.id}/history", headers=FRENCH))
    # The deliverable's title is what its author wrote; the sentence around it is French.
    assert "Livrable « Mandate of the process » ajouté" in words
    assert ("Avancer : Mise à l'agenda → Analyse de la politique "
            "(conditions de passage outrepassées)") in words
    # The checks that failed when the gate was overridden, stored as keys, read in French too.
    assert "Livrables requis acceptés : 0 sur 3 ; manquent : " in words
    assert "Processus « National migration policy » lancé avec le modèle " in words
    english = text(client.get(f"/processes/{world.process.id}/history"))
    assert "Advance: Agenda setting → Policy analysis (gate overridden)" in english


def test_an_engine_error_page_reads_in_french(client, auth, world):
    auth.login(world.outsider)
    page = client.get(f"/processes/{world.process.id}", headers=FRENCH)
    assert page.status_code == 404
    assert "Processus introuvable." in text(page)


def test_the_api_keeps_english_and_its_error_shape(client, world, api_token):
    response = client.get(f"/api/v1/processes/{world.process.id}",
                          headers={**api_token(world.outsider), **FRENCH})
    assert response.status_code == 404
    assert response.get_json() == {"error": {"code": "not_found",
                                             "message": "No such process.", "details": None}}
    listed = client.get("/api/v1/workflows", headers={**api_token(world.lead), **FRENCH})
    national = next(w for w in listed.get_json() if w["key"] == "national-policy")
    assert national["title"] == "National policy or strategy"
    assert national["stages"][0] == {"key": "agenda_setting", "title": "Agenda setting"}


def test_a_refusal_reads_in_the_readers_language(client, auth, world, db_session):
    """Why an action is refused comes from the engine, translated like its other messages."""
    from engine.services.document import sections as section_service
    from tests.webapp.browser import post

    section = section_service.create_section(db_session, world.lead, world.process,
                                             title="Context", body="Text.\n")
    db_session.flush()
    auth.login(world.observer)
    refused = post(client, auth, f"/sections/{section.id}/comments", {"body": "Non."},
                   headers=FRENCH)
    assert refused.status_code == 403
    words = text(refused)
    assert "Les observateurs peuvent lire mais pas commenter." in words
    assert "Observers can read but not comment." not in words
    russian = post(client, auth, f"/sections/{section.id}/comments", {"body": "Нет."},
                   headers={"Accept-Language": "ru"})
    assert "Наблюдатели могут читать, но не комментировать." in text(russian)
