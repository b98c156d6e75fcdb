"""Jinja set-up: filters and globals every template may use."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import get_locale, gettext
from markupsafe import Markup

from engine import event_text, i18n, vocabulary


def t(value: Any) -> Any:
    """An engine message, localized text or stored check in the reader's language.

    Accepts a ``Message``, a workflow text (``LocalizedText``), an object with
    a ``msg`` (a gate check, a domain error) or a stored check/error dict with
    ``message_key`` and ``params``; anything else is returned unchanged.
    """
    locale = get_locale()
    if isinstance(value, i18n.Message | i18n.LocalizedText):
        return i18n.render(value, locale)
    message = getattr(value, "msg", None)
    if isinstance(message, i18n.Message):
        return i18n.render(message, locale)
    if isinstance(value, dict):
        if "message_key" in value:
            stored = {"msgid": value["message_key"], "params": value.get("params") or {},
                      "plural": value.get("message_plural"), "count": value.get("count")}
            if stored["plural"] is None:
                del stored["plural"], stored["count"]
            return i18n.render(i18n.from_data(stored), locale)
        return value.get("message", "")
    return value


def describe_event(event: Any, stage_titles: dict[str, Any] | None = None) -> str:
    """What an audit event says, in the reader's language."""
    return i18n.render(event_text.describe(event, stage_titles), get_locale())


def init_app(app: Flask) -> None:
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.template_filter("markdown")
    def _markdown(text: str | None) -> Markup:
        from engine.text.markdown import render_markdown

        return Markup(render_markdown(text or ""))  # noqa: S704 - sanitised by nh3

    app.add_template_global(t, "t")
    app.add_template_filter(t, "t")
    app.add_template_global(describe_event, "describe_event")

    @app.template_global()
    def label(vocabulary_name: str, key: str | None) -> str:
        """The translated label of a vocabulary value (e.g. label('ROLES', 'lead'))."""
        table: dict[str, str] = getattr(vocabulary, vocabulary_name)
        return gettext(table[key]) if key in table else (key or "")

    @app.template_global()
    def vocab(vocabulary_name: str) -> list[tuple[str, str]]:
        table: dict[str, str] = getattr(vocabulary, vocabulary_name)
        return [(key, gettext(text)) for key, text in table.items()]

    @app.context_processor
    def _globals() -> dict[str, Any]:
        from webapp.auth import actor

        return {"actor": actor()}
