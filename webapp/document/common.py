"""What every document page shares: loading a section or comment, the page frame,
the gate that blocking comments hold, and the redirects back.

Every flow works with plain forms (JavaScript only adds presence, notices and
shortcuts). Views parse the request, call engine services and render; the
rules live in the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from engine.models import Comment, Process, Section, User
from engine.services.checklists import HeldGate, blocking_comments_gate
from engine.services.document import comments as comment_service
from engine.services.document import sections as section_service
from engine.services.document.sections import OutlineNode
from webapp.auth import actor
from webapp.database import get_session
from webapp.settings import settings
from webapp.workspace.common import frame, load


def me() -> User:
    user = actor()
    assert user is not None  # login_required
    return user


def ttl() -> float:
    """How long a presence signal lasts, in seconds."""
    return settings().presence_ttl_seconds


def section_and_process(section_id: int, *, lock: bool = False) -> tuple[Section, Process]:
    """The section and its process; ``lock``: the row is read ``FOR UPDATE`` (a save)."""
    section = section_service.get_section(get_session(), me(), section_id, lock=lock)
    return section, load(section.process_id)


def comment_of(comment_id: int) -> Comment:
    return comment_service.get_comment(get_session(), me(), comment_id)


def back_to_section(section_id: int, anchor: str | None = None) -> Response:
    return redirect(url_for("document.section", section_id=section_id)
                    + (f"#{anchor}" if anchor else ""))


def back_to_outline(process_id: int, anchor: str | None = None) -> Response:
    return redirect(url_for("document.outline", process_id=process_id)
                    + (f"#{anchor}" if anchor else ""))


def numbers(process: Process) -> dict[int, str]:
    return section_service.numbering(get_session(), process)


@dataclass(frozen=True)
class Place:
    """Where a section sits in its document: the whole outline, its number and its
    neighbours in reading order (None at either end, and for a deleted section)."""

    nodes: list[OutlineNode]
    number: str
    previous: OutlineNode | None
    next: OutlineNode | None


def place_of(process: Process, section: Section) -> Place:
    nodes = section_service.flatten(section_service.outline(get_session(), process))
    index = next((i for i, n in enumerate(nodes) if n.section.id == section.id), None)
    if index is None:
        return Place(nodes, "", None, None)
    return Place(nodes, nodes[index].number, nodes[index - 1] if index > 0 else None,
                 nodes[index + 1] if index + 1 < len(nodes) else None)


def held_gate(process: Process) -> HeldGate | None:
    """The gate open blocking comments hold (None when no stage has such a condition)."""
    try:
        return blocking_comments_gate(get_session(), process)
    except Exception:  # noqa: BLE001 - the document must show even if a gate cannot be evaluated
        current_app.logger.exception("gate evaluation failed")
    return None


def page(template: str, process: Process, **context: Any) -> str:
    """Render a document page inside the process frame (header, tabs, breadcrumbs)."""
    found = frame(process, "document")
    found.update(context)
    return render_template(template, **found)


def flash_error(error: Exception) -> None:
    """Undo whatever the refused action may have started (the redirect commits), then say why."""
    get_session().rollback()
    flash(getattr(error, "message", str(error)), "error")
