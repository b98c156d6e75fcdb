"""Full-text search across one process: its sections (current text), comments,
consultation inputs and analysis records, with highlighted snippets.

One service, two engines (see docs/search.md):

* PostgreSQL: ``to_tsvector``/``websearch_to_tsquery``/``ts_headline`` in one
  statement over the union of the searchable rows, in the text search
  configuration of the document's language (``simple`` for the others);
* SQLite: a temporary FTS5 table of the connection, filled for the process at
  each search and emptied again; nothing to keep in step with the data.

Snippets are safe HTML built in one way for both: the database marks the hits
with two private-use characters, then the whole text is escaped and only those
marks become ``<mark>`` elements. No HTML the users wrote ever passes through.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, cast, func, literal, select, text, union_all
from sqlalchemy.dialects.postgresql import REGCONFIG
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from engine.errors import InvalidInput
from engine.i18n import msg, nmsg
from engine.models import (
    Comment,
    Consultation,
    ConsultationInput,
    DataSource,
    Instrument,
    Measure,
    Objective,
    PolicyOption,
    Process,
    Risk,
    Section,
    User,
)
from engine.services import loading

#: The longest query accepted, in characters.
MAX_QUERY = 200
#: At most this many results are answered, best first.
LIMIT = 50
#: The kinds of result, in the order a page groups them.
KINDS = ("section", "comment", "consultation_input", "data_source", "objective", "option",
         "instrument", "measure", "risk")

# The database marks each hit with these (private-use characters, never typed).
_START, _STOP = "\ue000", "\ue001"
#: The PostgreSQL configuration for each document language (others: ``simple``).
PG_CONFIGS = {"en": "english", "fr": "french", "es": "spanish", "pt": "portuguese",
              "ru": "russian"}
_HEADLINE = (f"StartSel={_START}, StopSel={_STOP}, MaxWords=28, MinWords=12, "
             "MaxFragments=2, FragmentDelimiter=\" … \"")
_SNIPPET_TOKENS = 24


@dataclass(frozen=True)
class Hit:
    """One result: what it is, its title, a safe HTML snippet with ``<mark>`` hits, and
    ``parent_id``: the section of a comment, the consultation of an input."""

    kind: str
    id: int
    title: str
    snippet: str
    parent_id: int | None = None


def clean_query(value: Any) -> str:
    """The query as typed, trimmed; empty or too long is refused with a field error."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(msg("Type a word or a phrase to search for."),
                           {"q": msg("is required")})
    value = " ".join(value.split())
    if len(value) > MAX_QUERY:
        raise InvalidInput(nmsg("The search is too long: at most %(count)s character.",
                                "The search is too long: at most %(count)s characters.",
                                MAX_QUERY),
                           {"q": msg("must be at most %(max_length)s characters",
                                     max_length=MAX_QUERY)})
    return value


def search(session: Session, actor: User, process_id: Any, query: Any, *,
           limit: int = LIMIT) -> list[Hit]:
    """The process's texts matching ``query`` (web-search syntax: words, "a phrase",
    ``or``, ``-word``), best first. Members only: others get NotFound."""
    process = loading.get_process(session, actor, process_id)
    words = clean_query(query)
    if session.get_bind().dialect.name == "postgresql":
        rows = _search_postgresql(session, process, words, limit)
    else:
        rows = _search_sqlite(session, process, words, limit)
    return [Hit(kind, int(item_id), title or "", mark(snippet or ""),
                int(parent_id) if parent_id is not None else None)
            for kind, item_id, parent_id, title, snippet in rows]


# Markdown's marks, which read as noise in a one-line extract (the text is stored as Markdown).
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)\s]*\)")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]]*\]:?")
_LINE_MARK = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+)", re.MULTILINE)
_RULE_ROW = re.compile(r"^[ \t]*\|?[ \t:]*-{3,}[-| \t:]*$", re.MULTILINE)
_EMPHASIS = re.compile(r"\*\*|__|~~|`|(?<![\w*])\*(?=[^\s*])|(?<=[^\s*])\*(?![\w*])")
_CELL = re.compile(r"[ \t]*\|[ \t]*")
_SPACE = re.compile(r"\s+")


def plain(snippet: str) -> str:
    """A snippet of Markdown as the words a reader sees: no stars, hashes, pipes or link targets."""
    text = _LINK.sub(r"\1", snippet)
    text = _FOOTNOTE_REF.sub("", text)
    text = _RULE_ROW.sub("", text)
    text = _LINE_MARK.sub("", text)
    text = _EMPHASIS.sub("", text)
    text = "\n".join(_CELL.sub(" · ", line).strip(" ·") for line in text.split("\n"))
    return _SPACE.sub(" ", text).strip()


def mark(snippet: str) -> str:
    """Escape the whole snippet, then turn the database's hit marks into ``<mark>``."""
    escaped = html.escape(plain(snippet), quote=True)
    if escaped.count(_START) != escaped.count(_STOP):
        return escaped.replace(_START, "").replace(_STOP, "")
    return escaped.replace(_START, "<mark>").replace(_STOP, "</mark>")


# ------------------------------------------------------------------ what is searched


def _both(first: Any, second: Any) -> Any:
    return func.coalesce(first, "") + literal("\n") + func.coalesce(second, "")


