"""The document as one readable whole: every section's current text in order, with an
outline beside it and how many comments each section has open."""

from __future__ import annotations

from flask_login import login_required

from engine.services.document import sections as section_service
from engine.services.document_reads import comment_tallies
from webapp.database import get_session
from webapp.document import bp
from webapp.document.common import page
from webapp.workspace.common import load


@bp.get("/processes/<int:process_id>/document/read")
@login_required
def read(process_id: int) -> str:
    session = get_session()
    process = load(process_id)
    nodes = section_service.flatten(section_service.outline(session, process))
    tallies = comment_tallies(session, process)
    return page("document/read.html", process, nodes=nodes, open_counts=tallies.open,
                words=sum(len(n.section.body.split()) for n in nodes))
