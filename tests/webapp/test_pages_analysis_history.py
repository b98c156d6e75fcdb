"""The history page names the family of the analysis events, and filters by it."""

from __future__ import annotations

from engine.services.analysis import risks
from tests.webapp.browser import text


def test_analysis_events_have_their_own_family(client, auth, world, db_session):
    risks.create_risk(db_session, world.core, world.process, title="Elections in 2027",
                      category="elections", likelihood=4, impact=4)
    db_session.flush()
    auth.login(world.expert)
    path = f"/processes/{world.process.id}/history"
    page = client.get(path).get_data(as_text=True)
    assert '<option value="analysis">Analysis</option>' in page
    filtered = text(client.get(path, query_string={"kind": "analysis"}))
    assert "Risk “Elections in 2027” recorded" in filtered
    assert "Process “National migration policy” started" not in filtered
