"""Blueprint: after the decision (the adoption record, evaluations, the next cycle) and the
portfolio of policies."""

from flask import Blueprint

bp = Blueprint("evaluation", __name__)

from webapp.evaluation import (  # noqa: E402,F401 - routes register on import
    adoption,
    evaluations,
    portfolio,
)
