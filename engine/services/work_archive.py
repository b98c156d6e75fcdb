"""Meetings, stored files, deliverable versions and consultations' report files in the
process archive (``engine.archive``).

Stored files travel with their bytes (base64) so that a restore into another
installation puts them in its file store; the digest is checked on the way in.
Links of a version to sections and analysis items are written as archive refs.
Registered after the analysis parts (their refs are bound first) when
``engine.composition`` imports this module.
"""

from __future__ import annotations

import base64
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.archive import Refs, register_part
from engine.archive import iso as _iso
from engine.archive import user_email as _email
from engine.archive import user_id_by_email as _user_id
from engine.errors import InvalidInput
from engine.i18n import msg
from engine.models import (
    ActionPoint,
    Consultation,
    Deliverable,
    DeliverableVersion,
    Meeting,
    MeetingAttendance,
    MeetingDecision,
    Process,
    StoredFile,
)
from engine.storage import digest_of, file_store

Rows = list[dict[str, Any]]
#: Link kinds of a version -> the archive's ref kind of the item.
LINK_REF_KINDS = {
    "section": "section", "data_source": "datasource", "swot_item": "swotitem",
    "objective": "objective", "policy_option": "policyoption", "instrument": "instrument",
    "measure": "measure", "risk": "risk",
}


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# ------------------------------------------------------------------ stored files


def _dump_files(session: Session, process: Process, refs: Refs) -> Rows:
    store = file_store()
    rows = []
    for f in session.scalars(select(StoredFile).where(StoredFile.process_id == process.id)
                             .order_by(StoredFile.id)):
        content = store.read(f.sha256) if store.exists(f.sha256) else None
        rows.append({"id": f.id, "ref": refs.name("storedfile", f.id), "name": f.name,
                     "content_type": f.content_type, "size": f.size, "sha256": f.sha256,
                     "uploaded_by": _email(session, f.uploaded_by_id),
                     "uploaded_at": _iso(f.uploaded_at),
                     "content": base64.b64encode(content).decode() if content is not None
                     else None})
    return rows


def _load_files(session: Session, process: Process, rows: Rows, refs: Refs) -> None:
    store = file_store()
    for row in rows:
        if row.get("content") is not None:
            data = base64.b64decode(row["content"])
            if digest_of(data) != row["sha256"]:
                raise InvalidInput(msg("A stored file of the archive does not match its "
                                       "digest."))
            store.put(data)
        stored = StoredFile(process_id=process.id, name=row["name"],
                            content_type=row["content_type"], size=row["size"],
                            sha256=row["sha256"],
                            uploaded_by_id=_user_id(session, row["uploaded_by"]),
                            uploaded_at=_dt(row["uploaded_at"]))
        session.add(stored)
        session.flush()
        refs.bind("storedfile", row["ref"], stored.id)


# ------------------------------------------------------------------ deliverable versions


def _dump_versions(session: Session, process: Process, refs: Refs) -> Rows:
    rows = []
    for v in session.scalars(
        select(DeliverableVersion).join(Deliverable)
        .where(Deliverable.process_id == process.id)
        .order_by(DeliverableVersion.deliverable_id, DeliverableVersion.number)
    ):
        links = [{"kind": link["kind"], "title": link.get("title", ""),
                  "item": refs.to_ref.get((LINK_REF_KINDS.get(link["kind"], ""), link["id"]))}
                 for link in v.links or []]
        rows.append({"id": v.id, "deliverable": refs.name("deliverable", v.deliverable_id),
                     "number": v.number, "file": refs.name("storedfile", v.file_id),
                     "links": links, "note": v.note, "status": v.status,
                     "created_by": _email(session, v.created_by_id),
                     "created_at": _iso(v.created_at),
                     "decided_by": _email(session, v.decided_by_id),
                     "decided_at": _iso(v.decided_at), "decision_note": v.decision_note})
    return rows


