"""Settings shared by the web app and the command line.

The defaults live in ``config.toml`` at the project root; ``POLICYCYCLE_CONFIG``
names another TOML file read on top; ``POLICYCYCLE_*`` environment variables
override both.
"""

from __future__ import annotations

import os
import secrets
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]
ENV_PREFIX = "POLICYCYCLE_"


DEFAULT_PRESENCE_TTL = 45.0


@dataclass(frozen=True)
class Settings:
    """What policycycle reads from its configuration, typed and frozen.

    ``values`` keeps every key as read (upper case), for the framework's own
    settings (cookies, request limits, Babel), which the web adapter hands on.
    """

    database_url: str
    workflows_dir: str | None = None  # absolute
    document_templates_dir: str | None = None  # absolute
    export_template: str | None = None
    languages: tuple[str, ...] = ("en",)
    presence_ttl_seconds: float = DEFAULT_PRESENCE_TTL
    values: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> Settings:
        """Type the keys policycycle reads; keep every key (read-only) in ``values``."""

        def path(key: str) -> str | None:
            return str(resolve_path(values[key])) if values.get(key) else None

        languages = values.get("LANGUAGES") or ["en"]
        if isinstance(languages, str):
            languages = [languages]
        return cls(
            database_url=str(values.get("DATABASE_URL") or default_database_url()),
            workflows_dir=path("WORKFLOWS_DIR"),
            document_templates_dir=path("DOCUMENT_TEMPLATES_DIR"),
            export_template=values.get("EXPORT_TEMPLATE") or None,
            languages=tuple(str(code) for code in languages),
            presence_ttl_seconds=float(values.get("PRESENCE_TTL_SECONDS")
                                       or DEFAULT_PRESENCE_TTL),
            values=MappingProxyType(dict(values)),
        )


def instance_dir() -> Path:
    """Return the folder that holds the embedded database and local secrets."""
    return Path(os.environ.get(ENV_PREFIX + "INSTANCE_PATH", PROJECT_ROOT / "instance"))


def load_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """Read config.toml, the optional extra file, the environment, then overrides."""
    settings: dict[str, Any] = {}
    default_file = PROJECT_ROOT / "config.toml"
    if default_file.exists():
        settings.update(_read_toml(default_file))
    extra = os.environ.get(ENV_PREFIX + "CONFIG")
    if extra:
        settings.update(_read_toml(Path(extra)))
    for name, value in os.environ.items():
        if name.startswith(ENV_PREFIX) and name not in (ENV_PREFIX + "CONFIG",):
            key = name[len(ENV_PREFIX):]
            if key.startswith("TEST_"):
                continue
            settings[key] = _coerce(value)
    settings.update(overrides or {})
    if not settings.get("DATABASE_URL"):
        settings["DATABASE_URL"] = default_database_url()
    for key in ("WORKFLOWS_DIR", "DOCUMENT_TEMPLATES_DIR"):
        if settings.get(key):
            settings[key] = str(resolve_path(settings[key]))
    return Settings.from_values(settings)


def default_database_url() -> str:
    """The embedded SQLite database under instance/."""
    return f"sqlite:///{instance_dir() / 'policycycle.db'}"


def resolve_path(value: str | Path) -> Path:
    """Resolve a configured path relative to the project root."""
    path = Path(value)
    return path if path.is_absolute() else PROJECT_ROOT / path


def secret_key(settings: Settings) -> str:
    """Return the configured secret key, or one kept in instance/secret_key.

    Generating it once and keeping it on disk lets several workers on one host
    share it; several hosts must set POLICYCYCLE_SECRET_KEY.
    """
    if settings.values.get("SECRET_KEY"):
        return str(settings.values["SECRET_KEY"])
    path = instance_dir() / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def _read_toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _coerce(value: str) -> Any:
    """Interpret environment values the way Flask's from_prefixed_env does."""
    try:
        return tomllib.loads(f"v = {value}")["v"]
    except tomllib.TOMLDecodeError:
        return value
