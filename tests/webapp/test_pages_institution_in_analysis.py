"""Administration: an institution named in a policy analysis is not deleted, and the page says why."""

from __future__ import annotations

from engine.models import Institution
from engine.services.analysis import inventory
from tests.webapp.browser import post, text


def test_the_admin_page_says_why(client, auth, db_session, make_user, make_process,
                                 make_institution):
    admin = make_user("Ada Admin", "ada@example.org", admin=True)
    process = make_process()
    custodian = make_institution("Civil Registry", kind="agency")
    inventory.create_source(db_session, process.lead.user, process,
                            source_type="population_register", custodian_id=custodian.id)
    db_session.flush()
    auth.login(admin)
    answer = post(client, auth, f"/admin/institutions/{custodian.id}/delete",
                  follow_redirects=True)
    assert "named in the policy analysis" in text(answer)
    assert db_session.get(Institution, custodian.id) is not None
