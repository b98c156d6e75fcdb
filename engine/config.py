"""Settings shared by the web app and the command line.

The defaults live in ``config.toml`` at the project root; ``POLICYCYCLE_CONFIG``
names another TOML file read on top; ``POLICYCYCLE_*`` environment variables
override both.
"""

from __future__ import annotations

import os
import secrets
import tomllib
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]
ENV_PREFIX = "POLICYCYCLE_"


def instance_dir() -> Path:
    """Return the folder that holds the embedded database and local secrets."""
    return Path(os.environ.get(ENV_PREFIX + "INSTANCE_PATH", PROJECT_ROOT / "instance"))


def load_settings(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
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
    return settings


def default_database_url() -> str:
    """The embedded SQLite database under instance/."""
    return f"sqlite:///{instance_dir() / 'policycycle.db'}"


def resolve_path(value: str | Path) -> Path:
    """Resolve a configured path relative to the project root."""
    path = Path(value)
    return path if path.is_absolute() else PROJECT_ROOT / path


def secret_key(settings: dict[str, Any]) -> str:
    """Return the configured secret key, or one kept in instance/secret_key.

    Generating it once and keeping it on disk lets several workers on one host
    share it; several hosts must set POLICYCYCLE_SECRET_KEY.
    """
    if settings.get("SECRET_KEY"):
        return str(settings["SECRET_KEY"])
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
