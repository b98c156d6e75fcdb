"""The dependency direction and the schema are checked mechanically."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "engine"
FORBIDDEN = ("flask", "flask_login", "flask_wtf", "flask_babel", "werkzeug", "webapp")


def test_nothing_under_engine_imports_the_web_adapter():
    offenders = []
    for path in ENGINE.rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in FORBIDDEN:
                    offenders.append(f"{path.relative_to(ENGINE.parent)}: {name}")
    assert offenders == []


def test_importing_the_engine_loads_no_flask():
    code = (
        "import sys, engine.models, engine.services.processes, engine.archive, engine.gates;"
        f"bad=[m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_migrations_build_the_schema_the_models_describe(tmp_path):
    """`policycycle init-db` (Alembic upgrade) yields exactly the models' tables."""
    from engine.db import make_engine
    from engine.schema import differences, upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'migrated.db'}")
    upgrade(engine)
    upgrade(engine)  # a second run is a no-op
    assert differences(engine) == []
    engine.dispose()
