"""Deliverables carry content: versions (uploaded files or links), the lead's decision, the
download authorised like the process, hostile uploads refused, the annex naming the
accepted version."""

from __future__ import annotations

import hashlib
import io

import pytest
from docx import Document

from engine.models import Deliverable, StoredFile
from engine.services import deliverables as deliverable_service
from engine.services.document import sections as section_service
from engine.services.exports import export_process
from engine.storage import file_store
from tests.webapp.api_client import assert_error
from tests.webapp.browser import post, text
from tests.webapp.world import World

PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def docx_bytes(text_: str = "Issues paper of the Republic of Veloria") -> bytes:
    document = Document()
    document.add_paragraph(text_)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def api_world(make_world) -> World:
    return make_world("api")


def _deliverable(session, world: World) -> Deliverable:
    item = deliverable_service.create_deliverable(
        session, world.lead, world.process, stage="agenda_setting", kind="issues_paper",
        title="Issues paper", owner_email=world.core.email)
    session.flush()
    return item


def upload(api, deliverable_id: int, data: bytes, name: str, **form):
    return api.post(f"/deliverables/{deliverable_id}/files",
                    data={"file": (io.BytesIO(data), name), **form},
                    content_type="multipart/form-data")


# ------------------------------------------------------------------ the API


def test_an_upload_is_downloaded_by_a_member_and_hidden_from_an_outsider(api_world, db_session):
    world = api_world
    item = _deliverable(db_session, world)
    answer = upload(world["core"], item.id, PDF, "Issues paper v1.pdf", note="First draft")
    assert answer.status_code == 201, answer.get_json()
    version = answer.get_json()
    assert version["number"] == 1
    assert version["status"] == "submitted"
    assert version["note"] == "First draft"
    stored = version["file"]
    assert stored["name"] == "Issues paper v1.pdf"
    assert stored["content_type"] == "application/pdf"
    assert stored["size"] == len(PDF)
    assert stored["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert file_store().read(stored["sha256"]) == PDF
    row = db_session.get(StoredFile, stored["id"])
    assert row.uploaded_by_id == world.core.id and row.process_id == world.pid

    download = world["observer"].get(f"/files/{stored['id']}")
    assert download.status_code == 200
    assert download.data == PDF
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert "Issues%20paper%20v1.pdf" in download.headers["Content-Disposition"] or \
        "Issues paper v1.pdf" in download.headers["Content-Disposition"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"

    assert_error(world["outsider"].get(f"/files/{stored['id']}"), 404, "not_found")
    assert_error(upload(world["observer"], item.id, PDF, "mine.pdf"), 403, "forbidden")
    assert_error(upload(world["outsider"], item.id, PDF, "mine.pdf"), 404, "not_found")
    assert_error(world["anonymous"].get(f"/files/{stored['id']}"), 401)

    listed = world["observer"].get(f"/processes/{world.pid}/deliverables").get_json()
    assert listed[0]["status"] == "submitted"
    assert [v["number"] for v in listed[0]["versions"]] == [1]


def test_the_same_bytes_are_stored_once(api_world, db_session):
    world = api_world
    item = _deliverable(db_session, world)
    first = upload(world["core"], item.id, PDF, "a.pdf").get_json()
    second = upload(world["lead"], item.id, PDF, "b.pdf").get_json()
    assert first["file"]["id"] != second["file"]["id"]
    assert first["file"]["sha256"] == second["file"]["sha256"]
    assert second["number"] == 2
    path = file_store().path(first["file"]["sha256"])  # type: ignore[attr-defined]
    assert len(list(path.parent.iterdir())) == 1


def test_the_lead_accepts_or_returns_a_version_with_a_note(api_world, db_session):
    world = api_world
    item = _deliverable(db_session, world)
    first = upload(world["core"], item.id, docx_bytes(), "issues.docx").get_json()
    assert first["file"]["content_type"].endswith("wordprocessingml.document")
    decide = f"/deliverable-versions/{first['id']}/decision"
    assert_error(world["core"].post(decide, {"decision": "accept"}), 403, "forbidden")
    assert_error(world["lead"].post(decide, {"decision": "return"}), 422)
    returned = world["lead"].post(decide, {"decision": "return", "note": "Add the data."})
    assert returned.status_code == 200
    assert returned.get_json()["status"] == "returned"
    assert returned.get_json()["decision_note"] == "Add the data."
    assert world["lead"].get(f"/deliverables/{item.id}").get_json()["status"] == "returned"
    assert_error(world["lead"].post(decide, {"decision": "accept"}), 409, "conflict")

    section = section_service.create_section(db_session, world.lead, world.process,
                                             title="Problem statement")
    db_session.flush()
    linked = world["core"].post(f"/deliverables/{item.id}/versions",
                                {"links": [{"kind": "section", "id": section.id}],
                                 "note": "Now in the document"})
    assert linked.status_code == 201, linked.get_json()
    assert linked.get_json()["links"] == [{"kind": "section", "id": section.id,
                                           "title": "Problem statement"}]
    accepted = world["lead"].post(f"/deliverable-versions/{linked.get_json()['id']}/decision",
                                  {"decision": "accept", "note": "Good."})
    assert accepted.get_json()["status"] == "accepted"
    one = world["observer"].get(f"/deliverables/{item.id}").get_json()
    assert one["status"] == "accepted"
    assert one["accepted_version_id"] == linked.get_json()["id"]
    assert [e["kind"] for e in world["lead"].get(f"/processes/{world.pid}/history").get_json()
            if e["kind"].startswith("deliverable.version")] == [
        "deliverable.version", "deliverable.version_returned", "deliverable.version",
        "deliverable.version_accepted"]


def test_a_link_outside_the_process_is_refused(api_world, db_session, make_process):
    world = api_world
    item = _deliverable(db_session, world)
    elsewhere = make_process(lead=world.outsider, title="Another process")
    foreign = section_service.create_section(db_session, world.outsider, elsewhere, title="Theirs")
    db_session.flush()
    answer = world["core"].post(f"/deliverables/{item.id}/versions",
                                {"links": [{"kind": "section", "id": foreign.id}]})
    assert_error(answer, 422)


# ------------------------------------------------------------------ hostile uploads


def test_an_oversized_file_is_refused_with_413(api_world, db_session, app):
    world = api_world
    item = _deliverable(db_session, world)
    app.config["UPLOAD_MAX_BYTES"] = 1000
    answer = upload(world["core"], item.id, PDF + b"%" * 2000, "big.pdf")
    assert_error(answer, 413, "too_large")
    assert db_session.query(StoredFile).count() == 0


def test_a_body_beyond_the_upload_limit_is_refused_before_reading(api_world, db_session, app):
    world = api_world
    item = _deliverable(db_session, world)
    app.config["UPLOAD_MAX_BYTES"] = 1000
    answer = upload(world["core"], item.id, PDF + b"%" * 400_000, "huge.pdf")
    assert answer.status_code == 413


@pytest.mark.parametrize(("data", "name"), [
    (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "report.pdf"),
    (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "report.html"),
    (b"<html><body onload=alert(1)>", "notes.txt"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "chart.svg"),
    (PDF, "report.docx"),
    (b"#!/bin/sh\nrm -rf /\x00", "run.sh"),
    (b"MZ\x90\x00\x03\x00\x00\x00", "setup.exe"),
])
def test_a_mismatched_or_dangerous_type_is_refused_with_415(api_world, db_session, data, name):
    world = api_world
    item = _deliverable(db_session, world)
    answer = upload(world["core"], item.id, data, name)
    assert_error(answer, 415, "unsupported_file")
    assert db_session.query(StoredFile).count() == 0


def test_an_empty_upload_is_refused_with_422(api_world, db_session):
    item = _deliverable(db_session, api_world)
    assert_error(upload(api_world["core"], item.id, b"", "empty.pdf"), 422)
    answer = api_world["core"].post(f"/deliverables/{item.id}/files", data={},
                                    content_type="multipart/form-data")
    assert_error(answer, 422)


def test_a_path_traversal_name_is_stored_sanitised(api_world, db_session):
    world = api_world
    item = _deliverable(db_session, world)
    answer = upload(world["core"], item.id, PDF, "../../etc/pass\x07wd\x1b.pdf")
    assert answer.status_code == 201
    stored = answer.get_json()["file"]
    assert stored["name"] == "passwd.pdf"
    windows = upload(world["core"], item.id, b"a;b\n1;2\n", "..\\..\\boot\\data.csv")
    name = windows.get_json()["file"]["name"]
    assert name.endswith("data.csv") and "\\" not in name and "/" not in name
    assert not name.startswith(".")
    assert windows.get_json()["file"]["content_type"] == "text/csv"
    download = world["core"].get(f"/files/{stored['id']}")
    assert download.headers["Content-Disposition"] == "attachment; filename=passwd.pdf"


def test_a_text_file_is_served_as_an_attachment_never_inline(api_world, db_session):
    world = api_world
    item = _deliverable(db_session, world)
    answer = upload(world["core"], item.id, b"Notes: Veloria, 2026.\n", "notes.txt")
    download = world["core"].get(f"/files/{answer.get_json()['file']['id']}")
    assert download.mimetype == "text/plain"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download.headers["Content-Security-Policy"]


# ------------------------------------------------------------------ pages and the annex


def test_the_page_uploads_decides_and_downloads_without_javascript(client, auth, world, db_session):
    item = _deliverable(db_session, world)
    auth.login(world.core)
    base = f"/processes/{world.pid}/deliverables/{item.id}"
    response = client.post(base + "/versions", data={
        "csrf_token": auth.csrf_token("/profile"), "note": "For the core group",
        "file": (io.BytesIO(docx_bytes()), "Issues paper.docx")},
        content_type="multipart/form-data", follow_redirects=True)
    words = text(response)
    assert "Version 1 of “Issues paper” submitted for the lead’s decision." in words
    assert "Issues paper.docx" in words
    assert "Accept this version" not in words  # the core member does not decide
    stored = db_session.query(StoredFile).one()
    download = client.get(f"/processes/{world.pid}/files/{stored.id}")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment")
    refused = post(client, auth, base + "/versions", {"file": (io.BytesIO(b"<html>"), "x.pdf")},
                   follow_redirects=True)
    assert "does not match its name" in text(refused) or "not accepted" in text(refused)
    auth.logout()

    auth.login(world.lead)
    assert "Accept this version" in text(client.get(f"/processes/{world.pid}/deliverables"))
    version = item.versions[0]
    accepted = post(client, auth, f"{base}/versions/{version.id}/decision",
                    {"decision": "accept", "note": "Well done."}, follow_redirects=True)
    assert "Version 1 of “Issues paper” accepted." in text(accepted)
    db_session.refresh(item)
    assert item.status == "accepted"
    auth.logout()

    auth.login(world.outsider)
    assert client.get(f"/processes/{world.pid}/files/{stored.id}").status_code == 404


def test_the_annex_lists_the_accepted_version(db_session, world):
    item = _deliverable(db_session, world)
    data = docx_bytes()
    version = deliverable_service.add_version(db_session, world.core, item, data=data,
                                              filename="Issues paper v2.docx")
    other = deliverable_service.create_deliverable(
        db_session, world.lead, world.process, stage="agenda_setting", kind="mandate")
    deliverable_service.add_version(db_session, world.core, other, data=PDF, filename="m.pdf")
    deliverable_service.decide_version(db_session, world.lead, version, decision="accept")
    db_session.flush()
    content = export_process(db_session, world.lead, world.pid).content
    document = Document(io.BytesIO(content))
    rows = [[cell.text for cell in row.cells] for table in document.tables
            for row in table.rows]
    header = next(r for r in rows if "Accepted version" in r)
    column = header.index("Accepted version")
    row = next(r for r in rows if r[1] == "Issues paper")
    digest = hashlib.sha256(data).hexdigest()[:12]
    assert "Version 1" in row[column]
    assert f"Issues paper v2.docx (sha256 {digest})" in row[column]
    mandate = next(r for r in rows if r[1] == "Mandate of the process")
    assert mandate[column] == ""  # submitted, not accepted
