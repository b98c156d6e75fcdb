"""The dependency direction and the schema are checked mechanically."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

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


def _engine_modules() -> list[str]:
    """Every module of the engine's packages (the Alembic scripts are not a package)."""
    names = []
    for path in sorted(ENGINE.rglob("*.py")):
        folders = path.relative_to(ENGINE.parent).parents[:-1]  # engine/x/y, engine/x, engine
        if not all((ENGINE.parent / folder / "__init__.py").exists() for folder in folders):
            continue
        parts = path.relative_to(ENGINE.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def _import_alone(name: str) -> tuple[str, str | None]:
    result = subprocess.run(
        [sys.executable, "-c", f"import importlib; importlib.import_module({name!r})"],
        capture_output=True, text=True, check=False, cwd=ENGINE.parent,
    )
    return name, None if result.returncode == 0 else result.stderr.strip().splitlines()[-1]


@pytest.mark.slow
def test_every_engine_module_imports_alone_in_a_fresh_interpreter():
    """Each module imports on its own: no cycle that only works in one import order."""
    from concurrent.futures import ThreadPoolExecutor

    modules = _engine_modules()
    assert "engine.services.document.revisions" in modules
    assert "engine.composition" in modules
    with ThreadPoolExecutor(max_workers=3) as pool:
        failures = {name: error for name, error in pool.map(_import_alone, modules) if error}
    assert failures == {}


def test_the_composition_module_fills_the_archive_and_export_registries():
    """The analysis adds its archive parts and annexes when the entry points compose the engine."""
    code = (
        "import engine.archive as a, engine.services.exports as e;"
        "before = (len(a.PARTS), sorted(e.ANNEXES));"
        "import engine.composition;"
        "print(before, [p.name for p in a.PARTS][:1], list(e.ANNEXES)[-1])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=ENGINE.parent)
    assert result.stdout.strip() == (
        "(0, ['consultations', 'core_group', 'deliverables', 'transitions']) "
        "['analysis_institutions'] responses"
    )
