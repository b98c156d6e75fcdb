"""Schemathesis against the API, signed in as a lead: no 5xx, every answer as documented.

A bounded run (a few examples per operation) that keeps CI short; it runs with
the suite on both databases. Path ids named after records of the lead's process
point at real records, so that operations get past 404 and do real work.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error, response_schema_conformance  # noqa: E402

from engine.services import consultations, deliverables  # noqa: E402
from engine.services.document import sections  # noqa: E402

MAX_EXAMPLES = 6


@pytest.fixture
def lead_world(db_session, make_process, add_member, api_token) -> dict[str, Any]:
    process = make_process()
    lead = process.lead.user
    expert = add_member(process, "expert").user
    outline = sections.outline(db_session, process)
    section = sections.flatten(outline)[0].section
    consultation = consultations.create_consultation(
        db_session, lead, process, stage="agenda_setting", method="workshop", title="W")
    item = consultations.add_input(db_session, lead, consultation, source="S", text="T")
    deliverable = deliverables.create_deliverable(db_session, lead, process,
                                                  stage="agenda_setting", kind="issues_paper")
    from engine.services.document import comments

    comment = comments.add_comment(db_session, expert, section, body="A remark")
    db_session.flush()
    ids = {"process_id": process.id, "section_id": section.id,
           "consultation_id": consultation.id, "input_id": item.id,
           "deliverable_id": deliverable.id, "comment_id": comment.id,
           "institution_id": process.requesting_institution_id}
    # The in-process client does not undo gzip: ask for plain bodies (compression has tests
    # of its own in test_page_weight.py).
    return {"headers": {**api_token(lead), "Accept-Encoding": "identity"}, "ids": ids}


def test_the_api_keeps_its_documented_promises(app, lead_world):
    """Every operation, a few generated requests each: no 5xx, answers match the document."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    problems: list[str] = []
    statuses: Counter[int] = Counter()
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        def exercise(case):
            for name, value in lead_world["ids"].items():
                if name in (case.path_parameters or {}):
                    case.path_parameters[name] = value
            response = case.call_and_validate(
                headers=lead_world["headers"],
                checks=[not_a_server_error, response_schema_conformance])
            statuses[response.status_code] += 1

        try:
            exercise()
        except Exception as error:  # noqa: BLE001 - gathered, reported together below
            problems.append(f"{operation.label}: {str(error)[:2000]}")
    assert operations > 50
    # The run did real work, not only 404s and 422s.
    assert sum(n for status, n in statuses.items() if status < 300) > operations, statuses
    assert problems == [], "\n\n".join(problems)
