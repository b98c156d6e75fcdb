"""The OpenAPI document is as strict as the server (F8)."""

from __future__ import annotations

import pytest

from tests.webapp.api_client import PREFIX


@pytest.fixture
def doc(client) -> dict:
    return client.get(PREFIX + "/openapi.json").get_json()


def test_required_strings_have_a_minimum_length(doc):
    schemas = doc["components"]["schemas"]
    assert schemas["ProcessIn"]["properties"]["title"]["minLength"] == 1
    assert schemas["MemberIn"]["properties"]["email"]["minLength"] == 1
    assert schemas["InputIn"]["properties"]["text"]["minLength"] == 1
    assert "minLength" not in schemas["SectionSave"]["properties"]["body"]


def test_stage_and_template_are_enums_of_what_is_installed(doc):
    stage = doc["components"]["schemas"]["ConsultationIn"]["properties"]["stage"]
    assert {"agenda_setting", "policy_analysis", "validation"} <= set(stage["enum"])
    export = doc["paths"]["/processes/{process_id}/export"]["get"]["parameters"]
    template = next(p for p in export if p["name"] == "template")["schema"]["anyOf"][0]
    assert set(template["enum"]) >= {"ministry", "compact"}


def test_integer_fields_accept_integer_valued_numbers(client, make_process, api_token,
                                                      add_member, db_session):
    process = make_process()
    lead = process.lead.user
    core = add_member(process, "core")
    db_session.flush()
    headers = api_token(lead)
    sections = client.get(f"{PREFIX}/processes/{process.id}/sections", headers=headers).get_json()
    answer = client.put(f"{PREFIX}/sections/{sections[0]['id']}", headers=headers,
                        json={"body": "Text.\n", "base_revision": 0.0})
    assert answer.status_code == 200, answer.get_json()
    refused = client.put(f"{PREFIX}/sections/{sections[0]['id']}", headers=headers,
                         json={"body": "Other.\n", "base_revision": 1.5})
    assert refused.status_code == 422
    assert client.put(f"{PREFIX}/sections/{sections[0]['id']}", headers=headers,
                      json={"body": "Other.\n", "base_revision": True}).status_code == 422
    signed = client.post(f"{PREFIX}/processes/{process.id}/signoffs", headers=api_token(core.user),
                         json={"institution_id": float(core.institution_id)})
    assert signed.status_code in (201, 409), signed.get_json()
