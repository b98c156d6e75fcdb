"""Suggested edits ("track changes"): a proposed text, cut into changes decided one by one.

Anyone who may suggest (lead, core, expert) sends the whole text they propose,
made on top of a revision. The server cuts the difference into word-level
changes (:func:`engine.text.changes.word_changes`). Someone who may edit then
accepts or rejects each change, or all of them. Accepted changes are made on the
suggestion's base text and saved through ``sections.save_body`` with that base
revision, so edits made since merge with them (or raise EditConflict, and
nothing changes). Rejecting needs no reason; it is recorded all the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.db import utcnow
from engine.errors import Conflict, InvalidInput, NotFound
from engine.models import Process, Section, Suggestion, SuggestionChange, User
from engine.permissions import Action, authorize
from engine.services import audit, inputs
from engine.services import sections as section_service
from engine.text.changes import TextChange, apply_changes, word_changes
from engine.text.merge import normalise

SOURCES = ("editor", "api", "import")
STATUSES = ("pending", "accepted", "rejected", "partly_accepted")
MAX_CLIENT_ID = 100


def _process(session: Session, section: Section) -> Process:
    process = session.get(Process, section.process_id)
    assert process is not None
    return process


def get_suggestion(session: Session, actor: User, suggestion_id: Any) -> Suggestion:
    """A suggestion of a process the actor may see."""
    from engine.services.processes import get_process

    try:
        suggestion = session.get(Suggestion, int(suggestion_id))
    except (TypeError, ValueError):
        suggestion = None
    if suggestion is None:
        raise NotFound("No such suggestion.")
    get_process(session, actor, suggestion.process_id)
    return suggestion


def _client_id(value: Any) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or len(value) > MAX_CLIENT_ID or not value.isprintable():
        raise InvalidInput("client_id must be a short text.",
                           {"client_id": f"at most {MAX_CLIENT_ID} printable characters"})
    return value


def propose(
    session: Session,
    actor: User,
    section: Section,
    *,
    body: Any,
    base_revision: Any,
    source: str = "editor",
    author_label: Any = None,
    client_id: Any = None,
) -> Suggestion:
    """Suggest ``body`` as the section's text, written on top of ``base_revision``.

    The same ``client_id`` sent again by the same person returns the first
    suggestion (a retried request never makes two).
    """
    process = _process(session, section)
    authorize(session, actor, Action.SUGGEST, process)
    if section.deleted_at is not None:
        raise Conflict("This section was deleted.")
    if not isinstance(body, str):
        raise InvalidInput("body must be text.", {"body": "must be text"})
    if len(body) > section_service.MAX_BODY:
        raise InvalidInput("The text is too long.",
                           {"body": f"at most {section_service.MAX_BODY} characters"})
    source = inputs.choice(source, "source", SOURCES)
    label = inputs.optional_text(author_label, "author_label", max_length=200)
    client = _client_id(client_id)
    if client is not None:
        earlier = session.scalar(select(Suggestion).where(
            Suggestion.section_id == section.id, Suggestion.author_id == actor.id,
            Suggestion.client_id == client))
        if earlier is not None:
            return earlier
    try:
        base_number = int(base_revision)
    except (TypeError, ValueError):
        raise InvalidInput("base_revision must be a revision number.",
                           {"base_revision": "required, a whole number"}) from None
    if base_number < 0 or base_number > section.revision:
        raise InvalidInput("Unknown base revision.", {"base_revision": f"0..{section.revision}"})
    base = section_service._revision_body(session, section, base_number)
    proposed = normalise(body)
    found = word_changes(base, proposed)
    if not found:
        raise InvalidInput("The suggested text is the same as the text it was made on: "
                           "there is nothing to suggest.", {"body": "identical to the base revision"})
    suggestion = Suggestion(
        process_id=process.id, section_id=section.id, author_id=actor.id,
        base_revision=base_number, body=proposed, status="pending", source=source,
        author_label=label, client_id=client,
        changes=[
            SuggestionChange(position=index, kind=c.kind, old_text=c.old, new_text=c.new,
                             base_start=c.base_start, base_end=c.base_end,
                             context_before=c.before, context_after=c.after, status="pending")
            for index, c in enumerate(found)
        ],
    )
    session.add(suggestion)
    session.flush()
    audit.record(session, actor, "suggestion.proposed",
                 f"Suggestion #{suggestion.id} on “{section.title}” ({len(found)} changes)",
                 process=process, subject=suggestion,
                 data={"section": section.title, "section_id": section.id,
                       "base_revision": base_number, "changes": len(found), "source": source,
                       "author_label": label})
    return suggestion


def suggestions_for(session: Session, actor: User, section: Section) -> list[Suggestion]:
    """The section's suggestions, pending ones first, then the newest first."""
    authorize(session, actor, Action.VIEW, _process(session, section))
    rows = list(session.scalars(
        select(Suggestion).where(Suggestion.section_id == section.id)
        .order_by(Suggestion.id.desc())
    ))
    return sorted(rows, key=lambda s: s.status not in ("pending", "partly_accepted"))


def pending(suggestion: Suggestion) -> list[SuggestionChange]:
    return [c for c in suggestion.changes if c.status == "pending"]


def pending_counts(session: Session, process: Process) -> dict[int, int]:
    """Section id -> number of suggestions with undecided changes (for the outline)."""
    rows = session.execute(
        select(Suggestion.section_id, func.count(Suggestion.id))
        .where(Suggestion.process_id == process.id, Suggestion.decided_at.is_(None))
        .group_by(Suggestion.section_id)
    )
    return {section_id: count for section_id, count in rows}


