"""Importing offline Word edits through the API and the document page; hostile files."""

from __future__ import annotations

import io
import zipfile

import pytest

from engine.export import docx_import
from engine.export.markers import site_marker
from engine.models import DocumentImport, Suggestion
from engine.services.document import sections as section_service
from engine.services.exports import export_process
from tests.webapp.browser import post, text

SITE = site_marker("test-secret-key")


@pytest.fixture
def exported(world, db_session) -> bytes:
    first = section_service.outline(db_session, world.process)[0].section
    section_service.save_body(db_session, world.lead, first, base_revision=0,
                              body="The first paragraph of the strategy.\n")
    db_session.flush()
    return export_process(db_session, None, world.process.id, profile="working",
                          site=SITE).content


def _replace(content: bytes, name: str, data: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item.filename, data if item.filename == name else src.read(item))
        for extra_name, extra_data in (extra or {}).items():
            dst.writestr(extra_name, extra_data)
    return out.getvalue()


def _upload(client, world, headers, data: bytes):
    return client.post(f"/api/v1/processes/{world.process.id}/imports", headers=headers,
                       data={"file": (io.BytesIO(data), "edited.docx")},
                       content_type="multipart/form-data")


def _nothing_stored(db_session) -> None:
    assert db_session.query(DocumentImport).count() == 0
    assert db_session.query(Suggestion).count() == 0


def test_the_api_imports_an_untracked_edit_as_a_suggestion(client, world, api_token, exported,
                                                           db_session):
    with zipfile.ZipFile(io.BytesIO(exported)) as zf:
        document = zf.read("word/document.xml")
    edited = _replace(exported, "word/document.xml",
                      document.replace(b"The first paragraph of the strategy.",
                                       b"The first paragraph of the national strategy."))
    response = _upload(client, world, api_token(world.core), edited)
    assert response.status_code == 201, response.get_data(as_text=True)
    answer = response.get_json()
    assert answer["suggestions"] == 1 and answer["comments"] == 0 and answer["unmatched"] == []
    suggestion = db_session.query(Suggestion).one()
    assert suggestion.source == "import" and suggestion.author_id == world.core.id
    assert "national strategy" in suggestion.body


def test_the_page_upload_shows_a_report_with_what_was_not_placed(client, auth, world, exported,
                                                                 db_session):
    with zipfile.ZipFile(io.BytesIO(exported)) as zf:
        document = zf.read("word/document.xml")
    # A tracked insertion in the annexes, outside every section.
    marker = b"Annex A"
    assert marker in document
    inserted = (b'<w:p><w:ins w:id="9001" w:author="Eva Expert" w:date="2026-11-20T10:00:00Z">'
                b'<w:r><w:t>A note for the annex.</w:t></w:r></w:ins></w:p>')
    body_end = document.rindex(b"<w:sectPr")
    edited = _replace(exported, "word/document.xml",
                      document[:body_end] + inserted + document[body_end:])
    auth.login(world.core)
    response = post(client, auth, f"/processes/{world.process.id}/imports",
                    {"file": (io.BytesIO(edited), "edited.docx")},
                    content_type="multipart/form-data", follow_redirects=True)
    assert response.status_code == 200
    words = text(response)
    assert "Import report" in words and "0 suggestions made" in words
    assert "A note for the annex." in words and "outside every section" in words


HOSTILE_XXE = (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM '
               b'"file:///etc/passwd">]><w:document xmlns:w="http://schemas.openxmlformats.org/'
               b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p>'
               b'</w:body></w:document>')


def test_hostile_files_each_get_a_clear_4xx_and_nothing_is_stored(client, world, api_token,
                                                                   exported, db_session,
                                                                   monkeypatch):
    headers = api_token(world.core)
    with zipfile.ZipFile(io.BytesIO(exported)) as zf:
        types = zf.read("[Content_Types].xml")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", types)
        zf.writestr("word/document.xml", b"<a/>" + b" " * 1_500_000)
    cases = {
        "not a docx": (b"%PDF-1.7 this is no Word file", 415),
        "encrypted": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000, 415),
        "docm": (_replace(exported, "[Content_Types].xml", types.replace(
            b"document.main+xml", b"document.macroEnabled.main+xml"),
            {"word/vbaProject.bin": b"\0" * 100}), 415),
        "zip without a document": (_replace(exported, "[Content_Types].xml", b"<Types/>"), 415),
        "xxe": (_replace(exported, "word/document.xml", HOSTILE_XXE), 422),
        "zip bomb (ratio)": (bomb.getvalue(), 413),
        "empty": (b"", 422),
    }
    for name, (data, status) in cases.items():
        response = _upload(client, world, headers, data)
        assert response.status_code == status, (name, response.get_data(as_text=True))
        assert response.get_json()["error"]["message"], name
    # Over the request size limit of the site.
    limit = client.application.config["MAX_CONTENT_LENGTH"]
    response = _upload(client, world, headers, b"PK" + b"\0" * (limit + 100))
    assert response.status_code == 413
    # Unpacking to more than the limit.
    monkeypatch.setattr(docx_import, "MAX_UNCOMPRESSED", 10_000)
    assert _upload(client, world, headers, exported).status_code == 413
    _nothing_stored(db_session)


def test_a_file_from_another_installation_is_refused(client, world, api_token, db_session):
    foreign = export_process(db_session, None, world.process.id, site="abcdef").content
    response = _upload(client, world, api_token(world.core), foreign)
    assert response.status_code == 422
    assert "another installation" in response.get_json()["error"]["message"]
    _nothing_stored(db_session)


def test_observers_cannot_import(client, world, api_token, exported, db_session):
    response = _upload(client, world, api_token(world.observer), exported)
    assert response.status_code == 403
    _nothing_stored(db_session)
