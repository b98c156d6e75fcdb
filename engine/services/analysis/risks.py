"""The register of barriers and risks: how likely, how bad, what is done, who watches it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.errors import InvalidInput
from engine.i18n import msg
from engine.models import Process, Risk, User
from engine.permissions import membership_of
from engine.services import inputs, loading
from engine.services.analysis import common
from engine.vocabulary import RISK_CATEGORIES, RISK_STATUSES

FIELDS = ("title", "description", "category", "likelihood", "impact", "mitigation",
          "owner_user_id", "owner_institution_id", "status", "stage")

# Likelihood x impact (1-25) from which a risk is high or medium.
HIGH = 15
MEDIUM = 8
LEVEL_WORDS = {"low": 1, "medium": 3, "high": 5}


def level(score: int) -> str:
    """high, medium or low, from likelihood x impact."""
    return "high" if score >= HIGH else "medium" if score >= MEDIUM else "low"


def list_risks(session: Session, process: Process, *, status: str | None = None) -> list[Risk]:
    """Risks, highest likelihood x impact first."""
    query = select(Risk).where(Risk.process_id == process.id)
    if status:
        query = query.where(Risk.status == status)
    risks = list(session.scalars(query.order_by(Risk.id)))
    risks.sort(key=lambda r: (r.status in ("closed", "mitigated"), -r.score, r.id))
    return risks


def get_risk(session: Session, actor: User | None, risk_id: Any) -> Risk:
    return loading.get_item(session, actor, Risk, risk_id, "risk")


def create_risk(
    session: Session,
    actor: User,
    process: Process,
    *,
    title: Any,
    category: Any,
    likelihood: Any,
    impact: Any,
    description: Any = None,
    mitigation: Any = None,
    owner_user_id: Any = None,
    owner_institution_id: Any = None,
    status: Any = "open",
    stage: Any = None,
) -> Risk:
    """Record a barrier or risk. Likelihood and impact: 1-5, or low/medium/high (1, 3, 5).

    The owner is a member of the process (``owner_user_id``) and/or an
    institution (``owner_institution_id``).
    """
    common.can_edit(session, actor, process)
    risk = Risk(process_id=process.id, stage_key=common.stage_for(process, stage),
                title=inputs.text(title, "title"),
                category=inputs.choice(category, "category", RISK_CATEGORIES),
                likelihood=_scale(likelihood, "likelihood"), impact=_scale(impact, "impact"),
                description=common.long_text(description, "description"),
                mitigation=common.long_text(mitigation, "mitigation"),
                status=inputs.choice(status or "open", "status", RISK_STATUSES))
    risk.owner_user = _owner(session, process, owner_user_id)
    risk.owner_institution = common.institution(session, owner_institution_id,
                                                "owner_institution_id")
    session.add(risk)
    session.flush()
    common.record(session, actor, process, "analysis.risk.created",
                  f"Risk “{risk.title}” recorded ({RISK_CATEGORIES[risk.category].lower()}, "
                  f"{level(risk.score)})", risk, after=snapshot(risk))
    return risk


def update_risk(session: Session, actor: User, risk: Risk, **changes: Any) -> Risk:
    process = loading.process_of(session, risk.process_id)
    common.can_edit(session, actor, process)
    common.unknown_fields(changes, FIELDS)
    before = snapshot(risk)
    if "title" in changes:
        risk.title = inputs.text(changes["title"], "title")
    if "category" in changes:
        risk.category = inputs.choice(changes["category"], "category", RISK_CATEGORIES)
    if "likelihood" in changes:
        risk.likelihood = _scale(changes["likelihood"], "likelihood")
    if "impact" in changes:
        risk.impact = _scale(changes["impact"], "impact")
    for name in ("description", "mitigation"):
        if name in changes:
            setattr(risk, name, common.long_text(changes[name], name))
    if "owner_user_id" in changes and str(changes["owner_user_id"] or "") != str(
            risk.owner_user_id or ""):  # an owner who has left stays until replaced
        risk.owner_user = _owner(session, process, changes["owner_user_id"])
    if "owner_institution_id" in changes:
        risk.owner_institution = common.institution(session, changes["owner_institution_id"],
                                                    "owner_institution_id")
    if "status" in changes:
        risk.status = inputs.choice(changes["status"], "status", RISK_STATUSES)
    if "stage" in changes:
        risk.stage_key = common.stage_for(process, changes["stage"])
    after = snapshot(risk)
    if after != before:
        common.touch(risk)
        session.flush()
        kind = ("analysis.risk.status" if before["status"] != after["status"]
                else "analysis.risk.updated")
        summary = (f"Risk “{risk.title}”: {RISK_STATUSES[before['status']].lower()} → "
                   f"{RISK_STATUSES[risk.status].lower()}" if kind == "analysis.risk.status"
                   else f"Risk “{risk.title}” updated")
        common.record(session, actor, process, kind, summary, risk, before=before, after=after)
    return risk


def delete_risk(session: Session, actor: User, risk: Risk) -> None:
    process = loading.process_of(session, risk.process_id)
    common.can_edit(session, actor, process)
    before = snapshot(risk)
    common.delete_comments(session, "risk", risk.id)
    common.record(session, actor, process, "analysis.risk.deleted",
                  f"Risk “{risk.title}” removed from the register", risk, before=before)
    session.delete(risk)
    session.flush()


def snapshot(risk: Risk) -> dict[str, Any]:
    return {
        "stage": risk.stage_key,
        "title": risk.title,
        "description": risk.description,
        "category": risk.category,
        "likelihood": risk.likelihood,
        "impact": risk.impact,
        "mitigation": risk.mitigation,
        "owner_user": risk.owner_user.email if risk.owner_user is not None else None,
        "owner_institution": common.name_of(risk.owner_institution),
        "status": risk.status,
    }


def _scale(value: Any, field: str) -> int:
    if isinstance(value, str) and value.strip().lower() in LEVEL_WORDS:
        return LEVEL_WORDS[value.strip().lower()]
    result = common.whole(value, field, low=1, high=5, required=True)
    assert result is not None
    return result


def _owner(session: Session, process: Process, value: Any) -> User | None:
    user = common.ref(session, User, value, "owner_user_id", "person")
    if user is not None and membership_of(session, user, process) is None:
        raise InvalidInput(msg("The owner must be a member of this process."),
                           {"owner_user_id": msg("not a member")})
    return user
