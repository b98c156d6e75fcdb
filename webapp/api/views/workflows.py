"""The installed workflow definitions."""

from __future__ import annotations

from flask import current_app

from engine.catalog import Catalog
from engine.errors import InvalidInput, NotFound
from webapp.api import shapes
from webapp.api.registry import api_route
from webapp.api.schemas_workflows import WorkflowOut, WorkflowQuery, WorkflowSummary


def _catalog() -> Catalog:
    return current_app.extensions["policycycle.catalog"]


@api_route("/workflows", summary="List the workflows", tags=["workflows"],
           response=list[WorkflowSummary])
def list_workflows() -> list[dict]:
    """The newest version of each installed workflow, with its stages."""
    return [shapes.workflow_summary(d) for d in _catalog().latest()]


@api_route("/workflows/{key}", summary="Read a workflow definition", tags=["workflows"],
           query=WorkflowQuery, response=WorkflowOut)
def get_workflow(key: str, query: WorkflowQuery) -> dict:
    """The whole definition: stages with their sections, required deliverables,
    consultation requirements and gate conditions; transitions (the built-in
    suspend and resume marked `implicit`); states and terminal states.
    Default: the newest version; `?version=N` for another."""
    try:
        definition = _catalog().get(key, query.version)
    except InvalidInput:
        raise NotFound("No such workflow.", {"workflow": key}) from None
    return shapes.workflow(definition)
