"""A person's own account settings (administrators change other people's in services.users)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from engine.models import User
from engine.services import audit, inputs
from engine.vocabulary import N_

#: How a person gets their notifications by e-mail (``User.notify_by_email``).
NOTIFY_BY_EMAIL = {"immediately": N_("Immediately"), "daily": N_("A daily digest"),
                   "off": N_("Off")}


def update_profile(
    session: Session,
    actor: User,
    *,
    name: str | None = None,
    language: str | None = None,
    timezone: str | None = None,
    languages: Iterable[str] = (),
    notify_by_email: str | None = None,
) -> User:
    """Change one's own display name, interface language, time zone and how
    notifications come by e-mail.

    ``None`` leaves a setting unchanged; an empty string clears the language and the
    time zone (the browser's language, the site's time zone).
    """
    before = {"name": actor.name, "language": actor.language, "timezone": actor.timezone,
              "notify_by_email": actor.notify_by_email}
    if name is not None:
        actor.name = inputs.text(name, "name", max_length=200)
    if language is not None:
        actor.language = inputs.choice(language, "language", ["", *languages]) or None
    if timezone is not None:
        actor.timezone = inputs.timezone(timezone, "timezone")
    if notify_by_email is not None:
        actor.notify_by_email = inputs.choice(notify_by_email, "notify_by_email", NOTIFY_BY_EMAIL)
    after = {"name": actor.name, "language": actor.language, "timezone": actor.timezone,
             "notify_by_email": actor.notify_by_email}
    if after != before:
        audit.record(session, actor, "user.profile_updated", f"{actor.email} updated their profile",
                     subject=actor, data={"before": before, "after": after})
    return actor
