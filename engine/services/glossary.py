"""The glossary of a process: abbreviations and their expansions, for the list of
abbreviations the published document prints."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.errors import Conflict, NotFound
from engine.models import GlossaryTerm, Process, User
from engine.permissions import Action, authorize
from engine.services import audit, inputs


def list_terms(session: Session, process: Process) -> list[GlossaryTerm]:
    """The terms in alphabetical order (case-insensitive), as the document lists them."""
    return list(session.scalars(
        select(GlossaryTerm).where(GlossaryTerm.process_id == process.id)
        .order_by(func.lower(GlossaryTerm.term), GlossaryTerm.id)
    ))


def add_term(session: Session, actor: User, process: Process, *, term: Any,
             expansion: Any) -> GlossaryTerm:
    authorize(session, actor, Action.EDIT, process)
    term = inputs.text(term, "term", max_length=60)
    expansion = inputs.text(expansion, "expansion", max_length=300)
    exists = session.scalar(select(GlossaryTerm.id).where(
        GlossaryTerm.process_id == process.id, func.lower(GlossaryTerm.term) == term.lower()))
    if exists is not None:
        raise Conflict(f"The glossary already has {term!r}.", {"term": "already in the glossary"})
    item = GlossaryTerm(process_id=process.id, term=term, expansion=expansion)
    session.add(item)
    session.flush()
    audit.record(session, actor, "glossary.added", f"Glossary term {term} added",
                 process=process, subject=item, data={"term": term, "expansion": expansion})
    return item


def get_term(session: Session, actor: User, process: Process, term_id: Any) -> GlossaryTerm:
    try:
        item = session.get(GlossaryTerm, int(term_id))
    except (TypeError, ValueError):
        item = None
    if item is None or item.process_id != process.id:
        raise NotFound("No such glossary term.")
    return item


def delete_term(session: Session, actor: User, process: Process, item: GlossaryTerm) -> None:
    authorize(session, actor, Action.EDIT, process)
    data = {"term": item.term, "expansion": item.expansion}
    session.delete(item)
    session.flush()
    audit.record(session, actor, "glossary.deleted", f"Glossary term {data['term']} removed",
                 process=process, data=data)
