"""JSON shapes of a deliverable's versions and of stored files."""

from __future__ import annotations

from typing import Any

from engine.models import DeliverableVersion, StoredFile


def stored_file(item: StoredFile) -> dict[str, Any]:
    return {"id": item.id, "name": item.name, "content_type": item.content_type,
            "size": item.size, "sha256": item.sha256, "uploaded_by": item.uploaded_by,
            "uploaded_at": item.uploaded_at, "url": f"/api/v1/files/{item.id}"}


def version(item: DeliverableVersion) -> dict[str, Any]:
    return {
        "id": item.id, "deliverable_id": item.deliverable_id, "number": item.number,
        "status": item.status, "file": stored_file(item.file) if item.file else None,
        "links": item.links or [], "note": item.note, "created_by": item.created_by,
        "created_at": item.created_at, "decided_by": item.decided_by,
        "decided_at": item.decided_at, "decision_note": item.decision_note,
    }
