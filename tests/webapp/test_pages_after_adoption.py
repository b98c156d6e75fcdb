"""Pages after the decision: the adoption record, evaluations, the revision, the portfolio."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from engine.models import AdoptionRecord, Evaluation, Process, Recommendation
from engine.services import evaluations as evaluation_service
from tests.webapp.browser import post, text


def test_the_lead_records_the_adoption_on_its_page(client, auth, world, db_session,
                                                    stored_files):
    world.process.state = "adopted"
    db_session.flush()
    page = f"/processes/{world.process.id}/adoption"
    auth.login(world.core)
    assert "Record the adoption" not in text(client.get(page))
    refused = post(client, auth, page, {"body": "Council of Ministers", "act_type": "decree",
                                        "act_reference": "Decree 12", "adopted_on": "2025-03-14"})
    assert refused.status_code == 403
    auth.logout()
    auth.login(world.lead)
    form = client.get(page)
    assert "Record the adoption" in text(form)
    missing = post(client, auth, page, {"body": "", "act_type": "decree",
                                        "act_reference": "Decree 12", "adopted_on": ""})
    assert missing.status_code == 422
    assert db_session.scalar(select(AdoptionRecord)) is None
    done = post(client, auth, page, {
        "body": "Council of Ministers", "act_type": "decree", "act_reference": "Decree 12/2025",
        "adopted_on": "2025-03-14", "published_in": "Official Gazette No. 27"},
        follow_redirects=True)
    words = text(done)
    assert "The adoption is recorded: Decree 12/2025. The adopted text is frozen." in words
    assert "Official Gazette No. 27" in words
    record = db_session.scalar(select(AdoptionRecord))
    assert record.file_sha256 in words
    download = client.get(page + "/file")
    assert download.status_code == 200 and "attachment" in download.headers[
        "Content-Disposition"]
    overview = text(client.get(f"/processes/{world.process.id}"))
    assert "Adopted by Council of Ministers, decree Decree 12/2025" in overview


def test_evaluation_page_criteria_decisions_and_revision(client, auth, world, db_session):
    world.process.state = "evaluation"
    db_session.flush()
    base = f"/processes/{world.process.id}"
    auth.login(world.core)
    assert "Nothing to evaluate yet" not in text(client.get(base + "/evaluations"))
    opened = post(client, auth, base + "/evaluations", {"kind": "final", "title": "",
                                                        "evaluator": "Audit Office"},
                  follow_redirects=True)
    assert "“Final evaluation” opened" in text(opened)
    evaluation = db_session.scalar(select(Evaluation))
    crit = f"{base}/evaluations/{evaluation.id}/criteria/coherence"
    saved = post(client, auth, crit, {"findings": "Aligned with the *labour* strategy.",
                                      "rating": "highly_satisfactory"}, follow_redirects=True)
    assert "Coherence saved." in text(saved)
    assert "<em>labour</em>" in saved.get_data(as_text=True)
    assert post(client, auth, crit, {"findings": "x", "rating": "superb"}).status_code == 422
    added = post(client, auth, crit + "/recommendations",
                 {"text": "Align the two action plans' calendars."}, follow_redirects=True)
    assert "Recommendation added" in text(added)
    rec = db_session.scalar(select(Recommendation))
    decide = f"{base}/recommendations/{rec.id}/decision"
    assert post(client, auth, decide, {"decision": "accepted", "reason": "ok"}).status_code == 403
    auth.logout()
    auth.login(world.lead)
    assert post(client, auth, decide, {"decision": "accepted", "reason": ""}).status_code == 422
    decided = post(client, auth, decide, {"decision": "accepted",
                                          "reason": "Both plans end in 2030."},
                   follow_redirects=True)
    assert "Recommendation accepted." in text(decided)
    assert "Start the revision" in text(decided)
    started = post(client, auth, base + "/revision", {"title": "Migration policy 2030"},
                   follow_redirects=True)
    words = text(started)
    assert "The revision has started" in words
    successor = db_session.scalar(select(Process).where(Process.title == "Migration policy 2030"))
    assert successor.state == "agenda_setting"
    assert f"Revision of {world.process.title}" in words, words
    back = text(client.get(base))
    assert "Revised by Migration policy 2030" in back
    assert evaluation_service.cycle_of(db_session, world.process).next.id == successor.id


def test_portfolio_page_sorts_pages_and_exports_csv(client, auth, world, db_session,
                                                    make_process, make_institution):
    other = make_process(lead=world.lead, title="=HYPERLINK(\"http://evil\")",
                         institution=make_institution("Ministry of Labour"))
    db_session.flush()
    auth.login(world.lead)
    page = client.get("/portfolio?sort=title&direction=desc")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.index("National migration policy") < html.index("=HYPERLINK")
    assert 'aria-sort="descending"' in html
    assert "Download as CSV" in text(page)
    answer = client.get("/portfolio.csv?sort=title")
    assert answer.status_code == 200
    assert answer.mimetype == "text/csv"
    assert answer.headers["Content-Disposition"] == 'attachment; filename="portfolio.csv"'
    table = list(csv.reader(io.StringIO(answer.get_data(as_text=True).lstrip("\ufeff"))))
    assert table[0][:5] == ["Id", "Policy", "Country", "Requesting institution", "Stage"]
    assert [row[0] for row in table[1:]] == [str(other.id), str(world.process.id)]
    assert table[1][1] == "'=HYPERLINK(\"http://evil\")"
    assert table[2][4] == "Agenda setting"
    # An address edited by hand shows the default order rather than an error.
    assert client.get("/portfolio?sort=colour&page=x").status_code == 200
    auth.logout()
    auth.login(world.observer)
    assert "HYPERLINK" not in client.get("/portfolio").get_data(as_text=True)
