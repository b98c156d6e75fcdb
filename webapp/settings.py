"""The application's typed settings (engine.config.Settings), read once by create_app."""

from __future__ import annotations

from flask import Flask, current_app

from engine.config import Settings


def settings(app: Flask | None = None) -> Settings:
    """The settings of ``app`` (default: the current application)."""
    return (app or current_app).extensions["policycycle"]
