"""Blueprint: structured policy analysis (evidence, problem, objectives, options, instruments, actions, risks)."""

from flask import Blueprint

bp = Blueprint("analysis", __name__)

from webapp.analysis import (  # noqa: E402,F401 - routes register on import
    actions,
    criteria,
    currency,
    instruments,
    inventory,
    items,
    objectives,
    options,
    overview,
    problem,
    responses,
    risks,
)
