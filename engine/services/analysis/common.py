"""What every analysis service shares: stages, permission, value checks and history."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from sqlalchemy import delete
from sqlalchemy.orm import Session

from engine.catalog import definition_of
from engine.db import utcnow
from engine.errors import InvalidInput
from engine.i18n import msg
from engine.models import AnalysisComment, Institution, Membership, Process, User
from engine.permissions import Action, authorize
from engine.services import audit, inputs

T = TypeVar("T")

LONG_TEXT = 20_000


#: ``session.info`` key of the lists read once during a read-only block (see ``reading``).
_READ_ONCE = "analysis.read_once"


@contextmanager
def reading(session: Session) -> Iterator[None]:
    """Within the block, each analysis list of a process is read from the database once.

    An export prints objectives, options and measures in several annexes and tables;
    each builder asks for its list, and without this each would read it (and its
    eager-loaded children) again. Only for reads: nothing may change the rows inside.
    """
    outer = session.info.get(_READ_ONCE)
    if outer is None:
        session.info[_READ_ONCE] = {}
    try:
        yield
    finally:
        if outer is None:
            session.info.pop(_READ_ONCE, None)


def read_once(session: Session, key: tuple[Any, ...], read: Callable[[], list[T]]) -> list[T]:
    """``read()``, or inside ``reading`` the list it gave the first time (a copy)."""
    memo = session.info.get(_READ_ONCE)
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return list(memo[key])


def stage_for(process: Process, value: Any) -> str:
    """The stage a new record is attached to: the one given, or the current one."""
    if value in (None, ""):
        return process.working_stage
    allowed = list(definition_of(process).stage_keys)
    return inputs.choice(value, "stage", allowed)


def can_edit(session: Session, actor: User, process: Process) -> Membership | None:
    """Raise unless the actor may change the analysis (lead and core group)."""
    return authorize(session, actor, Action.EDIT, process)


def owned(item: Any, process: Process, what: str, field: str) -> None:
    """Refuse a record of another process given as a reference."""
    if item is None or getattr(item, "process_id", process.id) != process.id:
        raise InvalidInput(msg("Unknown %(what)s.", what=what), {field: msg("not a %(what)s of this process", what=what)})


def ref(session: Session, model: type[T], value: Any, field: str, what: str,
        process: Process | None = None, *, required: bool = False) -> T | None:
    """Resolve an id given in a request to a record (of this process, when it has one)."""
    if value in (None, ""):
        if required:
            raise InvalidInput(msg("%(field)s is required.", field=field), {field: msg("is required")})
        return None
    try:
        item = session.get(model, int(value))
    except (TypeError, ValueError):
        raise InvalidInput(msg("%(field)s must be a number.", field=field), {field: msg("must be a number")}) from None
    if item is None:
        raise InvalidInput(msg("Unknown %(what)s.", what=what), {field: msg("unknown %(what)s", what=what)})
    if process is not None:
        owned(item, process, what, field)
    return item


def institution(session: Session, value: Any, field: str, *, required: bool = False
                ) -> Institution | None:
    return ref(session, Institution, value, field, "institution", required=required)


def institutions(session: Session, value: Any, field: str) -> list[Institution]:
    """A list of institution ids (a single id or comma-separated text accepted), no repeats."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = [part for part in value.replace(";", ",").split(",") if part.strip()]
    if isinstance(value, int):
        value = [value]
    if not isinstance(value, list | tuple):
        raise InvalidInput(msg("%(field)s must be a list of institution ids.", field=field),
                           {field: msg("must be a list")})
    found: dict[int, Institution] = {}
    for item in value:
        resolved = institution(session, item.strip() if isinstance(item, str) else item, field)
        if resolved is not None:
            found.setdefault(resolved.id, resolved)
    return list(found.values())


def long_text(value: Any, field: str) -> str:
    return inputs.optional_text(value, field, max_length=LONG_TEXT) or ""


def whole(value: Any, field: str, *, low: int, high: int, required: bool = False) -> int | None:
    """A whole number within bounds; empty is None unless required."""
    if value in (None, ""):
        if required:
            raise InvalidInput(msg("%(field)s is required.", field=field), {field: msg("is required")})
        return None
    number: int | None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, float):
        number = int(value) if value.is_integer() else None
    elif isinstance(value, int):
        number = value
    else:
        try:
            number = int(str(value).strip())
        except ValueError:
            number = None
    if number is None:
        raise InvalidInput(msg("%(field)s must be a whole number.", field=field), {field: msg("must be a whole number")})
    if not low <= number <= high:
        raise InvalidInput(msg("%(field)s must be between %(low)s and %(high)s.", field=field, low=low, high=high),
                           {field: msg("must be between %(low)s and %(high)s", low=low, high=high)})
    return number


