"""Who is calling."""

from __future__ import annotations

from engine.models import User
from webapp.api.registry import api_route
from webapp.api.schemas import MeOut


@api_route("/me", summary="The account of the token", tags=["account"], response=MeOut)
def me(actor: User) -> User:
    """The user the bearer token belongs to."""
    return actor