def _sources(process: Process) -> list[Select[Any]]:
    """One select per kind, each answering (kind, id, parent_id, title, body)."""
    pid = process.id
    none = cast(None, String)

    def row(kind: str, ident: Any, parent: Any, title: Any, body: Any) -> list[Any]:
        return [literal(kind).label("kind"), ident.label("id"),
                cast(parent, String).label("parent_id"), title.label("title"),
                body.label("body")]

    live = Section.deleted_at.is_(None)
    return [
        select(*row("section", Section.id, none, Section.title, Section.body))
        .where(Section.process_id == pid, live),
        select(*row("comment", Comment.id, Comment.section_id, Section.title,
                    _both(Comment.body, Comment.suggestion)))
        .join(Section, Section.id == Comment.section_id).where(Comment.process_id == pid, live),
        select(*row("consultation_input", ConsultationInput.id, ConsultationInput.consultation_id,
                    Consultation.title,
                    ConsultationInput.source + literal(": ") + ConsultationInput.text))
        .join(Consultation, Consultation.id == ConsultationInput.consultation_id)
        .where(Consultation.process_id == pid),
        select(*row("data_source", DataSource.id, none, DataSource.name,
                    _both(DataSource.residence_definition, DataSource.gaps)))
        .where(DataSource.process_id == pid),
        select(*row("objective", Objective.id, none, Objective.title, Objective.description))
        .where(Objective.process_id == pid),
        select(*row("option", PolicyOption.id, none, PolicyOption.title,
                    _both(PolicyOption.description,
                          _both(PolicyOption.benefits, PolicyOption.justification))))
        .where(PolicyOption.process_id == pid),
        select(*row("instrument", Instrument.id, none, Instrument.title, Instrument.description))
        .where(Instrument.process_id == pid),
        select(*row("measure", Measure.id, none, Measure.title, Measure.description))
        .where(Measure.process_id == pid),
        select(*row("risk", Risk.id, none, Risk.title, _both(Risk.description, Risk.mitigation)))
        .where(Risk.process_id == pid),
    ]


# ------------------------------------------------------------------ PostgreSQL


def _search_postgresql(session: Session, process: Process, words: str,
                       limit: int) -> list[tuple[Any, ...]]:
    docs = union_all(*_sources(process)).subquery("docs")
    config = cast(literal(PG_CONFIGS.get(process.document_language, "simple")), REGCONFIG)
    query = func.websearch_to_tsquery(config, words)
    vector = func.to_tsvector(config, docs.c.title + literal(" ") + docs.c.body)
    headline = func.ts_headline(
        config,
        func.coalesce(func.nullif(func.btrim(docs.c.body, literal(" \n")), literal("")),
                      docs.c.title), query,
        _HEADLINE)
    statement = (
        select(docs.c.kind, docs.c.id, docs.c.parent_id, docs.c.title, headline)
        .where(vector.op("@@")(query))
        .order_by(func.ts_rank(vector, query).desc(), docs.c.kind, docs.c.id)
        .limit(limit)
    )
    return [tuple(r) for r in session.execute(statement)]


# ------------------------------------------------------------------ SQLite FTS5

# The temporary FTS5 table (in the connection's temp schema) and the statements on it.
_CREATE = ("CREATE VIRTUAL TABLE IF NOT EXISTS temp.pc_search USING fts5(kind UNINDEXED, "
           "id UNINDEXED, parent_id UNINDEXED, title, body, "
           "tokenize = 'unicode61 remove_diacritics 2')")
_EMPTY = "DELETE FROM temp.pc_search"
_FILL = ("INSERT INTO temp.pc_search (kind, id, parent_id, title, body) "
         "VALUES (:kind, :id, :parent_id, :title, :body)")
_MATCH = ("SELECT kind, id, parent_id, title, "
          "CASE WHEN trim(body, ' ' || char(10)) = '' "
          "THEN highlight(pc_search, 3, :start, :stop) "
          "ELSE snippet(pc_search, 4, :start, :stop, ' … ', :tokens) END "
          "FROM temp.pc_search WHERE pc_search MATCH :match "
          "ORDER BY bm25(pc_search, 4.0, 1.0), kind, id LIMIT :limit")
_TOKEN = re.compile(r'"([^"]*)"|(\S+)')


def fts5_query(words: str) -> str | None:
    """The web-search syntax as an FTS5 query: every word or "phrase" quoted (so no
    character of the input is FTS5 syntax), ``or`` between terms, ``-term`` excluded.
    None when nothing searchable remains."""
    positive: list[str] = []
    negative: list[str] = []
    pending_or = False
    for phrase, word in _TOKEN.findall(words):
        term = phrase if phrase else word
        if not phrase and term.lower() == "or":
            pending_or = bool(positive)
            continue
        exclude = not phrase and term.startswith("-") and len(term) > 1
        term = term[1:] if exclude else term
        if not re.search(r"\w", term):
            continue
        quoted = '"' + term.replace('"', '""') + '"'
        if exclude:
            negative.append(quoted)
        elif pending_or and positive:
            positive[-1] = f"({positive[-1]} OR {quoted})"
        else:
            positive.append(quoted)
        pending_or = False
    if not positive:
        return None
    found = " AND ".join(positive)
    for term in negative:
        found = f"({found}) NOT {term}"
    return found


def _search_sqlite(session: Session, process: Process, words: str,
                   limit: int) -> list[tuple[Any, ...]]:
    match = fts5_query(words)
    if match is None:
        return []
    rows = [dict(r._mapping) for r in session.execute(union_all(*_sources(process)))]
    if not rows:
        return []
    # The table lives in the connection's temp schema: no one else sees it, and it is
    # emptied before and after, so it never holds another process's texts for long.
    session.execute(text(_CREATE))
    session.execute(text(_EMPTY))
    try:
        session.execute(text(_FILL), rows)
        found = session.execute(text(_MATCH), {
            "start": _START, "stop": _STOP, "tokens": _SNIPPET_TOKENS, "match": match,
            "limit": limit})
        return [tuple(r) for r in found]
    finally:
        session.execute(text(_EMPTY))
