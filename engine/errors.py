"""Domain errors. The web adapter maps each class to one HTTP status, in one place."""

from __future__ import annotations

from typing import Any

from engine.i18n import Message


class DomainError(Exception):
    """Base of every error the engine raises on purpose.

    ``message`` and ``details`` hold English text, as they always have;
    ``msg`` and ``detail_messages`` hold the same as ``Message`` values, for
    an adapter to show in the reader's language (``engine.i18n.render``).
    """

    code = "error"

    def __init__(self, message: str | Message, details: Any = None) -> None:
        self.msg = message if isinstance(message, Message) else Message(message)
        self.message = self.msg.english()
        super().__init__(self.message)
        self.detail_messages = details
        self.details = _english(details)


def _english(details: Any) -> Any:
    """``details`` with every Message turned into its English text."""
    if isinstance(details, Message):
        return details.english()
    if isinstance(details, dict):
        return {key: _english(value) for key, value in details.items()}
    if isinstance(details, list):
        return [_english(value) for value in details]
    return details


class NotFound(DomainError):
    """The thing does not exist, or the actor may not know it exists."""

    code = "not_found"


class PermissionDenied(DomainError):
    """The actor is known but may not do this."""

    code = "forbidden"


class InvalidInput(DomainError):
    """The request is understood but its values are wrong; ``details`` maps fields to messages."""

    code = "invalid"


class Conflict(DomainError):
    """The request clashes with the current state."""

    code = "conflict"


class InvalidTransition(Conflict):
    """The trigger cannot fire from the current state."""

    code = "invalid_transition"


class GateNotMet(Conflict):
    """A gated transition was refused; ``details`` carries the checklist."""

    code = "gate_not_met"


class EditConflict(Conflict):
    """Two saves changed the same passage; ``details`` carries base, theirs, yours, conflicts."""

    code = "edit_conflict"


class StaleState(Conflict):
    """Somebody else changed the same record at the same time; reload and try again."""

    code = "stale"


class TooLarge(DomainError):
    """An upload is over a size limit."""

    code = "too_large"


class UnsupportedFile(DomainError):
    """An upload is not a file this feature reads (wrong type, macros, encrypted)."""

    code = "unsupported_file"


class Unavailable(DomainError):
    """A feature needs a tool this installation does not have."""

    code = "not_implemented"
