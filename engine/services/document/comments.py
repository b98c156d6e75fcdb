"""Comments on sections: threads, blocking remarks, and their anchors in the text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape, unescape
from typing import Any

from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import Session

from engine.db import utcnow
from engine.errors import Conflict, InvalidInput
from engine.i18n import msg
from engine.models import Comment, Section, User
from engine.permissions import Action, authorize
from engine.services import audit, inputs, loading


def get_comment(session: Session, actor: User, comment_id: Any) -> Comment:
    return loading.get_item(session, actor, Comment, comment_id, "comment")


def add_comment(
    session: Session,
    actor: User,
    section: Section,
    *,
    body: Any,
    quote: Any = None,
    blocking: Any = False,
    suggestion: Any = None,
) -> Comment:
    """Comment on a section, optionally on a quoted passage, optionally blocking the gate.

    A comment with ``suggestion`` proposes replacement text for its quote.
    """
    process = loading.process_of(session, section.process_id)
    authorize(session, actor, Action.COMMENT, process)
    if section.deleted_at is not None:
        raise Conflict(msg("This section was deleted."))
    body = inputs.text(body, "body", max_length=20000)
    quote = inputs.optional_text(quote, "quote", max_length=5000)
    if suggestion is not None and not isinstance(suggestion, str):
        raise InvalidInput(msg("suggestion must be text."), {"suggestion": msg("must be text")})
    if suggestion is not None and not quote:
        raise InvalidInput(msg("A suggestion replaces a quoted passage: quote it."),
                           {"quote": msg("required with a suggestion")})
    if not isinstance(blocking, bool):
        raise InvalidInput(msg("blocking must be true or false."), {"blocking": msg("must be a boolean")})
    anchor = None
    if quote:
        from engine.text.anchors import locate

        found = locate(quote, section.body)
        if found is None:
            raise InvalidInput(msg("The quoted passage is not in the section's text."),
                               {"quote": msg("not found in the current text")})
        anchor = found.start
    comment = Comment(
        process_id=process.id, section_id=section.id, author_id=actor.id, body=body,
        quote=quote, anchor_start=anchor, revision_number=section.revision,
        blocking=blocking, status="open",
        suggestion=suggestion, suggestion_status="pending" if suggestion is not None else None,
    )
    session.add(comment)
    session.flush()
    kind = "comment.suggested" if suggestion is not None else "comment.added"
    audit.record(session, actor, kind,
                 f"{'Blocking comment' if blocking else 'Comment'} on “{section.title}”"
                 + (" with a suggestion" if suggestion is not None else ""),
                 process=process, subject=comment,
                 data={"section": section.title, "body": body, "quote": quote,
                       "blocking": blocking, "suggestion": suggestion})
    return comment


def reply(session: Session, actor: User, comment: Comment, *, body: Any) -> Comment:
    process = loading.process_of(session, comment.process_id)
    authorize(session, actor, Action.COMMENT, process)
    root = comment if comment.parent_id is None else session.get(Comment, comment.parent_id)
    assert root is not None
    answer = Comment(process_id=process.id, section_id=root.section_id, parent_id=root.id,
                     author_id=actor.id, body=inputs.text(body, "body", max_length=20000),
                     status="open")
    session.add(answer)
    session.flush()
    audit.record(session, actor, "comment.replied", f"Reply to comment #{root.id}",
                 process=process, subject=answer, data={"to": root.id, "body": answer.body})
    return answer


def resolve(session: Session, actor: User, comment: Comment) -> Comment:
    process = loading.process_of(session, comment.process_id)
    authorize(session, actor, Action.RESOLVE_COMMENT, process, owner_id=comment.author_id)
    if comment.parent_id is not None:
        raise Conflict(msg("Resolve the thread, not a reply."))
    if comment.status == "resolved":
        raise Conflict(msg("This comment is already resolved."))
    comment.status = "resolved"
    comment.resolved_by_id = actor.id
    comment.resolved_at = utcnow()
    audit.record(session, actor, "comment.resolved", f"Comment #{comment.id} resolved",
                 process=process, subject=comment,
                 data={"blocking": comment.blocking, "body": comment.body})
    return comment


def reopen(session: Session, actor: User, comment: Comment) -> Comment:
    process = loading.process_of(session, comment.process_id)
    authorize(session, actor, Action.RESOLVE_COMMENT, process, owner_id=comment.author_id)
    if comment.parent_id is not None:
        raise Conflict(msg("Reopen the thread, not a reply."))
    if comment.status == "open":
        raise Conflict(msg("This comment is already open."))
    comment.status = "open"
    comment.resolved_by_id = None
    comment.resolved_at = None
    if comment.quote:
        # Its anchor was left alone while it was resolved; find the passage again.
        from engine.text.anchors import locate

        section = session.get(Section, comment.section_id)
        found = locate(comment.quote, section.body, comment.anchor_start) if section else None
        comment.anchor_start = found.start if found else None
    audit.record(session, actor, "comment.reopened", f"Comment #{comment.id} reopened",
                 process=process, subject=comment, data={"blocking": comment.blocking})
    return comment


def threads(session: Session, section: Section) -> list[Comment]:
    """Top-level comments of a section, oldest first, with their replies loaded."""
    return list(session.scalars(
        select(Comment)
        .where(Comment.section_id == section.id, Comment.parent_id.is_(None))
        .order_by(Comment.id)
    ))


def close_thread(comment: Comment, actor: User) -> None:
    """Resolve the thread (if still open) as part of another decision, e.g. on its suggestion."""
    if comment.status != "resolved":
        comment.status = "resolved"
        comment.resolved_by_id = actor.id
        comment.resolved_at = utcnow()


# ------------------------------------------------------------------ anchors


# Built once: every save runs it.
_ANCHORED = select(Comment).where(
    Comment.section_id == bindparam("section_id"), Comment.parent_id.is_(None),
    Comment.quote.is_not(None),
    or_(Comment.status == "open", Comment.suggestion_status == "pending"),
)


def reanchor(session: Session, section: Section) -> list[Comment]:
    """Find each live anchored comment's passage in the section's current text again.

    Moves ``anchor_start`` to where the passage is now (the old place is the hint
    among several matches); a passage that is gone leaves ``anchor_start`` empty,
    which lists the comment as outdated. Returns the comments outdated just now.
    """
    from engine.text.anchors import locate

    outdated: list[Comment] = []
    candidates = session.scalars(_ANCHORED, {"section_id": section.id})
    for comment in candidates:
        found = locate(comment.quote or "", section.body, comment.anchor_start)
        start = found.start if found else None
        if start is None and comment.anchor_start is not None:
            outdated.append(comment)
        comment.anchor_start = start
    session.flush()
    return outdated


@dataclass
class ThreadView:
    """A top-level comment as the section page shows it."""

    comment: Comment
    state: str  # general (no quote), anchored, outdated
    passage: str | None = None  # the text the comment is anchored to now
    highlighted: bool = False

    @property
    def id(self) -> int:
        return self.comment.id


@dataclass
class AnnotatedSection:
    html: str
    threads: list[ThreadView] = field(default_factory=list)

    def of_state(self, state: str, *, open_: bool | None = None) -> list[ThreadView]:
        return [t for t in self.threads if t.state == state
                and (open_ is None or (t.comment.status == "open") == open_)]


def annotate(section: Section, comments: list[Comment]) -> AnnotatedSection:
    """The section rendered safely, with open anchored comments' passages in ``<mark>``.

    The quote is located in the Markdown source (hint: the stored anchor), then the
    same passage is looked up in the *text* of the sanitised HTML and wrapped there;
    nothing the authors typed is ever inserted as markup.
    """
    from engine.text.anchors import locate
    from engine.text.markdown import plain_text, render_markdown

    html = render_markdown(section.body)
    views: list[ThreadView] = []
    for comment in comments:
        if not comment.quote:
            views.append(ThreadView(comment, "general"))
            continue
        found = locate(comment.quote, section.body, comment.anchor_start)
        if found is None:
            views.append(ThreadView(comment, "outdated"))
        else:
            views.append(ThreadView(comment, "anchored", section.body[found.start:found.end]))

    plain, pieces = _text_of(html)
    ranges: list[tuple[int, int, int]] = []  # (start, end, comment id) in plain
    scale = len(plain) / max(1, len(section.body))
    for view in views:
        if view.state != "anchored" or view.comment.status != "open" or not view.passage:
            continue
        hint = round((view.comment.anchor_start or 0) * scale)
        where = locate(view.passage, plain, hint)
        if where is None:
            flat = plain_text(view.passage)
            where = locate(flat, plain, hint) if flat else None
        if where is not None and where.end > where.start:
            ranges.append((where.start, where.end, view.comment.id))
            view.highlighted = True
    return AnnotatedSection(_mark(pieces, ranges) if ranges else html, views)


# A start or end tag (or comment/doctype) of sanitised HTML: nh3 escapes "<" and ">"
# inside attribute values and text, so tags never contain them.
_TAG = re.compile(r"<[^<>]*>")


def _text_of(html: str) -> tuple[str, list[tuple[bool, str, int]]]:
    """The text of the HTML and its pieces: (is_tag, raw html, offset of its text)."""
    pieces: list[tuple[bool, str, int]] = []
    text: list[str] = []
    offset = 0
    pos = 0
    for match in _TAG.finditer(html):
        if match.start() > pos:
            raw = html[pos:match.start()]
            pieces.append((False, raw, offset))
            chunk = unescape(raw)
            text.append(chunk)
            offset += len(chunk)
        pieces.append((True, match.group(0), offset))
        pos = match.end()
    if pos < len(html):
        raw = html[pos:]
        pieces.append((False, raw, offset))
        chunk = unescape(raw)
        text.append(chunk)
        offset += len(chunk)
    return "".join(text), pieces


def _mark(pieces: list[tuple[bool, str, int]], ranges: list[tuple[int, int, int]]) -> str:
    """Rebuild the HTML with every text run inside a range wrapped in ``<mark>``.

    A passage that crosses elements gets one ``<mark>`` per text node, so the markup
    stays well nested; whitespace-only runs (between table cells, list items) are
    left alone since ``<mark>`` is not allowed there.
    """
    out: list[str] = []
    first_seen: set[int] = set()
    for is_tag, raw, offset in pieces:
        if is_tag:
            out.append(raw)
            continue
        chunk = unescape(raw)
        cuts = {0, len(chunk)}
        for start, end, _ in ranges:
            for cut in (start - offset, end - offset):
                if 0 < cut < len(chunk):
                    cuts.add(cut)
        bounds = sorted(cuts)
        for a, b in zip(bounds, bounds[1:], strict=False):
            part = chunk[a:b]
            owners = sorted({cid for start, end, cid in ranges
                             if start < offset + b and offset + a < end})
            if not owners or not part.strip():
                out.append(escape(part, quote=False))
                continue
            ident = ""
            fresh = [cid for cid in owners if cid not in first_seen]
            if fresh:
                ident = f' id="anchor-{fresh[0]}"'
                first_seen.update(fresh)
            names = " ".join(str(cid) for cid in owners)
            out.append(f'<mark class="comment-anchor"{ident} data-comments="{names}">'
                       f"{escape(part, quote=False)}</mark>")
    return "".join(out)
