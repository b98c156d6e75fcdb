"""API: the document language (PATCH a process), section translations (GET/PUT with
base revisions, merge or 409, out of date after a main-text save) and the export's
languages."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.webapp.api_client import assert_error
from tests.webapp.world import World


@pytest.fixture
def world(make_world) -> World:
    return make_world("api")


def _section(world: World) -> int:
    sid = world["lead"].get(f"/processes/{world.pid}/sections").get_json()[0]["id"]
    answer = world["core"].put(f"/sections/{sid}", {"body": "The issues.\n", "base_revision": 0})
    assert answer.status_code == 200
    return sid


def test_lead_sets_the_document_language_and_others_may_not(world):
    answer = world["lead"].patch(f"/processes/{world.pid}", {"language": "fr"})
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["document_language"] == "fr"
    assert world["observer"].get(f"/processes/{world.pid}").get_json()["document_language"] == "fr"
    assert_error(world["core"].patch(f"/processes/{world.pid}", {"language": "es"}), 403)
    assert_error(world["lead"].patch(f"/processes/{world.pid}", {"language": "de"}), 422)
    renamed = world["lead"].patch(f"/processes/{world.pid}", {"title": "Politique migratoire"})
    assert renamed.get_json()["title"] == "Politique migratoire"
    assert renamed.get_json()["document_language"] == "fr"


def test_translation_is_saved_marked_out_of_date_and_conflicts(world):
    sid = _section(world)
    empty = world["observer"].get(f"/sections/{sid}/translations/fr").get_json()
    assert (empty["revision"], empty["body"], empty["out_of_date"]) == (0, "", False)
    saved = world["core"].put(f"/sections/{sid}/translations/fr",
                              {"body": "Les enjeux.\n", "base_revision": 0, "title": "Enjeux"})
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["revision"] == 1 and saved.get_json()["source_revision"] == 1
    # The main text changes: the translation is out of date.
    world["core"].put(f"/sections/{sid}", {"body": "The issues, revised.\n", "base_revision": 1})
    stale = world["expert"].get(f"/sections/{sid}/translations/fr").get_json()
    assert stale["out_of_date"] is True and stale["main_revision"] == 2
    # Two translators on revision 1, the same line: the second gets 409 edit_conflict.
    first = world["lead"].put(f"/sections/{sid}/translations/fr",
                              {"body": "Les enjeux, revus.\n", "base_revision": 1})
    assert first.status_code == 200 and first.get_json()["out_of_date"] is False
    error = assert_error(world["core"].put(f"/sections/{sid}/translations/fr",
                                           {"body": "Les enjeux !\n", "base_revision": 1}),
                         409, "edit_conflict")
    assert error["details"]["theirs"] == "Les enjeux, revus.\n"
    assert_error(world["expert"].put(f"/sections/{sid}/translations/fr",
                                     {"body": "x", "base_revision": 2}), 403)
    # The document language itself is not a translation.
    assert_error(world["core"].put(f"/sections/{sid}/translations/en",
                                   {"body": "x", "base_revision": 0}), 422)


def test_export_prints_the_languages_asked_for(world):
    sid = _section(world)
    world["core"].put(f"/sections/{sid}/translations/fr",
                      {"body": "Les enjeux.\n", "base_revision": 0, "title": "Enjeux"})
    both = world["observer"].get(f"/processes/{world.pid}/export?format=md&languages=fr,en")
    assert both.status_code == 200
    text = both.get_data(as_text=True)
    assert "Les enjeux." in text and "The issues." in text
    assert "Annexe A" in text
    docx = world["observer"].get(f"/processes/{world.pid}/export?languages=fr")
    assert docx.status_code == 200
    xml = zipfile.ZipFile(io.BytesIO(docx.data)).read("word/document.xml").decode()
    assert "Les enjeux." in xml and "The issues." not in xml
    assert "Table des matières" in xml
    assert_error(world["observer"].get(f"/processes/{world.pid}/export?languages=de"), 422)
