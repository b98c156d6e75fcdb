"""Who is calling, and their own settings."""

from __future__ import annotations

from sqlalchemy.orm import Session

from engine.models import User
from engine.services import profile
from webapp.api import shapes
from webapp.api.registry import api_route
from webapp.api.schemas import MeOut, MePatch
from webapp.i18n import languages


@api_route("/me", summary="The account of the token", tags=["account"], response=MeOut)
def me(actor: User) -> dict:
    """The user the bearer token belongs to, with their language and time zone."""
    return shapes.me(actor)


@api_route("/me", "PATCH", summary="Change one's language or time zone", tags=["account"],
           body=MePatch, response=MeOut)
def update_me(session: Session, actor: User, body: MePatch) -> dict:
    """Change the fields sent; 422 for a language the site does not offer or an unknown zone."""
    changes = body.model_dump(exclude_unset=True)
    return shapes.me(profile.update_profile(session, actor, languages=languages(), **changes))
