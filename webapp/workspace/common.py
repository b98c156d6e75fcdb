"""What every workspace page shares: loading the process and the page frame."""

from __future__ import annotations

from typing import Any

from flask import render_template
from sqlalchemy.orm import Session

from engine.catalog import definition_of
from engine.models import Process
from engine.permissions import Action, allowed, membership_of
from engine.services.loading import get_process
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


def may(process: Process, action: Action, *, owner_id: int | None = None) -> bool:
    """Whether the signed-in person may do ``action`` in the process."""
    return allowed(get_session(), actor(), action, process, owner_id=owner_id)


def frame(process: Process, active: str) -> dict[str, Any]:
    """The process header, the sub-navigation and what the person may do here.

    The person's membership is read once; the role and every ``can`` flag derive from it.
    """
    session = get_session()
    user = actor()
    membership = membership_of(session, user, process)
    definition = definition_of(process)
    titles = {stage.key: t(stage.title) for stage in definition.stages}  # reader's language
    state = process.working_stage
    return {
        "process": process,
        "definition": definition,
        "active": active,
        "stage_titles": titles,
        "state_title": titles.get(process.state),
        "active_stage": state,
        "suspended": process.state == SUSPENDED,
        "terminal": process.state in definition.terminal_states,
        "my_role": membership.role if membership else None,
        # Requests decided by a steering group have its page.
        "steering_tab": any(tr.decided_by for tr in definition.transitions),
        "can": {name: allowed(session, user, action, process, membership=membership)
                for name, action in (("manage", Action.MANAGE), ("edit", Action.EDIT),
                                     ("comment", Action.COMMENT))},
    }


def render(template: str, process: Process, active: str, status: int = 200,
           **context: Any) -> tuple[str, int]:
    return render_template(template, **frame(process, active), **context), status


def stage_options(process: Process) -> list[tuple[str, str]]:
    """The stages where work is recorded (every stage but the terminal ones), by key, with
    their titles in the reader's language."""
    return [(s.key, t(s.title)) for s in definition_of(process).stages if not s.terminal]


def default_stage(process: Process) -> str | None:
    """The stage new work most likely belongs to: the current one (or where it was suspended)."""
    keys = [key for key, _ in stage_options(process)]
    state = process.working_stage
    return state if state in keys else (keys[-1] if keys else None)
