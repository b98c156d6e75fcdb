"""A person's own account settings (administrators change other people's in services.users)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from engine.models import User
from engine.services import audit, inputs


def update_profile(
    session: Session,
    actor: User,
    *,
    name: str | None = None,
    locale: str | None = None,
    languages: Iterable[str] = (),
) -> User:
    """Change one's own display name and interface language (empty: follow the browser)."""
    before = {"name": actor.name, "locale": actor.locale}
    if name is not None:
        actor.name = inputs.text(name, "name", max_length=200)
    if locale is not None:
        allowed = list(languages)
        actor.locale = inputs.choice(locale, "locale", ["", *allowed]) or None
    after = {"name": actor.name, "locale": actor.locale}
    if after != before:
        audit.record(session, actor, "user.profile_updated", f"{actor.email} updated their profile",
                     subject=actor, data={"before": before, "after": after})
    return actor
