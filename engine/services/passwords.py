"""What makes a password acceptable: long enough, hard to guess (zxcvbn), and personal to nobody.

A refusal is an ``InvalidInput`` on the ``password`` field whose message says why.
"""

from __future__ import annotations

import re
from typing import Any

from zxcvbn import zxcvbn

from engine.errors import InvalidInput

MIN_LENGTH = 8
#: zxcvbn's score runs from 0 (guessed at once) to 4; 3 means "safely unguessable".
MIN_SCORE = 3
#: zxcvbn only looks at the first characters; longer passwords are scored on those.
SCORED_LENGTH = 100
MAX_LENGTH = 1000


def _personal_words(email: str | None, name: str | None) -> list[str]:
    words: list[str] = []
    if email:
        local = email.split("@", 1)[0].lower()
        words.append(local)
        words.extend(part for part in re.split(r"[^\w]+|_", local) if part)
    if name:
        words.append(name.lower())
        words.extend(part for part in re.split(r"[^\w]+", name.lower()) if part)
    return [w for w in dict.fromkeys(words) if len(w) >= 3]


def check_password(password: Any, *, email: str | None = None, name: str | None = None) -> None:
    """Raise InvalidInput (field ``password``) unless the password is acceptable."""
    if not isinstance(password, str) or len(password) < MIN_LENGTH:
        raise InvalidInput(
            f"The password must have at least {MIN_LENGTH} characters.",
            {"password": f"at least {MIN_LENGTH} characters"},
        )
    if len(password) > MAX_LENGTH:
        raise InvalidInput(f"The password must have at most {MAX_LENGTH} characters.",
                           {"password": f"at most {MAX_LENGTH} characters"})
    lowered = password.lower()
    personal = _personal_words(email, name)
    if email and email.split("@", 1)[0].lower() in lowered and len(email.split("@", 1)[0]) >= 3:
        raise InvalidInput("The password must not contain your email address.",
                           {"password": "contains the email address"})
    if any(word in lowered for word in personal):
        raise InvalidInput("The password must not contain your name or email address.",
                           {"password": "contains the name or email address"})
    result = zxcvbn(password[:SCORED_LENGTH], user_inputs=personal)
    if result["score"] < MIN_SCORE:
        warning = (result.get("feedback") or {}).get("warning") or ""
        reason = "This password is too easy to guess"
        raise InvalidInput(
            f"{reason}{': ' + warning.rstrip('.') if warning else ''}. "
            "Use a longer password, for example a few unrelated words.",
            {"password": "too easy to guess"},
        )
