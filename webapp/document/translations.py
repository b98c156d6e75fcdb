"""A section's translations: the second-language editor beside the main text, its
history, and the out-of-date marker when the main text moved on."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from engine.errors import Conflict, EditConflict, InvalidInput
from engine.models import Process, Section
from engine.permissions import Action
from engine.services.document import translations as translation_service
from engine.vocabulary import DOCUMENT_LANGUAGES
from webapp.database import get_session
from webapp.document import bp
from webapp.document.common import me, numbers, page, section_and_process
from webapp.workspace.common import may


def _render(section: Section, process: Process, language: str, *, status: int = 200,
            draft: str | None = None, draft_base: Any = None, draft_title: str | None = None,
            conflict: dict[str, Any] | None = None) -> tuple[str, int]:
    session = get_session()
    try:
        translation = translation_service.read_translation(session, me(), section, language)
    except InvalidInput:
        abort(404)
    html = page("document/translation.html", process,
        section=section,
        number=numbers(process).get(section.id, ""),
        language=language,
        language_label=DOCUMENT_LANGUAGES[language],
        translation=translation,
        history=translation_service.history(session, translation) if translation else [],
        can_edit=may(process, Action.EDIT) and section.deleted_at is None,
        draft=draft,
        draft_base=(translation.revision if translation else 0) if draft_base is None
        else draft_base,
        draft_title=draft_title,
        conflict=conflict,
    )
    return html, status


@bp.get("/sections/<int:section_id>/translations/<language>")
@login_required
def translation(section_id: int, language: str) -> tuple[str, int]:
    found, process = section_and_process(section_id)
    return _render(found, process, language)


@bp.post("/sections/<int:section_id>/translations/<language>")
@login_required
def save_translation(section_id: int, language: str) -> Any:
    found, process = section_and_process(section_id)
    body = request.form.get("body", "")
    base = request.form.get("base_revision")
    title = request.form.get("title")
    try:
        result = translation_service.save_translation(
            get_session(), me(), found, language, body=body, base_revision=base,
            title=title, source_revision=request.form.get("source_revision"))
    except EditConflict as error:
        flash(_("Someone else changed the same passage of the translation since you started. "
                "Their version is shown beside yours: merge them and save again."), "error")
        details = error.details
        return _render(found, process, language, status=409, draft=details.get("proposal"),
                       draft_base=details["current_revision"], draft_title=title,
                       conflict=details)
    except (InvalidInput, Conflict) as error:
        flash(error.message, "error")
        return _render(found, process, language, status=422, draft=body, draft_base=base,
                       draft_title=title)
    if not result.changed:
        flash(_("Nothing to save: the translation is the same as revision %(n)s.",
                n=result.revision), "info")
    elif result.merged:
        flash(_("Translation saved as revision %(n)s, merged with a save made meanwhile.",
                n=result.revision), "success")
    else:
        flash(_("Translation saved as revision %(n)s.", n=result.revision), "success")
    return redirect(url_for("document.translation", section_id=found.id, language=language))


def translation_links(section: Section, process: Process) -> list[dict[str, Any]]:
    """For the section page: every other language, with its translation's state."""
    existing = {t.language: t for t in translation_service.translations_of(get_session(), section)}
    return [{"language": code, "label": label, "translation": existing.get(code)}
            for code, label in DOCUMENT_LANGUAGES.items() if code != process.document_language]