def year(value: Any, field: str) -> int | None:
    return whole(value, field, low=1900, high=2200)


def number(value: Any, field: str, *, low: float = 0, high: float = 1e6) -> float:
    """A finite number (e.g. a weight)."""
    if isinstance(value, bool) or value in (None, ""):
        raise InvalidInput(msg("%(field)s is required.", field=field), {field: msg("is required")})
    try:
        result = float(str(value).strip().replace(",", ".")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise InvalidInput(msg("%(field)s must be a number.", field=field), {field: msg("must be a number")}) from None
    if math.isnan(result) or math.isinf(result) or not low <= result <= high:
        raise InvalidInput(f"{field} must be between {low:g} and {high:g}.",
                           {field: f"must be between {low:g} and {high:g}"})
    return result


def money(value: Any, field: str) -> Decimal | None:
    """An amount with at most two decimals (text, int, float or Decimal); empty is None."""
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise InvalidInput(msg("%(field)s must be an amount.", field=field), {field: msg("must be an amount")})
    text = str(value).strip().replace(" ", "").replace("\u00a0", "")
    if isinstance(value, str) and "," in text and "." not in text:
        text = text.replace(",", ".")  # a decimal comma
    else:
        text = text.replace(",", "")  # thousands separators
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise InvalidInput(msg("%(field)s must be an amount, e.g. 125000.50.", field=field),
                           {field: msg("must be an amount")}) from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e12"):
        raise InvalidInput(msg("%(field)s must be a positive amount below 1,000,000,000,000.", field=field),
                           {field: msg("out of range")})
    if amount != amount.quantize(Decimal("0.01")):
        raise InvalidInput(msg("%(field)s takes at most two decimals.", field=field),
                           {field: msg("at most two decimals")})
    return amount.quantize(Decimal("0.01"))


def unknown_fields(changes: dict[str, Any], allowed: Iterable[str]) -> None:
    extra = sorted(set(changes) - set(allowed))
    if extra:
        raise InvalidInput(msg("Unknown field(s): %(value)s.", value=', '.join(extra)),
                           {name: "unknown field" for name in extra})


def record(session: Session, actor: User, process: Process, kind: str, summary: str, item: Any,
           *, before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
           stage: str | None = None) -> None:
    """Write the history event of a change (before/after snapshots, no database ids)."""
    data: dict[str, Any] = {}
    if before is not None:
        data["before"] = before
    if after is not None:
        data["after"] = after
    audit.record(session, actor, kind, summary, process=process,
                 stage=stage or getattr(item, "stage_key", None), subject=item, data=data)


@contextmanager
def recorded_update(
    session: Session,
    actor: User,
    process: Process,
    item: T,
    snapshot: Callable[[T], dict[str, Any]],
    kind: str,
    summary: Callable[[T], str],
    *,
    stage: Callable[[T], str] | None = None,
) -> Iterator[dict[str, Any]]:
    """Record the update of ``item`` made in the ``with`` block, if it changed anything.

    Takes the ``snapshot`` before and after the block; when they differ, marks the
    item updated, flushes and writes the history event ``kind`` with both snapshots
    and ``summary(item)`` (read after the change, like ``stage``). A block that
    raises records nothing. Yields the snapshot taken before.
    """
    before = snapshot(item)
    yield before
    after = snapshot(item)
    if after != before:
        touch(item)
        session.flush()
        record(session, actor, process, kind, summary(item), item, before=before, after=after,
               stage=stage(item) if stage is not None else None)


def touch(item: Any) -> datetime:
    now = utcnow()
    if hasattr(item, "updated_at"):
        item.updated_at = now
    return now


def name_of(institution_or_none: Institution | None) -> str | None:
    return institution_or_none.name if institution_or_none is not None else None


def delete_comments(session: Session, item_type: str, item_id: int) -> None:
    """Remove the comment thread of a record that is deleted (its history stays)."""
    session.execute(delete(AnalysisComment).where(AnalysisComment.item_type == item_type,
                                                  AnalysisComment.item_id == item_id))


def replace_links(links: list[Any], wanted: list[Any], model: type[Any]) -> None:
    """Keep the links to ``wanted`` institutions (in that order for new ones), drop the rest."""
    wanted_ids = [i.id for i in wanted]
    for link in list(links):
        if link.institution.id not in wanted_ids:
            links.remove(link)
    present = {link.institution.id for link in links}
    for institution in wanted:
        if institution.id not in present:
            links.append(model(institution=institution))
