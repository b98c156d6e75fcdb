"""Telling the lead when the gate of the current stage becomes met.

After every change to a process (an in-transaction effect handler), the gate
of its current stage is evaluated, unless the lead was already told for this
entry of the stage: the lead gets one ``gate_met`` notification per stage entry,
the first time the gate is found met. A stage without gate conditions says
nothing.

A change to a section's text alone (a save, a suggestion merged into it, an
older revision restored) is not looked at: no gate condition reads the text, and
what a save can also change (an agreed section back to drafting) is recorded as
an event of its own. Saves are the most frequent change by far; evaluating the
gate on each made a save cost several times a page read.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.catalog import definition_of
from engine.gates import evaluate_gate, gate_conditions
from engine.models import AuditEvent, Notification, Process
from engine.services import effects
from engine.services.notifications import notify, stage_title

#: Events that change only a section's text (``section.<Revision.kind>``).
TEXT_ONLY = frozenset({"section.saved", "section.suggestion", "section.restore"})


@effects.in_transaction()
def _on_change(session: Session, event: AuditEvent) -> None:
    if event.process_id is None or event.kind in TEXT_ONLY:
        return
    process = session.get(Process, event.process_id)
    if process is None or process.lead is None:
        return
    definition = definition_of(process)
    if process.state not in definition.stage_keys:
        return
    stage = definition.stage(process.state)
    if stage.terminal or not gate_conditions(definition, stage):
        return
    record = process.stage_record(process.state)
    key = f"gate_met:{process.id}:{process.state}:{record.entries if record else 1}"
    lead = process.lead.user
    if session.scalar(select(Notification.id).where(Notification.user_id == lead.id,
                                                    Notification.dedupe_key == key)) is not None:
        return
    checks = evaluate_gate(session, process)
    if checks and all(check.ok for check in checks):
        notify(session, lead, "gate_met", process=process,
               params={"stage": process.state, "stage_title": stage_title(process, process.state)},
               dedupe_key=key)
