"""A consultation's report may be a file: attached, replaced and removed by lead and core,
read by every member, hidden from others, checked like any upload, and each change in
the history."""

from __future__ import annotations

import hashlib
import io

import pytest

from engine.models import Consultation, StoredFile
from engine.services import consultations as consultation_service
from engine.storage import file_store
from tests.webapp.api_client import assert_error
from tests.webapp.browser import post, text
from tests.webapp.test_deliverable_files import PDF, docx_bytes
from tests.webapp.world import World


@pytest.fixture
def api_world(make_world) -> World:
    return make_world("api")


def _consultation(session, world: World) -> Consultation:
    item = consultation_service.create_consultation(
        session, world.lead, world.process, stage="agenda_setting", method="workshop",
        title="Kick-off workshop", held_on="2026-01-15", report="Said and concluded.")
    session.flush()
    return item


def upload(api, consultation_id: int, data: bytes, name: str):
    return api.post(f"/consultations/{consultation_id}/report-file",
                    data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def history(api, world: World) -> list[dict]:
    return [e for e in api.get(f"/processes/{world.pid}/history").get_json()
            if e["kind"].startswith("consultation.report_file")]


# ------------------------------------------------------------------ the API


def test_an_uploaded_report_shows_in_the_json_and_is_read_by_members_only(api_world, db_session):
    world = api_world
    item = _consultation(db_session, world)
    assert world["observer"].get(f"/consultations/{item.id}").get_json()["report_file"] is None
    assert_error(world["observer"].get(f"/consultations/{item.id}/report-file"), 404,
                 "not_found")

    answer = upload(world["core"], item.id, PDF, "Workshop report.pdf")
    assert answer.status_code == 200, answer.get_json()
    url = f"/api/v1/consultations/{item.id}/report-file"
    expected = {"name": "Workshop report.pdf", "size": len(PDF),
                "content_type": "application/pdf", "url": url}
    assert answer.get_json()["report_file"] == expected
    assert answer.get_json()["report"] == "Said and concluded."  # the Markdown stays
    assert world["observer"].get(f"/consultations/{item.id}").get_json()["report_file"] == \
        expected
    listed = world["observer"].get(f"/processes/{world.pid}/consultations").get_json()
    assert listed[0]["report_file"] == expected
    db_session.expire_all()
    stored = db_session.get(StoredFile, db_session.get(Consultation, item.id).report_file_id)
    assert stored.sha256 == hashlib.sha256(PDF).hexdigest()
    assert stored.uploaded_by_id == world.core.id
    assert file_store().read(stored.sha256) == PDF

    download = world["observer"].get(f"/consultations/{item.id}/report-file")
    assert download.status_code == 200
    assert download.data == PDF
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert_error(world["outsider"].get(f"/consultations/{item.id}/report-file"), 404,
                 "not_found")
    assert_error(world["anonymous"].get(f"/consultations/{item.id}/report-file"), 401)


def test_an_observer_or_outsider_may_not_attach_or_remove_it(api_world, db_session):
    world = api_world
    item = _consultation(db_session, world)
    assert_error(upload(world["observer"], item.id, PDF, "mine.pdf"), 403, "forbidden")
    assert_error(upload(world["expert"], item.id, PDF, "mine.pdf"), 403, "forbidden")
    assert_error(upload(world["outsider"], item.id, PDF, "mine.pdf"), 404, "not_found")
    assert db_session.query(StoredFile).count() == 0
    upload(world["lead"], item.id, PDF, "report.pdf")
    path = f"/consultations/{item.id}/report-file"
    assert_error(world["observer"].delete(path), 403, "forbidden")
    assert_error(world["outsider"].delete(path), 404, "not_found")
    assert world["observer"].get(f"/consultations/{item.id}").get_json()["report_file"]


def test_replacing_and_removing_are_recorded_in_the_history(api_world, db_session):
    world = api_world
    item = _consultation(db_session, world)
    upload(world["core"], item.id, PDF, "draft.pdf")
    final = docx_bytes("Final report")  # made once: a zip records the second it was written
    replaced = upload(world["lead"], item.id, final, "final.docx")
    assert replaced.get_json()["report_file"]["name"] == "final.docx"
    assert replaced.get_json()["report_file"]["content_type"].endswith("wordprocessingml.document")
    assert world["observer"].get(f"/consultations/{item.id}/report-file").data == final

    removed = world["core"].delete(f"/consultations/{item.id}/report-file")
    assert removed.status_code == 200, removed.get_json()
    assert removed.get_json()["report_file"] is None
    assert removed.get_json()["report"] == "Said and concluded."
    assert_error(world["core"].delete(f"/consultations/{item.id}/report-file"), 404,
                 "not_found")
    assert_error(world["observer"].get(f"/consultations/{item.id}/report-file"), 404,
                 "not_found")
    # Both files stay among the process's stored files: the history names them.
    assert db_session.query(StoredFile).filter_by(process_id=world.pid).count() == 2

    events = history(world["observer"], world)
    assert [e["kind"] for e in events] == [  # oldest first
        "consultation.report_file_attached", "consultation.report_file_replaced",
        "consultation.report_file_removed"]
    by_kind = {e["kind"]: e for e in events}
    assert by_kind["consultation.report_file_replaced"]["summary"] == \
        "Report file of “Kick-off workshop” replaced: “draft.pdf” → “final.docx”"
    assert by_kind["consultation.report_file_removed"]["summary"] == \
        "Report file “final.docx” removed from “Kick-off workshop”"
    assert by_kind["consultation.report_file_attached"]["summary"] == \
        "Report file “draft.pdf” attached to “Kick-off workshop”"


# ------------------------------------------------------------------ hostile uploads


def test_an_oversized_report_is_refused_with_413(api_world, db_session, app):
    world = api_world
    item = _consultation(db_session, world)
    app.config["UPLOAD_MAX_BYTES"] = 1000
    assert_error(upload(world["core"], item.id, PDF + b"%" * 2000, "big.pdf"), 413, "too_large")
    assert upload(world["core"], item.id, PDF + b"%" * 400_000, "huge.pdf").status_code == 413
    assert db_session.query(StoredFile).count() == 0
    db_session.expire_all()
    assert db_session.get(Consultation, item.id).report_file_id is None


@pytest.mark.parametrize(("data", "name"), [
    (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "report.pdf"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "report.svg"),
    (PDF, "report.docx"),
    (b"Minutes of the workshop.\n", "../../etc/passwd"),
    (b"MZ\x90\x00\x03\x00\x00\x00", "..\\..\\setup.exe"),
])
def test_a_mismatched_type_or_traversal_name_is_refused_with_415(api_world, db_session, data,
                                                                  name):
    world = api_world
    item = _consultation(db_session, world)
    assert_error(upload(world["core"], item.id, data, name), 415, "unsupported_file")
    assert db_session.query(StoredFile).count() == 0
    assert history(world["core"], world) == []


def test_an_empty_or_missing_file_is_refused_with_422(api_world, db_session):
    item = _consultation(db_session, api_world)
    assert_error(upload(api_world["core"], item.id, b"", "empty.pdf"), 422)
    answer = api_world["core"].post(f"/consultations/{item.id}/report-file", data={},
                                    content_type="multipart/form-data")
    assert_error(answer, 422)


def test_a_traversal_name_with_a_true_extension_is_kept_without_its_folders(api_world,
                                                                            db_session):
    world = api_world
    item = _consultation(db_session, world)
    answer = upload(world["core"], item.id, PDF, "../../etc/rep\x07ort.pdf")
    assert answer.status_code == 200
    assert answer.get_json()["report_file"]["name"] == "report.pdf"
    download = world["core"].get(f"/consultations/{item.id}/report-file")
    assert download.headers["Content-Disposition"] == "attachment; filename=report.pdf"


# ------------------------------------------------------------------ the page


def test_the_page_attaches_replaces_and_removes_without_javascript(client, auth, world,
                                                                    db_session):
    item = _consultation(db_session, world)
    page = f"/processes/{world.pid}/consultations/{item.id}"
    auth.login(world.core)
    words = text(client.get(page))
    assert "No report file attached." in words
    assert "Attach the report file" in words

    attached = post(client, auth, page + "/report-file",
                    {"file": (io.BytesIO(PDF), "Workshop report.pdf")},
                    content_type="multipart/form-data", follow_redirects=True)
    words = text(attached)
    assert "Report file “Workshop report.pdf” attached to “Kick-off workshop”." in words
    assert "Workshop report.pdf" in words and "Replace the report file" in words
    assert "Remove the report file" in words
    html = attached.get_data(as_text=True)
    assert f'href="{page}/report-file"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "data-confirm=" in html

    refused = post(client, auth, page + "/report-file",
                   {"file": (io.BytesIO(b"<html><script>x</script>"), "report.pdf")},
                   content_type="multipart/form-data", follow_redirects=True)
    assert "does not match its name" in text(refused) or "not accepted" in text(refused)
    db_session.expire_all()
    assert db_session.get(Consultation, item.id).report_file.name == "Workshop report.pdf"

    final = docx_bytes()  # made once: a zip records the second it was written
    replaced = post(client, auth, page + "/report-file",
                    {"file": (io.BytesIO(final), "Final report.docx")},
                    content_type="multipart/form-data", follow_redirects=True)
    assert "The report file of “Kick-off workshop” is now “Final report.docx”." in \
        text(replaced)
    download = client.get(page + "/report-file")
    assert download.status_code == 200
    assert download.data == final
    assert download.headers["Content-Disposition"].startswith("attachment")
    auth.logout()

    auth.login(world.observer)
    words = text(client.get(page))
    assert "Final report.docx" in words
    assert "Remove the report file" not in words and "Attach the report file" not in words
    assert client.get(page + "/report-file").status_code == 200
    refused = post(client, auth, page + "/report-file",
                   {"file": (io.BytesIO(PDF), "mine.pdf")}, content_type="multipart/form-data")
    assert refused.status_code == 403
    assert post(client, auth, page + "/report-file/remove").status_code == 403
    auth.logout()

    auth.login(world.outsider)
    assert client.get(page + "/report-file").status_code == 404
    auth.logout()

    auth.login(world.lead)
    removed = post(client, auth, page + "/report-file/remove", follow_redirects=True)
    assert "Report file “Final report.docx” removed from “Kick-off workshop”." in text(removed)
    assert "No report file attached." in text(removed)
    again = post(client, auth, page + "/report-file/remove", follow_redirects=True)
    assert "This consultation has no report file." in text(again)
    assert client.get(page + "/report-file").status_code == 404
    history = text(client.get(f"/processes/{world.pid}/history"))
    assert "Report file of “Kick-off workshop” replaced: “Workshop report.pdf” → " \
           "“Final report.docx”" in history
    assert "Report file “Final report.docx” removed from “Kick-off workshop”" in history


def test_the_history_reads_the_change_in_french(client, auth, world, db_session):
    item = _consultation(db_session, world)
    consultation_service.attach_report_file(db_session, world.lead, item, data=PDF,
                                            filename="compte-rendu.pdf")
    consultation_service.attach_report_file(db_session, world.lead, item, data=docx_bytes(),
                                            filename="final.docx")
    consultation_service.remove_report_file(db_session, world.lead, item)
    db_session.flush()
    auth.login(world.lead)
    client.post("/language", data={"language": "fr", "next": "/",
                                   "csrf_token": auth.csrf_token("/profile")})
    words = text(client.get(f"/processes/{world.pid}/history")).replace("\u00a0", " ")
    assert "Fichier du compte rendu « compte-rendu.pdf » joint à « Kick-off workshop »" in words
    assert "Fichier du compte rendu de « Kick-off workshop » remplacé : « compte-rendu.pdf » → " \
           "« final.docx »" in words
    assert "Fichier du compte rendu « final.docx » retiré de « Kick-off workshop »" in words
