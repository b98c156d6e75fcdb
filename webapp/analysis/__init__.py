"""Blueprint: structured policy analysis (evidence, problem, objectives, options, instruments, actions, risks)."""

from flask import Blueprint

bp = Blueprint("analysis", __name__)

from webapp.analysis import currency, items, responses, views  # noqa: E402,F401 - routes register on import
