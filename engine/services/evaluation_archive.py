"""The adoption record and the evaluations in the process archive (``engine.archive``).

The adopted text's sections are kept by archive ref and revision number, so a
loaded copy points at its own sections; the stored Word file is named by its
sha256, which the file store shares between the original and the copy. The
link to a revision started from the process is not archived: it names another
process, which the archive does not hold.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.archive import Refs, register_part
from engine.archive import iso as _iso
from engine.archive import user_email as _email
from engine.archive import user_id_by_email as _user_id
from engine.models import (
    AdoptionRecord,
    Evaluation,
    EvaluationCriterion,
    EvaluationEvidence,
    Process,
    Recommendation,
    Revision,
)

Rows = list[dict[str, Any]]


def dump_adoption(session: Session, process: Process, refs: Refs) -> Rows:
    record = session.scalar(select(AdoptionRecord).where(AdoptionRecord.process_id == process.id))
    if record is None:
        return []
    return [{
        "id": record.id, "ref": refs.name("adoptionrecord", record.id), "body": record.body,
        "act_type": record.act_type, "act_reference": record.act_reference,
        "adopted_on": _iso(record.adopted_on), "published_in": record.published_in,
        "sections": [{"section": refs.name("section", s["section_id"]), "number": s["number"],
                      "title": s["title"], "revision": s["revision"]} for s in record.sections],
        "file_sha256": record.file_sha256, "file_name": record.file_name,
        "file_size": record.file_size, "recorded_by": _email(session, record.recorded_by_id),
        "recorded_at": _iso(record.recorded_at),
    }]


def load_adoption(session: Session, process: Process, rows: Rows, refs: Refs) -> None:
    for data in rows:
        sections = []
        for s in data["sections"]:
            section_id = refs.id("section", s["section"])
            revision_id = session.scalar(select(Revision.id).where(
                Revision.section_id == section_id, Revision.number == s["revision"]))
            sections.append({"section_id": section_id, "number": s["number"],
                             "title": s["title"], "revision": s["revision"],
                             "revision_id": revision_id})
        record = AdoptionRecord(
            process_id=process.id, body=data["body"], act_type=data["act_type"],
            act_reference=data["act_reference"], adopted_on=date.fromisoformat(data["adopted_on"]),
            published_in=data["published_in"], sections=sections,
            file_sha256=data["file_sha256"], file_name=data["file_name"],
            file_size=data["file_size"], recorded_by_id=_user_id(session, data["recorded_by"]),
            recorded_at=datetime.fromisoformat(data["recorded_at"]))
        session.add(record)
        session.flush()
        refs.bind("adoptionrecord", data["ref"], record.id)


def dump_evaluations(session: Session, process: Process, refs: Refs) -> Rows:
    found = session.scalars(select(Evaluation).where(Evaluation.process_id == process.id)
                            .order_by(Evaluation.id))
    return [{
        "id": e.id, "ref": refs.name("evaluation", e.id), "kind": e.kind, "title": e.title,
        "evaluator": e.evaluator, "completed_on": _iso(e.completed_on),
        "created_by": _email(session, e.created_by_id), "created_at": _iso(e.created_at),
        "criteria": [{
            "id": c.id, "ref": refs.name("evaluationcriterion", c.id), "criterion": c.criterion,
            "findings": c.findings, "rating": c.rating, "updated_at": _iso(c.updated_at),
            "evidence": [{"id": x.id, "ref": refs.name("evaluationevidence", x.id),
                          "data_source": refs.name("datasource", x.data_source_id),
                          "deliverable": refs.name("deliverable", x.deliverable_id),
                          "note": x.note} for x in c.evidence],
            "recommendations": [{"id": r.id, "ref": refs.name("recommendation", r.id),
                                 "text": r.text, "decision": r.decision, "reason": r.reason,
                                 "decided_by": _email(session, r.decided_by_id),
                                 "decided_at": _iso(r.decided_at),
                                 "created_at": _iso(r.created_at)}
                                for r in c.recommendations],
        } for c in e.criteria],
    } for e in found]


def load_evaluations(session: Session, process: Process, rows: Rows, refs: Refs) -> None:
    for data in rows:
        evaluation = Evaluation(
            process_id=process.id, kind=data["kind"], title=data["title"],
            evaluator=data["evaluator"],
            completed_on=date.fromisoformat(data["completed_on"]) if data["completed_on"] else None,
            created_by_id=_user_id(session, data["created_by"]),
            created_at=datetime.fromisoformat(data["created_at"]))
        for position, c in enumerate(data["criteria"]):
            criterion = EvaluationCriterion(
                criterion=c["criterion"], position=position, findings=c["findings"],
                rating=c["rating"], updated_at=datetime.fromisoformat(c["updated_at"]))
            criterion.evidence = [EvaluationEvidence(
                data_source_id=refs.id("datasource", x["data_source"]),
                deliverable_id=refs.id("deliverable", x["deliverable"]), note=x["note"])
                for x in c["evidence"]]
            criterion.recommendations = [Recommendation(
                text=r["text"], decision=r["decision"], reason=r["reason"],
                decided_by_id=_user_id(session, r["decided_by"]),
                decided_at=datetime.fromisoformat(r["decided_at"]) if r["decided_at"] else None,
                created_at=datetime.fromisoformat(r["created_at"]))
                for r in c["recommendations"]]
            evaluation.criteria.append(criterion)
        session.add(evaluation)
        session.flush()
        refs.bind("evaluation", data["ref"], evaluation.id)
        for c, criterion in zip(data["criteria"], evaluation.criteria, strict=True):
            refs.bind("evaluationcriterion", c["ref"], criterion.id)
            for x, item in zip(c["evidence"], criterion.evidence, strict=True):
                refs.bind("evaluationevidence", x["ref"], item.id)
            for r, rec in zip(c["recommendations"], criterion.recommendations, strict=True):
                refs.bind("recommendation", r["ref"], rec.id)


register_part("adoption", dump_adoption, load_adoption)
register_part("evaluations", dump_evaluations, load_evaluations)
