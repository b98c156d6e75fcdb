"""The translation pages: the second-language editor (save, merge path, 409 with both
versions), the out-of-date marker on the section page and the outline, the export's
language choice, and the lead's document-language form on the overview."""

from __future__ import annotations

import io
import zipfile

from engine.services.document import sections as section_service
from engine.services.document import translations as translation_service
from tests.webapp.test_document_pages import (  # noqa: F401 - fixtures shared with the pages
    _fresh_reads,
    doc,
    login,
    post,
    textarea,
)


def test_translation_editor_saves_and_marks_out_of_date(client, login, doc, db_session):  # noqa: F811
    section, process = doc["section"], doc["process"]
    login(doc["core"])
    page = f"/sections/{section.id}/translations/fr"
    assert client.get(page).status_code == 200
    saved = post(client, page, {"base_revision": "0", "title": "Vision",
                                "body": "Notre vision est une migration sûre.\n"})
    assert saved.status_code in (302, 303)
    html = client.get(page).get_data(as_text=True)
    assert "Notre vision est une migration sûre." in html
    assert "Translation out of date" not in html
    # The main text changes: the section page, the translation page and the outline say so.
    section_service.save_body(db_session, doc["lead"], section, body="A new vision.\n",
                              base_revision=section.revision)
    db_session.flush()
    for path in (page, f"/sections/{section.id}", f"/processes/{process.id}/document"):
        assert "Translation out of date" in client.get(path).get_data(as_text=True), path


def test_translation_conflict_answers_409_with_both_versions(client, login, doc, db_session):  # noqa: F811
    section = doc["section"]
    translation_service.save_translation(db_session, doc["lead"], section, "es",
                                         body="Uno.\n", base_revision=0)
    translation_service.save_translation(db_session, doc["lead"], section, "es",
                                         body="Uno, revisado.\n", base_revision=1)
    db_session.flush()
    login(doc["core"])
    page = f"/sections/{section.id}/translations/es"
    answer = post(client, page, {"base_revision": "1", "body": "Uno!\n"})
    assert answer.status_code == 409
    html = answer.get_data(as_text=True)
    assert "Uno, revisado." in html  # theirs, shown beside the editor
    assert 'name="base_revision" value="2"' in html
    assert "Uno!" in textarea(html, "body")


def test_observer_reads_but_cannot_edit_a_translation(client, login, doc):  # noqa: F811
    login(doc["observer"])
    page = f"/sections/{doc['section'].id}/translations/fr"
    assert 'name="body"' not in client.get(page).get_data(as_text=True)
    assert client.get(f"/sections/{doc['section'].id}/translations/xx").status_code == 404


def test_lead_sets_the_document_language_on_the_overview(client, login, doc, db_session):  # noqa: F811
    process = doc["process"]
    login(doc["lead"])
    answer = post(client, f"/processes/{process.id}/settings",
                  {"title": process.title, "language": "fr"}, page=f"/processes/{process.id}")
    assert answer.status_code in (302, 303)
    db_session.refresh(process)
    assert process.document_language == "fr"
    outline = client.get(f"/processes/{process.id}/document").get_data(as_text=True)
    assert 'name="languages"' in outline
    exported = client.get(f"/processes/{process.id}/export?format=docx")
    xml = zipfile.ZipFile(io.BytesIO(exported.data)).read("word/document.xml").decode()
    assert "Table des matières" in xml
