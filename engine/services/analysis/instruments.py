"""Policy instruments that carry out the chosen options, their institutions, and their ranking."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from engine.errors import InvalidInput
from engine.i18n import msg
from engine.models import (
    Instrument,
    InstrumentImplementer,
    Measure,
    PolicyOption,
    Process,
    User,
)
from engine.services import inputs, loading
from engine.services.analysis import common, criteria
from engine.vocabulary import INSTRUMENT_FAMILIES

FIELDS = ("family", "title", "description", "option_id", "lead_institution_id",
          "implementing_institution_ids", "resources", "stage")


def list_instruments(session: Session, process: Process) -> list[Instrument]:
    return common.read_once(session, ("instruments", process.id), lambda: list(session.scalars(
        select(Instrument).where(Instrument.process_id == process.id).order_by(Instrument.id)
    )))


def get_instrument(session: Session, actor: User | None, instrument_id: Any) -> Instrument:
    return loading.get_item(session, actor, Instrument, instrument_id, "instrument")


def create_instrument(
    session: Session,
    actor: User,
    process: Process,
    *,
    family: Any,
    title: Any,
    description: Any = None,
    option_id: Any = None,
    lead_institution_id: Any = None,
    implementing_institution_ids: Any = None,
    resources: Any = None,
    stage: Any = None,
) -> Instrument:
    """An instrument of one of the four families; ``option_id`` must name a chosen option."""
    common.can_edit(session, actor, process)
    instrument = Instrument(
        process_id=process.id,
        stage_key=common.stage_for(process, stage),
        family=inputs.choice(family, "family", INSTRUMENT_FAMILIES),
        title=inputs.text(title, "title"),
        description=common.long_text(description, "description"),
        option=_option(session, process, option_id),
        lead_institution=common.institution(session, lead_institution_id, "lead_institution_id"),
        resources=common.long_text(resources, "resources"),
    )
    for institution in common.institutions(session, implementing_institution_ids,
                                           "implementing_institution_ids"):
        instrument.implementers.append(InstrumentImplementer(institution=institution))
    session.add(instrument)
    session.flush()
    common.record(session, actor, process, "analysis.instrument.created",
                  f"{INSTRUMENT_FAMILIES[instrument.family]} instrument “{instrument.title}” added",
                  instrument, after=snapshot(instrument))
    return instrument


def update_instrument(session: Session, actor: User, instrument: Instrument,
                      **changes: Any) -> Instrument:
    process = loading.process_of(session, instrument.process_id)
    common.can_edit(session, actor, process)
    common.unknown_fields(changes, FIELDS)
    with common.recorded_update(session, actor, process, instrument, snapshot,
                                "analysis.instrument.updated",
                                lambda i: f"Instrument “{i.title}” updated"):
        if "family" in changes:
            instrument.family = inputs.choice(changes["family"], "family", INSTRUMENT_FAMILIES)
        if "title" in changes:
            instrument.title = inputs.text(changes["title"], "title")
        if "description" in changes:
            instrument.description = common.long_text(changes["description"], "description")
        if "option_id" in changes:
            given = changes["option_id"]
            if given in (None, "") or str(given) != str(instrument.option_id):
                instrument.option = _option(session, process, given)
        if "lead_institution_id" in changes:
            instrument.lead_institution = common.institution(
                session, changes["lead_institution_id"], "lead_institution_id")
        if "implementing_institution_ids" in changes:
            wanted = common.institutions(session, changes["implementing_institution_ids"],
                                         "implementing_institution_ids")
            common.replace_links(instrument.implementers, wanted, InstrumentImplementer)
        if "resources" in changes:
            instrument.resources = common.long_text(changes["resources"], "resources")
        if "stage" in changes:
            instrument.stage_key = common.stage_for(process, changes["stage"])
    return instrument


def delete_instrument(session: Session, actor: User, instrument: Instrument) -> None:
    """Remove an instrument; its measures stay in the action plan without it."""
    process = loading.process_of(session, instrument.process_id)
    common.can_edit(session, actor, process)
    before = snapshot(instrument)
    session.execute(update(Measure).where(Measure.instrument_id == instrument.id)
                    .values(instrument_id=None))
    common.delete_comments(session, "instrument", instrument.id)
    common.record(session, actor, process, "analysis.instrument.deleted",
                  f"Instrument “{instrument.title}” removed", instrument, before=before)
    session.delete(instrument)
    session.flush()


def snapshot(instrument: Instrument) -> dict[str, Any]:
    return {
        "stage": instrument.stage_key,
        "family": instrument.family,
        "title": instrument.title,
        "description": instrument.description,
        "option": instrument.option.title if instrument.option is not None else None,
        "lead_institution": common.name_of(instrument.lead_institution),
        "implementing_institutions": [i.name for i in instrument.implementing_institutions],
        "resources": instrument.resources,
    }


def _option(session: Session, process: Process, value: Any) -> PolicyOption | None:
    option = common.ref(session, PolicyOption, value, "option_id", "option", process)
    if option is not None and not option.chosen:
        raise InvalidInput(msg("“%(title)s” is not a chosen option: instruments carry out the options chosen for the objectives.", title=option.title),
                           {"option_id": msg("not a chosen option")})
    return option


@dataclass(frozen=True)
class RankedInstrument:
    rank: int | None  # None while the instrument has no weighted score
    instrument: Instrument
    weighted: criteria.Weighted


def ranking(session: Session, process: Process) -> list[RankedInstrument]:
    """Instruments by weighted score, best first (equal scores share a rank)."""
    instrument_criteria = criteria.list_criteria(session, process, "instruments")
    rows = [(i, criteria.weighted(i, instrument_criteria)) for i in list_instruments(session, process)]
    rows.sort(key=lambda r: (r[1].score is None, -(r[1].score or 0), r[0].id))
    ranked: list[RankedInstrument] = []
    last_score: float | None = None
    last_rank = 0
    for position, (instrument, score) in enumerate(rows, start=1):
        if score.score is None:
            ranked.append(RankedInstrument(None, instrument, score))
            continue
        if score.score != last_score:
            last_rank, last_score = position, score.score
        ranked.append(RankedInstrument(last_rank, instrument, score))
    return ranked
