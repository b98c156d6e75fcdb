"""API views, one module per resource; each parses, calls an engine service, shapes."""

from webapp.api.views import (  # noqa: F401 - routes register on import
    account,
    analysis,
    analysis_plan,
    consultations,
    deliverables,
    documents,
    evaluations,
    imports,
    institutions,
    meetings,
    members,
    monitoring,
    notifications,
    processes,
    public_consultations,
    search,
    steering,
    suggestions,
    word,
    workflows,
)