def _load_versions(session: Session, process: Process, rows: Rows, refs: Refs) -> None:
    for row in rows:
        links = []
        for link in row["links"]:
            kind = LINK_REF_KINDS.get(link["kind"], "")
            item = refs.to_id.get((kind, link["item"])) if link.get("item") else None
            if item is not None:
                links.append({"kind": link["kind"], "id": item, "title": link["title"]})
        session.add(DeliverableVersion(
            deliverable_id=refs.id("deliverable", row["deliverable"]), number=row["number"],
            file_id=refs.id("storedfile", row["file"]), links=links, note=row["note"],
            status=row["status"], created_by_id=_user_id(session, row["created_by"]),
            created_at=_dt(row["created_at"]),
            decided_by_id=_user_id(session, row["decided_by"]),
            decided_at=_dt(row["decided_at"]), decision_note=row["decision_note"]))
    session.flush()


# ------------------------------------------------------------------ consultations' report files


def _dump_report_files(session: Session, process: Process, refs: Refs) -> Rows:
    """Which stored file is each consultation's report (consultations without one are left out)."""
    return [
        {"consultation": refs.name("consultation", c.id),
         "file": refs.name("storedfile", c.report_file_id)}
        for c in session.scalars(select(Consultation).where(
            Consultation.process_id == process.id, Consultation.report_file_id.is_not(None))
            .order_by(Consultation.id))
    ]


def _load_report_files(session: Session, process: Process, rows: Rows, refs: Refs) -> None:
    for row in rows:
        consultation = session.get(Consultation, refs.id("consultation", row["consultation"]))
        assert consultation is not None
        consultation.report_file = session.get(StoredFile, refs.id("storedfile", row["file"]))
    session.flush()


# ------------------------------------------------------------------ meetings


def _dump_meetings(session: Session, process: Process, refs: Refs) -> Rows:
    return [
        {"id": m.id, "ref": refs.name("meeting", m.id), "stage": m.stage_key, "title": m.title,
         "held_on": _iso(m.held_on), "place": m.place, "online": m.online, "agenda": m.agenda,
         "minutes": m.minutes, "created_by": _email(session, m.created_by_id),
         "created_at": _iso(m.created_at), "updated_at": _iso(m.updated_at),
         "attendance": [{"user": a.user.email, "status": a.status} for a in m.attendance],
         "decisions": [{"position": d.position, "text": d.text} for d in m.decisions],
         "action_points": [{"title": p.title, "owner": _email(session, p.owner_id),
                            "due_on": _iso(p.due_on), "status": p.status}
                           for p in m.action_points]}
        for m in session.scalars(select(Meeting).where(Meeting.process_id == process.id)
                                 .order_by(Meeting.id))
    ]


def _load_meetings(session: Session, process: Process, rows: Rows, refs: Refs) -> None:
    for row in rows:
        meeting = Meeting(
            process_id=process.id, stage_key=row["stage"], title=row["title"],
            held_on=_d(row["held_on"]), place=row["place"], online=row["online"],
            agenda=row["agenda"], minutes=row["minutes"],
            created_by_id=_user_id(session, row["created_by"]),
            created_at=_dt(row["created_at"]), updated_at=_dt(row["updated_at"]))
        meeting.attendance = [MeetingAttendance(user_id=_user_id(session, a["user"]),
                                                status=a["status"]) for a in row["attendance"]]
        meeting.decisions = [MeetingDecision(position=d["position"], text=d["text"])
                             for d in row["decisions"]]
        meeting.action_points = [
            ActionPoint(process_id=process.id, title=p["title"],
                        owner_id=_user_id(session, p["owner"]), due_on=_d(p["due_on"]),
                        status=p["status"]) for p in row["action_points"]]
        session.add(meeting)
        session.flush()
        meeting.updated_at = _dt(row["updated_at"]) or meeting.updated_at
        refs.bind("meeting", row["ref"], meeting.id)


register_part("stored_files", _dump_files, _load_files)
register_part("deliverable_versions", _dump_versions, _load_versions)
register_part("consultation_report_files", _dump_report_files, _load_report_files)
register_part("meetings", _dump_meetings, _load_meetings)
