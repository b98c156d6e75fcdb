"""API after the decision: adoption record, evaluations, recommendations, revision, portfolio."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from engine.models import Measure, ProblemAnalysis, Section
from engine.services.document import sections
from engine.storage import digest_of
from tests.webapp.api_client import assert_error
from tests.webapp.world import World

ACT = {"body": "Council of Ministers", "act_type": "government_decision",
       "act_reference": "Decision No. 412/2025", "adopted_on": "2025-03-14",
       "published_in": "Official Gazette No. 27"}


@pytest.fixture
def world(make_world) -> World:
    return make_world("api")


def _section(db_session, process, key):
    return db_session.scalar(select(Section).where(Section.process_id == process.id,
                                                   Section.key == key))


def test_adoption_is_recorded_by_the_lead_and_downloadable(world, db_session, stored_files):
    path = f"/processes/{world.pid}/adoption"
    assert_error(world["lead"].post(path, ACT), 409)  # not adopted yet
    world.process.state = "adopted"
    db_session.flush()
    assert_error(world["lead"].get(path), 404)
    for who in ("core", "expert", "observer"):
        assert_error(world[who].post(path, ACT), 403)
    assert_error(world["outsider"].post(path, ACT), 404)
    refused = assert_error(world["lead"].post(path, {**ACT, "act_type": "edict"}), 422)
    assert "act_type" in refused["details"]
    answer = world["lead"].post(path, ACT)
    assert answer.status_code == 201
    record = answer.get_json()
    assert {k: record[k] for k in ACT} == ACT
    assert len(record["file_sha256"]) == 64 and record["sections"]
    assert record["recorded_by"]["email"] == world.lead.email
    assert world["observer"].get(path).get_json()["file_sha256"] == record["file_sha256"]
    download = world["expert"].get(path + "/file")
    assert download.status_code == 200
    assert "attachment" in download.headers["Content-Disposition"]
    assert digest_of(download.data) == record["file_sha256"]
    assert_error(world["lead"].post(path, ACT), 409)  # once only


def test_audit_verify_checks_the_adopted_file(world, db_session, runner, stored_files):
    world.process.state = "adopted"
    db_session.flush()
    record = world["lead"].post(f"/processes/{world.pid}/adoption", ACT).get_json()
    ok = runner.invoke(args=["audit", "verify", str(world.pid)])
    assert ok.exit_code == 0, ok.output
    assert "adopted text file matches its sha256" in ok.output
    stored = stored_files.path(record["file_sha256"])
    stored.write_bytes(stored.read_bytes().replace(b"PK", b"QK", 1))
    broken = runner.invoke(args=["audit", "verify", str(world.pid)])
    assert broken.exit_code == 1
    assert f"adopted text file {record['file_sha256']} was altered" in broken.output
    stored.unlink()
    missing = runner.invoke(args=["audit", "verify", str(world.pid)])
    assert missing.exit_code == 1 and "is missing from the store" in missing.output


def _evaluation(world, db_session):
    world.process.state = "evaluation"
    db_session.flush()
    answer = world["core"].post(f"/processes/{world.pid}/evaluations",
                                {"kind": "mid_term", "evaluator": "National Audit Office"})
    assert answer.status_code == 201
    return answer.get_json()


def test_evaluation_criteria_and_recommendation_decisions(world, db_session):
    assert_error(world["core"].post(f"/processes/{world.pid}/evaluations", {"kind": "final"}),
                 409)  # nothing implemented yet
    evaluation = _evaluation(world, db_session)
    assert [c["criterion"] for c in evaluation["criteria"]] == [
        "relevance", "coherence", "effectiveness", "efficiency", "impact", "sustainability"]
    assert evaluation["title"] is None and evaluation["kind"] == "mid_term"
    base = f"/evaluations/{evaluation['id']}/criteria"
    assert_error(world["expert"].patch(f"{base}/impact", {"rating": "satisfactory"}), 403)
    changed = world["core"].patch(f"{base}/impact", {
        "findings": "Remittance costs fell <script>alert(1)</script>**by a third**.",
        "rating": "satisfactory"})
    assert changed.status_code == 200
    criterion = changed.get_json()
    assert criterion["rating"] == "satisfactory"
    assert "<strong>by a third</strong>" in criterion["findings_html"]
    assert "<script" not in criterion["findings_html"]
    assert_error(world["core"].patch(f"{base}/beauty", {"rating": "satisfactory"}), 422)
    assert_error(world["core"].patch(f"{base}/impact", {"rating": "great"}), 422)
    rec = world["core"].post(f"{base}/impact/recommendations",
                             {"text": "Publish remittance prices monthly."})
    assert rec.status_code == 201 and rec.get_json()["decision"] == "pending"
    decision = f"/recommendations/{rec.get_json()['id']}/decision"
    assert_error(world["core"].post(decision, {"decision": "accepted", "reason": "Yes."}), 403)
    assert_error(world["lead"].post(decision, {"decision": "accepted", "reason": ""}), 422)
    decided = world["lead"].post(decision, {"decision": "rejected",
                                            "reason": "The central bank already does it."})
    assert decided.status_code == 200
    assert decided.get_json()["decision"] == "rejected"
    assert decided.get_json()["decided_by"]["email"] == world.lead.email
    again = world["observer"].get(f"/evaluations/{evaluation['id']}").get_json()
    impact = next(c for c in again["criteria"] if c["criterion"] == "impact")
    assert impact["recommendations"][0]["reason"] == "The central bank already does it."
    listed = world["observer"].get(f"/processes/{world.pid}/evaluations")
    assert [e["id"] for e in listed.get_json()] == [evaluation["id"]]


def test_start_the_revision_carries_the_policy_over(world, db_session):
    sections.save_body(db_session, world.lead, _section(db_session, world.process, "mandate"),
                       body="Cover labour migration and return.", base_revision=0)
    evaluation = _evaluation(world, db_session)
    base = f"/evaluations/{evaluation['id']}/criteria"
    rec = world["core"].post(f"{base}/relevance/recommendations",
                             {"text": "Add climate-driven migration to the scope."}).get_json()
    world["lead"].post(f"/recommendations/{rec['id']}/decision",
                       {"decision": "accepted", "reason": "Droughts drive rural exodus."})
    path = f"/processes/{world.pid}/revision"
    assert_error(world["core"].post(path, {}), 403)
    started = world["lead"].post(path, {"title": "National migration policy 2030-2035"})
    assert started.status_code == 201, started.get_json()
    successor = started.get_json()
    assert successor["state"] == "agenda_setting"
    assert world["lead"].get(f"/processes/{successor['id']}/cycle").get_json()["previous"][
        "id"] == world.pid
    assert world["observer"].get(f"/processes/{world.pid}/cycle").get_json()["next"][
        "id"] == successor["id"]
    issues = db_session.scalar(select(ProblemAnalysis).where(
        ProblemAnalysis.process_id == successor["id"]))
    assert "Add climate-driven migration to the scope." in issues.problem_statement
    mandate = world["lead"].get(f"/processes/{successor['id']}/sections").get_json()
    assert mandate  # the outline of the new process exists
    carried = db_session.scalar(select(Section).where(Section.process_id == successor["id"],
                                                      Section.key == "mandate"))
    assert carried.body.strip() == "Cover labour migration and return."
    assert_error(world["lead"].post(path, {}), 409)  # once only


def test_portfolio_sorts_pages_and_filters(world, db_session, make_process, make_institution):
    other = make_process(lead=world.lead, title="=HYPERLINK(\"http://evil\")",
                         institution=make_institution("Ministry of Labour"))
    db_session.add(Measure(process_id=world.pid, stage_key="policy_instruments",
                           title="Hotline", budget=Decimal("1500.00")))
    db_session.flush()
    rows = world["lead"].get("/portfolio?sort=title&direction=asc").get_json()
    assert [r["id"] for r in rows] == [other.id, world.pid]
    assert rows[1]["budget_planned"] == "1500.00"
    assert rows[1]["measures_delayed"] is None
    assert rows[1]["stage_title"] == "Agenda setting"
    desc = world["lead"].get("/portfolio?sort=title&direction=desc").get_json()
    assert [r["id"] for r in desc] == [world.pid, other.id]
    page = world["lead"].get("/portfolio?sort=title&per_page=1&page=2")
    assert page.headers["X-Total-Count"] == "2"
    assert [r["id"] for r in page.get_json()] == [world.pid]
    only = world["lead"].get(f"/portfolio?institution={other.requesting_institution_id}")
    assert [r["id"] for r in only.get_json()] == [other.id]
    assert [r["id"] for r in world["observer"].get("/portfolio").get_json()] == [world.pid]
    assert_error(world["lead"].get("/portfolio?sort=color"), 422)
    assert_error(world["anonymous"].get("/portfolio"), 401)


def test_portfolio_monitoring_columns_come_from_one_function(world, db_session, make_process,
                                                            monkeypatch):
    from engine.services import portfolio

    other = make_process(lead=world.lead, title="Border management strategy")
    db_session.flush()
    monkeypatch.setattr(portfolio, "monitoring_figures", lambda session, processes, today=None: {
        world.pid: portfolio.MonitoringFigures(3, 1, Decimal("250.50")),
        other.id: portfolio.MonitoringFigures(0, 2, None)})
    rows = world["lead"].get("/portfolio?sort=measures_delayed&direction=desc").get_json()
    assert [(r["id"], r["measures_delayed"], r["indicators_off_track"], r["budget_spent"])
            for r in rows] == [(world.pid, 3, 1, "250.50"), (other.id, 0, 2, None)]
    by_spent = world["lead"].get("/portfolio?sort=budget_spent").get_json()
    assert [r["id"] for r in by_spent] == [world.pid, other.id]  # no figure: last
