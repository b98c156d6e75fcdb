"""Institutions, nested ministry > department > division."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from engine.errors import Conflict, InvalidInput, NotFound
from engine.i18n import msg
from engine.models import Institution, Membership, Process, SignOff, User
from engine.models.analysis import INSTITUTION_REFERENCES
from engine.permissions import GlobalAction, authorize_global
from engine.services import audit, inputs
from engine.vocabulary import INSTITUTION_KINDS


def get(session: Session, institution_id: int | None) -> Institution:
    institution = session.get(Institution, institution_id) if institution_id else None
    if institution is None:
        raise NotFound(msg("No such institution."), {"institution_id": msg("unknown")})
    return institution


def check_role_institution(role: str, institution: Institution) -> None:
    """A steering-group member represents a donor: an institution of kind "donor" (or a unit
    of one). Other roles may come from any institution."""
    if role == "steering" and institution.signatory().kind != "donor" and institution.kind != "donor":
        raise InvalidInput(
            msg("The steering group is made of donors' representatives: choose an institution "
                "of kind donor."),
            {"institution_id": msg("not a donor")})


def create_institution(
    session: Session,
    actor: User | None,
    *,
    name: str,
    kind: str,
    parent_id: int | None = None,
    country: str | None = None,
) -> Institution:
    if actor is not None:
        authorize_global(session, actor, GlobalAction.CREATE_INSTITUTION)
    name = inputs.text(name, "name")
    kind = inputs.choice(kind, "kind", INSTITUTION_KINDS)
    parent = None
    if parent_id not in (None, ""):
        try:
            parent = get(session, int(parent_id))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise InvalidInput(msg("parent_id must be a number."), {"parent_id": msg("not a number")}) from None
        except NotFound:
            raise InvalidInput(msg("Unknown parent institution."), {"parent_id": msg("unknown")}) from None
    duplicate = session.scalar(
        select(Institution).where(
            Institution.name == name,
            Institution.parent_id == parent.id if parent else Institution.parent_id.is_(None),
        )
    )
    if duplicate is not None:
        raise Conflict(msg("An institution with this name already exists here."), {"name": msg("exists")})
    institution = Institution(
        name=name,
        kind=kind,
        parent=parent,
        country=inputs.optional_text(country, "country", max_length=100)
        or (parent.country if parent else None),
    )
    session.add(institution)
    session.flush()
    audit.record(session, actor, "institution.created", f"Institution {institution.full_name} added",
                 subject=institution, data={"name": name, "kind": kind,
                                            "parent": parent.name if parent else None})
    return institution


def update_institution(
    session: Session,
    actor: User,
    institution_id: int,
    *,
    name: str | None = None,
    kind: str | None = None,
    country: str | None = None,
    parent_id: int | None | str = "unchanged",
) -> Institution:
    authorize_global(session, actor, GlobalAction.MANAGE_INSTITUTIONS)
    institution = get(session, institution_id)
    before = {"name": institution.name, "kind": institution.kind, "country": institution.country}
    if name is not None:
        institution.name = inputs.text(name, "name")
    if kind is not None:
        institution.kind = inputs.choice(kind, "kind", INSTITUTION_KINDS)
    if country is not None:
        institution.country = inputs.optional_text(country, "country", max_length=100)
    if parent_id != "unchanged":
        parent = get(session, int(parent_id)) if parent_id else None  # type: ignore[arg-type]
        node = parent
        while node is not None:
            if node.id == institution.id:
                raise Conflict(msg("An institution cannot sit inside itself."), {"parent_id": msg("cycle")})
            node = node.parent
        institution.parent = parent
    audit.record(session, actor, "institution.updated", f"Institution {institution.name} updated",
                 subject=institution, data={"before": before, "after": {
                     "name": institution.name, "kind": institution.kind,
                     "country": institution.country}})
    return institution


def delete_institution(session: Session, actor: User, institution_id: int) -> None:
    authorize_global(session, actor, GlobalAction.MANAGE_INSTITUTIONS)
    institution = get(session, institution_id)
    # One EXISTS per table: a single EXISTS over all of them would be a cartesian
    # product, empty (and so "unused") as soon as one of the tables is empty.
    in_use = any(
        session.scalar(select(exists().where(column == institution.id)))
        for column in (
            Membership.institution_id,
            Process.requesting_institution_id,
            SignOff.institution_id,
            Institution.parent_id,
        )
    )
    if in_use:
        raise Conflict(
            msg("This institution is in use (members, processes, sign-offs or sub-units) "
            "and cannot be deleted.")
        )
    # The structured analysis names institutions as custodians, leads, partners, owners...
    if any(session.scalar(select(exists().where(column == institution.id)))
           for column in INSTITUTION_REFERENCES):
        raise Conflict(
            msg("This institution is named in the policy analysis of a process (as custodian of "
            "a data source, lead or implementer of an instrument, responsible or partner of "
            "a measure, or owner of a risk) and cannot be deleted."),
            {"institution_id": msg("used in a policy analysis")},
        )
    audit.record(session, actor, "institution.deleted", f"Institution {institution.name} deleted",
                 data={"name": institution.name, "kind": institution.kind})
    session.delete(institution)
    session.flush()


@dataclass
class Node:
    institution: Institution
    children: list[Node] = field(default_factory=list)


def list_institutions(session: Session) -> list[Institution]:
    return list(session.scalars(select(Institution).order_by(Institution.name)))


def tree(institutions: list[Institution]) -> list[Node]:
    """Arrange institutions under their parents (parents outside the list become roots)."""
    nodes = {i.id: Node(i) for i in institutions}
    roots: list[Node] = []
    for institution in sorted(institutions, key=lambda i: i.name.lower()):
        node = nodes[institution.id]
        parent = nodes.get(institution.parent_id) if institution.parent_id else None
        (parent.children if parent else roots).append(node)
    return roots
