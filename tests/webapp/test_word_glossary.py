"""The glossary (page and API) and the export options reachable from the web."""

from __future__ import annotations

import io
import zipfile

from engine.models import GlossaryTerm
from tests.webapp.browser import post, text


def test_a_member_adds_and_removes_an_abbreviation_on_the_page(client, auth, world, db_session):
    auth.login(world.core)
    url = f"/processes/{world.process.id}/glossary"
    response = post(client, auth, url, {"term": "NSO", "expansion": "National Statistical Office"},
                    follow_redirects=True)
    assert "“NSO” added to the glossary." in text(response)
    assert "National Statistical Office" in text(client.get(url))
    refused = post(client, auth, url, {"term": "nso", "expansion": "Again"})
    assert refused.status_code == 422 and "already has" in text(refused)
    item = db_session.query(GlossaryTerm).filter_by(process_id=world.process.id).one()
    response = post(client, auth, f"{url}/{item.id}/delete", follow_redirects=True)
    assert "removed from the glossary" in text(response)
    assert db_session.query(GlossaryTerm).count() == 0


def test_the_glossary_through_the_api_reaches_the_publication(client, world, api_token):
    headers = api_token(world.lead)
    base = f"/api/v1/processes/{world.process.id}"
    created = client.post(base + "/glossary", json={"term": "IOM",
                                                    "expansion": "International Organization "
                                                                 "for Migration"},
                          headers=headers)
    assert created.status_code == 201 and created.get_json()["term"] == "IOM"
    assert [t["term"] for t in client.get(base + "/glossary", headers=headers).get_json()] == [
        "IOM"]
    export = client.get(base + "/export?profile=publication", headers=headers)
    assert export.status_code == 200
    with zipfile.ZipFile(io.BytesIO(export.data)) as zf:
        document = zf.read("word/document.xml").decode()
    assert "International Organization for Migration" in document
    assert client.get(base + "/export?profile=glossy", headers=headers).status_code == 422
    bad = client.get(base + "/export?changes_since=soon", headers=headers)
    assert bad.status_code == 422


def test_the_page_offers_the_profiles_and_a_redline(client, auth, world):
    auth.login(world.core)
    url = f"/processes/{world.process.id}/export"
    working = client.get(url + "?profile=working")
    assert working.status_code == 200
    redline = client.get(url + "?changes_since=2020-01-01")
    assert redline.status_code == 200
    with zipfile.ZipFile(io.BytesIO(redline.data)) as zf:
        assert b"<w:body>" in zf.read("word/document.xml")


def test_pdf_without_libreoffice_answers_501(client, world, api_token, monkeypatch):
    monkeypatch.setenv("POLICYCYCLE_SOFFICE", "/nonexistent/soffice")
    response = client.get(f"/api/v1/processes/{world.process.id}/export?format=pdf",
                          headers=api_token(world.lead))
    assert response.status_code == 501
    assert "LibreOffice" in response.get_json()["error"]["message"]


def test_the_cli_exports_a_profile_and_a_redline(runner, world, tmp_path):
    out = tmp_path / "publication.docx"
    result = runner.invoke(args=["export", str(world.process.id), "-o", str(out),
                                 "--profile", "publication"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as zf:
        assert b"Issuing body" in zf.read("word/document.xml")
    redline = tmp_path / "redline.docx"
    result = runner.invoke(args=["export", str(world.process.id), "-o", str(redline),
                                 "--changes-since", "2020-01-01"])
    assert result.exit_code == 0, result.output
    bad = runner.invoke(args=["export", str(world.process.id), "-o", str(redline),
                              "--changes-since", "someday"])
    assert bad.exit_code == 1 and "changes_since" in bad.output
