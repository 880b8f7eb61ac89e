"""Accounts, login and login sessions.

streamlit-authenticator draws the login form and keeps a signed cookie; the rules
live here: bcrypt hashes in the database, lockout after repeated failures from one
place, one-time passwords after a reset, and a server-side session row per login so
that logout, deactivation or a reset ends access even for a copied cookie.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

import bcrypt

from . import validation
from .errors import LoginFailed, PermissionDenied, Problems, ValidationError
from .i18n import LANGUAGES
from .model import Account, PasswordReset, Role, User
from .storage import Store

MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 72  # bcrypt reads no further
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
MAX_NAME_LENGTH = 100

# Where a login comes from, when the server cannot tell (a test, the command line).
UNKNOWN_SOURCE = "unknown"
# Letters and digits nobody confuses when reading a one-time password aloud (no 0/o, 1/l/i).
_ONE_TIME_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"

Clock = Callable[[], datetime]
# bcrypt's cost: 2**12 rounds, about a quarter of a second per hash. Only the test suite
# lowers it (tests/conftest.py), where a test is not about hashing; there is no
# environment variable or setting file for it, so a server cannot run cheap by mistake,
# and a test checks that a fresh process hashes at this cost.
BCRYPT_ROUNDS = 12
_dummy_hashes: dict[int, str] = {}


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(BCRYPT_ROUNDS)).decode()


def _dummy_hash() -> str:
    """Checked against when the username is unknown, so a wrong name costs as long as a
    wrong password: made once, at the cost passwords are hashed at."""
    if BCRYPT_ROUNDS not in _dummy_hashes:
        _dummy_hashes[BCRYPT_ROUNDS] = bcrypt.hashpw(b"not-a-real-password", bcrypt.gensalt(BCRYPT_ROUNDS)).decode()
    return _dummy_hashes[BCRYPT_ROUNDS]


def _check_new_account(username: str, name: str, password: str, repeat: str | None = None) -> None:
    """Every problem at once. `repeat`: the password typed a second time, when the form asks for it."""
    problems = Problems()
    if not USERNAME_PATTERN.match(username):
        problems.add("account.username_invalid", "username")
    if not name.strip():
        problems.add("account.name_empty", "name")
    elif len(name.strip()) > MAX_NAME_LENGTH:  # the name is stored trimmed, so measured trimmed
        problems.add("account.name_too_long", "name", max=MAX_NAME_LENGTH)
    problems.check(validation.refuse_control_characters, name.strip(), "name")
    problems.check(check_password, password)
    if repeat is not None and repeat != password:
        problems.add("account.passwords_differ", "repeat")
    problems.raise_all()


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
        return q.accounts.count_users() == 0


def create_first_admin(
    store: Store, username: str, name: str, password: str, clock: Clock = datetime.now, repeat: str | None = None
) -> User:
    """Only possible while the database has no account at all."""
    username = username.strip().lower()
    _check_new_account(username, name, password, repeat)
    user = User(username, name.strip(), Role.ADMIN)
    hashed = hash_password(password)
    with store.transaction() as q:
        if q.accounts.count_users() > 0:
            raise PermissionDenied("account.first_admin_exists")
        q.accounts.insert_user(user, hashed, clock())
        q.journal.audit(clock(), username, None, "account.first_admin", username)
    return user


def require_admin(actor: User) -> None:
    """Only an active administrator; services and privacy use the same check."""
    if actor.role is not Role.ADMIN or not acting(actor):
        raise PermissionDenied()


def acting(actor: User) -> bool:
    """An account may act: active, and not still on a one-time password someone else set."""
    return actor.active and not actor.must_change_password


def add_user(
    store: Store,
    actor: User,
    username: str,
    name: str,
    password: str,
    role: Role,
    clock: Clock = datetime.now,
    repeat: str | None = None,
    request: str | None = None,
) -> User:
    """`request` sent again (a double click) returns the account the first one added
    instead of refusing its username as taken."""
    require_admin(actor)
    username = username.strip().lower()
    _check_new_account(username, name, password, repeat)
    user = User(username, name.strip(), Role(role))
    hashed = hash_password(password)
    with store.transaction() as q:
        if request and q.journal.request_done(request, "account.add", actor.username)[0]:
            return user
        if request:
            q.journal.insert_request(request, "account.add", actor.username, None, None, clock())
        if q.accounts.user_login_row(username) is not None:
            raise ValidationError("account.username_taken", field="username")
        q.accounts.insert_user(user, hashed, clock())
        q.journal.audit(clock(), actor.username, None, "account.add", f"{username} ({user.role.value})")
    return user


def set_active(
    store: Store, actor: User, username: str, active: bool, clock: Clock = datetime.now
) -> None:
    """Deactivating ends every open session of that account at once."""
    require_admin(actor)
    if not active and username == actor.username:
        raise ValidationError("account.cannot_deactivate_self", field="username")
    with store.transaction() as q:
        if q.accounts.user_login_row(username) is None:
            raise ValidationError("account.unknown", field="username", username=username)
        q.accounts.set_user_active(username, active)
        if not active:
            q.accounts.end_sessions_of(username, clock())
        q.journal.audit(clock(), actor.username, None, "account.activate" if active else "account.deactivate", username)


def reset_password(store: Store, actor: User, username: str, clock: Clock = datetime.now) -> str:
    """A one-time password for `username`, for the administrator to hand over; returned once.

    It opens one login, which can do nothing but choose a new password, and the owner
    is told there who reset it and when. An administrator who logs in with it instead of
    the owner leaves that login tied to the reset in the audit log, and the owner, whose
    one-time password then no longer works, finds out at once."""
    require_admin(actor)
    if username == actor.username:
        raise ValidationError("account.cannot_reset_self", field="username")
    one_time = "-".join(
        "".join(secrets.choice(_ONE_TIME_ALPHABET) for _ in range(4)) for _ in range(3)
    )
    hashed = hash_password(one_time)
    now = clock()
    with store.transaction() as q:
        if q.accounts.user_login_row(username) is None:
            raise ValidationError("account.unknown", field="username", username=username)
        q.accounts.set_password_hash(username, hashed)
        q.accounts.close_password_resets(username, now)  # an older one-time password stops here
        reset_id = q.accounts.insert_password_reset(username, actor.username, now)
        q.accounts.end_sessions_of(username, now)
        q.accounts.clear_login_failures(username)
        q.journal.audit(now, actor.username, None, "account.password_reset", f"{username} (reset #{reset_id})")
    return one_time


def pending_reset(store: Store, user: User) -> PasswordReset | None:
    """The reset the user still has to follow by choosing a password: who did it and when."""
    with store.read() as q:
        return q.accounts.open_password_reset(user.username)


def change_password(
    store: Store, user: User, new_password: str, current_password: str | None = None, clock: Clock = datetime.now
) -> User:
    """The owner chooses their own password. After a reset the one-time password was
    just typed at the login, so it is not asked again; otherwise the current one is."""
    if not user.active:
        raise PermissionDenied()
    check_password(new_password)
    now = clock()
    with store.read() as q:
        row = q.accounts.user_login_row(user.username)
    if row is None or not row[0].active:
        raise PermissionDenied()
    current, hashed = row
    if not current.must_change_password and not _matches(current_password or "", hashed):
        raise ValidationError("account.current_password_wrong", field="current")
    if _matches(new_password, hashed):
        raise ValidationError("account.password_same", field="password")
    new_hash = hash_password(new_password)
    with store.transaction() as q:
        reset = q.accounts.open_password_reset(user.username)
        q.accounts.set_password_hash(user.username, new_hash)
        q.accounts.close_password_resets(user.username, now)
        q.accounts.clear_login_failures(user.username)
        detail = f"after reset #{reset.id}" if reset else ""
        q.journal.audit(now, user.username, None, "account.password_changed", detail)
    return User(current.username, current.name, current.role, current.active)


def language(store: Store, user: User) -> str | None:
    """The language `user` last chose for the screens, None when they never chose one."""
    with store.read() as q:
        return q.accounts.user_language(user.username)


def choose_language(store: Store, user: User, lang: str) -> None:
    """Keep `lang` with the account, so the next login opens in it on any browser."""
    if lang not in LANGUAGES:
        raise ValidationError("app.language_unknown", field="language")
    with store.transaction() as q:
        q.accounts.set_user_language(user.username, lang)


def unlock(store: Store, actor: User, username: str, clock: Clock = datetime.now) -> int:
    """Lift every lockout of the account, from every place; returns how many there were."""
    require_admin(actor)
    now = clock()
    with store.transaction() as q:
        if q.accounts.user_login_row(username) is None:
            raise ValidationError("account.unknown", field="username", username=username)
        places = q.accounts.clear_login_failures(username)
        q.journal.audit(now, actor.username, None, "account.unlock", f"{username} ({places} places)")
    return places


def accounts(store: Store, actor: User, clock: Clock = datetime.now) -> list[Account]:
    require_admin(actor)
    with store.read() as q:
        return q.accounts.accounts(clock())


def login_directory(store: Store) -> list[User]:
    """Active accounts without secrets: what the login widget needs to know of them."""
    with store.read() as q:
        return q.accounts.active_users()


def verify_login(
    store: Store, username: str, password: str, clock: Clock = datetime.now, *, source: str = UNKNOWN_SOURCE
) -> User:
    """The account, or LoginFailed: one and the same refusal for an unknown or inactive
    account, a wrong password and a place locked out, after one bcrypt check on every
    path, so that neither the answer nor its time tells them apart.

    Failures count per account and per place (`source`, the address the login comes
    from): five from one place lock that place out of that account for a while; the
    owner elsewhere, and every browser already logged in, carry on."""
    username = username.strip().lower()
    with store.read() as q:
        row = q.accounts.user_login_row(username)
        reset = q.accounts.open_password_reset(username) if row is not None else None
    known = row is not None and row[0].active
    # Outside the write transaction: bcrypt takes a while, and nobody else's write waits for it.
    matches = _matches(password, row[1] if known else _dummy_hash())
    now = clock()
    admitted = False
    with store.transaction() as q:
        if not known:
            q.journal.audit(now, username or "?", None, "login.failed", f"unknown or inactive account, from {source}")
        else:
            failed, locked_until = q.accounts.login_failures(username, source)
            if locked_until is not None and locked_until > now:
                q.journal.audit(now, username, None, "login.refused", f"locked out from {source}")
            elif matches and reset is not None and reset.used_at is not None:
                q.journal.audit(now, username, None, "login.refused", f"one-time password of reset #{reset.id} used before, from {source}")
            elif matches:
                q.accounts.clear_login_failures(username, source)
                q.journal.audit(now, username, None, "login.ok", f"from {source}")
                admitted = True
            elif failed + 1 >= MAX_FAILED_ATTEMPTS:
                q.accounts.set_login_failures(username, source, 0, now + LOCKOUT)
                q.journal.audit(now, username, None, "login.locked", f"{failed + 1} failed attempts from {source}")
            else:
                q.accounts.set_login_failures(username, source, failed + 1, None)
                q.journal.audit(now, username, None, "login.failed", f"attempt {failed + 1} from {source}")
    if not admitted:
        raise LoginFailed()
    return row[0]


def _matches(password: str, hashed: str) -> bool:
    """bcrypt reads 72 bytes; no password longer than that can be set, so typing more
    than a password must not log in (the check still runs, so timing tells nothing)."""
    secret = password.encode()
    return bcrypt.checkpw(secret[:MAX_PASSWORD_LENGTH], hashed.encode()) and len(secret) <= MAX_PASSWORD_LENGTH


def session_id(username: str, cookie_expiry: float) -> str:
    """The cookie carries the username and its expiry; together they name the login."""
    return hashlib.sha256(f"{username}\n{cookie_expiry!r}".encode()).hexdigest()


def start_session(
    store: Store, user: User, cookie_expiry: float, clock: Clock = datetime.now, *, source: str | None = None
) -> str:
    """A session row for a login from `source`; the cookie is accepted from there only.
    The first login after a password reset is tied to that reset in the audit log, and
    a one-time password opens one session only."""
    sid = session_id(user.username, cookie_expiry)
    now = clock()
    with store.transaction() as q:
        reset = q.accounts.open_password_reset(user.username)
        if reset is not None:
            if not q.accounts.use_password_reset(reset.id, sid, now):
                raise LoginFailed()
            q.journal.audit(
                now, user.username, None, "login.after_reset",
                f"session {sid[:12]} is the first after reset #{reset.id} by {reset.by}, from {source or UNKNOWN_SOURCE}",
            )
        q.accounts.insert_session(sid, user.username, now, datetime.fromtimestamp(cookie_expiry), source)
    return sid


def session_user(store: Store, sid: str, clock: Clock = datetime.now, *, source: str | None = None) -> User | None:
    """The user of a live session; None once it was ended, expired or its account
    deactivated, or when it is presented from another place than where it started
    (a copied cookie used elsewhere). That refusal does not end the owner's session."""
    with store.read() as q:
        found = q.accounts.live_session_user(sid, clock())
    if found is None:
        return None
    user, started_from = found
    if started_from is not None and source is not None and started_from != source:
        with store.transaction() as q:
            q.journal.audit(clock(), user.username, None, "session.refused", f"started from {started_from}, presented from {source}")
        return None
    return user


def end_session(store: Store, sid: str, username: str, clock: Clock = datetime.now) -> None:
    with store.transaction() as q:
        q.accounts.end_session(sid, clock())
        q.journal.audit(clock(), username, None, "logout")
