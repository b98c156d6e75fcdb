"""Monitoring flags as notifications (kind ``monitoring_flag``) for the lead and core group.

An indicator value recorded off its trajectory tells them at once (in the
transaction of the change). Measures past their end date and periods over but
not reported are noticed by ``notify_flags(session, today)``, which ``policycycle
mail digest`` runs once a day. Each flag is told once (``Notification.dedupe_key``).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.models import AuditEvent, Indicator, Process
from engine.services import effects
from engine.services.monitoring import overview
from engine.services.notifications import notify


def _tell(session: Session, process: Process, flag: overview.Flag,
          skip: int | None = None) -> int:
    key = f"monitoring_flag:{flag.kind}:{flag.ref or ''}:{flag.period or flag.title}"
    made = 0
    for membership in process.active_memberships:
        if membership.role not in ("lead", "core") or membership.user_id == skip:
            continue
        made += notify(session, membership.user, "monitoring_flag", process=process,
                       params={"flag": flag.kind, "title": flag.title, "period": flag.period},
                       dedupe_key=key) is not None
    return made


@effects.in_transaction("monitoring.indicator_value")
def _on_value(session: Session, event: AuditEvent) -> None:
    process = session.get(Process, event.process_id) if event.process_id else None
    indicator = session.get(Indicator, event.subject_id) if event.subject_id else None
    period = (event.data or {}).get("period")
    if process is None or indicator is None:
        return
    view = overview.read(session, process, period)
    track = next((t for t in view.tracks if t.indicator.id == indicator.id), None)
    point = track.value_in(period) if track is not None else None
    if point is not None and point.off_track:
        _tell(session, process, overview.Flag("indicator_off_track", indicator.name, period,
                                              indicator.id), skip=event.actor_id)


def notify_flags(session: Session, today: date) -> int:
    """Tell the lead and core group of every process in implementation about new flags."""
    processes = list(session.scalars(select(Process).where(
        Process.state.in_(overview.MONITORED_STATES))))
    made = 0
    for pid, flags in overview.flags_of(session, processes, today=today).items():
        process = next(p for p in processes if p.id == pid)
        for flag in flags:
            if flag.kind != "indicator_off_track":  # told when the value was recorded
                made += _tell(session, process, flag)
    return made
