"""The glossary of a process, and imports of offline Word edits."""

from __future__ import annotations

from sqlalchemy.orm import Session

from engine.models import User
from engine.services import glossary as service
from engine.services.loading import get_process
from webapp.api.registry import api_route
from webapp.api.schemas_word import GlossaryTermIn, GlossaryTermOut


def _term(item) -> dict:  # noqa: ANN001
    return {"id": item.id, "term": item.term, "expansion": item.expansion}


@api_route("/processes/{process_id}/glossary", summary="List the glossary", tags=["glossary"],
           response=list[GlossaryTermOut])
def list_glossary(session: Session, actor: User, process_id: int) -> list[dict]:
    """Abbreviations and their expansions, alphabetically."""
    process = get_process(session, actor, process_id)
    return [_term(t) for t in service.list_terms(session, process)]


@api_route("/processes/{process_id}/glossary", "POST", summary="Add an abbreviation",
           tags=["glossary"], body=GlossaryTermIn, response=GlossaryTermOut, status=201,
           errors=[403, 409])
def add_glossary_term(session: Session, actor: User, process_id: int,
                      body: GlossaryTermIn) -> dict:
    """Add a term; the published export lists it among the abbreviations."""
    process = get_process(session, actor, process_id)
    return _term(service.add_term(session, actor, process, **body.model_dump()))


@api_route("/processes/{process_id}/glossary/{term_id}", "DELETE",
           summary="Remove an abbreviation", tags=["glossary"], response=GlossaryTermOut,
           errors=[403])
def delete_glossary_term(session: Session, actor: User, process_id: int, term_id: int) -> dict:
    """Remove a term from the glossary; answers the term removed."""
    process = get_process(session, actor, process_id)
    item = service.get_term(session, actor, process, term_id)
    removed = _term(item)
    service.delete_term(session, actor, process, item)
    return removed
