"""State machines built with `transitions`: one per pinned workflow definition.

Who decides a transition: **the definition decides and the machine executes.**
The workflow definition (TOML, validated, pinned to the process) says which
states exist, which triggers lead where, which are gated and which need a
note; ``services.transitions.fire`` checks the gate, the permission and the
note against it. The machine only carries out a move the definition allows:
it is built from the definition, adds no rule of its own, and a result that
disagrees with the definition is refused. A new state or trigger (adoption,
monitoring) is therefore added to the workflow TOML and, for a new kind of
gate check, to the condition registry (``engine.gates``), never here.

The machine holds the shape (states, triggers, which are gated); process rows
are attached as models only while a trigger fires, through a small driver, so
no per-row machine is built and no Machine state leaks between requests.
"""

from __future__ import annotations

import threading
from typing import Any

from transitions import EventData, Machine, MachineError

from engine.errors import GateNotMet, InvalidTransition
from engine.i18n import msg
from engine.models import Process
from engine.vocabulary import SUSPENDED
from engine.workflows import RESUME_DEST, WorkflowDefinition


class _Driver:
    """What the machine sees of a process: its state, and the gate verdict passed in."""

    def __init__(self, process: Process) -> None:
        self.process = process

    @property
    def state(self) -> str:
        return self.process.state

    @state.setter
    def state(self, value: str) -> None:
        self.process.state = value

    def gate_open(self, event: EventData) -> bool:
        # The service evaluated the checklist (or accepted an override) before firing.
        return bool(event.kwargs.get("gate_open"))


class PolicyMachine:
    """The `transitions` machine of one workflow definition."""

    def __init__(self, definition: WorkflowDefinition) -> None:
        self.definition = definition
        states = list(definition.stage_keys)
        if definition.suspendable:
            states.append(SUSPENDED)
        self._lock = threading.Lock()
        self._machine = Machine(
            model=None,
            states=states,
            initial=definition.initial,
            auto_transitions=False,
            send_event=True,
            model_attribute="state",
        )
        seen: set[tuple[str, str]] = set()
        for state in states:
            for transition in definition.transitions_from(state):
                if (transition.trigger, state) in seen:
                    continue
                seen.add((transition.trigger, state))
                if transition.dest == RESUME_DEST:
                    for stage in definition.stages:
                        if not stage.terminal:
                            self._machine.add_transition(
                                "resume", SUSPENDED, stage.key, conditions=[_came_from(stage.key)]
                            )
                    continue
                self._machine.add_transition(
                    transition.trigger,
                    state,
                    transition.dest,
                    conditions=["gate_open"] if transition.gated else None,
                )

    def fire(self, process: Process, trigger: str, **kwargs: Any) -> str:
        """Fire ``trigger`` on the process; return the new state."""
        driver = _Driver(process)
        with self._lock:
            self._machine.add_model(driver, initial=process.state)
            try:
                moved = driver.trigger(trigger, **kwargs)  # type: ignore[attr-defined]
            except (MachineError, AttributeError) as exc:
                raise InvalidTransition(
                    msg("%(trigger)s is not possible while the process is in %(state)s.", trigger=repr(trigger), state=repr(process.state))
                ) from exc
            finally:
                self._machine.remove_model(driver)
        if not moved:
            raise GateNotMet(msg("The gate for %(trigger)s is not open.", trigger=repr(trigger)))
        return process.state


def _came_from(stage_key: str) -> Any:
    def condition(event: EventData) -> bool:
        return event.model.process.suspended_from == stage_key

    condition.__name__ = f"came_from_{stage_key}"
    return condition


_machines: dict[str, PolicyMachine] = {}
_machines_lock = threading.Lock()


def machine_for(definition: WorkflowDefinition) -> PolicyMachine:
    """The shared machine of a definition (built once per definition digest).

    A definition never changes for a digest, so this cache holds no shared
    mutable state: every worker builds the same machine.
    """
    digest = definition.digest
    with _machines_lock:
        machine = _machines.get(digest)
        if machine is None:
            machine = _machines[digest] = PolicyMachine(definition)
        return machine
