"""What every workspace page shares: loading the process and the page frame."""

from __future__ import annotations

from typing import Any

from flask import render_template
from sqlalchemy.orm import Session

from engine.catalog import definition_of
from engine.models import Process
from engine.permissions import Action, allowed, role_of
from engine.services.processes import get_process
from engine.vocabulary import SUSPENDED
from webapp.auth import actor
from webapp.database import get_session
from webapp.templating import t


def load(process_id: int) -> Process:
    """The process, if the signed-in person may see it (404 otherwise)."""
    return get_process(get_session(), actor(), process_id)


def failed(session: Session) -> None:
    """Undo whatever a refused action may have started, before the page is drawn again."""
    session.rollback()


def frame(process: Process, active: str) -> dict[str, Any]:
    """The process header, the sub-navigation and what the person may do here."""
    session = get_session()
    user = actor()
    definition = definition_of(process)
    titles = {stage.key: t(stage.title) for stage in definition.stages}  # reader's language
    state = process.suspended_from if process.state == SUSPENDED else process.state
    return {
        "process": process,
        "definition": definition,
        "active": active,
        "stage_titles": titles,
        "state_title": titles.get(process.state),
        "active_stage": state,
        "suspended": process.state == SUSPENDED,
        "terminal": process.state in definition.terminal_states,
        "my_role": role_of(session, user, process),
        "can": {
            "manage": allowed(session, user, Action.MANAGE, process),
            "edit": allowed(session, user, Action.EDIT, process),
            "comment": allowed(session, user, Action.COMMENT, process),
        },
    }


def render(template: str, process: Process, active: str, status: int = 200,
           **context: Any) -> tuple[str, int]:
    return render_template(template, **frame(process, active), **context), status


def stage_options(process: Process) -> list[tuple[str, str]]:
    """The stages where work is recorded (every stage but the terminal ones)."""
    return [(s.key, s.title) for s in definition_of(process).stages if not s.terminal]


def default_stage(process: Process) -> str | None:
    """The stage new work most likely belongs to: the current one (or where it was suspended)."""
    keys = [key for key, _ in stage_options(process)]
    state = process.suspended_from if process.state == SUSPENDED else process.state
    return state if state in keys else (keys[-1] if keys else None)
