"""Blueprint: signing in and out, the profile and API tokens."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from webapp.accounts import password, views  # noqa: E402,F401 - routes register on import
