"""Comment threads on analysis records: the lead, the core group and experts remark on them."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.errors import InvalidInput, NotFound
from engine.i18n import msg
from engine.models import (
    AnalysisComment,
    DataSource,
    Instrument,
    Measure,
    Objective,
    PolicyOption,
    ProblemAnalysis,
    Process,
    Risk,
    User,
)
from engine.permissions import Action, authorize
from engine.services import inputs, loading
from engine.services.analysis import common
from engine.vocabulary import ANALYSIS_ITEM_TYPES

#: The kinds of records one can comment on, and their models.
ITEM_MODELS: dict[str, type[Any]] = {
    "data_source": DataSource,
    "problem": ProblemAnalysis,
    "objective": Objective,
    "option": PolicyOption,
    "instrument": Instrument,
    "measure": Measure,
    "risk": Risk,
}


def item_title(item_type: str, item: Any) -> str:
    if item_type == "data_source":
        return str(item.name)
    if item_type == "problem":
        return "Problem analysis"
    return str(item.title)


def get_item(session: Session, actor: User | None, item_type: Any, item_id: Any) -> Any:
    """An analysis record by kind and id, if the actor may see it."""
    model = ITEM_MODELS.get(item_type) if isinstance(item_type, str) else None
    if model is None:
        raise NotFound("No such kind of analysis record.")
    return loading.get_item(session, actor, model, item_id,
                       ANALYSIS_ITEM_TYPES[item_type].lower())


def add_comment(session: Session, actor: User, process: Process, *, item_type: Any,
                item_id: Any, body: Any) -> AnalysisComment:
    """Comment on a record of the analysis (lead, core group and experts)."""
    authorize(session, actor, Action.COMMENT, process)
    kind = inputs.choice(item_type, "item_type", ITEM_MODELS)
    item = common.ref(session, ITEM_MODELS[kind], item_id, "item_id",
                      ANALYSIS_ITEM_TYPES[kind].lower(), process, required=True)
    comment = AnalysisComment(process_id=process.id, item_type=kind, item_id=item.id,
                              author_id=actor.id,
                              body=inputs.text(body, "body", max_length=common.LONG_TEXT))
    session.add(comment)
    session.flush()
    common.record(session, actor, process, "analysis.comment.added",
                  f"Comment on {ANALYSIS_ITEM_TYPES[kind].lower()} “{item_title(kind, item)}”",
                  comment, after={"item_type": kind, "item": item_title(kind, item),
                                  "body": comment.body},
                  stage=getattr(item, "stage_key", None))
    return comment


def list_comments(session: Session, process: Process, item_type: str,
                  item_id: int) -> list[AnalysisComment]:
    return list(session.scalars(
        select(AnalysisComment).where(AnalysisComment.process_id == process.id,
                                      AnalysisComment.item_type == item_type,
                                      AnalysisComment.item_id == item_id)
        .order_by(AnalysisComment.id)
    ))


def comment_counts(session: Session, process: Process) -> Counter[tuple[str, int]]:
    """How many comments each record has, keyed by ``(item_type, item_id)``."""
    rows = session.execute(
        select(AnalysisComment.item_type, AnalysisComment.item_id)
        .where(AnalysisComment.process_id == process.id)
    ).all()
    return Counter((t, i) for t, i in rows)


def check_item_type(value: Any) -> str:
    if value not in ITEM_MODELS:
        raise InvalidInput(msg("Unknown kind of analysis record."), {"item_type": msg("unknown")})
    return str(value)
