"""streamlit-authenticator, with its known gaps closed by reset_core.accounts.

The library draws the form. The password check is reset_core's (bcrypt in the
database, lockout), and every login gets a session row in the database: a cookie
whose row was ended (logout, deactivation, reset) or that comes from another place
no longer lets anyone in. The login cookie itself (username + expiry, signed) is set
by the server when ui.login_cookie runs in front of it (HttpOnly, SameSite=Strict,
Secure behind HTTPS); the library's own cookie is signed with a key nobody checks.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from datetime import datetime, timedelta

import extra_streamlit_components as stx
import jwt
import streamlit as st
import streamlit_authenticator as stauth

from reset_core import accounts, database
from reset_core.errors import ResetError
from reset_core.i18n import LANGUAGES
from reset_core.model import User
from reset_core.storage import Store
from ui import login_cookie

COOKIE_NAME = login_cookie.COOKIE_NAME
# The library writes a cookie of its own from JavaScript, where page scripts can read it:
# under another name and signed with a key that nothing ever checks, it opens nothing.
_WIDGET_COOKIE = "reset_login_widget"
_WIDGET_KEY = secrets.token_hex(32)
COOKIE_TICKET = "reset_cookie_ticket"
COOKIE_DAYS = 0.5  # one working day
SESSION_KEY = "reset_session"
COOKIE_PENDING = "reset_cookie_pending"
COOKIE_GONE = "reset_cookie_gone"
LANGUAGE_RESTORED = "reset_language_restored"  # the login whose kept language was applied


def authenticator(store: Store) -> stauth.Authenticate:
    directory = {
        u.username: {"name": u.name, "roles": [u.role.value], "email": "", "password": ""}
        for u in accounts.login_directory(store)
    }
    auth = stauth.Authenticate(
        {"usernames": directory},
        cookie_name=_WIDGET_COOKIE,
        cookie_key=_WIDGET_KEY,
        cookie_expiry_days=COOKIE_DAYS,
        auto_hash=False,
        # The library waits for its cookie component; tests set this to 0.
        login_sleep_time=float(os.environ.get("RESET_LOGIN_SLEEP", "0.7")),
    )
    model = auth.authentication_controller.authentication_model

    def check_credentials(username: str, password: str) -> bool:
        accounts.verify_login(store, username, password, source=source())  # raises on failure
        return True

    model.check_credentials = check_credentials
    # The library neither reads nor writes a login cookie: a script-written cookie is
    # readable by page scripts, and it would log a tab in without our session checks.
    controller = auth.cookie_controller
    controller.get_cookie = lambda: None
    controller.set_cookie = lambda: None
    controller.delete_cookie = lambda: None
    return auth


def source() -> str:
    """Where this browser connects from, for the lockout and the session's binding.

    Streamlit's server (uvicorn) already replaced the address by X-Forwarded-For when,
    and only when, the connection comes from a trusted proxy: 127.0.0.1 by default, or
    the addresses in $FORWARDED_ALLOW_IPS. Streamlit reports a local connection as None."""
    address = st.context.ip_address
    return address if isinstance(address, str) and address else "local"


def _forget() -> None:
    for key in (SESSION_KEY, "authentication_status", "username", "name", "roles", "user"):
        st.session_state.pop(key, None)
    st.session_state["logout"] = True  # the library then ignores the cookie in this tab


def _cookie_login(store: Store, token: str | None = None) -> tuple[str, float] | None:
    """(username, expiry) of this browser's login cookie, when its signature holds."""
    if token is None:
        token = st.context.cookies.get(COOKIE_NAME)
    if not token:
        return None
    try:
        claims = jwt.decode(token, database.cookie_key(store), algorithms=["HS256"])
    except jwt.PyJWTError:
        return None
    if not isinstance(claims.get("username"), str) or not isinstance(claims.get("exp_date"), (int, float)):
        return None
    return claims["username"], float(claims["exp_date"])


def login_session_of(store: Store, cookie: str | None) -> str | None:
    """The live server-side session a request's login cookie names, or None.

    For requests outside a Streamlit run (a document fetch): they carry the cookie,
    not the tab's session state.
    """
    claims = _cookie_login(store, cookie or "")
    if claims is None:
        return None
    sid = accounts.session_id(*claims)
    return sid if accounts.session_user(store, sid) is not None else None


