"""The server-set login cookie (ui.login_cookie): flags no page script can set or read,
a ticket that works once and briefly, and only for the app's own pages."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from ui import login_cookie
from ui.login_cookie import LOGIN_PATH, LOGOUT_PATH, LoginCookie

PROJECT = Path(__file__).resolve().parents[2]


def post(path: str, body: bytes = b"", scheme: str = "http", origin: str | None = "http://127.0.0.1:8501", method: str = "POST"):
    """One request through the middleware; returns (status, set-cookie header or None, passed on)."""
    passed = []

    async def app(scope, receive, send):
        passed.append(scope["path"])

    headers = [(b"host", b"127.0.0.1:8501")] + ([(b"origin", origin.encode())] if origin else [])
    scope = {"type": "http", "method": method, "path": path, "scheme": scheme, "headers": headers}
    sent = []

    async def receive():
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message):
        sent.append(message)

    asyncio.run(LoginCookie(app)(scope, receive, send))
    if passed:
        return None, None, True
    start = sent[0]
    cookies = [v.decode() for k, v in start["headers"] if k == b"set-cookie"]
    return start["status"], (cookies[0] if cookies else None), False


def test_a_ticket_sets_an_httponly_strict_cookie_once():
    ticket = login_cookie.issue("signed-token", 2_000_000_000)
    status, cookie, _ = post(LOGIN_PATH, ticket.encode())
    assert status == 204
    flags = [part.strip() for part in cookie.split(";")]
    assert flags[0] == "reset_login=signed-token"
    assert {"HttpOnly", "SameSite=Strict", "Path=/"} <= set(flags)
    assert "Secure" not in flags  # plain http: a Secure cookie would never come back
    assert post(LOGIN_PATH, ticket.encode())[:2] == (403, None)  # used


def test_behind_https_the_cookie_is_secure():
    ticket = login_cookie.issue("signed-token", 2_000_000_000)
    _, cookie, _ = post(LOGIN_PATH, ticket.encode(), scheme="https", origin="https://127.0.0.1:8501")
    assert "Secure" in [part.strip() for part in cookie.split(";")]


def test_a_stale_unknown_or_foreign_ticket_sets_nothing():
    stale = login_cookie.issue("signed-token", 2_000_000_000, now=0)
    assert post(LOGIN_PATH, stale.encode())[:2] == (403, None)
    assert post(LOGIN_PATH, b"made-up")[:2] == (403, None)
    fresh = login_cookie.issue("signed-token", 2_000_000_000)
    assert post(LOGIN_PATH, fresh.encode(), origin="http://127.0.0.1:9999")[:2] == (403, None)
    assert post(LOGIN_PATH, fresh.encode(), method="GET")[:2] == (403, None)


def test_logging_out_deletes_the_cookie():
    status, cookie, _ = post(LOGOUT_PATH)
    assert status == 204
    assert cookie.startswith("reset_login=;") and "Max-Age=0" in cookie and "HttpOnly" in cookie


def test_every_other_request_goes_to_streamlit():
    assert post("/_stcore/health", method="GET")[2]


@pytest.mark.skipif(not (PROJECT / "serve.py").exists(), reason="the app is served by app.py alone on this branch")
def test_the_served_app_sets_the_login_cookie_from_the_server():
    assert "LoginCookie" in (PROJECT / "serve.py").read_text()
