"""The login cookie, set by the server: HttpOnly, SameSite=Strict, Secure behind HTTPS.

streamlit-authenticator keeps its login in a cookie that extra-streamlit-components'
cookie manager writes from JavaScript, so every script on the page can read it, and
JavaScript can never make a cookie HttpOnly. Here the server sets it instead. After a
login the tab gets a ticket (random, one use, valid one minute) that names the signed
login token; a small script on the page posts the ticket to `LOGIN_PATH`, and the
answer to that request sets the cookie with the flags no script can set or read.
Logging out posts to `LOGOUT_PATH`, whose answer deletes it.

`LoginCookie` is the ASGI middleware that answers both paths (serve.py puts it in
front of Streamlit). Imports stay light: this module loads before Streamlit's runtime.
The tickets live in this process only, which is where the tab that asked for them runs.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import threading
import time
from email.utils import formatdate
from urllib.parse import urlsplit

COOKIE_NAME = "reset_login"
LOGIN_PATH = "/_reset/login-cookie"
LOGOUT_PATH = "/_reset/logout-cookie"
TICKET_SECONDS = 60
_MAX_BODY = 256

_tickets: dict[str, tuple[str, float, float]] = {}  # sha256(ticket) -> (token, cookie expiry, ticket deadline)
_lock = threading.Lock()
_installed = threading.Event()


def installed() -> bool:
    """True once the server runs with `LoginCookie` in front (serve.py); the app
    falls back to the library's script-written cookie otherwise."""
    return _installed.is_set()


def _key(ticket: str) -> str:
    return hashlib.sha256(ticket.encode()).hexdigest()


def issue(token: str, expires_at: float, now: float | None = None) -> str:
    """A one-use ticket for the cookie `token` (until `expires_at`, a Unix time)."""
    now = time.time() if now is None else now
    ticket = secrets.token_urlsafe(32)
    with _lock:
        for key in [k for k, (_, _, deadline) in _tickets.items() if deadline < now]:
            del _tickets[key]
        _tickets[_key(ticket)] = (token, expires_at, now + TICKET_SECONDS)
    return ticket


def redeem(ticket: str, now: float | None = None) -> tuple[str, float] | None:
    """(token, expiry) for a fresh ticket, once; None for anything else."""
    now = time.time() if now is None else now
    with _lock:
        found = _tickets.pop(_key(ticket), None)
    if found is None or found[2] < now:
        return None
    return found[0], found[1]


def set_cookie_header(token: str, expires_at: float, secure: bool, now: float | None = None) -> str:
    now = time.time() if now is None else now
    parts = [
        f"{COOKIE_NAME}={token}", "Path=/", f"Max-Age={max(0, int(expires_at - now))}",
        f"Expires={formatdate(expires_at, usegmt=True)}", "HttpOnly", "SameSite=Strict",
    ]
    if secure:
        parts.append("Secure")
    return "; ".join(parts)


def delete_cookie_header(secure: bool) -> str:
    parts = [f"{COOKIE_NAME}=", "Path=/", "Max-Age=0", "Expires=Thu, 01 Jan 1970 00:00:00 GMT", "HttpOnly", "SameSite=Strict"]
    if secure:
        parts.append("Secure")
    return "; ".join(parts)


def _secure(scope: dict) -> bool:
    # Uvicorn takes the scheme from X-Forwarded-Proto of a trusted proxy (127.0.0.1 by
    # default, $FORWARDED_ALLOW_IPS otherwise); $RESET_PUBLIC_URL says it for a proxy elsewhere.
    public = os.environ.get("RESET_PUBLIC_URL", "")
    return scope.get("scheme") in ("https", "wss") or public.lower().startswith("https://")


def _same_origin(headers: dict[str, str]) -> bool:
    """A cookie only for the app's own pages: a post from another site is refused."""
    origin = headers.get("origin")
    if origin is None:
        return True
    parts = urlsplit(origin)
    if parts.netloc.lower() == headers.get("host", "").lower():
        return True
    public = os.environ.get("RESET_PUBLIC_URL")
    return bool(public) and urlsplit(public).netloc.lower() == parts.netloc.lower()


class LoginCookie:
    """ASGI middleware: answers `LOGIN_PATH` and `LOGOUT_PATH`; passes everything else on."""

    def __init__(self, app) -> None:
        self.app = app
        _installed.set()

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not (path.endswith(LOGIN_PATH) or path.endswith(LOGOUT_PATH)):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if scope["method"] != "POST" or not _same_origin(headers):
            await _answer(send, 403)
            return
        secure = _secure(scope)
        if path.endswith(LOGOUT_PATH):
            await _answer(send, 204, delete_cookie_header(secure))
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if len(body) > _MAX_BODY:
                await _answer(send, 400)
                return
            if not message.get("more_body"):
                break
        found = redeem(body.decode("ascii", "replace").strip())
        if found is None:
            await _answer(send, 403)
            return
        await _answer(send, 204, set_cookie_header(*found, secure))


async def _answer(send, status: int, cookie: str | None = None) -> None:
    headers = [(b"cache-control", b"no-store"), (b"content-length", b"0")]
    if cookie is not None:
        headers.append((b"set-cookie", cookie.encode("latin-1")))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": b""})


def script(path: str, ticket: str | None = None) -> str:
    """The page script that posts the ticket (or, without one, asks to delete the cookie)."""
    body = f", body: {ticket!r}" if ticket else ""
    return (
        "<script>fetch(" + repr(path) + ", {method: 'POST', credentials: 'same-origin', cache: 'no-store'"
        + body + "});</script>"
    )
