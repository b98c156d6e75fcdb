"""The outbox: queue messages with the event that causes them; deliver them later.

``queue_mail`` writes a row in the caller's transaction (it only flushes), so a
message exists exactly when its event was committed. The text is rendered at
queue time, in the recipient's language, by the renderer that the web adapter
installs (``use_renderer``): the engine holds no templates.

``deliver_due`` is the sender (`policycycle mail send`). It takes one due row
at a time with ``SELECT ... FOR UPDATE SKIP LOCKED`` (several senders share the
queue on PostgreSQL), hands it to the transport, records the outcome and
commits before it takes the next: a crash can repeat at most the one message
that was in flight, and a server that is down leaves everything queued.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from engine.db import utcnow
from engine.errors import NotFound
from engine.mailer import Transport, TransportDown, build_message
from engine.models import OutgoingMail, User
from engine.permissions import GlobalAction, authorize_global
from engine.services import audit, inputs

#: After this many failed attempts a message is marked failed (an administrator may retry it).
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str


#: (template_key, context, locale) -> RenderedMail
Renderer = Callable[[str, dict[str, Any], str | None], RenderedMail]
_renderer: Renderer | None = None


def use_renderer(renderer: Renderer | None) -> Renderer | None:
    """Install the function that turns a template key and context into a message.

    Returns the one it replaces (tests put it back).
    """
    global _renderer
    previous, _renderer = _renderer, renderer
    return previous


def renderer_installed() -> bool:
    """Whether messages can be rendered (the web adapter, or a test, installed a renderer)."""
    return _renderer is not None


def queue_mail(
    session: Session,
    to: User | str,
    template_key: str,
    context: dict[str, Any] | None = None,
    locale: str | None = None,
) -> OutgoingMail:
    """Render a message for a user (in their language) or an address, and queue it.

    Call it from the service that records the event, before the transaction
    commits. ``context`` is what the templates see; ``recipient`` (the user,
    or None) and ``to_address`` are added.
    """
    if _renderer is None:
        raise RuntimeError("no mail renderer installed (webapp.mail.init_app installs one)")
    user = to if isinstance(to, User) else None
    address = user.email if user is not None else inputs.email(to)
    locale = locale or (user.language if user is not None else None)
    rendered = _renderer(template_key, {**(context or {}), "recipient": user,
                                        "to_address": address}, locale)
    mail = OutgoingMail(
        user_id=user.id if user is not None else None,
        to_address=address,
        template_key=template_key,
        locale=locale,
        subject=" ".join(rendered.subject.split())[:300],
        text_body=rendered.text,
        html_body=rendered.html,
        status="queued",
        attempts=0,
        next_attempt_at=utcnow(),
    )
    session.add(mail)
    session.flush()
    return mail


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: 1, 2, 4 ... minutes, at most six hours."""
    return min(FIRST_RETRY * 2 ** min(max(attempts - 1, 0), 20), LONGEST_WAIT)


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    server_down: str | None = None
    errors: list[str] = field(default_factory=list)


def _next_due(session: Session, now: datetime) -> OutgoingMail | None:
    return session.scalars(
        select(OutgoingMail)
        .where(OutgoingMail.status == "queued", OutgoingMail.next_attempt_at <= now)
        .order_by(OutgoingMail.next_attempt_at, OutgoingMail.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    ).first()


def deliver_due(
    sessions: sessionmaker[Session],
    transport: Transport,
    *,
    sender: str,
    limit: int | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> DeliveryReport:
    """Send every message that is due (at most ``limit``); one commit per message."""
    report = DeliveryReport()
    started = clock()
    try:
        while limit is None or report.sent + report.failed < limit:
            with sessions() as session:
                mail = _next_due(session, started)
                if mail is None:
                    session.rollback()
                    break
                try:
                    transport.send(build_message(mail, sender))
                except TransportDown as error:
                    # Nothing was handed over: the row stays as it was, due now.
                    session.rollback()
                    report.server_down = str(error)
                    break
                except Exception as error:  # noqa: BLE001 - one refused message, recorded
                    mail.attempts += 1
                    mail.last_error = f"{type(error).__name__}: {error}"[:2000]
                    if mail.attempts >= MAX_ATTEMPTS:
                        mail.status = "failed"
                    else:
                        mail.next_attempt_at = clock() + retry_delay(mail.attempts)
                    report.failed += 1
                    report.errors.append(f"#{mail.id} to {mail.to_address}: {mail.last_error}")
                else:
                    mail.attempts += 1
                    mail.status = "sent"
                    mail.sent_at = clock()
                    mail.last_error = None
                    report.sent += 1
                session.commit()
    finally:
        transport.close()
    return report


def note_server_down(sessions: sessionmaker[Session], error: str,
                     clock: Callable[[], datetime] = utcnow) -> None:
    """Record on the oldest due message that the server was down (shown to administrators)."""
    with sessions() as session:
        mail = _next_due(session, clock())
        if mail is not None:
            mail.last_error = f"Mail server unreachable: {error}"[:2000]
        session.commit()


@dataclass(frozen=True)
class OutboxOverview:
    queued: list[OutgoingMail]
    failed: list[OutgoingMail]
    sent: list[OutgoingMail]
    counts: dict[str, int]


def overview(session: Session, actor: User | None, *, recent: int = 20) -> OutboxOverview:
    """What the administrators' mail page shows: the queue, the failures, the last sent."""
    authorize_global(session, actor, GlobalAction.MANAGE_USERS)
    counts = dict(session.execute(
        select(OutgoingMail.status, func.count()).group_by(OutgoingMail.status)).all())
    queued = session.scalars(select(OutgoingMail).where(OutgoingMail.status == "queued")
                             .order_by(OutgoingMail.next_attempt_at, OutgoingMail.id)
                             .limit(100)).all()
    failed = session.scalars(select(OutgoingMail).where(OutgoingMail.status == "failed")
                             .order_by(OutgoingMail.id.desc()).limit(100)).all()
    sent = session.scalars(select(OutgoingMail).where(OutgoingMail.status == "sent")
                           .order_by(OutgoingMail.sent_at.desc(), OutgoingMail.id.desc())
                           .limit(recent)).all()
    return OutboxOverview(list(queued), list(failed), list(sent),
                          {k: counts.get(k, 0) for k in ("queued", "failed", "sent")})


def retry(session: Session, actor: User, mail_id: int) -> OutgoingMail:
    """Queue a failed (or waiting) message again, due now."""
    authorize_global(session, actor, GlobalAction.MANAGE_USERS)
    mail = session.get(OutgoingMail, mail_id)
    if mail is None or mail.status == "sent":
        raise NotFound("No such message waiting.")
    mail.status = "queued"
    mail.next_attempt_at = utcnow()
    audit.record(session, actor, "mail.retried", f"Message #{mail.id} queued again",
                 subject=mail, data={"to": mail.to_address, "attempts": mail.attempts})
    return mail