def current_user(store: Store) -> User | None:
    """Who is logged in on this run: from the tab's session, else from the cookie.

    The cookie is read here, before st.navigation picks a page, so a refresh or a
    deep link keeps the user on the page they asked for.
    """
    sid = st.session_state.get(SESSION_KEY)
    if sid is None and not st.session_state.get("logout"):
        cookie = _cookie_login(store)
        sid = accounts.session_id(*cookie) if cookie else None
    if sid is None:
        return None
    user = accounts.session_user(store, sid, source=source())
    if user is None:
        _forget()
        st.session_state["login_notice"] = "login.session_ended"
        return None
    st.session_state[SESSION_KEY] = sid
    # What the library keeps for a logged-in user, so its widgets agree with us.
    st.session_state.update(
        authentication_status=True, username=user.username, name=user.name, roles=[user.role.value]
    )
    return user


def restore_language(store: Store, user: User) -> bool:
    """Once per login, open the screens in the language kept with the account (none kept:
    the one this tab already shows). True when that changed the language."""
    sid = st.session_state.get(SESSION_KEY)
    if st.session_state.get(LANGUAGE_RESTORED) == sid:
        return False
    st.session_state[LANGUAGE_RESTORED] = sid
    kept = accounts.language(store, user)
    if kept not in LANGUAGES or kept == st.session_state.get("lang"):
        return False
    st.session_state["lang"] = kept
    return True


def keep_language(store: Store) -> None:
    """The language box's callback: a logged-in user's choice goes with their account."""
    chosen, user = st.session_state.get("lang"), st.session_state.get("user")
    if user is not None and chosen in LANGUAGES:
        accounts.choose_language(store, user, chosen)


def login_form(store: Store, labels: dict[str, str]) -> User | None:
    """Draw the login form; on success open the server-side session."""
    auth = authenticator(store)
    auth.login(location="main", fields=labels)  # raises LoginFailed
    if not st.session_state.get("authentication_status"):
        return None
    user = next(u for u in accounts.login_directory(store) if u.username == st.session_state["username"])
    expiry = (datetime.now() + timedelta(days=COOKIE_DAYS)).timestamp()
    try:
        st.session_state[SESSION_KEY] = accounts.start_session(store, user, expiry, source=source())
    except ResetError:  # a one-time password that already opened a session
        _forget()
        raise
    token = jwt.encode({"username": user.username, "exp_date": expiry}, database.cookie_key(store), algorithm="HS256")
    st.session_state[COOKIE_PENDING] = (token, expiry)
    if login_cookie.installed():
        st.session_state[COOKIE_TICKET] = login_cookie.issue(token, expiry)
    st.session_state.pop("logout", None)
    st.session_state.pop(COOKIE_GONE, None)
    return user


def logout(store: Store, user: User) -> None:
    sid = st.session_state.get(SESSION_KEY)
    if sid:
        accounts.end_session(store, sid, user.username)
    _forget()
    st.session_state.pop(COOKIE_PENDING, None)
    st.session_state.pop(COOKIE_TICKET, None)
    st.session_state[COOKIE_GONE] = True


def sync_cookie() -> None:
    """Keep the browser's login cookie in line with this tab's login.

    The library sets or deletes the cookie through a component in the very run that
    then reruns to rebuild the menu, so the browser never gets it. Drawing the same
    component on every later run, with the same arguments, makes it stick.
    """
    if login_cookie.installed():
        _sync_server_cookie()
        return
    pending = st.session_state.get(COOKIE_PENDING)
    if pending and st.session_state.get(SESSION_KEY):
        token, expiry = pending
        with st.sidebar:
            stx.CookieManager(key="reset_cookies").set(
                COOKIE_NAME, token, key="reset_cookie_set", expires_at=datetime.fromtimestamp(expiry)
            )
    elif st.session_state.get(COOKIE_GONE):
        with st.sidebar, contextlib.suppress(KeyError):
            # The component is drawn first; the KeyError only says its list of cookies
            # has not come back from the browser yet.
            stx.CookieManager(key="reset_cookies").delete(COOKIE_NAME, key="reset_cookie_delete")


def _sync_server_cookie() -> None:
    """Have the server set (or delete) the HttpOnly cookie: the page posts the ticket.
    Drawn on every run until the next login or logout, like the library's component;
    the same element is not run again, and a used ticket opens nothing."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    prefix = f"/{base}" if base else ""
    ticket = st.session_state.get(COOKIE_TICKET)
    if ticket and st.session_state.get(SESSION_KEY):
        page_script = login_cookie.script(prefix + login_cookie.LOGIN_PATH, ticket)
    elif st.session_state.get(COOKIE_GONE):
        page_script = login_cookie.script(prefix + login_cookie.LOGOUT_PATH)
    else:
        return
    with st.sidebar:
        st.html(page_script, unsafe_allow_javascript=True)
