"""Signing in to pages: Flask-Login sessions and CSRF on forms.

The JSON API authenticates by bearer token only, in webapp/api/registry.py.
"""

from __future__ import annotations

from flask import Flask, request
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, UserMixin
from flask_wtf.csrf import CSRFProtect

from engine.models import User
from engine.services.users import get_user

login_manager = LoginManager()
csrf = CSRFProtect()


class SignedIn(UserMixin):
    """Flask-Login's view of a user; the engine only ever sees ``.user``."""

    def __init__(self, user: User) -> None:
        self.user = user

    def get_id(self) -> str:
        # The session remembers the epoch it was opened in: raising the user's
        # epoch (sign-out, password change, deactivation) ends every such session.
        return f"{self.user.id}.{self.user.session_epoch}"

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.user.is_active

    def __getattr__(self, name: str):  # noqa: ANN204 - delegate reads to the model
        return getattr(self.user, name)


def actor() -> User | None:
    """The signed-in engine user of this request, or None."""
    from flask_login import current_user

    return current_user.user if current_user.is_authenticated else None


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.login_message_category = "info"
    csrf.init_app(app)

    @login_manager.user_loader
    def _load(user_id: str) -> SignedIn | None:
        from webapp.database import get_session

        user_part, _, epoch = user_id.partition(".")
        try:
            user = get_user(get_session(), int(user_part))
            epoch_number = int(epoch)
        except ValueError:
            return None
        if user is None or not user.is_active or user.session_epoch != epoch_number:
            return None
        return SignedIn(user)

    @login_manager.unauthorized_handler
    def _unauthorized():  # noqa: ANN202
        from flask import flash, redirect, url_for

        from webapp.errors import error_response, wants_json

        if wants_json():
            return error_response(401, "unauthorized", "Authentication required: send a bearer token.")
        flash(str(_l("Please sign in to continue.")), "info")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
