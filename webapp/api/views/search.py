"""Searching one process (the same engine service as the search page)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from engine.models import User
from engine.services import search as search_service
from webapp.api.registry import api_route
from webapp.api.schemas_search import SearchOut, SearchQuery
from webapp.workspace.search import result_url


@api_route("/processes/{process_id}/search", summary="Search a process", tags=["search"],
           query=SearchQuery, response=SearchOut)
def search_process(session: Session, actor: User, process_id: int, query: SearchQuery) -> dict:
    """Full-text search across the current text of the sections, the comments, the
    consultation inputs and the analysis records of one process, best first. An empty
    `q` is refused with 422."""
    hits = search_service.search(session, actor, process_id, query.q)
    return {"results": [{"kind": h.kind, "id": h.id, "title": h.title, "snippet": h.snippet,
                         "url": result_url(process_id, h)} for h in hits]}
