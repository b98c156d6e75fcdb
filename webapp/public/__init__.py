"""Blueprint: the public pages of a consultation, for anyone, without an account."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from webapp.public import views  # noqa: E402,F401 - routes register on import
