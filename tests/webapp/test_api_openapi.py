"""API: the OpenAPI document is valid, complete, and generated from the declarations."""

from __future__ import annotations

import re

import pytest

from tests.webapp.api_client import PREFIX

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def doc(client) -> dict:
    answer = client.get(PREFIX + "/openapi.json")  # no token needed
    assert answer.status_code == 200
    assert answer.mimetype == "application/json"
    return answer.get_json()


def api_rules(app) -> dict[str, set[str]]:
    """Every API route of the app, as OpenAPI path -> methods."""
    found: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(PREFIX + "/"):
            continue
        path = re.sub(r"<(?:[^:<>]+:)?(\w+)>", r"{\1}", rule.rule[len(PREFIX):])
        found.setdefault(path, set()).update(
            m.lower() for m in rule.methods if m.lower() in METHODS)
    return found


def test_document_passes_the_openapi_validator(doc):
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(doc)


def test_document_structure(doc):
    assert doc["openapi"].startswith("3.1")
    assert doc["info"]["title"]
    assert doc["info"]["version"]
    assert doc["servers"] == [{"url": "/api/v1"}]
    assert doc["components"]["securitySchemes"]["bearerAuth"] == {
        **doc["components"]["securitySchemes"]["bearerAuth"], "type": "http", "scheme": "bearer"}
    operation_ids = [op["operationId"] for item in doc["paths"].values()
                     for method, op in item.items() if method in METHODS]
    assert len(operation_ids) == len(set(operation_ids))


def test_every_api_route_is_documented_and_nothing_else(app, doc):
    routes = api_rules(app)
    documented = {path: {m for m in item if m in METHODS} for path, item in doc["paths"].items()}
    assert routes == documented


def test_contract_endpoints_are_all_there(doc):
    contract = {
        ("get", "/workflows"), ("get", "/workflows/{key}"), ("get", "/institutions"),
        ("post", "/institutions"), ("get", "/processes"), ("post", "/processes"),
        ("get", "/processes/{process_id}"), ("get", "/processes/{process_id}/members"),
        ("post", "/processes/{process_id}/members"),
        ("delete", "/processes/{process_id}/members/{member_id}"),
        ("get", "/processes/{process_id}/consultations"),
        ("post", "/processes/{process_id}/consultations"),
        ("post", "/consultations/{consultation_id}/inputs"), ("patch", "/inputs/{input_id}"),
        ("get", "/processes/{process_id}/deliverables"),
        ("post", "/processes/{process_id}/deliverables"),
        ("patch", "/deliverables/{deliverable_id}"),
        ("get", "/processes/{process_id}/signoffs"), ("post", "/processes/{process_id}/signoffs"),
        ("get", "/processes/{process_id}/sections"), ("post", "/processes/{process_id}/sections"),
        ("get", "/sections/{section_id}"), ("patch", "/sections/{section_id}"),
        ("put", "/sections/{section_id}"), ("get", "/sections/{section_id}/revisions"),
        ("get", "/sections/{section_id}/revisions/{number}"),
        ("get", "/sections/{section_id}/comments"), ("post", "/sections/{section_id}/comments"),
        ("post", "/comments/{comment_id}/replies"), ("post", "/comments/{comment_id}/resolve"),
        ("post", "/comments/{comment_id}/reopen"),
        ("post", "/processes/{process_id}/transitions"),
        ("get", "/processes/{process_id}/history"), ("get", "/processes/{process_id}/export"),
    }
    documented = {(m, p) for p, item in doc["paths"].items() for m in item if m in METHODS}
    assert contract <= documented, contract - documented


def test_every_ref_resolves(doc):
    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref":
                    yield value
                else:
                    yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    refs = set(walk(doc))
    assert refs
    for ref in refs:
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.rsplit("/", 1)[1] in doc["components"]["schemas"], ref


def test_operations_document_their_inputs_and_errors(doc):
    error_ref = {"$ref": "#/components/schemas/ErrorOut"}
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method not in METHODS:
                continue
            where = f"{method.upper()} {path}"
            responses = op["responses"]
            assert op["summary"], where
            assert op["tags"], where
            assert any(s.startswith("2") for s in responses), where
            names = re.findall(r"{(\w+)}", path)
            params = {p["name"]: p for p in op.get("parameters", []) if p["in"] == "path"}
            assert set(params) == set(names), where
            if names:
                assert "404" in responses, where
            if op.get("security") != []:
                assert "401" in responses, where
            if "requestBody" in op:
                assert op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
                assert {"400", "413", "415", "422"} <= set(responses), where
            for status, response in responses.items():
                if status.startswith(("4", "5")):
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == error_ref or "anyOf" in schema or \
                        schema["$ref"].endswith(("GateNotMetOut", "EditConflictOut")), where


def test_specific_error_schemas(doc):
    put = doc["paths"]["/sections/{section_id}"]["put"]["responses"]["409"]
    refs = [s["$ref"] for s in put["content"]["application/json"]["schema"]["anyOf"]]
    assert "#/components/schemas/EditConflictOut" in refs
    transition = doc["paths"]["/processes/{process_id}/transitions"]["post"]["responses"]["409"]
    refs = [s["$ref"] for s in transition["content"]["application/json"]["schema"]["anyOf"]]
    assert "#/components/schemas/GateNotMetOut" in refs
    details = doc["components"]["schemas"]["EditConflictDetails"]
    assert {"base", "theirs", "yours", "conflicts"} <= set(details["required"])


def test_schemas_come_from_the_models(doc):
    from webapp.api import schemas

    process_in = doc["components"]["schemas"]["ProcessIn"]
    assert set(process_in["required"]) == {"title", "workflow", "country",
                                           "requesting_institution_id"}
    assert process_in["additionalProperties"] is False
    member_in = doc["components"]["schemas"]["MemberIn"]
    assert member_in["properties"]["role"]["enum"] == ["lead", "core", "expert", "observer",
                                                       "steering"]
    patch = doc["components"]["schemas"]["DeliverablePatch"]["properties"]["status"]
    assert patch["enum"] == ["draft", "submitted", "accepted", "returned"]
    assert "default" not in patch  # absent means unchanged, null is refused
    generated = schemas.ProcessOut.model_json_schema(
        ref_template="#/components/schemas/{model}", mode="serialization")
    nested = generated.pop("$defs")
    assert doc["components"]["schemas"]["ProcessOut"] == generated
    assert all(doc["components"]["schemas"][name] == schema for name, schema in nested.items())


def test_query_parameters_are_described(doc):
    export = doc["paths"]["/processes/{process_id}/export"]["get"]
    params = {p["name"]: p for p in export["parameters"]}
    assert params["format"]["in"] == "query"
    assert params["format"]["schema"]["enum"] == ["docx", "md", "pdf"]
    content = export["responses"]["200"]["content"]
    assert {"text/markdown",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"} <= \
        set(content)


def test_component_schemas_are_valid_json_schema(doc):
    jsonschema = pytest.importorskip("jsonschema")
    for name, schema in doc["components"]["schemas"].items():
        jsonschema.Draft202012Validator.check_schema(schema)
