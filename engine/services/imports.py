"""Import of a Word file edited offline: its changes become suggestions, its comments
comments, and what cannot be placed is listed with its text (nothing dropped silently)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.errors import InvalidInput
from engine.export.docx_import import ImportedComment, ImportedSection, read_docx
from engine.export.import_merge import merge_section
from engine.models import DocumentImport, Membership, Process, Revision, Section, User
from engine.permissions import Action, allowed, authorize
from engine.services import audit, track_changes
from engine.services.document import comments as comment_service


@dataclass
class ImportResult:
    record: DocumentImport

    def as_dict(self) -> dict[str, Any]:
        r = self.record
        return {"id": r.id, "suggestions": r.suggestions, "comments": r.comments,
                "unmatched": list(r.unmatched)}


def get_import(session: Session, actor: User, process: Process, import_id: Any) -> DocumentImport:
    from engine.errors import NotFound

    try:
        record = session.get(DocumentImport, int(import_id))
    except (TypeError, ValueError):
        record = None
    if record is None or record.process_id != process.id:
        raise NotFound("No such import.")
    return record


def _members(session: Session, process: Process) -> list[User]:
    return list(session.scalars(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.process_id == process.id, Membership.ended_at.is_(None))))


def _member_named(members: list[User], name: str) -> User | None:
    wanted = " ".join((name or "").split()).casefold()
    if not wanted:
        return None
    for user in members:
        if wanted in (user.name.casefold(), user.email.casefold()):
            return user
    return None


def import_docx(session: Session, actor: User, process: Process, data: bytes, *,
                filename: str = "", site: str = "") -> ImportResult:
    """Read an uploaded .docx exported from ``process`` and turn its edits into suggestions.

    Hostile or foreign files raise a 4xx domain error before anything is stored.
    """
    authorize(session, actor, Action.SUGGEST, process)
    document = read_docx(data)
    marked = [s for s in document.sections if s.mark is not None]
    if not marked:
        raise InvalidInput("This file was not exported by policycycle: it has no section "
                           "marks to match.", {"file": "no section marks"})
    ours = [s for s in marked if s.mark.process_id == process.id and s.mark.site == (site or "0")]
    if not ours:
        other_site = all(s.mark.site != (site or "0") for s in marked)
        reason = ("it was exported by another installation" if other_site
                  else "it was exported from another process")
        raise InvalidInput(f"This file cannot be imported here: {reason}.", {"file": reason})

    ids = {s.mark.section_id for s in ours}
    sections = {s.id: s for s in session.scalars(
        select(Section).where(Section.process_id == process.id, Section.id.in_(ids)))}
    wanted = {(s.mark.section_id, s.mark.revision) for s in ours if s.mark.revision}
    bases = {(row.section_id, row.number): row.body for row in session.execute(
        select(Revision.section_id, Revision.number, Revision.body)
        .where(Revision.section_id.in_(ids)))
        if (row.section_id, row.number) in wanted}
    members = _members(session, process)
    known = _known_comments(session, process)
    unmatched: list[dict[str, Any]] = []
    suggestions = comments = 0

    for part in document.sections:
        text = "\n\n".join(b.markdown for b in part.after)
        section = sections.get(part.mark.section_id) if part.mark else None
        if part not in ours or section is None or section.deleted_at is not None:
            reason = ("the section is from another process or installation" if part not in ours
                      else "the section no longer exists")
            unmatched.append(_item(None, "section", reason, f"{part.title}\n\n{text}".strip()))
            continue
        if part.title and " ".join(section.title.split()) != part.title:
            unmatched.append(_item(section.id, "title", "the heading was retitled in Word; "
                                   "titles change on the outline page", part.title))
        base = bases.get((section.id, part.mark.revision), "") if part.mark.revision else ""
        proposed = merge_section(base, part.after)
        if proposed is not None:
            author, label = _author(session, process, actor, members, part)
            try:
                track_changes.propose(session, author, section, body=proposed,
                                      base_revision=part.mark.revision, source="import",
                                      author_label=label)
                suggestions += 1
            except InvalidInput as error:
                unmatched.append(_item(section.id, "section", error.message, proposed))
        for comment in part.comments:
            if (comment.author, _gist(comment.text)) in known:
                continue  # exported with the file: already a comment here
            if _comment(session, process, actor, members, section, comment):
                comments += 1
    for kind, text in document.outside:
        unmatched.append(_item(None, kind, "outside every section of the document", text))

    record = DocumentImport(process_id=process.id, uploaded_by_id=actor.id,
                            filename=(filename or "")[:255], suggestions=suggestions,
                            comments=comments, unmatched=unmatched)
    session.add(record)
    session.flush()
    audit.record(session, actor, "document.imported",
                 f"Word file imported: {suggestions} suggestions, {comments} comments, "
                 f"{len(unmatched)} unmatched", process=process, subject=record,
                 data={"filename": record.filename, "suggestions": suggestions,
                       "comments": comments, "unmatched": len(unmatched)})
    return ImportResult(record)


def _gist(text: str) -> str:
    text = " ".join((text or "").split())
    return text.removeprefix("[Blocking] ")[:60].casefold()


def _known_comments(session: Session, process: Process) -> set[tuple[str, str]]:
    """(author, start of text) of the process's comments, which an export may carry."""
    from engine.models import Comment

    rows = session.execute(
        select(User.name, Comment.body).join(User, Comment.author_id == User.id)
        .where(Comment.process_id == process.id)).all()
    return {(name, _gist(body)) for name, body in rows}


def _item(section_id: int | None, kind: str, reason: str, text: str) -> dict[str, Any]:
    return {"section_id": section_id, "kind": kind, "reason": reason, "text": text[:20000]}


def _author(session: Session, process: Process, uploader: User, members: list[User],
            part: ImportedSection) -> tuple[User, str | None]:
    """The member who made the tracked changes, or the uploader with the Word author named."""
    names = list(dict.fromkeys(a for a in part.authors if a))
    if len(names) == 1:
        member = _member_named(members, names[0])
        if member is not None and allowed(session, member, Action.SUGGEST, process):
            return member, None
    label = ", ".join(names) if names else None
    if label and label.casefold() == uploader.name.casefold():
        label = None
    return uploader, label


def _comment(session: Session, process: Process, uploader: User, members: list[User],
             section: Section, comment: ImportedComment) -> bool:
    member = _member_named(members, comment.author)
    author = member if member is not None and allowed(
        session, member, Action.COMMENT, process) else uploader
    body = comment.text or "(empty comment)"
    if author is uploader and comment.author and comment.author != uploader.name:
        body = f"{comment.author} (Word): {body}"
    if not allowed(session, author, Action.COMMENT, process):
        return False
    quote = comment.quote or None
    try:
        comment_service.add_comment(session, author, section, body=body, quote=quote)
    except InvalidInput:
        # The passage is not in today's text (edited since): keep it in the comment.
        if quote:
            body = f"On “{quote}”: {body}"
        comment_service.add_comment(session, author, section, body=body)
    return True
