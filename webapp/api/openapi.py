"""The OpenAPI 3.1 document, generated from the route declarations and their pydantic models."""

from __future__ import annotations

import copy
from functools import cache
from typing import Any, get_args, get_origin

from flask import current_app
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from webapp.api.registry import ROUTES, PageQuery, Route, api_route
from webapp.api.schemas import MAX_ID, ErrorOut

REF = "#/components/schemas/{model}"

ERROR_DESCRIPTIONS = {
    400: "A malformed request: bad JSON, a body that is not a JSON object, or a NUL character.",
    401: "No bearer token, or an unknown or revoked one.",
    403: "The caller's role does not allow this.",
    404: "No such record, or one the caller may not see.",
    409: "The request clashes with the current state.",
    413: "The request body is larger than the server accepts.",
    415: "The body is not sent as application/json.",
    422: "Invalid values; `details` maps each field path to a message.",
}


#: The response headers of a paginated list (RFC 8288 links and the total).
PAGE_HEADERS = {
    "Link": {"description": "RFC 8288 links to the first, previous, next and last pages "
                            "(`rel=\"first\"`, `\"prev\"`, `\"next\"`, `\"last\"`).",
             "schema": {"type": "string"}},
    "X-Total-Count": {"description": "How many items the whole list has.",
                      "schema": {"type": "integer", "minimum": 0}},
}


def _model_of(annotation: Any) -> tuple[type[BaseModel], bool]:
    """The model of a response annotation and whether it is a list of them."""
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        return item, True
    return annotation, False


def _strip_titles(schema: Any) -> Any:
    if isinstance(schema, dict):
        return {k: _strip_titles(v) for k, v in schema.items() if k != "title"}
    if isinstance(schema, list):
        return [_strip_titles(v) for v in schema]
    return schema


@cache
def document() -> dict[str, Any]:
    """Build the whole document (once: the routes are fixed after import)."""
    wanted: dict[tuple[type[BaseModel], str], None] = {(ErrorOut, "serialization"): None}
    for route in ROUTES:
        if route.body is not None:
            wanted[(route.body, "validation")] = None
        if route.response is not None:
            wanted[(_model_of(route.response)[0], "serialization")] = None
        for models in route.errors.values():
            for model in models:
                wanted[(model, "serialization")] = None
    refs, defs = models_json_schema(list(wanted), ref_template=REF)

    paths: dict[str, dict[str, Any]] = {}
    for route in ROUTES:
        paths.setdefault(route.path, {})[route.method.lower()] = _operation(route, refs)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "policycycle API",
            "version": "1",
            "description": "Drive policy-cycle processes: members, consultations, "
                           "deliverables, the strategy document, comments, the structured "
                           "policy analysis (evidence, problem, objectives, options, "
                           "instruments, action plan, risks, table of responses), gated "
                           "transitions. Authenticate with `Authorization: Bearer <token>`.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearerAuth": []}],
        "tags": [{"name": t} for t in dict.fromkeys(t for r in ROUTES for t in r.tags)],
        "paths": paths,
        "components": {
            "schemas": defs.get("$defs", {}),
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer",
                               "description": "`policycycle tokens create --email E` "
                                              "or the profile page."},
            },
        },
    }


