"""The strategy document: sections, their revisions, and comments."""

from __future__ import annotations

from sqlalchemy.orm import Session

from engine.models import Revision, Section, User
from engine.services.document import comments as comment_service
from engine.services.document import revisions as revision_service
from engine.services.document import sections as service
from engine.services.document import translations as translation_service
from engine.services.document_reads import section_number
from engine.services.loading import get_process
from webapp.api import shapes
from webapp.api.registry import api_route
from webapp.api.schemas import EditConflictOut, ErrorOut
from webapp.api.schemas_document import (
    CommentIn,
    CommentOut,
    ReplyIn,
    RevisionOut,
    RevisionSummary,
    SaveOut,
    SectionIn,
    SectionNode,
    SectionOut,
    SectionPatch,
    SectionSave,
    TranslationOut,
    TranslationSave,
)


def _section(session: Session, section: Section) -> dict:
    return shapes.section(section, section_number(session, section))


# ---------------------------------------------------------------- sections


@api_route("/processes/{process_id}/sections", summary="The outline", tags=["sections"],
           response=list[SectionNode])
def outline(session: Session, actor: User, process_id: int) -> list[dict]:
    """The tree of sections, numbered 1, 1.1, ... (bodies not included)."""
    process = get_process(session, actor, process_id)
    return [shapes.outline_node(node) for node in service.outline(session, process)]


@api_route("/processes/{process_id}/sections", "POST", summary="Add a section",
           tags=["sections"], body=SectionIn, response=SectionOut, status=201, errors=[403])
def create_section(session: Session, actor: User, process_id: int, body: SectionIn) -> dict:
    """Add a section at the top level or under `parent_id`, at `position` (default last)."""
    process = get_process(session, actor, process_id)
    section = service.create_section(session, actor, process, title=body.title,
                                     parent_id=body.parent_id, position=body.position,
                                     body=body.body or "")
    return _section(session, section)


@api_route("/sections/{section_id}", summary="Read a section", tags=["sections"],
           response=SectionOut)
def get_section(session: Session, actor: User, section_id: int) -> dict:
    """The section with its Markdown body and current revision number."""
    return _section(session, service.get_section(session, actor, section_id))


@api_route("/sections/{section_id}", "PATCH", summary="Rename, move or change status",
           tags=["sections"], body=SectionPatch, response=SectionOut, errors=[403, 409])
def update_section(session: Session, actor: User, section_id: int, body: SectionPatch) -> dict:
    """Change the fields sent: `title`, `status`, `parent_id` (null: top level), `position`."""
    section = service.get_section(session, actor, section_id)
    changes = body.model_dump(exclude_unset=True)
    service.update_section(session, actor, section, title=changes.get("title"),
                           status=changes.get("status"),
                           parent_id=changes.get("parent_id", "unchanged"),
                           position=changes.get("position"))
    return _section(session, section)


@api_route("/sections/{section_id}", "PUT", summary="Save the text", tags=["sections"],
           body=SectionSave, response=SaveOut, errors={403: (), 409: (EditConflictOut, ErrorOut)})
def save_section(session: Session, actor: User, section_id: int, body: SectionSave) -> dict:
    """Save the whole text edited from `base_revision`. If others saved since, changes
    to different lines are merged (`merged: true`); changes to the same lines answer
    409 `edit_conflict` with `details.base`, `theirs`, `yours` and `conflicts`:
    merge them and save again with `base_revision` = `details.current_revision`."""
    section = service.get_section(session, actor, section_id, lock=True)
    result = service.save_body(session, actor, section, body=body.body,
                               base_revision=body.base_revision,
                               client_save_id=body.client_save_id)
    return {"id": result.section.id, "revision": result.revision, "merged": result.merged,
            "changed": result.changed, "repeated": result.repeated}


@api_route("/sections/{section_id}", "DELETE", summary="Delete a section", tags=["sections"],
           response=SectionOut, errors=[403])
def delete_section(session: Session, actor: User, section_id: int) -> dict:
    """Delete the section and its subsections softly (restorable)."""
    section = service.get_section(session, actor, section_id)
    return _section(session, service.delete_section(session, actor, section))


@api_route("/sections/{section_id}/restore", "POST", summary="Restore a deleted section",
           tags=["sections"], response=SectionOut, errors=[403, 409])
def restore_section(session: Session, actor: User, section_id: int) -> dict:
    """Bring a deleted section (and the subsections deleted with it) back, at the end."""
    section = service.get_section(session, actor, section_id)
    return _section(session, service.restore_section(session, actor, section))


@api_route("/sections/{section_id}/revisions", summary="List revisions", tags=["sections"],
           response=list[RevisionSummary])
def list_revisions(session: Session, actor: User, section_id: int) -> list[Revision]:
    """Every save of the section, oldest first (texts not included)."""
    section = service.get_section(session, actor, section_id)
    return revision_service.revisions(session, section)


