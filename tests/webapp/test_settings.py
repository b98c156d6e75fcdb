"""Settings: config.toml, then the POLICYCYCLE_CONFIG file, then POLICYCYCLE_* variables,
then the factory's overrides, read into one frozen, typed object on the app."""

from __future__ import annotations

import dataclasses

import pytest

from engine.config import PROJECT_ROOT, Settings
from webapp import create_app
from webapp.settings import settings


def test_defaults_come_from_config_toml():
    app = create_app({"TESTING": True, "SECRET_KEY": "k", "DATABASE_URL": "sqlite://"})
    found = settings(app)
    assert isinstance(found, Settings)
    assert found.export_template == "ministry"
    assert found.languages == ("en", "fr", "es", "pt", "ru")
    assert found.presence_ttl_seconds == 45.0
    assert found.workflows_dir == str(PROJECT_ROOT / "workflows")
    assert found.document_templates_dir == str(PROJECT_ROOT / "document_templates")
    assert app.config["MAX_CONTENT_LENGTH"] == 6_500_000  # Flask's own keys still reach Flask


def test_extra_file_then_environment_then_overrides(tmp_path, monkeypatch):
    extra = tmp_path / "site.toml"
    extra.write_text('EXPORT_TEMPLATE = "plain"\nLANGUAGES = ["en", "fr"]\n'
                     "PRESENCE_TTL_SECONDS = 30\n", encoding="utf-8")
    monkeypatch.setenv("POLICYCYCLE_CONFIG", str(extra))
    monkeypatch.setenv("POLICYCYCLE_PRESENCE_TTL_SECONDS", "20")
    monkeypatch.setenv("POLICYCYCLE_DOCUMENT_TEMPLATES_DIR", "elsewhere")
    app = create_app({"TESTING": True, "SECRET_KEY": "k", "DATABASE_URL": "sqlite://",
                      "LANGUAGES": ["en", "ar"]})
    found = settings(app)
    assert found.export_template == "plain"  # the extra file
    assert found.presence_ttl_seconds == 20.0  # the environment, typed
    assert found.document_templates_dir == str(PROJECT_ROOT / "elsewhere")
    assert found.languages == ("en", "ar")  # the overrides win


def test_settings_are_frozen():
    app = create_app({"TESTING": True, "SECRET_KEY": "k", "DATABASE_URL": "sqlite://"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings(app).export_template = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        settings(app).values["EXPORT_TEMPLATE"] = "other"  # type: ignore[index]
