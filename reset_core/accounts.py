"""Accounts, login and login sessions.

streamlit-authenticator draws the login form and keeps a signed cookie; the rules
live here: bcrypt hashes in the database, lockout after repeated failures, and a
server-side session row per login so that logout or deactivation ends access even
for a copied cookie.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import datetime, timedelta

import bcrypt

from .errors import AccountLocked, LoginFailed, PermissionDenied, ValidationError
from .model import Account, Role, User
from .store import Store
from . import validation

MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 72  # bcrypt reads no further
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
MAX_NAME_LENGTH = 100

Clock = Callable[[], datetime]
# Checked against when the username is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = bcrypt.hashpw(b"not-a-real-password", bcrypt.gensalt()).decode()


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()


def _check_new_account(username: str, name: str, password: str) -> None:
    if not USERNAME_PATTERN.match(username):
        raise ValidationError("account.username_invalid", field="username")
    if not name.strip():
        raise ValidationError("account.name_empty", field="name")
    if len(name.strip()) > MAX_NAME_LENGTH:  # the name is stored trimmed, so measured trimmed
        raise ValidationError("account.name_too_long", field="name", max=MAX_NAME_LENGTH)
    validation.refuse_control_characters(name.strip(), "name")
    check_password(password)


def check_password(password: str) -> None:
    # The login form strips surrounding spaces, so a password must not depend on them.
    if password != password.strip():
        raise ValidationError("account.password_spaces", field="password")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError("account.password_too_short", field="password", min=MIN_PASSWORD_LENGTH)
    if len(password.encode()) > MAX_PASSWORD_LENGTH:
        raise ValidationError("account.password_too_long", field="password", max=MAX_PASSWORD_LENGTH)


def needs_first_admin(store: Store) -> bool:
    with store.read() as q:
        return q.count_users() == 0


def create_first_admin(
    store: Store, username: str, name: str, password: str, clock: Clock = datetime.now
) -> User:
    """Only possible while the database has no account at all."""
    username = username.strip().lower()
    _check_new_account(username, name, password)
    user = User(username, name.strip(), Role.ADMIN)
    hashed = hash_password(password)
    with store.transaction() as q:
        if q.count_users() > 0:
            raise PermissionDenied("account.first_admin_exists")
        q.insert_user(user, hashed, clock())
        q.audit(clock(), username, None, "account.first_admin", username)
    return user


def require_admin(actor: User) -> None:
    """Only an active administrator; services and privacy use the same check."""
    if actor.role is not Role.ADMIN or not actor.active:
        raise PermissionDenied()


def add_user(
    store: Store,
    actor: User,
    username: str,
    name: str,
    password: str,
    role: Role,
    clock: Clock = datetime.now,
) -> User:
    require_admin(actor)
    username = username.strip().lower()
    _check_new_account(username, name, password)
    user = User(username, name.strip(), Role(role))
    hashed = hash_password(password)
    with store.transaction() as q:
        if q.user_login_row(username) is not None:
            raise ValidationError("account.username_taken", field="username")
        q.insert_user(user, hashed, clock())
        q.audit(clock(), actor.username, None, "account.add", f"{username} ({user.role.value})")
    return user


def set_active(
    store: Store, actor: User, username: str, active: bool, clock: Clock = datetime.now
) -> None:
    """Deactivating ends every open session of that account at once."""
    require_admin(actor)
    if not active and username == actor.username:
        raise ValidationError("account.cannot_deactivate_self", field="username")
    with store.transaction() as q:
        if q.user_login_row(username) is None:
            raise ValidationError("account.unknown", field="username", username=username)
        q.set_user_active(username, active)
        if not active:
            q.end_sessions_of(username, clock())
        q.audit(clock(), actor.username, None, "account.activate" if active else "account.deactivate", username)


def reset_password(
    store: Store, actor: User, username: str, password: str, clock: Clock = datetime.now
) -> None:
    require_admin(actor)
    check_password(password)
    hashed = hash_password(password)
    with store.transaction() as q:
        if q.user_login_row(username) is None:
            raise ValidationError("account.unknown", field="username", username=username)
        q.set_password_hash(username, hashed)
        q.end_sessions_of(username, clock())
        q.audit(clock(), actor.username, None, "account.password_reset", username)


def accounts(store: Store, actor: User) -> list[Account]:
    require_admin(actor)
    with store.read() as q:
        return q.accounts()


def login_directory(store: Store) -> list[User]:
    """Active accounts without secrets: what the login widget needs to know of them."""
    with store.read() as q:
        return q.active_users()


def verify_login(store: Store, username: str, password: str, clock: Clock = datetime.now) -> User:
    """Raises LoginFailed or AccountLocked; a correct password resets the count."""
    username = username.strip().lower()
    now = clock()
    refusal: Exception | None = None
    # The failure count must be committed, so the refusal is raised after the transaction.
    with store.transaction() as q:
        row = q.user_login_row(username)
        if row is None or not row[0].active:
            bcrypt.checkpw(password.encode()[:MAX_PASSWORD_LENGTH], _DUMMY_HASH.encode())
            q.audit(now, username or "?", None, "login.failed", "unknown or inactive account")
            refusal = LoginFailed()
        else:
            user, hashed, failed, locked_until = row
            if locked_until is not None and locked_until > now:
                q.audit(now, username, None, "login.refused", "locked")
                refusal = AccountLocked(minutes=_minutes_left(locked_until, now))
            elif _matches(password, hashed):
                q.set_login_state(username, 0, None)
                q.audit(now, username, None, "login.ok")
            elif failed + 1 >= MAX_FAILED_ATTEMPTS:
                until = now + LOCKOUT
                q.set_login_state(username, 0, until)
                q.audit(now, username, None, "login.locked", f"{failed + 1} failed attempts")
                refusal = AccountLocked(minutes=_minutes_left(until, now))
            else:
                q.set_login_state(username, failed + 1, None)
                q.audit(now, username, None, "login.failed", f"attempt {failed + 1}")
                refusal = LoginFailed()
    if refusal is not None:
        raise refusal
    return user


def _matches(password: str, hashed: str) -> bool:
    """bcrypt reads 72 bytes; no password longer than that can be set, so typing more
    than a password must not log in (the check still runs, so timing tells nothing)."""
    secret = password.encode()
    return bcrypt.checkpw(secret[:MAX_PASSWORD_LENGTH], hashed.encode()) and len(secret) <= MAX_PASSWORD_LENGTH


def _minutes_left(until: datetime, now: datetime) -> int:
    return max(1, -(-int((until - now).total_seconds()) // 60))


def session_id(username: str, cookie_expiry: float) -> str:
    """The cookie carries the username and its expiry; together they name the login."""
    return hashlib.sha256(f"{username}\n{cookie_expiry!r}".encode()).hexdigest()


def start_session(
    store: Store, user: User, cookie_expiry: float, clock: Clock = datetime.now
) -> str:
    sid = session_id(user.username, cookie_expiry)
    with store.transaction() as q:
        q.insert_session(sid, user.username, clock(), datetime.fromtimestamp(cookie_expiry))
    return sid


def session_user(store: Store, sid: str, clock: Clock = datetime.now) -> User | None:
    """The user of a live session; None once it was ended, expired or its account deactivated."""
    with store.read() as q:
        return q.live_session_user(sid, clock())


def end_session(store: Store, sid: str, username: str, clock: Clock = datetime.now) -> None:
    with store.transaction() as q:
        q.end_session(sid, clock())
        q.audit(clock(), username, None, "logout")
