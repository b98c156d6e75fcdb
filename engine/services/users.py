"""Accounts and API tokens."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.db import utcnow
from engine.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from engine.i18n import msg
from engine.models import ApiToken, User
from engine.permissions import GlobalAction, authorize_global
from engine.security import hash_password, new_token, token_digest, verify_password
from engine.services import audit, inputs

MIN_PASSWORD = 8


def by_email(session: Session, address: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == address.strip().lower()))


def get_user(session: Session, user_id: int) -> User | None:
    """The user with this id, or None."""
    return session.get(User, user_id)


def create_user(
    session: Session,
    actor: User | None,
    *,
    email: str,
    name: str,
    password: str | None = None,
    is_admin: bool = False,
) -> User:
    """Create an account. ``actor`` None means the command line (trusted)."""
    if actor is not None:
        authorize_global(session, actor, GlobalAction.MANAGE_USERS)
    address = inputs.email(email)
    name = inputs.text(name, "name", max_length=200)
    if by_email(session, address) is not None:
        raise Conflict(msg("An account with this email already exists."), {"email": msg("already used")})
    user = User(email=address, name=name, is_admin=bool(is_admin), is_active=True)
    if password is not None:
        _check_password(password)
        user.password_hash = hash_password(password)
    session.add(user)
    session.flush()
    audit.record(session, actor, "user.created", f"Account created for {name} <{address}>",
                 subject=user, data={"email": address, "admin": bool(is_admin)})
    return user


def update_user(
    session: Session,
    actor: User,
    user_id: int,
    *,
    name: str | None = None,
    is_admin: bool | None = None,
    is_active: bool | None = None,
    password: str | None = None,
) -> User:
    authorize_global(session, actor, GlobalAction.MANAGE_USERS)
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(msg("No such user."))
    before = {"name": user.name, "admin": user.is_admin, "active": user.is_active}
    if name is not None:
        user.name = inputs.text(name, "name", max_length=200)
    if is_admin is not None:
        if user.id == actor.id and not is_admin:
            raise Conflict(msg("You cannot remove your own administrator rights."))
        user.is_admin = is_admin
    if is_active is not None:
        if user.id == actor.id and not is_active:
            raise Conflict(msg("You cannot deactivate your own account."))
        user.is_active = is_active
    if password:
        _check_password(password)
        user.password_hash = hash_password(password)
    after = {"name": user.name, "admin": user.is_admin, "active": user.is_active}
    audit.record(session, actor, "user.updated", f"Account of {user.email} updated",
                 subject=user, data={"before": before, "after": after,
                                     "password_changed": bool(password)})
    return user


def change_own_password(session: Session, actor: User, current: str, new: str) -> None:
    if not verify_password(current, actor.password_hash):
        raise PermissionDenied(msg("The current password is not correct."))
    _check_password(new)
    actor.password_hash = hash_password(new)
    audit.record(session, actor, "user.password_changed", f"{actor.email} changed their password",
                 subject=actor)


def _check_password(password: str) -> None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise InvalidInput(
            msg("The password must have at least %(min)s characters.", min=MIN_PASSWORD),
            {"password": msg("at least %(min)s characters", min=MIN_PASSWORD)},
        )


def authenticate(session: Session, address: str, password: str) -> User | None:
    """The active user with this email and password, or None."""
    user = by_email(session, address or "")
    if user is None or not user.is_active:
        # Spend the same time as a real check so timing does not reveal accounts.
        verify_password(password or "", "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA")
        return None
    return user if verify_password(password or "", user.password_hash) else None


def create_token(session: Session, actor: User, name: str = "API token") -> tuple[ApiToken, str]:
    """Create a token for the actor; the raw value is returned once and never stored."""
    raw = new_token()
    token = ApiToken(
        user_id=actor.id,
        name=inputs.text(name or "API token", "name", max_length=100),
        token_hash=token_digest(raw),
        prefix=raw[:10],
    )
    session.add(token)
    session.flush()
    audit.record(session, actor, "token.created", f"API token {token.prefix}… created",
                 subject=token, data={"name": token.name})
    return token, raw


def revoke_token(session: Session, actor: User, token_id: int) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None or (token.user_id != actor.id and not actor.is_admin):
        raise NotFound(msg("No such token."))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record(session, actor, "token.revoked", f"API token {token.prefix}… revoked",
                     subject=token)
    return token


def list_tokens(session: Session, actor: User) -> list[ApiToken]:
    return list(
        session.scalars(select(ApiToken).where(ApiToken.user_id == actor.id).order_by(ApiToken.id))
    )


def user_for_token(session: Session, raw: str) -> User | None:
    """The active user a bearer token belongs to, or None if unknown or revoked."""
    if not raw:
        return None
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_digest(raw)))
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    now = utcnow()
    # Avoid a write on every request: note use at most once a minute.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        token.last_used_at = now
    return token.user


def list_users(session: Session, actor: User) -> list[User]:
    authorize_global(session, actor, GlobalAction.MANAGE_USERS)
    return list(session.scalars(select(User).order_by(User.name)))
