"""Notifications: what happened for a person, in their inbox and, as they chose, by e-mail.

A notification is a kind and its parameters (names, titles, ids), never
translated text: the web layer writes it in the reader's language, on the page
and in the mail. In-transaction effect handlers (``engine.services.effects``)
make them from the audit events, so a notification and its mail commit or
vanish with the change that caused them.

Each person chooses on their profile (``User.notify_by_email``): a mail per
notification (``immediately``), one digest a day (``daily``, built by
``policycycle mail digest``), or none (``off``). The inbox always has them.

Deadlines (a deliverable due, a stage's target date, within
``DEADLINE_WARNING`` days or missed) are not events: ``deadlines(session,
today)`` looks for them once a day (``policycycle mail digest`` runs it first)
and is idempotent per day through ``Notification.dedupe_key``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine.catalog import definition_of
from engine.db import utcnow
from engine.errors import InvalidInput
from engine.i18n import msg
from engine.models import (
    AuditEvent,
    Comment,
    Deliverable,
    DigestRun,
    Notification,
    Process,
    ProcessStage,
    Section,
    User,
)
from engine.services import effects, outbox
from engine.services.history import Page

DEADLINE_WARNING = timedelta(days=7)


# ---------------------------------------------------------------- making them


def notify(
    session: Session,
    user: User,
    kind: str,
    *,
    process: Process | None = None,
    params: dict[str, Any] | None = None,
    dedupe_key: str | None = None,
) -> Notification | None:
    """Add a notification for ``user`` and queue or hold its mail, as the user chose.

    With ``dedupe_key``, a second notification with the same key for the same
    person is not made (None is returned).
    """
    if not user.is_active:
        return None
    if dedupe_key is not None and session.scalar(
            select(Notification.id).where(Notification.user_id == user.id,
                                          Notification.dedupe_key == dedupe_key)) is not None:
        return None
    choice = user.notify_by_email or "immediately"
    if not outbox.renderer_installed():
        choice = "off"  # the engine alone (no web adapter) cannot write mails: inbox only
    notification = Notification(
        user_id=user.id, process_id=process.id if process is not None else None, kind=kind,
        params={**(params or {}), "process": process.title if process is not None else None},
        dedupe_key=dedupe_key, created_at=utcnow(),
        mail={"immediately": "sent", "daily": "digest"}.get(choice, "none"))
    session.add(notification)
    session.flush()
    if notification.mail == "sent":
        outbox.queue_mail(session, user, "notification", {"notification": notification})
    return notification


def _members(process: Process, *roles: str) -> list[User]:
    return [m.user for m in process.active_memberships if not roles or m.role in roles]


def stage_title(process: Process, key: str | None) -> dict[str, str] | None:
    """A stage's title in every language the workflow gives (the reader's is chosen later)."""
    try:
        title = definition_of(process).stage(str(key)).title
    except KeyError:
        return None
    return dict(getattr(title, "translations", None) or {"en": str(title)})


def _actor_name(session: Session, event: AuditEvent) -> str | None:
    actor = session.get(User, event.actor_id) if event.actor_id else None
    return actor.name if actor is not None else None


def _process(session: Session, event: AuditEvent) -> Process | None:
    return session.get(Process, event.process_id) if event.process_id else None


def mentioned(body: str, members: list[User]) -> list[User]:
    """Members named after an ``@`` in the text (``@Amina Diallo``), longest names first."""
    found: list[User] = []
    lowered = (body or "").casefold()
    for user in sorted(members, key=lambda u: -len(u.name)):
        needle = "@" + user.name.casefold()
        start = lowered.find(needle)
        while start >= 0:
            end = start + len(needle)
            if end == len(lowered) or not (lowered[end].isalnum() or lowered[end] == "_"):
                found.append(user)
                break
            start = lowered.find(needle, end)
    return found


def _comment_params(comment: Comment, section: Section | None, actor: str | None) -> dict[str, Any]:
    return {"actor": actor, "comment_id": comment.id, "section_id": comment.section_id,
            "section": section.title if section is not None else None}


@effects.in_transaction("comment.added", "comment.suggested", "comment.replied")
def _on_comment(session: Session, event: AuditEvent) -> None:
    process = _process(session, event)
    comment = session.get(Comment, event.subject_id) if event.subject_id else None
    if process is None or comment is None:
        return
    section = session.get(Section, comment.section_id)
    params = _comment_params(comment, section, _actor_name(session, event))
    told: set[int] = {comment.author_id}
    if event.kind == "comment.replied" and comment.parent_id is not None:
        root = session.get(Comment, comment.parent_id)
        if root is not None and root.author_id not in told:
            author = session.get(User, root.author_id)
            if author is not None and any(u.id == author.id for u in _members(process)):
                notify(session, author, "comment_reply", process=process, params=params)
                told.add(author.id)
    if event.kind == "comment.suggested" and section is not None:
        for user in section.team:
            if user.id not in told and any(u.id == user.id for u in _members(process)):
                notify(session, user, "suggestion", process=process, params=params)
                told.add(user.id)
    for user in mentioned(comment.body, _members(process)):
        if user.id not in told:
            notify(session, user, "mention", process=process, params=params)
            told.add(user.id)


@effects.in_transaction("comment.suggestion_accepted", "comment.suggestion_declined")
def _on_suggestion_decided(session: Session, event: AuditEvent) -> None:
    process = _process(session, event)
    comment = session.get(Comment, event.subject_id) if event.subject_id else None
    if process is None or comment is None or comment.author_id == event.actor_id:
        return
    author = session.get(User, comment.author_id)
    section = session.get(Section, comment.section_id)
    if author is not None:
        notify(session, author, "suggestion_decided", process=process,
               params={**_comment_params(comment, section, _actor_name(session, event)),
                       "accepted": event.kind.endswith("accepted")})


@effects.in_transaction("deliverable.status")
def _on_deliverable(session: Session, event: AuditEvent) -> None:
    process = _process(session, event)
    deliverable = session.get(Deliverable, event.subject_id) if event.subject_id else None
    status = ((event.data or {}).get("after") or {}).get("status")
    if (process is None or deliverable is None or status not in ("returned", "accepted")
            or deliverable.owner_id is None or deliverable.owner_id == event.actor_id):
        return
    owner = session.get(User, deliverable.owner_id)
    if owner is not None:
        notify(session, owner, f"deliverable_{status}", process=process,
               params={"actor": _actor_name(session, event), "deliverable": deliverable.title,
                       "deliverable_id": deliverable.id})


@effects.in_transaction("transition.*")
def _on_transition(session: Session, event: AuditEvent) -> None:
    process = _process(session, event)
    if process is None:
        return
    data = event.data or {}
    params = {"actor": _actor_name(session, event), "source": data.get("source"),
              "dest": data.get("dest"), "trigger": data.get("trigger"),
              "dest_title": stage_title(process, data.get("dest"))}
    for user in _members(process):
        if user.id != event.actor_id:
            notify(session, user, "transition", process=process, params=params)


@effects.in_transaction("invitation.accepted")
def _on_invitation_accepted(session: Session, event: AuditEvent) -> None:
    process = _process(session, event)
    if process is None:
        return
    data = event.data or {}
    for user in _members(process, "lead", "core"):
        if user.id != event.actor_id:
            notify(session, user, "invitation_accepted", process=process,
                   params={"actor": data.get("name"), "role": data.get("role"),
                           "institution": data.get("institution")})


# ---------------------------------------------------------------- deadlines


def deadlines(session: Session, today: date) -> int:
    """Notify deadlines within a week or missed; once per deadline, state and day. Returns how many."""
    made = 0
    soon = today + DEADLINE_WARNING
    due = session.scalars(
        select(Deliverable).where(Deliverable.due_on.is_not(None), Deliverable.due_on <= soon,
                                  Deliverable.status.not_in(("accepted",)))).all()
    for deliverable in due:
        process = session.get(Process, deliverable.process_id)
        if process is None or process.state == "archived":
            continue
        missed = deliverable.due_on < today
        kind = "deadline_missed" if missed else "deadline_soon"
        people = ([deliverable.owner] if deliverable.owner is not None
                  else _members(process, "lead"))
        for user in people:
            if user is None or not any(u.id == user.id for u in _members(process)):
                continue
            made += notify(session, user, kind, process=process,
                           params={"deliverable": deliverable.title,
                                   "deliverable_id": deliverable.id,
                                   "due_on": deliverable.due_on.isoformat()},
                           dedupe_key=f"{kind}:deliverable:{deliverable.id}:{today}") is not None
    stages = session.scalars(
        select(ProcessStage).join(Process, Process.id == ProcessStage.process_id)
        .where(ProcessStage.target_date.is_not(None), ProcessStage.target_date <= soon,
               Process.state == ProcessStage.key)).all()
    for stage in stages:
        process = session.get(Process, stage.process_id)
        assert process is not None
        missed = stage.target_date < today
        kind = "stage_deadline_missed" if missed else "stage_deadline_soon"
        title = stage_title(process, stage.key)
        for user in _members(process, "lead", "core"):
            made += notify(session, user, kind, process=process,
                           params={"stage": stage.key, "stage_title": title,
                                   "due_on": stage.target_date.isoformat()},
                           dedupe_key=f"{kind}:stage:{stage.id}:{today}") is not None
    return made


# ---------------------------------------------------------------- digests


def send_digests(session: Session, today: date) -> int:
    """Queue one digest mail per person with held notifications; none twice on one day.

    Returns the number of digests queued. The caller commits.
    """
    waiting = session.execute(
        select(Notification.user_id, func.count()).where(Notification.mail == "digest")
        .group_by(Notification.user_id)).all()
    queued = 0
    for user_id, _count in waiting:
        user = session.get(User, user_id)
        if user is None or not user.is_active:
            continue
        run = DigestRun(user_id=user.id, day=today)
        try:
            with session.begin_nested():
                session.add(run)
                session.flush()
        except IntegrityError:
            continue  # this person's digest of today is already out
        items = list(session.scalars(
            select(Notification).where(Notification.user_id == user.id,
                                       Notification.mail == "digest")
            .order_by(Notification.created_at, Notification.id)))
        run.count = len(items)
        outbox.queue_mail(session, user, "digest", {"notifications": items, "day": today})
        for item in items:
            item.mail = "digested"
        session.flush()
        queued += 1
    return queued


# ---------------------------------------------------------------- reading them


def inbox(session: Session, actor: User, *, page: Any = 1, per_page: Any = 25,
          nearest: bool = True) -> Page[Notification]:
    """The actor's notifications, newest first, one page at a time.

    A page past the end shows the last one (``nearest``, for the inbox page); the API,
    like its other lists, answers it empty.
    """
    per_page = max(1, min(_int(per_page, 25), 500))
    total = session.scalar(select(func.count()).select_from(Notification)
                           .where(Notification.user_id == actor.id)) or 0
    pages = max(1, -(-total // per_page))
    page = max(1, _int(page, 1))
    if nearest:
        page = min(page, pages)
    items = session.scalars(
        select(Notification).where(Notification.user_id == actor.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .offset((page - 1) * per_page).limit(per_page)).all()
    return Page(list(items), page, per_page, total)


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def unread_count(session: Session, actor: User | None) -> int:
    if actor is None:
        return 0
    return session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == actor.id, Notification.read_at.is_(None))) or 0


def mark_read(session: Session, actor: User, ids: list[Any] | None = None) -> int:
    """Mark the actor's notifications read: these ids, or all of them. Returns how many."""
    query = update(Notification).where(Notification.user_id == actor.id,
                                       Notification.read_at.is_(None))
    if ids is not None:
        try:
            wanted = [int(i) for i in ids]
        except (TypeError, ValueError):
            raise InvalidInput(msg("ids must be numbers."), {"ids": msg("must be numbers")}) from None
        query = query.where(Notification.id.in_(wanted))
    result = session.execute(query.values(read_at=utcnow())
                             .execution_options(synchronize_session="fetch"))
    session.flush()
    return result.rowcount or 0

