"""The one place that knows a workflow's shape: installed files and pinned copies."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.errors import InvalidInput
from engine.i18n import msg
from engine.models import Process, WorkflowVersion
from engine.workflows import WorkflowDefinition, default_directory, from_dict, load_directory


class Catalog:
    """The workflow definitions installed under a directory, read on first use."""

    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory) if directory else default_directory()
        self._definitions: dict[tuple[str, int], WorkflowDefinition] | None = None

    @property
    def definitions(self) -> dict[tuple[str, int], WorkflowDefinition]:
        if self._definitions is None:
            self._definitions = load_directory(self.directory)
        return self._definitions

    def all(self) -> list[WorkflowDefinition]:
        """Every installed definition, by key then version."""
        return [self.definitions[k] for k in sorted(self.definitions)]

    def latest(self) -> list[WorkflowDefinition]:
        """The newest version of each workflow key."""
        newest: dict[str, WorkflowDefinition] = {}
        for definition in self.all():
            newest[definition.key] = definition
        return list(newest.values())

    def get(self, key: str, version: int | None = None) -> WorkflowDefinition:
        candidates = [d for (k, _v), d in sorted(self.definitions.items()) if k == key]
        if version is not None:
            candidates = [d for d in candidates if d.version == version]
        if not candidates:
            known = ", ".join(sorted({k for k, _ in self.definitions}))
            raise InvalidInput(
                f"Unknown workflow {key!r}" + (f" version {version}" if version else "") + ".",
                {"workflow": msg("choose one of: %(known)s", known=known)},
            )
        return candidates[-1]


@lru_cache(maxsize=8)
def catalog_for(directory: str | None = None) -> Catalog:
    """A shared catalog per directory (the files are configuration, read once)."""
    return Catalog(directory)


def pin(session: Session, definition: WorkflowDefinition) -> WorkflowVersion:
    """Store (or find) the frozen copy of a definition that processes point to."""
    digest = definition.digest
    existing = session.scalar(
        select(WorkflowVersion).where(
            WorkflowVersion.key == definition.key,
            WorkflowVersion.version == definition.version,
            WorkflowVersion.digest == digest,
        )
    )
    if existing is not None:
        return existing
    pinned = WorkflowVersion(
        key=definition.key,
        version=definition.version,
        title=definition.title,
        digest=digest,
        definition=definition.to_dict(),
    )
    session.add(pinned)
    session.flush()
    return pinned


def definition_of(process: Process) -> WorkflowDefinition:
    """The definition a process is pinned to (never the file on disk)."""
    return _from_snapshot(process.workflow.digest, process.workflow)


_snapshots: dict[str, WorkflowDefinition] = {}


def _from_snapshot(digest: str, pinned: WorkflowVersion) -> WorkflowDefinition:
    # The stored JSON never changes for a digest, so the parsed copy can be kept.
    definition = _snapshots.get(digest)
    if definition is None:
        definition = _snapshots[digest] = from_dict(pinned.definition)
    return definition
