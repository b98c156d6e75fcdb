"""Blueprint: the inbox of notifications, the bell on every page, accepting invitations."""

from flask import Blueprint

bp = Blueprint("notifications", __name__)

from webapp.notifications import invitations, text, views  # noqa: E402,F401 - routes register on import
