"""Blueprint: admin."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from webapp.admin import mail, views  # noqa: E402,F401 - routes register on import
