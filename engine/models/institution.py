"""Ministries, agencies and their departments and divisions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.db import Base, UTCDateTime, utcnow


class Institution(Base):
    """An institution; institutions nest (ministry > department > division)."""

    __tablename__ = "institutions"
    __table_args__ = (UniqueConstraint("parent_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(40))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"), index=True)
    country: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    parent: Mapped[Institution | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Institution]] = relationship(back_populates="parent")

    @property
    def path(self) -> list[Institution]:
        """The chain from the top-level institution down to this one."""
        chain: list[Institution] = []
        node: Institution | None = self
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def signatory(self, kinds: tuple[str, ...] | list[str] = ()) -> Institution:
        """The institution that signs for this one: the nearest of ``kinds`` up the chain,
        or (by default, or when none is of those kinds) the top-level institution."""
        chain = self.path
        for node in reversed(chain):
            if node.kind in kinds:
                return node
        return chain[0]

    @property
    def full_name(self) -> str:
        return " › ".join(i.name for i in self.path)

    def __repr__(self) -> str:
        return f"<Institution {self.name}>"
