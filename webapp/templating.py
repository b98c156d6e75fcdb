"""Jinja set-up: filters and globals every template may use."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import gettext
from markupsafe import Markup

from engine import vocabulary


def init_app(app: Flask) -> None:
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.template_filter("markdown")
    def _markdown(text: str | None) -> Markup:
        from engine.text.markdown import render_markdown

        return Markup(render_markdown(text or ""))  # noqa: S704 - sanitised by nh3

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
