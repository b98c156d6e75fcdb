"""Counts go through ngettext (nmsg in the engine): no "1 sources", "All 1 ... held"."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: A singular-only call (``_()``, ``msg()``) whose text puts a count before a plural noun.
COUNTED = re.compile(
    r"""(?<![\w.])(?:_|msg|gettext)\(\s*(["'])((?:(?!\1).)*%\((?:n|num|count|total|days|done|"""
    r"""have|held|met|more)\)[sd] [a-z]+s\b(?:(?!\1).)*)\1""", re.S)


def scan(paths) -> list[str]:
    found = []
    for path in paths:
        for match in COUNTED.finditer(path.read_text(encoding="utf-8")):
            found.append(f"{path.name}: {match.group(2)[:80]}")
    return found


def test_the_scan_finds_a_count_without_ngettext(tmp_path):
    sample = tmp_path / "sample.html"
    sample.write_text('{{ _("%(n)s sources", n=3) }} {{ ngettext("%(num)s word", "%(num)s words", 2) }}'
                      "\nmsg('%(count)s sections agreed')", encoding="utf-8")
    found = [line.split(": ", 1)[1] for line in scan([sample])]
    assert found == ["%(n)s sources", "%(count)s sections agreed"]


def test_no_counted_plural_outside_ngettext():
    files = [*(ROOT / "webapp").rglob("*.html"), *(ROOT / "webapp").rglob("*.txt"),
             *(ROOT / "webapp").rglob("*.py"), *(ROOT / "engine").rglob("*.py")]
    assert scan(files) == []


def test_one_contribution_is_singular(client, auth, world):
    auth.login(world.observer)
    html = client.get(f"/processes/{world.pid}/responses").get_data(as_text=True)
    assert "contributions decided" in html  # 0 of 0: the plural
    assert "All 1 " not in html