@api_route("/sections/{section_id}/revisions/{number}", summary="Read a revision",
           tags=["sections"], response=RevisionOut)
def get_revision(session: Session, actor: User, section_id: int, number: int) -> Revision:
    """One revision with its text."""
    section = service.get_section(session, actor, section_id)
    return revision_service.revision(session, section, number)


# ---------------------------------------------------------------- comments


@api_route("/sections/{section_id}/comments", summary="Comment threads", tags=["comments"],
           response=list[CommentOut])
def list_comments(session: Session, actor: User, section_id: int) -> list[dict]:
    """Top-level comments of the section, oldest first, each with its replies."""
    section = service.get_section(session, actor, section_id)
    return [shapes.comment(session, c) for c in comment_service.threads(session, section)]


@api_route("/sections/{section_id}/comments", "POST", summary="Comment on a section",
           tags=["comments"], body=CommentIn, response=CommentOut, status=201,
           errors=[403, 409])
def add_comment(session: Session, actor: User, section_id: int, body: CommentIn) -> dict:
    """Comment, optionally on a quoted passage (422 if it is not in the text), optionally
    blocking the gate, optionally suggesting replacement text for the quote."""
    section = service.get_section(session, actor, section_id)
    comment = comment_service.add_comment(session, actor, section, body=body.body,
                                          quote=body.quote, blocking=body.blocking,
                                          suggestion=body.suggestion)
    return shapes.comment(session, comment)


@api_route("/comments/{comment_id}", summary="Read a comment", tags=["comments"],
           response=CommentOut)
def get_comment(session: Session, actor: User, comment_id: int) -> dict:
    """One comment with its replies."""
    return shapes.comment(session, comment_service.get_comment(session, actor, comment_id))


@api_route("/comments/{comment_id}/replies", "POST", summary="Reply to a comment",
           tags=["comments"], body=ReplyIn, response=CommentOut, status=201, errors=[403])
def reply(session: Session, actor: User, comment_id: int, body: ReplyIn) -> dict:
    """Reply in the thread (a reply to a reply joins the same thread)."""
    comment = comment_service.get_comment(session, actor, comment_id)
    return shapes.comment(session, comment_service.reply(session, actor, comment, body=body.body))


@api_route("/comments/{comment_id}/resolve", "POST", summary="Resolve a thread",
           tags=["comments"], response=CommentOut, errors=[403, 409])
def resolve(session: Session, actor: User, comment_id: int) -> dict:
    """Mark the thread resolved (experts: their own only)."""
    comment = comment_service.get_comment(session, actor, comment_id)
    return shapes.comment(session, comment_service.resolve(session, actor, comment))


@api_route("/comments/{comment_id}/reopen", "POST", summary="Reopen a thread",
           tags=["comments"], response=CommentOut, errors=[403, 409])
def reopen(session: Session, actor: User, comment_id: int) -> dict:
    """Open a resolved thread again."""
    comment = comment_service.get_comment(session, actor, comment_id)
    return shapes.comment(session, comment_service.reopen(session, actor, comment))


# ---------------------------------------------------------------- translations


def _translation(section: Section, language: str, translation, *, merged: bool = False,
                 changed: bool = False) -> dict:
    return {
        "section_id": section.id, "language": language,
        "title": translation.title if translation else None,
        "body": translation.body if translation else "",
        "revision": translation.revision if translation else 0,
        "source_revision": translation.source_revision if translation else 0,
        "main_revision": section.revision,
        "out_of_date": bool(translation and translation.out_of_date),
        "merged": merged, "changed": changed,
    }


@api_route("/sections/{section_id}/translations/{language}", summary="Read a translation",
           tags=["sections"], response=TranslationOut, errors=[422])
def get_translation(session: Session, actor: User, section_id: int, language: str) -> dict:
    """The section's second-language version (empty, revision 0, when not started yet), and
    whether the main text changed after the revision it translates (`out_of_date`)."""
    section = service.get_section(session, actor, section_id)
    translation = translation_service.read_translation(session, actor, section, language)
    return _translation(section, language, translation)


@api_route("/sections/{section_id}/translations/{language}", "PUT", summary="Save a translation",
           tags=["sections"], body=TranslationSave, response=TranslationOut,
           errors={403: (), 409: (EditConflictOut, ErrorOut)})
def save_translation(session: Session, actor: User, section_id: int, language: str,
                     body: TranslationSave) -> dict:
    """Save the whole translation edited from its revision `base_revision`, as for the main
    text: changes to different lines merge, changes to the same lines answer 409
    `edit_conflict`. It translates the main text's current revision unless
    `source_revision` says otherwise."""
    section = service.get_section(session, actor, section_id)
    result = translation_service.save_translation(
        session, actor, section, language, body=body.body, base_revision=body.base_revision,
        title=body.title, source_revision=body.source_revision)
    return _translation(section, language, result.translation, merged=result.merged,
                        changed=result.changed)
