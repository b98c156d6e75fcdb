"""The glossary page: abbreviations the published document lists."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from engine.errors import Conflict, InvalidInput
from engine.services import glossary as service
from webapp.auth import actor
from webapp.database import get_session
from webapp.word import bp
from webapp.workspace.common import failed, load, render


def _page(process_id: int, status: int = 200, error: str | None = None,
          term: str = "", expansion: str = ""):  # noqa: ANN202
    process = load(process_id)
    return render("word/glossary.html", process, "document", status,
                  terms=service.list_terms(get_session(), process), error=error,
                  term=term, expansion=expansion)


@bp.route("/processes/<int:process_id>/glossary")
@login_required
def glossary(process_id: int):  # noqa: ANN201
    return _page(process_id)


@bp.route("/processes/<int:process_id>/glossary", methods=["POST"])
@login_required
def add_term(process_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    term, expansion = request.form.get("term", ""), request.form.get("expansion", "")
    try:
        item = service.add_term(session, actor(), process, term=term, expansion=expansion)
    except (InvalidInput, Conflict) as error:
        failed(session)
        return _page(process_id, 422, error.message, term[:60], expansion[:300])
    flash(_("“%(term)s” added to the glossary.", term=item.term), "success")
    return redirect(url_for("word.glossary", process_id=process_id))


@bp.route("/processes/<int:process_id>/glossary/<int:term_id>/delete", methods=["POST"])
@login_required
def delete_term(process_id: int, term_id: int):  # noqa: ANN201
    session = get_session()
    process = load(process_id)
    item = service.get_term(session, actor(), process, term_id)
    service.delete_term(session, actor(), process, item)
    flash(_("“%(term)s” removed from the glossary.", term=item.term), "success")
    return redirect(url_for("word.glossary", process_id=process_id))
