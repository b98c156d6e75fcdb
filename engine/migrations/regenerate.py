"""Regenerate the initial migration from the models (development only, before a release).

Usage: python -m engine.migrations.regenerate
Once a release has shipped, add new revisions with Alembic instead
(`alembic -c ... revision --autogenerate`), adding NOT NULL columns with a server
default that a later revision drops.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from alembic import command

from engine.schema import MIGRATIONS, alembic_config


def main() -> None:
    for old in (MIGRATIONS / "versions").glob("*_0001_*.py"):
        old.unlink()
    with tempfile.TemporaryDirectory() as folder:
        config = alembic_config(f"sqlite:///{Path(folder) / 'empty.db'}")
        command.revision(config, message="initial schema", autogenerate=True, rev_id="0001")


if __name__ == "__main__":
    main()
