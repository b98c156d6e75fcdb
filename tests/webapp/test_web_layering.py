"""The web adapter stays thin: no SQL outside webapp/database.py, no web module reaching
into another's private names, and no web module over the size of one page family.
All are read from the source."""

from __future__ import annotations

import ast
from pathlib import Path

WEBAPP = Path(__file__).resolve().parents[2] / "webapp"
QUERY_METHODS = {"execute", "scalar", "scalars", "query"}
MAX_LINES = 400  # one web module per page family (or API resource) stays readable
SQL_BUILDERS = {"select", "insert", "update", "delete", "text", "func", "and_", "or_",
                "exists", "union", "literal", "column", "table"}


def modules() -> list[Path]:
    return sorted(WEBAPP.rglob("*.py"))


def where(path: Path, node: ast.AST) -> str:
    name = path.relative_to(WEBAPP.parent) if path.is_relative_to(WEBAPP.parent) else path
    return f"{name}:{getattr(node, 'lineno', '?')}"


def is_session(node: ast.AST) -> bool:
    """``session``, ``db_session``, ``self.session`` or ``get_session()``."""
    if isinstance(node, ast.Name):
        return node.id.endswith("session")
    if isinstance(node, ast.Attribute):
        return node.attr.endswith("session")
    if isinstance(node, ast.Call):
        return is_session(node.func) or (
            isinstance(node.func, ast.Name) and node.func.id == "get_session")
    return False


def sql_in(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "sqlalchemy":
            builders = [a.name for a in node.names if a.name in SQL_BUILDERS]
            if builders:
                found.append(f"{where(path, node)} imports {', '.join(builders)} from sqlalchemy")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            method = node.func.attr
            if method in QUERY_METHODS or (method == "get" and is_session(node.func.value)):
                found.append(f"{where(path, node)} calls .{method}()")
    return found


def test_no_sql_under_webapp_outside_database_py():
    found = [hit for path in modules() if path.name != "database.py" or path.parent != WEBAPP
             for hit in sql_in(path)]
    assert found == [], "views run no SQL; read through an engine function:\n" + "\n".join(found)


def test_the_scan_finds_sql(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from sqlalchemy import func, select\n"
        "def view(session):\n"
        "    session.execute(select(1))\n"
        "    get_session().get(User, 1)\n"
        "    return session.scalars(select(User)).all()\n", encoding="utf-8")
    hits = sql_in(sample)
    assert [hit.split(" ", 1)[1] for hit in hits] == [
        "imports func, select from sqlalchemy", "calls .execute()", "calls .get()",
        "calls .scalars()"]


def private_imports_in(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("webapp"):
            private = [a.name for a in node.names if a.name.startswith("_")]
            if private or any(part.startswith("_") and part != "__init__"
                               for part in (node.module or "").split(".")):
                found.append(f"{where(path, node)} imports "
                             f"{', '.join(private) or node.module} from {node.module}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("webapp") and any(
                        part.startswith("_") for part in alias.name.split(".")):
                    found.append(f"{where(path, node)} imports {alias.name}")
    return found


def test_the_scan_finds_private_imports(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from webapp.analysis.views import REFUSED, _own\n"
                      "from flask_babel import gettext as _\n", encoding="utf-8")
    assert [hit.split(" ", 1)[1] for hit in private_imports_in(sample)] == [
        "imports _own from webapp.analysis.views"]


def test_no_private_imports_between_web_modules():
    found = [hit for path in modules() for hit in private_imports_in(path)]
    assert found == [], "import public names only:\n" + "\n".join(found)


def test_no_web_module_is_over_the_size_limit():
    long = {str(p.relative_to(WEBAPP.parent)): n for p in modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}, f"split these into one module per page family (max {MAX_LINES} lines)"


def test_pages_do_not_walk_gates_themselves():
    """Gate checklists come from engine functions (engine.gates.evaluate_gate,
    engine.services.checklists); no web module builds a GateContext or calls evaluators."""
    found = []
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "engine.gates":
                names = {a.name for a in node.names} & {"GateContext", "EVALUATORS", "evaluator"}
                if names:
                    found.append(f"{where(path, node)} imports {', '.join(sorted(names))}")
    assert found == []
