"""Blueprint: document."""

from flask import Blueprint

bp = Blueprint("document", __name__)

from webapp.document import suggestions, views  # noqa: E402,F401 - routes register on import
