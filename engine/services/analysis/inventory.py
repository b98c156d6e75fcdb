"""The data-sources inventory: which institution holds which data, what it covers, how good it is."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from engine.errors import InvalidInput
from engine.i18n import msg
from engine.models import (
    DataSource,
    EvidenceCitation,
    Indicator,
    Process,
    User,
)
from engine.services import inputs, loading
from engine.services.analysis import common
from engine.vocabulary import (
    COVERAGE_DIMENSIONS,
    COVERAGE_VALUES,
    DATA_SOURCE_TYPES,
    ESS_DIMENSIONS,
)

FIELDS = (
    "source_type", "name", "custodian_id", "coverage", "quality", "residence_definition",
    "length_of_stay", "gaps", "stage",
)

# What each usual source can tell, as the methodology's inventory shows it.
TYPICAL_COVERAGE: dict[str, dict[str, str]] = {
    "population_census": {"immigration_flow": "+", "emigration_flow": "+/-",
                          "immigrant_stock": "+", "emigrant_stock": "+/-"},
    "household_survey": {"immigration_flow": "+", "emigration_flow": "+/-",
                         "immigrant_stock": "+", "emigrant_stock": "+/-"},
    "border_passenger_survey": {"immigration_flow": "+", "emigration_flow": "+",
                                "immigrant_stock": "-", "emigrant_stock": "-"},
    "special_survey": {"immigration_flow": "+", "emigration_flow": "+/-",
                       "immigrant_stock": "+", "emigrant_stock": "+/-"},
    "border_cards": {"immigration_flow": "+", "emigration_flow": "+",
                     "immigrant_stock": "-", "emigrant_stock": "-"},
    "population_register": {"immigration_flow": "+", "emigration_flow": "+",
                            "immigrant_stock": "+", "emigrant_stock": "+/-"},
    "residence_permits": {"immigration_flow": "+", "emigration_flow": "+/-",
                          "immigrant_stock": "unknown", "emigrant_stock": "unknown"},
    "register_of_foreigners": {"immigration_flow": "+", "emigration_flow": "+",
                               "immigrant_stock": "+", "emigrant_stock": "-"},
    "register_of_nationals_abroad": {"immigration_flow": "-", "emigration_flow": "-",
                                     "immigrant_stock": "-", "emigrant_stock": "+"},
}

COVERING = ("+", "+/-")


def get_source(session: Session, actor: User | None, source_id: Any) -> DataSource:
    return loading.get_item(session, actor, DataSource, source_id, "data source")


def list_sources(session: Session, process: Process) -> list[DataSource]:
    return common.read_once(session, ("sources", process.id), lambda: list(session.scalars(
        select(DataSource).where(DataSource.process_id == process.id).order_by(DataSource.id)
    )))


def create_source(
    session: Session,
    actor: User,
    process: Process,
    *,
    source_type: Any,
    name: Any = None,
    custodian_id: Any = None,
    coverage: Any = None,
    quality: Any = None,
    residence_definition: Any = None,
    length_of_stay: Any = None,
    gaps: Any = None,
    stage: Any = None,
) -> DataSource:
    """Add a source to the inventory.

    ``coverage`` maps dimensions (immigration_flow, emigration_flow,
    immigrant_stock, emigrant_stock) to "+", "+/-", "-" or "unknown";
    ``quality`` maps ESS dimensions to ``{"rating": 1-5 or null, "note": text}``.
    """
    common.can_edit(session, actor, process)
    kind = inputs.choice(source_type, "source_type", DATA_SOURCE_TYPES)
    source = DataSource(
        process_id=process.id,
        stage_key=common.stage_for(process, stage),
        source_type=kind,
        name=_name(kind, name),
        custodian=common.institution(session, custodian_id, "custodian_id"),
        quality={},
    )
    _apply_coverage(source, coverage, replace=True)
    source.quality = _merge_quality({}, quality)
    source.residence_definition = inputs.optional_text(residence_definition,
                                                       "residence_definition", max_length=5000)
    source.length_of_stay = inputs.optional_text(length_of_stay, "length_of_stay",
                                                 max_length=200)
    source.gaps = inputs.optional_text(gaps, "gaps", max_length=common.LONG_TEXT)
    session.add(source)
    session.flush()
    common.record(session, actor, process, "analysis.source.created",
                  f"Data source “{source.name}” added to the inventory", source,
                  after=snapshot(source))
    return source


def update_source(session: Session, actor: User, source: DataSource, **changes: Any) -> DataSource:
    """Change any field given (same names as ``create_source``); coverage and quality merge."""
    process = loading.process_of(session, source.process_id)
    common.can_edit(session, actor, process)
    common.unknown_fields(changes, FIELDS)
    with common.recorded_update(session, actor, process, source, snapshot,
                                "analysis.source.updated",
                                lambda s: f"Data source “{s.name}” updated"):
        if "source_type" in changes:
            source.source_type = inputs.choice(changes["source_type"], "source_type",
                                               DATA_SOURCE_TYPES)
            if "name" not in changes and source.source_type != "other":
                old_labels = set(DATA_SOURCE_TYPES.values())
                if source.name in old_labels:
                    source.name = DATA_SOURCE_TYPES[source.source_type]
        if "name" in changes or source.source_type == "other":
            source.name = _name(source.source_type, changes.get("name", source.name))
        if "custodian_id" in changes:
            source.custodian = common.institution(session, changes["custodian_id"], "custodian_id")
        if "coverage" in changes:
            _apply_coverage(source, changes["coverage"], replace=False)
        if "quality" in changes:
            source.quality = _merge_quality(dict(source.quality or {}), changes["quality"])
        if "residence_definition" in changes:
            source.residence_definition = inputs.optional_text(
                changes["residence_definition"], "residence_definition", max_length=5000)
        if "length_of_stay" in changes:
            source.length_of_stay = inputs.optional_text(changes["length_of_stay"], "length_of_stay",
                                                         max_length=200)
        if "gaps" in changes:
            source.gaps = inputs.optional_text(changes["gaps"], "gaps", max_length=common.LONG_TEXT)
        if "stage" in changes:
            source.stage_key = common.stage_for(process, changes["stage"])
    return source


def delete_source(session: Session, actor: User, source: DataSource) -> None:
    """Remove a source; citations of it go, indicators keep their values without a source."""
    process = loading.process_of(session, source.process_id)
    common.can_edit(session, actor, process)
    before = snapshot(source)
    session.execute(delete(EvidenceCitation).where(EvidenceCitation.data_source_id == source.id))
    session.execute(
        update(Indicator).where(Indicator.data_source_id == source.id).values(data_source_id=None)
    )
    common.delete_comments(session, "data_source", source.id)
    common.record(session, actor, process, "analysis.source.deleted",
                  f"Data source “{source.name}” removed from the inventory", source, before=before)
    session.delete(source)
    session.flush()


def add_standard_sources(session: Session, actor: User, process: Process) -> list[DataSource]:
    """Add each usual source type not yet listed, with its typical coverage (to be checked)."""
    common.can_edit(session, actor, process)
    present = {s.source_type for s in list_sources(session, process)}
    added = []
    for kind, coverage in TYPICAL_COVERAGE.items():
        if kind not in present:
            added.append(create_source(session, actor, process, source_type=kind,
                                       coverage=coverage))
    return added


def snapshot(source: DataSource) -> dict[str, Any]:
    return {
        "stage": source.stage_key,
        "source_type": source.source_type,
        "name": source.name,
        "custodian": common.name_of(source.custodian),
        "coverage": {d: source.coverage(d) for d in COVERAGE_DIMENSIONS},
        "quality": dict(source.quality or {}),
        "residence_definition": source.residence_definition,
        "length_of_stay": source.length_of_stay,
        "gaps": source.gaps,
    }


def _name(kind: str, value: Any) -> str:
    name = inputs.text(value, "name", required=False)
    if kind == "other" and not name:
        raise InvalidInput(msg("Name the source."), {"name": msg("is required for another source")})
    return name or DATA_SOURCE_TYPES[kind]


def _apply_coverage(source: DataSource, value: Any, *, replace: bool) -> None:
    if value in (None, ""):
        value = {}
    if not isinstance(value, dict):
        raise InvalidInput(msg("coverage must map dimensions to +, +/-, - or unknown."),
                           {"coverage": msg("must be an object")})
    unknown = [k for k in value if k not in COVERAGE_DIMENSIONS]
    if unknown:
        raise InvalidInput(msg("Unknown coverage dimension: %(value)s.", value=', '.join(map(str, unknown))),
                           {"coverage": msg("dimensions are %(value)s", value=list(COVERAGE_DIMENSIONS))})
    for dimension in COVERAGE_DIMENSIONS:
        if dimension in value:
            given = value[dimension]
            given = "unknown" if given in (None, "", "?") else given
            setattr(source, dimension,
                    inputs.choice(given, f"coverage.{dimension}", COVERAGE_VALUES))
        elif replace:
            setattr(source, dimension, "unknown")


def _merge_quality(current: dict[str, Any], value: Any) -> dict[str, Any]:
    if value in (None, ""):
        return current
    if not isinstance(value, dict):
        raise InvalidInput(msg("quality must map ESS dimensions to a rating and a note."),
                           {"quality": msg("must be an object")})
    unknown = [k for k in value if k not in ESS_DIMENSIONS]
    if unknown:
        raise InvalidInput(msg("Unknown quality dimension: %(value)s.", value=', '.join(map(str, unknown))),
                           {"quality": msg("dimensions are %(value)s", value=list(ESS_DIMENSIONS))})
    result = dict(current)
    for dimension in ESS_DIMENSIONS:
        if dimension not in value:
            continue
        entry = value[dimension]
        if not isinstance(entry, dict):
            entry = {"rating": entry}
        extra = set(entry) - {"rating", "note"}
        if extra:
            raise InvalidInput(msg("quality.%(dimension)s takes a rating and a note.", dimension=dimension),
                               {f"quality.{dimension}": msg("takes rating and note")})
        rating = common.whole(entry.get("rating"), f"quality.{dimension}.rating", low=1, high=5)
        note = inputs.optional_text(entry.get("note"), f"quality.{dimension}.note",
                                    max_length=5000)
        if rating is None and note is None:
            result.pop(dimension, None)
        else:
            result[dimension] = {"rating": rating, "note": note}
    return {d: result[d] for d in ESS_DIMENSIONS if d in result}


def quality_average(source: DataSource) -> float | None:
    ratings = [q["rating"] for q in (source.quality or {}).values() if q.get("rating")]
    return round(sum(ratings) / len(ratings), 1) if ratings else None


@dataclass
class CoverageSummary:
    """What the inventory tells about each dimension, taken together."""

    covered: list[str] = field(default_factory=list)  # some source has "+"
    partly: list[str] = field(default_factory=list)  # the best is "+/-"
    uncovered: list[str] = field(default_factory=list)  # no source has + or +/-
    sources: dict[str, list[DataSource]] = field(default_factory=dict)  # + or +/- per dimension


def coverage_summary(sources: list[DataSource],
                     dimensions: list[str] | tuple[str, ...] | None = None) -> CoverageSummary:
    summary = CoverageSummary()
    for dimension in dimensions or list(COVERAGE_DIMENSIONS):
        values = [s.coverage(dimension) for s in sources]
        summary.sources[dimension] = [s for s in sources if s.coverage(dimension) in COVERING]
        if "+" in values:
            summary.covered.append(dimension)
        elif "+/-" in values:
            summary.partly.append(dimension)
        else:
            summary.uncovered.append(dimension)
    return summary

