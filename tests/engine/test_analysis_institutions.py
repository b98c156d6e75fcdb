"""An institution named anywhere in a policy analysis cannot be deleted (409, clear message)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from engine.errors import Conflict
from engine.models import Institution
from engine.models.analysis import INSTITUTION_REFERENCES
from engine.services.analysis import actions, instruments, inventory, risks
from engine.services.institutions import delete_institution


@pytest.fixture
def setting(db_session, make_user, make_process):
    admin = make_user("Ada Admin", admin=True)
    process = make_process()
    return admin, process, process.lead.user


def _uses(session, process, lead, institution) -> list[tuple[str, Callable[[], Any],
                                                         Callable[[Any], None]]]:
    """One way per referencing column: (what, make a record naming it, remove the record)."""
    return [
        ("custodian", lambda: inventory.create_source(
            session, lead, process, source_type="population_census", custodian_id=institution.id),
         lambda item: inventory.delete_source(session, lead, item)),
        ("lead institution", lambda: instruments.create_instrument(
            session, lead, process, family="regulatory", title="Law",
            lead_institution_id=institution.id),
         lambda item: instruments.delete_instrument(session, lead, item)),
        ("implementer", lambda: instruments.create_instrument(
            session, lead, process, family="financial", title="Fund",
            implementing_institution_ids=[institution.id]),
         lambda item: instruments.delete_instrument(session, lead, item)),
        ("responsible", lambda: actions.create_measure(
            session, lead, process, title="Draft the law", responsible_id=institution.id),
         lambda item: actions.delete_measure(session, lead, item)),
        ("partner", lambda: actions.create_measure(
            session, lead, process, title="Train staff", partner_ids=[institution.id]),
         lambda item: actions.delete_measure(session, lead, item)),
        ("risk owner", lambda: risks.create_risk(
            session, lead, process, title="Elections", category="elections", likelihood=3,
            impact=3, owner_institution_id=institution.id),
         lambda item: risks.delete_risk(session, lead, item)),
    ]


def test_every_analysis_reference_blocks_the_deletion(db_session, setting, make_institution):
    admin, process, lead = setting
    institution = make_institution("Border Management Agency", kind="agency")
    uses = _uses(db_session, process, lead, institution)
    assert len(uses) == len(INSTITUTION_REFERENCES)  # one case per column
    for what, make, remove in uses:
        item = make()
        with pytest.raises(Conflict) as refused:
            delete_institution(db_session, admin, institution.id)
        assert "policy analysis" in refused.value.message, what
        assert refused.value.details == {"institution_id": "used in a policy analysis"}
        remove(item)
    delete_institution(db_session, admin, institution.id)  # no longer named anywhere
    assert db_session.get(Institution, institution.id) is None