def _chosen(suggestion: Suggestion, change_ids: Iterable[Any] | None) -> list[SuggestionChange]:
    """The pending changes named (all pending ones when ``change_ids`` is None)."""
    open_ = pending(suggestion)
    if not open_:
        raise Conflict(f"This suggestion was already {suggestion.status.replace('_', ' ')}.")
    if change_ids is None:
        return open_
    if isinstance(change_ids, str | bytes) or not isinstance(change_ids, Iterable):
        raise InvalidInput("change_ids must be a list of change ids.",
                           {"change_ids": "a list of ids"})
    try:
        wanted = {int(x) for x in change_ids}
    except (TypeError, ValueError):
        raise InvalidInput("change_ids must be a list of change ids.",
                           {"change_ids": "a list of ids"}) from None
    if not wanted:
        raise InvalidInput("Choose at least one change.", {"change_ids": "empty"})
    by_id = {c.id: c for c in suggestion.changes}
    unknown = sorted(wanted - set(by_id))
    if unknown:
        raise InvalidInput("These are not changes of this suggestion.",
                           {"change_ids": f"unknown: {unknown}"})
    decided = sorted(i for i in wanted if by_id[i].status != "pending")
    if decided:
        raise Conflict("Some of these changes were already decided.",
                       {"change_ids": f"already decided: {decided}"})
    return [c for c in suggestion.changes if c.id in wanted]


def _as_text_change(change: SuggestionChange) -> TextChange:
    return TextChange(change.kind, change.base_start, change.base_end,  # type: ignore[arg-type]
                      change.old_text, change.new_text, change.context_before,
                      change.context_after)


def _settle(suggestion: Suggestion, actor: User) -> None:
    """Set the suggestion's status from its changes'."""
    statuses = {c.status for c in suggestion.changes}
    if "accepted" in statuses:
        suggestion.status = "accepted" if statuses == {"accepted"} else "partly_accepted"
    elif statuses == {"rejected"}:
        suggestion.status = "rejected"
    else:
        suggestion.status = "pending"
    if "pending" not in statuses:
        suggestion.decided_by_id = actor.id
        suggestion.decided_at = utcnow()


def _mark(changes: list[SuggestionChange], status: str, actor: User) -> None:
    now = utcnow()
    for change in changes:
        change.status = status
        change.decided_by_id = actor.id
        change.decided_at = now


def accept(
    session: Session, actor: User, suggestion: Suggestion, change_ids: Iterable[Any] | None = None
) -> section_service.SaveResult:
    """Apply all (or the chosen) pending changes as a new revision, through the merge path.

    Raises EditConflict when someone rewrote the same passage since the suggestion's
    base revision; then nothing is decided.
    """
    section = session.get(Section, suggestion.section_id)
    assert section is not None
    process = _process(session, section)
    authorize(session, actor, Action.EDIT, process)
    chosen = _chosen(suggestion, change_ids)
    earlier = [c for c in suggestion.changes if c.status == "accepted"]
    base_text = section_service._revision_body(session, section, suggestion.base_revision)
    before = apply_changes(base_text, [_as_text_change(c) for c in earlier])
    text = apply_changes(base_text, [_as_text_change(c) for c in earlier + chosen])
    # Changes taken earlier made a revision; when it holds exactly them (nobody's edits
    # merged in), build on it, so that neighbouring changes of one line do not collide.
    base_number = suggestion.base_revision
    if earlier and suggestion.applied_revision is not None:
        applied = section_service._revision_body(session, section, suggestion.applied_revision)
        if applied == normalise(before):
            base_number = suggestion.applied_revision
    author = suggestion.author_label or (suggestion.author.name if suggestion.author else "?")
    result = section_service.save_body(
        session, actor, section, body=text, base_revision=base_number, kind="suggestion",
        note=f"Suggestion #{suggestion.id} by {author} accepted",
    )
    _mark(chosen, "accepted", actor)
    suggestion.applied_revision = result.revision
    _settle(suggestion, actor)
    session.flush()
    audit.record(session, actor, "suggestion.accepted",
                 f"Suggestion #{suggestion.id} on “{section.title}” accepted "
                 f"({len(chosen)} of {len(suggestion.changes)} changes, revision {result.revision})",
                 process=process, subject=suggestion,
                 data={"section": section.title, "section_id": section.id,
                       "changes": [c.id for c in chosen], "revision": result.revision,
                       "merged": result.merged, "based_on": base_number,
                       "status": suggestion.status})
    return result


def reject(
    session: Session, actor: User, suggestion: Suggestion, change_ids: Iterable[Any] | None = None
) -> Suggestion:
    """Reject all (or the chosen) pending changes; no reason needed, the decision is recorded."""
    section = session.get(Section, suggestion.section_id)
    assert section is not None
    process = _process(session, section)
    authorize(session, actor, Action.EDIT, process)
    chosen = _chosen(suggestion, change_ids)
    _mark(chosen, "rejected", actor)
    _settle(suggestion, actor)
    session.flush()
    audit.record(session, actor, "suggestion.rejected",
                 f"Suggestion #{suggestion.id} on “{section.title}” rejected "
                 f"({len(chosen)} of {len(suggestion.changes)} changes)",
                 process=process, subject=suggestion,
                 data={"section": section.title, "section_id": section.id,
                       "changes": [c.id for c in chosen], "status": suggestion.status})
    return suggestion
