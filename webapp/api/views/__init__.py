"""API views, one module per resource; each parses, calls an engine service, shapes."""

from webapp.api.views import (  # noqa: F401 - routes register on import
    account,
    analysis,
    analysis_plan,
    consultations,
    deliverables,
    documents,
    imports,
    institutions,
    members,
    notifications,
    processes,
    search,
    suggestions,
    word,
    workflows,
)
