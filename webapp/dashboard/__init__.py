"""Blueprint: the dashboard, starting a process, and what every page's layout needs."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__)

from webapp.dashboard import layout, views  # noqa: E402,F401 - routes and helpers register on import