def _operation(route: Route, refs: dict[tuple[type[BaseModel], str], Any]) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": route.endpoint.split(".", 1)[1],
        "summary": route.summary,
        "tags": list(route.tags),
    }
    if route.description:
        operation["description"] = route.description
    parameters = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}
            if kind is int else {"type": "string", "maxLength": 200},
        }
        for name, kind in route.path_params.items()
    ]
    if route.query is not None:
        schema = route.query.model_json_schema(ref_template=REF)
        assert "$defs" not in schema, "query parameters must be plain values"
        required = set(schema.get("required", []))
        for name, prop in schema.get("properties", {}).items():
            parameter = {"name": name, "in": "query", "required": name in required,
                         "schema": _strip_titles(prop)}
            if "description" in prop:
                parameter["description"] = prop["description"]
            parameters.append(parameter)
    if route.paginated:
        schema = PageQuery.model_json_schema()
        for name, prop in schema["properties"].items():
            parameters.append({"name": name, "in": "query", "required": False,
                               "description": prop["description"],
                               "schema": _strip_titles({k: v for k, v in prop.items()
                                                        if k != "description"})})
    if parameters:
        operation["parameters"] = parameters
    if route.body is not None:
        operation["requestBody"] = {
            "required": bool(route.body.model_json_schema().get("required")),
            "content": {"application/json": {"schema": refs[(route.body, "validation")]}},
        }
    responses: dict[str, Any] = {}
    if route.files:
        responses[str(route.status)] = {
            "description": "The file, as an attachment.",
            "content": {mimetype: {"schema": {"type": "string", "format": "binary"},
                                   "x-description": text}
                        for mimetype, text in route.files.items()},
        }
    elif route.response is not None:
        model, many = _model_of(route.response)
        ref = refs[(model, "serialization")]
        responses[str(route.status)] = {
            "description": "Success.",
            "content": {"application/json": {"schema": {"type": "array", "items": ref}
                                             if many else ref}},
        }
        if route.paginated or route.headers:
            responses[str(route.status)]["headers"] = {
                **(PAGE_HEADERS if route.paginated else {}), **route.headers}
    else:
        responses[str(route.status)] = {
            "description": "Success.",
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    for status, models in route.errors.items():
        schemas = [refs[(model, "serialization")] for model in models or (ErrorOut,)]
        responses[str(status)] = {
            "description": ERROR_DESCRIPTIONS.get(status, "Error."),
            "content": {"application/json": {
                "schema": schemas[0] if len(schemas) == 1 else {"anyOf": schemas}}},
        }
    operation["responses"] = responses
    if not route.auth:
        operation["security"] = []
    return operation


#: Required strings that may be empty (the whole text of a section may be cleared).
MAY_BE_EMPTY = {("SectionSave", "body")}


def document_for_site() -> dict[str, Any]:
    """The document with what this site installed: stage keys and house styles as enums.

    The server refuses a stage no installed workflow has and a house style it
    does not have, so the document says so; and a required string that the
    services refuse when empty gets ``minLength: 1``.
    """
    cached = current_app.extensions.get("policycycle.openapi")
    if cached is not None:
        return cached
    from engine.export.templates import list_templates

    catalog = current_app.extensions["policycycle.catalog"]
    stages = sorted({stage.key for definition in catalog.all() for stage in definition.stages})
    templates = [t.name for t in list_templates(current_app.config.get("DOCUMENT_TEMPLATES_DIR"))]
    doc = copy.deepcopy(document())
    enums = {"stage": stages, "template": templates}
    bodies = {route.body.__name__ for route in ROUTES if route.body is not None}
    for name, schema in doc["components"]["schemas"].items():
        if name not in bodies:
            continue
        required = set(schema.get("required", []))
        for prop, prop_schema in schema.get("properties", {}).items():
            if prop in enums and enums[prop]:
                _add_enum(prop_schema, enums[prop])
            if (prop in required and prop_schema.get("type") == "string"
                    and "enum" not in prop_schema and (name, prop) not in MAY_BE_EMPTY):
                prop_schema.setdefault("minLength", 1)
    for operations in doc["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query" and enums.get(parameter["name"]):
                    _add_enum(parameter["schema"], enums[parameter["name"]])
    current_app.extensions["policycycle.openapi"] = doc
    return doc


def _add_enum(schema: dict[str, Any], values: list[str]) -> None:
    """Constrain a string schema (or the string branch of ``anyOf``) to ``values``."""
    if schema.get("type") == "string":
        schema["enum"] = list(values)
        schema.pop("pattern", None)
    for branch in schema.get("anyOf", []):
        _add_enum(branch, values)


@api_route("/openapi.json", summary="This document", tags=["meta"], auth=False)
def openapi() -> dict[str, Any]:
    """The OpenAPI 3.1 description of the API (no token needed)."""
    return document_for_site()
