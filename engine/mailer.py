"""Handing messages to the world: SMTP (smtplib) or, with no mail server, .eml files.

Standard library only. A transport raises :class:`TransportDown` when it cannot
reach its server at all (the delivery pass then stops and leaves the queue as
it is) and any other exception when one message is refused.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any, Protocol

from engine.db import utcnow
from engine.models import OutgoingMail


class TransportDown(Exception):
    """The mail server cannot be reached: nothing is delivered until it is back."""


class Transport(Protocol):
    def send(self, message: EmailMessage) -> None: ...

    def close(self) -> None: ...


@dataclass
class MailSettings:
    """The MAIL_* configuration keys."""

    server: str = ""
    port: int = 25
    use_tls: bool = False
    use_ssl: bool = False
    username: str = ""
    password: str = ""
    default_sender: str = "policycycle <no-reply@localhost>"
    directory: Path | None = None  # where .eml files go when there is no server
    timeout: float = 30.0

    @classmethod
    def from_config(cls, config: dict[str, Any], directory: Path) -> MailSettings:
        return cls(
            server=str(config.get("MAIL_SERVER") or ""),
            port=int(config.get("MAIL_PORT") or (465 if config.get("MAIL_USE_SSL") else 25)),
            use_tls=bool(config.get("MAIL_USE_TLS")),
            use_ssl=bool(config.get("MAIL_USE_SSL")),
            username=str(config.get("MAIL_USERNAME") or ""),
            password=str(config.get("MAIL_PASSWORD") or ""),
            default_sender=str(config.get("MAIL_DEFAULT_SENDER") or cls.default_sender),
            directory=directory,
        )


def build_message(mail: OutgoingMail, sender: str) -> EmailMessage:
    """A multipart/alternative message (text first, then HTML) for one outbox row."""
    message = EmailMessage()
    message["Subject"] = mail.subject
    message["From"] = sender
    message["To"] = mail.to_address
    message["Date"] = format_datetime(utcnow())
    domain = sender.rpartition("@")[2].strip(" >") or "localhost"
    # Stable per row: a receiving server that saw a message twice can tell.
    created = int(mail.created_at.timestamp()) if mail.created_at else 0
    message["Message-ID"] = f"<outbox.{mail.id}.{created}@{domain}>"
    message["Auto-Submitted"] = "auto-generated"
    if mail.locale:
        message["Content-Language"] = mail.locale
    message.set_content(mail.text_body)
    message.add_alternative(mail.html_body, subtype="html")
    return message


class SmtpTransport:
    """One SMTP connection per delivery pass, opened on the first message."""

    def __init__(self, settings: MailSettings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        try:
            if s.use_ssl:
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    s.server, s.port, timeout=s.timeout, context=ssl.create_default_context())
            else:
                smtp = smtplib.SMTP(s.server, s.port, timeout=s.timeout)
                if s.use_tls:
                    smtp.starttls(context=ssl.create_default_context())
            if s.username:
                smtp.login(s.username, s.password)
        except (OSError, smtplib.SMTPException) as error:
            raise TransportDown(f"cannot reach {s.server}:{s.port}: {error}") from error
        return smtp

    def send(self, message: EmailMessage) -> None:
        if self._smtp is None:
            self._smtp = self._connect()
        try:
            self._smtp.send_message(message)
        except (smtplib.SMTPServerDisconnected, ConnectionError, TimeoutError) as error:
            self._smtp = None
            raise TransportDown(str(error)) from error

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self._smtp = None


class FileTransport:
    """Write each message as an .eml file (the embedded default and the demo)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def send(self, message: EmailMessage) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = utcnow().strftime("%Y%m%d-%H%M%S-%f")
        ident = str(message["Message-ID"]).strip("<>").split(".")[1]
        path = self.directory / f"{stamp}-{ident}.eml"
        path.write_bytes(bytes(message))

    def close(self) -> None:
        return None


def transport_for(settings: MailSettings) -> Transport:
    if settings.server:
        return SmtpTransport(settings)
    if settings.directory is None:
        raise ValueError("no MAIL_SERVER and no directory for .eml files")
    return FileTransport(settings.directory)
