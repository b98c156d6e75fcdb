"""The Flask adapter: app factory, blueprints, templates, JSON API and command line."""

from __future__ import annotations

from typing import Any

from flask import Flask

import engine.composition  # noqa: F401 - fills the archive and export registries
from engine.catalog import catalog_for
from engine.config import PROJECT_ROOT, instance_dir, load_settings, secret_key


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the application: config.toml, then POLICYCYCLE_* variables, then overrides."""
    app = Flask(__name__, instance_path=str(instance_dir()), instance_relative_config=False)
    from webapp.forms import FormRequest

    app.request_class = FormRequest
    settings = load_settings(overrides)
    # Flask and its extensions read their own keys (cookies, limits, Babel) from app.config;
    # policycycle's code reads the typed, frozen settings (webapp.settings.settings()).
    app.config.update(settings.values)
    app.config["SECRET_KEY"] = secret_key(settings)
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    app.config["PROJECT_ROOT"] = str(PROJECT_ROOT)
    app.extensions["policycycle"] = settings
    app.extensions["policycycle.catalog"] = catalog_for(settings.workflows_dir)

    from webapp import (
        assets,
        auth,
        cli,
        compression,
        database,
        errors,
        files,
        i18n,
        mail,
        security,
        templating,
    )

    database.init_app(app)
    i18n.init_app(app)
    files.init_app(app)  # before auth: CSRF reads the form
    auth.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    mail.init_app(app)
    security.init_app(app)
    cli.init_app(app)
    assets.init_app(app)
    compression.init_app(app)

    from webapp.blueprints import register_blueprints

    register_blueprints(app)
    return app
