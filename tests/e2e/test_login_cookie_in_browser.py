"""The login cookie in a real browser: set by the server, out of reach of page scripts."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.e2e.conftest import KEY, MAIN, PROJECT, _free_port, cli, login_cookie, settle

PASSWORD = "a long enough passphrase"
SERVE = PROJECT / "serve.py"

pytestmark = pytest.mark.browser


@pytest.fixture
def server(tmp_path):
    """The app as `make run` serves it: serve.py when it exists, else app.py behind ui.login_cookie."""
    data = tmp_path / "data"
    cli(data, "add-user", "fien", "--role", "facilitator", "--name", "Fien Peeters", stdin=PASSWORD + "\n")
    script = SERVE
    if not script.exists():
        script = tmp_path / "serve_login_cookie.py"
        script.write_text(
            "import streamlit as st\nfrom starlette.middleware import Middleware\n"
            "from ui.login_cookie import LoginCookie\n"
            f"app = st.App({str(PROJECT / 'app.py')!r}, middleware=[Middleware(LoginCookie)])\n"
        )
    port = _free_port()
    env = {**os.environ, "RESET_DATA_DIR": str(data), "RESET_DB_KEY": KEY, "RESET_LOGIN_SLEEP": "0.3", "PYTHONPATH": str(PROJECT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port)],
        cwd=PROJECT, env=env, stdout=open(tmp_path / "server.log", "w"), stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=2)
            break
        except OSError:
            time.sleep(0.3)
    yield url
    process.terminate()
    process.wait(timeout=20)


def log_in(page, url):
    page.goto(url)
    # The server's first run imports the whole app: slow on a busy machine.
    page.get_by_role("textbox", name="Gebruikersnaam").wait_for(timeout=120_000)
    page.get_by_role("textbox", name="Gebruikersnaam").fill("fien")
    page.get_by_role("textbox", name="Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    settle(page)
    page.get_by_role("heading", name="Mijn dossiers").wait_for(timeout=15_000)


def test_the_login_cookie_is_httponly_and_strict_and_page_scripts_cannot_read_it(server, browser):
    page = browser.new_context().new_page()
    log_in(page, server)
    (cookie,) = login_cookie(page)
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Strict"
    assert cookie["secure"] is False  # plain http on loopback; behind HTTPS it is Secure
    assert "reset_login" not in page.evaluate("document.cookie")
    page.reload()  # the server-set cookie carries the login over a refresh
    settle(page)
    page.get_by_role("heading", name="Mijn dossiers").wait_for(timeout=15_000)


def test_logging_out_deletes_the_cookie(server, browser):
    page = browser.new_context().new_page()
    log_in(page, server)
    login_cookie(page)
    page.goto(server + "/logout")
    settle(page)
    page.locator(MAIN).get_by_role("button", name="Afmelden").click()
    settle(page)
    page.get_by_role("heading", name="Aanmelden bij ReSet").wait_for(timeout=15_000)
    for _ in range(50):
        if not [c for c in page.context.cookies() if c["name"] == "reset_login"]:
            break
        page.wait_for_timeout(200)
    assert [c for c in page.context.cookies() if c["name"] == "reset_login"] == []
