"""Outgoing mail, web side: rendering messages from templates and the mail settings.

Messages are rendered at queue time in the recipient's language
(``flask_babel.force_locale``) from three templates per key under
``templates/mail/``: ``<key>.subject.txt``, ``<key>.txt`` and ``<key>.html``.
Links in them are absolute, built on ``SITE_URL`` with :func:`site_url`.

To add a message: write the three templates and call
``engine.services.outbox.queue_mail(session, user_or_address, key, context)``
from the service that records the event (same transaction).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, current_app, has_app_context, render_template, url_for
from flask_babel import force_locale

from engine.mailer import MailSettings
from engine.services.outbox import RenderedMail, use_renderer

DEFAULT_SITE_URL = "http://127.0.0.1:5000"


def init_app(app: Flask) -> None:
    app.config.setdefault("SITE_URL", DEFAULT_SITE_URL)

    def render(template_key: str, context: dict[str, Any], locale: str | None) -> RenderedMail:
        if has_app_context():
            return render_mail(template_key, context, locale)
        with app.app_context():
            return render_mail(template_key, context, locale)

    use_renderer(render)


def mail_directory(app: Flask | None = None) -> Path:
    """Where .eml files go when no MAIL_SERVER is set (instance/mail/ by default)."""
    app = app or current_app
    configured = app.config.get("MAIL_DIR")
    return Path(configured) if configured else Path(app.instance_path) / "mail"


def mail_settings(app: Flask | None = None) -> MailSettings:
    app = app or current_app
    return MailSettings.from_config(app.config, mail_directory(app))


def site_url(endpoint: str, **values: Any) -> str:
    """An absolute link to a page of the site, on the configured SITE_URL."""
    base = str(current_app.config.get("SITE_URL") or DEFAULT_SITE_URL).rstrip("/")
    with current_app.test_request_context("/"):
        path = url_for(endpoint, **values)
    return base + path


def render_mail(template_key: str, context: dict[str, Any], locale: str | None) -> RenderedMail:
    """Render the three templates of a message in ``locale`` (the default language if None)."""
    languages = current_app.config.get("LANGUAGES", ["en"])
    if locale not in languages:
        locale = current_app.config.get("BABEL_DEFAULT_LOCALE", "en")
    values = {**context, "site_url": site_url, "locale": locale}
    with current_app.test_request_context("/"), force_locale(locale):
        subject = render_template(f"mail/{template_key}.subject.txt", **values)
        text = render_template(f"mail/{template_key}.txt", **values)
        html = render_template(f"mail/{template_key}.html", **values)
    return RenderedMail(subject=subject.strip(), text=text, html=html)


def eml_files(limit: int = 50) -> list[dict[str, Any]]:
    """The newest .eml files written by the embedded default (no MAIL_SERVER)."""
    folder = mail_directory()
    if not folder.is_dir():
        return []
    files = sorted(folder.glob("*.eml"), key=lambda p: p.name, reverse=True)[:limit]
    return [{"name": p.name, "size": p.stat().st_size} for p in files]


def deliver_forever(app, interval: float = 5.0) -> None:  # noqa: ANN001
    """The demo's mail sender, beside the server (production runs `mail send --loop`)."""
    import logging
    import time

    from engine.mailer import transport_for
    from engine.services.outbox import deliver_due

    while True:
        try:
            with app.app_context():
                settings = mail_settings()
                deliver_due(app.extensions["policycycle.sessions"], transport_for(settings),
                            sender=settings.default_sender)
        except Exception:  # noqa: BLE001 - keep serving; the queue keeps the messages
            logging.getLogger(__name__).exception("demo mail delivery failed")
        time.sleep(interval)
