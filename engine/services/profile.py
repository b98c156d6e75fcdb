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
    language: str | None = None,
    timezone: str | None = None,
    languages: Iterable[str] = (),
) -> User:
    """Change one's own display name, interface language and time zone.

    ``None`` leaves a setting unchanged; an empty string clears it (the browser's
    language, the site's time zone).
    """
    before = {"name": actor.name, "language": actor.language, "timezone": actor.timezone}
    if name is not None:
        actor.name = inputs.text(name, "name", max_length=200)
    if language is not None:
        actor.language = inputs.choice(language, "language", ["", *languages]) or None
    if timezone is not None:
        actor.timezone = inputs.timezone(timezone, "timezone")
    after = {"name": actor.name, "language": actor.language, "timezone": actor.timezone}
    if after != before:
        audit.record(session, actor, "user.profile_updated", f"{actor.email} updated their profile",
                     subject=actor, data={"before": before, "after": after})
    return actor
