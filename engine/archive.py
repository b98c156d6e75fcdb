"""Complete backup and restore of one process as a versioned JSON archive.

Records refer to one another by ``ref`` (stable names derived from their order),
never by database ids, so an archive loads into any database and dumping the
loaded copy gives the same archive apart from the ``id`` fields. Later
features add their records through ``register_part``, called from
``engine.composition``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from engine.catalog import pin
from engine.db import utcnow
from engine.errors import InvalidInput, NotFound
from engine.i18n import msg
from engine.models import (
    Assessment,
    AuditEvent,
    AuditHead,
    Comment,
    Consultation,
    ConsultationInput,
    Deliverable,
    Institution,
    Membership,
    Process,
    ProcessStage,
    Revision,
    Section,
    SectionTranslation,
    SignOff,
    TransitionRecord,
    TranslationRevision,
    User,
    WorkflowVersion,
)
from engine.services import audit
from engine.workflows import from_dict

FORMAT = "policycycle.process-archive"
FORMAT_VERSION = 1


def iso(value: date | datetime | None) -> str | None:
    """A date or time as archived (ISO 8601), or None."""
    return value.isoformat() if value is not None else None


_iso = iso


def user_email(session: Session, user_id: int | None) -> str | None:
    """How an archive names a person: by e-mail (None for nobody)."""
    user = session.get(User, user_id) if user_id is not None else None
    return user.email if user is not None else None


def user_id_by_email(session: Session, email: str | None) -> int | None:
    """The person an archive names, in this database; an unknown one is refused."""
    if not email:
        return None
    found = session.scalar(select(User.id).where(User.email == email))
    if found is None:
        raise InvalidInput(msg("The archive refers to an unknown person %(email)s.",
                               email=repr(email)))
    return found


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@dataclass
class Refs:
    """Maps between database ids and archive refs, per kind of record."""

    to_ref: dict[tuple[str, int], str] = field(default_factory=dict)
    to_id: dict[tuple[str, str], int] = field(default_factory=dict)

    def name(self, kind: str, db_id: int | None) -> str | None:
        if db_id is None:
            return None
        key = (kind, db_id)
        if key not in self.to_ref:
            count = sum(1 for k in self.to_ref if k[0] == kind) + 1
            self.to_ref[key] = f"{kind}-{count}"
        return self.to_ref[key]

    def id(self, kind: str, ref: str | None) -> int | None:
        if ref is None:
            return None
        try:
            return self.to_id[(kind, ref)]
        except KeyError:
            raise InvalidInput(msg("The archive refers to an unknown %(kind)s %(ref)s.", kind=kind, ref=repr(ref))) from None

    def bind(self, kind: str, ref: str, db_id: int) -> None:
        self.to_id[(kind, ref)] = db_id


@dataclass
class Part:
    """One kind of record in the archive: how to write it out and read it back."""

    name: str
    dump: Callable[[Session, Process, Refs], list[dict[str, Any]]]
    load: Callable[[Session, Process, list[dict[str, Any]], Refs], None]


PARTS: list[Part] = []


def register_part(
    name: str,
    dump: Callable[[Session, Process, Refs], list[dict[str, Any]]],
    load: Callable[[Session, Process, list[dict[str, Any]], Refs], None],
) -> None:
    """Add a kind of record to every archive (used by later features)."""
    PARTS[:] = [p for p in PARTS if p.name != name]
    PARTS.append(Part(name, dump, load))


# ----------------------------------------------------------------- dumping


def dump_process(session: Session, process_id: int) -> dict[str, Any]:
    """Everything about one process, as plain JSON data."""
    process = session.get(Process, process_id)
    if process is None:
        raise NotFound(msg("No process %(process_id)s.", process_id=process_id))
    refs = Refs()
    users: dict[int, User] = {}
    institutions: dict[int, Institution] = {}

    def user_ref(user_id: int | None) -> str | None:
        if user_id is None:
            return None
        user = session.get(User, user_id)
        assert user is not None
        users[user.id] = user
        return user.email

    def institution_ref(institution_id: int | None) -> str | None:
        if institution_id is None:
            return None
        institution = session.get(Institution, institution_id)
        assert institution is not None
        for node in institution.path:
            institutions[node.id] = node
        return refs.name("institution", institution.id)

    archive: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "workflow": {
            "key": process.workflow.key,
            "version": process.workflow.version,
            "digest": process.workflow.digest,
            "definition": process.workflow.definition,
        },
        "process": {
            "id": process.id,
            "title": process.title,
            "country": process.country,
            "state": process.state,
            "suspended_from": process.suspended_from,
            "export_template": process.export_template,
            "currency": process.currency,
            "document_language": process.document_language,
            "requesting_institution": institution_ref(process.requesting_institution_id),
            "created_by": user_ref(process.created_by_id),
            "created_at": _iso(process.created_at),
            "updated_at": _iso(process.updated_at),
        },
    }
    archive["stages"] = [
        {"key": s.key, "position": s.position, "target_date": _iso(s.target_date),
         "started_at": _iso(s.started_at), "completed_at": _iso(s.completed_at),
         "entries": s.entries}
        for s in process.stages
    ]
    archive["members"] = [
        {"id": m.id, "ref": refs.name("member", m.id), "user": user_ref(m.user_id),
         "institution": institution_ref(m.institution_id), "role": m.role,
         "started_at": _iso(m.started_at), "ended_at": _iso(m.ended_at),
         "end_reason": m.end_reason}
        for m in sorted(process.memberships, key=lambda m: m.id)
    ]
    sections = list(session.scalars(
        select(Section).where(Section.process_id == process.id).order_by(Section.id)
        .options(selectinload(Section.revisions))
    ))
    for s in sections:
        refs.name("section", s.id)
    translations: dict[int, list[SectionTranslation]] = {}
    for t in session.scalars(select(SectionTranslation)
                             .where(SectionTranslation.section_id.in_([s.id for s in sections]))
                             .order_by(SectionTranslation.language)):
        translations.setdefault(t.section_id, []).append(t)
    archive["sections"] = [
        {"id": s.id, "ref": refs.name("section", s.id), "parent": refs.name("section", s.parent_id),
         "key": s.key, "stage": s.stage_key, "title": s.title, "position": s.position,
         "body": s.body, "revision": s.revision, "status": s.status,
         "team": sorted(user_ref(u.id) for u in s.team),
         "deleted_at": _iso(s.deleted_at), "created_at": _iso(s.created_at),
         "updated_at": _iso(s.updated_at),
         "revisions": [
             {"number": r.number, "body": r.body, "base_revision": r.base_revision,
              "merged": r.merged, "kind": r.kind, "note": r.note, "author": user_ref(r.author_id),
              "created_at": _iso(r.created_at)}
             for r in s.revisions
         ],
         "translations": [
             {"language": t.language, "title": t.title, "body": t.body, "revision": t.revision,
              "source_revision": t.source_revision, "updated_at": _iso(t.updated_at),
              "revisions": [
                  {"number": r.number, "body": r.body, "base_revision": r.base_revision,
                   "source_revision": r.source_revision, "merged": r.merged,
                   "author": user_ref(r.author_id), "created_at": _iso(r.created_at)}
                  for r in t.revisions
              ]}
             for t in translations.get(s.id, [])
         ]}
        for s in sections
    ]
    comments = list(session.scalars(
        select(Comment).where(Comment.process_id == process.id).order_by(Comment.id)
    ))
    for c in comments:
        refs.name("comment", c.id)
    archive["comments"] = [
        {"id": c.id, "ref": refs.name("comment", c.id), "section": refs.name("section", c.section_id),
         "parent": refs.name("comment", c.parent_id), "author": user_ref(c.author_id),
         "body": c.body, "quote": c.quote, "anchor_start": c.anchor_start,
         "revision_number": c.revision_number, "blocking": c.blocking, "status": c.status,
         "resolved_by": user_ref(c.resolved_by_id), "resolved_at": _iso(c.resolved_at),
         "suggestion": c.suggestion, "suggestion_status": c.suggestion_status,
         "decision_reason": c.decision_reason, "decided_by": user_ref(c.decided_by_id),
         "applied_revision": c.applied_revision, "created_at": _iso(c.created_at)}
        for c in comments
    ]
    consultations = list(session.scalars(
        select(Consultation).where(Consultation.process_id == process.id).order_by(Consultation.id)
    ))
    archive["consultations"] = [
        {"id": c.id, "ref": refs.name("consultation", c.id), "stage": c.stage_key,
         "method": c.method, "title": c.title, "held_on": _iso(c.held_on),
         "groups": list(c.groups or []), "summary": c.summary,
         "invited_institutions": list(c.invited_institutions or []),
         "invited_groups": list(c.invited_groups or []),
         "participants_by_group": dict(c.participants_by_group or {}),
         "participants_by_sex": dict(c.participants_by_sex or {}), "report": c.report or "",
         "created_by": user_ref(c.created_by_id), "created_at": _iso(c.created_at),
         "inputs": [
             {"id": i.id, "ref": refs.name("input", i.id), "source": i.source, "text": i.text,
              "disposition": i.disposition, "reason": i.reason,
              "section": refs.name("section", i.section_id), "revision_number": i.revision_number,
              "decided_by": user_ref(i.decided_by_id), "decided_at": _iso(i.decided_at),
              "created_at": _iso(i.created_at)}
             for i in c.inputs
         ]}
        for c in consultations
    ]
    archive["deliverables"] = [
        {"id": d.id, "ref": refs.name("deliverable", d.id), "stage": d.stage_key, "kind": d.kind,
         "title": d.title, "owner": user_ref(d.owner_id), "due_on": _iso(d.due_on),
         "status": d.status, "created_at": _iso(d.created_at), "updated_at": _iso(d.updated_at)}
        for d in session.scalars(
            select(Deliverable).where(Deliverable.process_id == process.id).order_by(Deliverable.id)
        )
    ]
    archive["assessments"] = [
        {"criterion": a.criterion, "rating": a.rating, "comment": a.comment,
         "assessed_by": user_ref(a.assessed_by_id), "assessed_at": _iso(a.assessed_at)}
        for a in session.scalars(
            select(Assessment).where(Assessment.process_id == process.id).order_by(Assessment.id)
        )
    ]
    archive["signoffs"] = [
        {"id": s.id, "stage": s.stage_key, "entry": s.entry,
         "institution": institution_ref(s.institution_id), "user": user_ref(s.user_id),
         "signed_at": _iso(s.signed_at),
         "revisions": {refs.name("section", int(k)): v for k, v in (s.revisions or {}).items()
                       if k.isdigit()},
         "lapsed_at": _iso(s.lapsed_at), "lapsed_section": refs.name("section", s.lapsed_section_id),
         "lapsed_section_title": s.lapsed_section_title}
        for s in session.scalars(
            select(SignOff).where(SignOff.process_id == process.id).order_by(SignOff.id)
        )
    ]
    archive["transitions"] = [
        {"id": t.id, "ref": refs.name("transition", t.id), "trigger": t.trigger,
         "source": t.source, "dest": t.dest, "actor": user_ref(t.actor_id), "note": t.note,
         "override_reason": t.override_reason, "failing_checks": t.failing_checks,
         "at": _iso(t.at)}
        for t in session.scalars(
            select(TransitionRecord).where(TransitionRecord.process_id == process.id)
            .order_by(TransitionRecord.id)
        )
    ]
    for extra in PARTS:
        archive[extra.name] = extra.dump(session, process, refs)
    archive["history"] = [
        {"id": e.id, "seq": e.seq, "at": _iso(e.at), "actor": e.actor_email, "kind": e.kind,
         "stage": e.stage, "subject_type": e.subject_type,
         "subject": refs.to_ref.get((_ref_kind(e.subject_type), e.subject_id or 0)),
         "summary": e.summary, "data": e.data, "prev_hash": e.prev_hash, "hash": e.hash}
        for e in session.scalars(
            select(AuditEvent).where(AuditEvent.chain == audit.chain_for(process.id))
            .order_by(AuditEvent.seq)
        )
    ]
    for e in archive["history"]:
        if e["actor"]:
            actor = session.scalar(select(User).where(User.email == e["actor"]))
            if actor is not None:
                users[actor.id] = actor
    archive["institutions"] = [
        {"id": i.id, "ref": refs.name("institution", i.id), "name": i.name, "kind": i.kind,
         "country": i.country, "parent": refs.name("institution", i.parent_id)}
        for i in sorted(institutions.values(), key=lambda i: (len(i.path), i.id))
    ]
    archive["users"] = [
        {"id": u.id, "email": u.email, "name": u.name}
        for u in sorted(users.values(), key=lambda u: u.email)
    ]
    return archive


_SUBJECT_KINDS = {
    "Membership": "member", "Section": "section", "Comment": "comment",
    "Consultation": "consultation", "ConsultationInput": "input", "Deliverable": "deliverable",
    "TransitionRecord": "transition",
}


def _ref_kind(subject_type: str | None) -> str:
    return _SUBJECT_KINDS.get(subject_type or "", (subject_type or "").lower())


# ----------------------------------------------------------------- loading


def load_process(session: Session, archive: dict[str, Any]) -> Process:
    """Recreate a process from an archive; users and institutions are matched or created."""
    if not isinstance(archive, dict) or archive.get("format") != FORMAT:
        raise InvalidInput(msg("This file is not a policycycle process archive."))
    if archive.get("format_version") != FORMAT_VERSION:
        raise InvalidInput(
            msg("Archive format version %(version)s is not supported (this version reads %(supported)s).", version=archive.get('format_version'), supported=FORMAT_VERSION)
        )
    try:
        return _load(session, archive)
    except (KeyError, TypeError) as exc:
        raise InvalidInput(msg("The archive is incomplete or damaged (%(error)s).", error=exc)) from None


def _load(session: Session, archive: dict[str, Any]) -> Process:
    refs = Refs()
    users: dict[str, User] = {}
    for data in archive["users"]:
        user = session.scalar(select(User).where(User.email == data["email"]))
        if user is None:
            user = User(email=data["email"], name=data["name"], password_hash=None,
                        is_active=True)
            session.add(user)
            session.flush()
        users[data["email"]] = user

    def uid(email: str | None) -> int | None:
        return users[email].id if email else None

    for data in archive["institutions"]:
        parent_id = refs.id("institution", data["parent"])
        existing = session.scalar(select(Institution).where(
            Institution.name == data["name"],
            Institution.parent_id == parent_id if parent_id else Institution.parent_id.is_(None),
        ))
        if existing is None:
            existing = Institution(name=data["name"], kind=data["kind"], country=data["country"],
                                   parent_id=parent_id)
            session.add(existing)
            session.flush()
        refs.bind("institution", data["ref"], existing.id)

    workflow = archive["workflow"]
    pinned = session.scalar(select(WorkflowVersion).where(
        WorkflowVersion.key == workflow["key"], WorkflowVersion.version == workflow["version"],
        WorkflowVersion.digest == workflow["digest"],
    ))
    if pinned is None:
        definition = from_dict(workflow["definition"])
        pinned = pin(session, definition)
        pinned.definition = workflow["definition"]
        pinned.digest = workflow["digest"]

    p = archive["process"]
    process = Process(
        title=p["title"], country=p["country"], workflow=pinned, state=p["state"],
        suspended_from=p["suspended_from"], export_template=p.get("export_template"),
        currency=p.get("currency"),
        document_language=p.get("document_language") or "en",
        requesting_institution_id=refs.id("institution", p["requesting_institution"]),
        created_by_id=uid(p["created_by"]), created_at=_dt(p["created_at"]),
        updated_at=_dt(p["updated_at"]),
    )
    session.add(process)
    for s in archive["stages"]:
        process.stages.append(ProcessStage(
            key=s["key"], position=s["position"], target_date=_d(s["target_date"]),
            started_at=_dt(s["started_at"]), completed_at=_dt(s["completed_at"]),
            entries=s["entries"]))
    session.flush()
    for m in archive["members"]:
        membership = Membership(
            process_id=process.id, user_id=uid(m["user"]),
            institution_id=refs.id("institution", m["institution"]), role=m["role"],
            started_at=_dt(m["started_at"]), ended_at=_dt(m["ended_at"]),
            end_reason=m["end_reason"])
        session.add(membership)
        session.flush()
        refs.bind("member", m["ref"], membership.id)
    for s in archive["sections"]:
        section = Section(
            process_id=process.id, key=s["key"], stage_key=s["stage"], title=s["title"],
            position=s["position"], body=s["body"], revision=s["revision"], status=s["status"],
            deleted_at=_dt(s["deleted_at"]), created_at=_dt(s["created_at"]),
            updated_at=_dt(s["updated_at"]))
        section.team = [users[email] for email in s.get("team", [])]
        session.add(section)
        session.flush()
        refs.bind("section", s["ref"], section.id)
        for r in s["revisions"]:
            session.add(Revision(
                section_id=section.id, number=r["number"], body=r["body"],
                base_revision=r["base_revision"], merged=r["merged"], kind=r["kind"],
                note=r["note"], author_id=uid(r["author"]), created_at=_dt(r["created_at"])))
        for t in s.get("translations", []):
            session.add(SectionTranslation(
                section_id=section.id, language=t["language"], title=t.get("title"),
                body=t["body"], revision=t["revision"], source_revision=t["source_revision"],
                updated_at=_dt(t.get("updated_at")),
                revisions=[TranslationRevision(
                    number=r["number"], body=r["body"], base_revision=r["base_revision"],
                    source_revision=r["source_revision"], merged=r["merged"],
                    author_id=uid(r["author"]), created_at=_dt(r["created_at"]))
                    for r in t["revisions"]]))
    for s in archive["sections"]:
        if s["parent"]:
            section = session.get(Section, refs.id("section", s["ref"]))
            assert section is not None
            section.parent_id = refs.id("section", s["parent"])
    for c in archive["comments"]:
        comment = Comment(
            process_id=process.id, section_id=refs.id("section", c["section"]),
            parent_id=refs.id("comment", c["parent"]), author_id=uid(c["author"]),
            body=c["body"], quote=c["quote"], anchor_start=c["anchor_start"],
            revision_number=c["revision_number"], blocking=c["blocking"], status=c["status"],
            resolved_by_id=uid(c["resolved_by"]), resolved_at=_dt(c["resolved_at"]),
            suggestion=c["suggestion"], suggestion_status=c["suggestion_status"],
            decision_reason=c["decision_reason"], decided_by_id=uid(c["decided_by"]),
            applied_revision=c["applied_revision"], created_at=_dt(c["created_at"]))
        session.add(comment)
        session.flush()
        refs.bind("comment", c["ref"], comment.id)
    for c in archive["consultations"]:
        consultation = Consultation(
            process_id=process.id, stage_key=c["stage"], method=c["method"], title=c["title"],
            held_on=_d(c["held_on"]), groups=c["groups"], summary=c["summary"],
            invited_institutions=c.get("invited_institutions", []),
            invited_groups=c.get("invited_groups", []),
            participants_by_group=c.get("participants_by_group", {}),
            participants_by_sex=c.get("participants_by_sex", {}), report=c.get("report", ""),
            created_by_id=uid(c["created_by"]), created_at=_dt(c["created_at"]))
        session.add(consultation)
        session.flush()
        refs.bind("consultation", c["ref"], consultation.id)
        for i in c["inputs"]:
            item = ConsultationInput(
                consultation_id=consultation.id, source=i["source"], text=i["text"],
                disposition=i["disposition"], reason=i["reason"],
                section_id=refs.id("section", i["section"]), revision_number=i["revision_number"],
                decided_by_id=uid(i["decided_by"]), decided_at=_dt(i["decided_at"]),
                created_at=_dt(i["created_at"]))
            session.add(item)
            session.flush()
            refs.bind("input", i["ref"], item.id)
    for d in archive["deliverables"]:
        deliverable = Deliverable(
            process_id=process.id, stage_key=d["stage"], kind=d["kind"], title=d["title"],
            owner_id=uid(d["owner"]), due_on=_d(d["due_on"]), status=d["status"],
            created_at=_dt(d["created_at"]), updated_at=_dt(d["updated_at"]))
        session.add(deliverable)
        session.flush()
        refs.bind("deliverable", d["ref"], deliverable.id)
    for a in archive.get("assessments", []):
        session.add(Assessment(
            process_id=process.id, criterion=a["criterion"], rating=a["rating"],
            comment=a["comment"], assessed_by_id=uid(a["assessed_by"]),
            assessed_at=_dt(a["assessed_at"])))
    for s in archive["signoffs"]:
        session.add(SignOff(
            process_id=process.id, stage_key=s["stage"], entry=s["entry"],
            institution_id=refs.id("institution", s["institution"]), user_id=uid(s["user"]),
            signed_at=_dt(s["signed_at"]),
            revisions={str(refs.id("section", k)): v
                       for k, v in (s.get("revisions") or {}).items() if refs.id("section", k)},
            lapsed_at=_dt(s.get("lapsed_at")),
            lapsed_section_id=refs.id("section", s.get("lapsed_section")),
            lapsed_section_title=s.get("lapsed_section_title")))
    for t in archive["transitions"]:
        record = TransitionRecord(
            process_id=process.id, trigger=t["trigger"], source=t["source"], dest=t["dest"],
            actor_id=uid(t["actor"]), note=t["note"], override_reason=t["override_reason"],
            failing_checks=t["failing_checks"], at=_dt(t["at"]))
        session.add(record)
        session.flush()
        refs.bind("transition", t["ref"], record.id)
    for extra in PARTS:
        extra.load(session, process, archive.get(extra.name, []), refs)
    chain = audit.chain_for(process.id)
    last = None
    for e in archive["history"]:
        subject_kind = _ref_kind(e["subject_type"])
        last = AuditEvent(
            chain=chain, seq=e["seq"], process_id=process.id, at=_dt(e["at"]),
            actor_id=users[e["actor"]].id if e["actor"] in users else None,
            actor_email=e["actor"], kind=e["kind"], stage=e["stage"],
            subject_type=e["subject_type"],
            subject_id=refs.to_id.get((subject_kind, e["subject"])) if e["subject"] else None,
            summary=e["summary"], data=e["data"], prev_hash=e["prev_hash"], hash=e["hash"])
        session.add(last)
    if last is not None:
        session.add(AuditHead(chain=chain, seq=last.seq, hash=last.hash))
    # Process rows carry updated_at with onupdate: keep the archived value.
    process.updated_at = _dt(p["updated_at"]) or utcnow()
    session.flush()
    # The digests cover ids, which are new here: seal the restored chain again and
    # keep the archive's head in the record of the restore.
    _, archived_head = audit.seal_chain(session, process.id)
    audit.record(session, None, "process.restored",
                 f"Process “{process.title}” restored from an archive as #{process.id}",
                 data={"title": process.title, "process": process.id,
                       "archived_head": archived_head})
    return process
