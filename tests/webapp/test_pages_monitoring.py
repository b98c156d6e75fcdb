"""The monitoring page and API: reporting by the responsible institution, validation by the lead."""

from __future__ import annotations

from engine.models import MeasureProgress
from tests.webapp.browser import post, text


def page(made) -> str:
    return f"/processes/{made['process'].id}/monitoring"


def test_the_responsible_member_reports_and_the_lead_validates(client, auth, make_monitored,
                                                             db_session):
    made = make_monitored()
    labour, lead = made["labour_member"], made["lead"]
    auth.login(labour)
    answer = client.get(page(made) + "?period=2024")
    assert answer.status_code == 200
    words = text(answer)
    assert "Progress of the measures" in words and "Open a one-stop shop" in words
    assert "2 reports missing" in words
    html = answer.get_data(as_text=True)
    # A report form for the labour ministry's measure only; no validate button for a member.
    assert f"/measures/{made['one_stop'].id}/progress" in html
    assert f"/measures/{made['portal'].id}/progress" not in html
    assert "Validate the period" not in words
    assert 'style="' not in html and "<script>" not in html

    refused = post(client, auth, page(made) + f"/measures/{made['one_stop'].id}/progress",
                   {"period": "2024", "status": "delayed", "spent": "", "note": ""})
    assert refused.status_code == 422
    assert "note" in text(refused).lower()
    done = post(client, auth, page(made) + f"/measures/{made['one_stop'].id}/progress",
                {"period": "2024", "status": "on_track", "spent": "1200.50",
                 "note": "Premises found."}, follow_redirects=True)
    assert "Progress on “Open a one-stop shop” reported for 2024." in text(done)
    row = db_session.query(MeasureProgress).filter_by(measure_id=made["one_stop"].id).one()
    assert (row.status, str(row.spent)) == ("on_track", "1200.50")
    # Not the labour ministry's measure: refused.
    other = post(client, auth, page(made) + f"/measures/{made['portal'].id}/progress",
                 {"period": "2024", "status": "on_track", "spent": "", "note": "x"})
    assert other.status_code == 403
    assert "Only members of the institution responsible" in text(other)
    assert post(client, auth, page(made) + "/validate", {"period": "2024"}).status_code == 403

    auth.logout()
    auth.login(made["interior_member"])
    post(client, auth, page(made) + f"/measures/{made['portal'].id}/progress",
         {"period": "2024", "status": "on_track", "spent": "", "note": "Tender out."})
    auth.logout()
    auth.login(lead)
    words = text(client.get(page(made) + "?period=2024"))
    assert "Every report is in" in words and "Validate the period" in words
    validated = post(client, auth, page(made) + "/validate", {"period": "2024"},
                     follow_redirects=True)
    assert "Period 2024 validated" in text(validated)
    accepted = post(client, auth, page(made) + "/accept", {"period": "2024"},
                    follow_redirects=True)
    assert "Monitoring report of 2024 accepted." in text(accepted)
    chart = client.get(page(made) + f"/indicators/{made['indicator'].id}/chart.svg?period=2024")
    assert chart.status_code == 200 and chart.mimetype == "image/svg+xml"
    assert "style=" not in chart.get_data(as_text=True)
    report = client.get(page(made) + "/report?period=2024")
    assert report.status_code == 200 and report.data[:2] == b"PK"
    assert client.get(page(made) + "/report?period=1999").status_code == 422


def test_api_progress_values_and_monitoring(client, api_token, make_monitored):
    made = make_monitored()
    as_labour = api_token(made["labour_member"])
    as_lead = api_token(made["lead"])
    url = f"/api/v1/actions/{made['one_stop'].id}/progress"
    body = {"period": "2025", "status": "delayed", "spent": "300", "note": "No premises."}
    assert client.post(url, json=body, headers=as_lead).status_code == 403
    created = client.post(url, json=body, headers=as_labour)
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["status"] == "delayed"
    bad = client.post(url, json={**body, "period": "2025-Q7"}, headers=as_labour)
    assert bad.status_code == 422 and "period" in bad.get_json()["error"]["details"]
    value = client.post(f"/api/v1/indicators/{made['indicator'].id}/values",
                        json={"period": "2025", "value": 10.5}, headers=as_labour)
    assert value.status_code == 201 and value.get_json()["value"] == 10.5
    data = client.get(f"/api/v1/processes/{made['process'].id}/monitoring?period=2025",
                      headers=as_labour).get_json()
    assert data["period"] == "2025"
    assert [p["period"] for p in data["periods"]] == ["2024", "2025"]
    measures = data["objectives"][0]["measures"]
    assert [(m["title"], m["status"]) for m in measures] == [
        ("Open a one-stop shop", "delayed"), ("Online permit portal", None)]
    track = next(i for i in data["indicators"] if i["id"] == made["indicator"].id)
    assert track["values"][0]["off_track"] is True
    assert {f["kind"] for f in data["flags"]} >= {"period_unreported", "indicator_off_track"}
    refused = client.post(f"/api/v1/processes/{made['process'].id}/monitoring/validations",
                          json={"period": "2025"}, headers=as_labour)
    assert refused.status_code == 403


def test_flags_show_on_the_overview_and_in_waiting_for_you(client, auth, make_monitored,
                                                          db_session):
    from engine.services.monitoring import progress

    made = make_monitored()
    progress.record_value(db_session, made["labour_member"], made["indicator"], period="2025",
                          value="10.2")
    auth.login(made["lead"])
    words = text(client.get(f"/processes/{made['process'].id}"))
    assert "Monitoring flags" in words
    assert "Permits issued within 30 days (%) is off its trajectory (2025)." in words
    assert "The period 2024 is not reported and validated." in words
    home = text(client.get("/"))
    assert "Monitoring flags" in home
    assert "Open a one-stop shop is past its end date and not completed." in home


def test_the_transition_to_evaluation_reads_in_french(client, auth, make_monitored, db_session):
    made = make_monitored()
    lead = made["lead"]
    lead.language = "fr"
    db_session.flush()
    auth.login(lead)
    words = text(client.get(f"/processes/{made['process'].id}"))
    assert "Passer à l'évaluation" in words and "Advance to evaluation" not in words
    assert "Suspendre le processus" in words or "Suspend the process" not in words
