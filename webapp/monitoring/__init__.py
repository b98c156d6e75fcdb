"""Blueprint: the monitoring of a policy in implementation (progress, indicators, report)."""

from flask import Blueprint

bp = Blueprint("monitoring", __name__)

from webapp.monitoring import files, views  # noqa: E402,F401 - routes register on import
