"""Accounts and API tokens."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from engine.db import utcnow
from engine.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from engine.i18n import msg
from engine.models import ApiToken, PasswordReset, User
from engine.permissions import GlobalAction, authorize_global
from engine.security import hash_password, new_token, token_digest, verify_password
from engine.services import audit, inputs, outbox
from engine.services.passwords import check_password

#: How long a password reset link works.
RESET_LIFETIME = timedelta(hours=1)


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
    may_start_processes: bool = False,
) -> User:
    """Create an account. ``actor`` None means the command line (trusted)."""
    if actor is not None:
        authorize_global(session, actor, GlobalAction.MANAGE_USERS)
    address = inputs.email(email)
    name = inputs.text(name, "name", max_length=200)
    if by_email(session, address) is not None:
        raise Conflict(msg("An account with this email already exists."), {"email": msg("already used")})
    user = User(email=address, name=name, is_admin=bool(is_admin), is_active=True,
                may_start_processes=bool(may_start_processes), session_epoch=0)
    if password is not None:
        check_password(password, email=address, name=name)
        user.password_hash = hash_password(password)
    session.add(user)
    session.flush()
    audit.record(session, actor, "user.created", f"Account created for {name} <{address}>",
                 subject=user, data={"email": address, "admin": bool(is_admin),
                                     "may_start_processes": bool(may_start_processes)})
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
    may_start_processes: bool | None = None,
) -> User:
    """Change an account; a new password or a deactivation ends its sessions and tokens."""
    authorize_global(session, actor, GlobalAction.MANAGE_USERS)
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(msg("No such user."))
    before = _state(user)
    if name is not None:
        user.name = inputs.text(name, "name", max_length=200)
    if is_admin is not None:
        if user.id == actor.id and not is_admin:
            raise Conflict(msg("You cannot remove your own administrator rights."))
        user.is_admin = is_admin
    if is_active is not None:
        if user.id == actor.id and not is_active:
            raise Conflict(msg("You cannot deactivate your own account."))
        if user.is_active and not is_active:
            end_sessions(session, user, revoke_tokens=True)
        user.is_active = is_active
    if may_start_processes is not None:
        user.may_start_processes = bool(may_start_processes)
    if password:
        check_password(password, email=user.email, name=user.name)
        user.password_hash = hash_password(password)
        end_sessions(session, user, revoke_tokens=True)
    after = _state(user)
    audit.record(session, actor, "user.updated", f"Account of {user.email} updated",
                 subject=user, data={"before": before, "after": after,
                                     "password_changed": bool(password)})
    return user


def _state(user: User) -> dict[str, object]:
    return {"name": user.name, "admin": user.is_admin, "active": user.is_active,
            "may_start_processes": user.may_start_processes}


def change_own_password(session: Session, actor: User, current: str, new: str) -> None:
    """Change one's password; every other session and every API token of the account ends.

    The caller keeps its own session by signing in again with the new epoch.
    """
    if not verify_password(current, actor.password_hash):
        raise PermissionDenied(msg("The current password is not correct."))
    check_password(new, email=actor.email, name=actor.name)
    actor.password_hash = hash_password(new)
    end_sessions(session, actor, revoke_tokens=True)
    audit.record(session, actor, "user.password_changed", f"{actor.email} changed their password",
                 subject=actor)


def end_sessions(session: Session, user: User, *, revoke_tokens: bool) -> None:
    """End every signed-in session of the user (and, if asked, revoke every API token)."""
    user.session_epoch = (user.session_epoch or 0) + 1
    if revoke_tokens:
        session.execute(
            update(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
            .execution_options(synchronize_session="fetch")
        )
    session.flush()


def sign_out(session: Session, actor: User) -> None:
    """Sign out: the session ends, and so does any copy of its cookie (API tokens stay)."""
    end_sessions(session, actor, revoke_tokens=False)


# --------------------------------------------------------------- password reset


def request_password_reset(
    session: Session, address: str, link_for: Callable[[str], str]
) -> User | None:
    """Mail a single-use reset link to the account with this address, if there is one.

    Returns the user (None when no active account uses the address); the caller
    answers the same either way. ``link_for(token)`` builds the absolute link.
    """
    try:
        address = inputs.email(address)
    except InvalidInput:
        return None
    user = by_email(session, address)
    if user is None or not user.is_active:
        return None
    raw = secrets.token_urlsafe(32)
    session.add(PasswordReset(user_id=user.id, token_hash=token_digest(raw),
                              expires_at=utcnow() + RESET_LIFETIME))
    session.flush()
    outbox.queue_mail(session, user, "password_reset",
                      {"link": link_for(raw), "hours": int(RESET_LIFETIME.total_seconds() // 3600)})
    audit.record(session, None, "user.password_reset_requested",
                 f"Password reset link sent to {user.email}", subject=user)
    return user


def valid_reset(session: Session, raw: str) -> PasswordReset:
    """The unused, unexpired reset of this token; NotFound otherwise."""
    reset = session.scalar(select(PasswordReset).where(
        PasswordReset.token_hash == token_digest(raw or "")))
    if (reset is None or reset.used_at is not None or reset.expires_at <= utcnow()
            or not reset.user.is_active):
        raise NotFound("This reset link is not valid: it was used, it expired or it is wrong. "
                       "Ask for a new one.")
    return reset


def reset_password(session: Session, raw: str, new_password: str) -> User:
    """Set a new password through a reset link; the link and every session and token end."""
    reset = valid_reset(session, raw)
    user = reset.user
    check_password(new_password, email=user.email, name=user.name)
    now = utcnow()
    user.password_hash = hash_password(new_password)
    session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session="fetch")
    )
    end_sessions(session, user, revoke_tokens=True)
    audit.record(session, user, "user.password_reset", f"{user.email} set a new password "
                 "through a reset link", subject=user)
    return user


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
