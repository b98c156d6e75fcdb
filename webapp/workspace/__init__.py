"""Blueprint: the workspace of one process (overview, core group, consultations,
deliverables, history)."""

from flask import Blueprint

bp = Blueprint("workspace", __name__)

from webapp.workspace import (  # noqa: E402,F401 - routes register on import
    consultation_files,
    consultations,
    deliverables,
    history,
    meetings,
    members,
    overview,
    public_consultations,
    search,
    steering,
    versions,
)
