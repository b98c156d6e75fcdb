"""Section translations: a second-language version beside a section's main text.

A translation has its own revisions, saved through the same merge path as the
main text: a save names the translation revision it was made on
(``base_revision``); a save in between is merged line by line, overlapping
changes are refused with ``EditConflict`` (409). Each revision also records
the main text's revision it translates (``source_revision``); when the main
text has moved on since, the translation is *out of date* and the outline
says the section needs translating again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.db import utcnow
from engine.errors import Conflict, EditConflict, InvalidInput, NotFound
from engine.i18n import msg
from engine.models import Process, Section, SectionTranslation, TranslationRevision, User
from engine.permissions import Action, authorize
from engine.services import audit, inputs, loading
from engine.services.document.sections import MAX_BODY
from engine.text.merge import normalise, three_way_merge
from engine.vocabulary import DOCUMENT_LANGUAGES


def _language(process: Process, language: Any) -> str:
    value = inputs.choice(language, "language", DOCUMENT_LANGUAGES)
    if value == process.document_language:
        raise InvalidInput(msg("The main text is already in this language."),
                           {"language": msg("a language other than the document's")})
    return value


def get_translation(session: Session, section: Section, language: str) -> SectionTranslation | None:
    """The section's translation into ``language``, None when there is none yet."""
    return session.scalar(select(SectionTranslation).where(
        SectionTranslation.section_id == section.id, SectionTranslation.language == language))


def translations_of(session: Session, section: Section) -> list[SectionTranslation]:
    return list(session.scalars(select(SectionTranslation)
                                .where(SectionTranslation.section_id == section.id)
                                .order_by(SectionTranslation.language)))


def read_translation(session: Session, actor: User, section: Section,
                     language: Any) -> SectionTranslation | None:
    """For a reader of the process: the translation (None if not started); bad language: 400."""
    process = loading.process_of(session, section.process_id)
    return get_translation(session, section, _language(process, language))


def history(session: Session, translation: SectionTranslation) -> list[TranslationRevision]:
    """Every save of the translation, newest first."""
    return list(reversed(translation.revisions))


def status_by_section(session: Session, process: Process) -> dict[int, dict[str, bool]]:
    """For each section with translations: language -> out of date? (for the outline)."""
    rows = session.execute(
        select(SectionTranslation.section_id, SectionTranslation.language,
               SectionTranslation.source_revision, Section.revision)
        .join(Section, Section.id == SectionTranslation.section_id)
        .where(Section.process_id == process.id, Section.deleted_at.is_(None))
    )
    result: dict[int, dict[str, bool]] = {}
    for section_id, language, source, current in rows:
        result.setdefault(section_id, {})[language] = source < current
    return result


@dataclass(frozen=True)
class TranslationSave:
    translation: SectionTranslation
    revision: int
    merged: bool
    changed: bool


def save_translation(
    session: Session,
    actor: User,
    section: Section,
    language: Any,
    *,
    body: Any,
    base_revision: Any,
    title: Any = None,
    source_revision: Any = None,
) -> TranslationSave:
    """Save a translation made on top of its revision ``base_revision`` (0: a new one).

    ``source_revision`` is the main text's revision translated (default: the
    current one). Overlapping changes since the base raise EditConflict.
    """
    process = loading.process_of(session, section.process_id)
    authorize(session, actor, Action.EDIT, process)
    language = _language(process, language)
    if not isinstance(body, str):
        raise InvalidInput(msg("body must be text."), {"body": msg("must be text")})
    if len(body) > MAX_BODY:
        raise InvalidInput(msg("The text is too long."),
                           {"body": msg("at most %(max)s characters", max=MAX_BODY)})
    title = inputs.optional_text(title, "title", max_length=300)
    try:
        base_number = int(base_revision)
    except (TypeError, ValueError):
        raise InvalidInput(msg("base_revision must be a revision number."),
                           {"base_revision": msg("required, a whole number")}) from None
    section = session.execute(
        select(Section).where(Section.id == section.id).with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()
    if section.deleted_at is not None:
        raise Conflict(msg("This section was deleted; restore it first."))
    source = section.revision
    if source_revision not in (None, ""):
        try:
            source = int(source_revision)
        except (TypeError, ValueError):
            source = -1
        if not 0 <= source <= section.revision:
            raise InvalidInput(msg("Unknown base revision."),
                               {"source_revision": msg("0..%(revision)s",
                                                       revision=section.revision)})
    translation = get_translation(session, section, language)
    if translation is None:
        translation = SectionTranslation(section_id=section.id, language=language, body="",
                                         revision=0, source_revision=0)
        session.add(translation)
        session.flush()
    current = translation.revision
    if base_number < 0 or base_number > current:
        raise InvalidInput(msg("Unknown base revision."),
                           {"base_revision": msg("0..%(revision)s", revision=current)})
    yours = normalise(body)
    theirs = translation.body
    merged = False
    if base_number == current:
        text = yours
    else:
        base = next((r.body for r in translation.revisions if r.number == base_number), "")
        result = three_way_merge(base, theirs, yours)
        if not result.clean:
            raise EditConflict(
                msg("Someone else changed the same passage since you started editing."),
                {"base": base, "theirs": theirs, "yours": yours,
                 "base_revision": base_number, "current_revision": current,
                 "conflicts": [{"base": c.base, "theirs": c.theirs, "yours": c.yours,
                                "base_start": c.base_start, "base_end": c.base_end}
                               for c in result.conflicts],
                 "proposal": result.resolve([c.yours for c in result.conflicts])},
            )
        text, merged = result.text, result.merged
    if text == theirs and source == translation.source_revision and (
            title is None or title == translation.title):
        return TranslationSave(translation, current, False, False)
    number = current + 1
    translation.revisions.append(TranslationRevision(
        number=number, body=text, base_revision=base_number, source_revision=source,
        merged=merged, author_id=actor.id))
    translation.body = text
    translation.revision = number
    translation.source_revision = source
    if title is not None:
        translation.title = title
    translation.updated_at = utcnow()
    session.flush()
    audit.record(
        session, actor, "section.translation_saved",
        f"Translation ({language}) of section “{section.title}” saved (revision {number}"
        + (", merged)" if merged else ")"),
        process=process, subject=section,
        data={"title": section.title, "language": language, "revision": number,
              "base_revision": base_number, "source_revision": source, "merged": merged},
    )
    return TranslationSave(translation, number, merged, True)


def translation_revision(translation: SectionTranslation, number: Any) -> TranslationRevision:
    try:
        wanted = int(number)
    except (TypeError, ValueError):
        wanted = -1
    for revision in translation.revisions:
        if revision.number == wanted:
            return revision
    raise NotFound(msg("No revision %(number)s.", number=number))
