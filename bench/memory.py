"""The server's memory with many sessions open: the real `streamlit run serve.py` on
loopback, logged-in browser tabs from Debian's chromium (as tests/e2e does), then the
resident memory of the server process and its children, read from /proc."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# What the tabs show: a facilitator has a few screens of their cases open at once.
TAB_PAGES = ("", "intake", "scan", "agreement", "followup", "conversations", "dialogue", "closing")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _descendants(pid: int) -> list[int]:
    children = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        children += [int(c) for c in text]
    return children + [d for c in children for d in _descendants(c)]


def rss_mb(pid: int) -> float:
    """Resident memory of the process and everything it started, in MB."""
    return sum(_rss_kb(p) for p in [pid, *_descendants(pid)]) / 1024


def _settle(page) -> None:
    page.wait_for_timeout(300)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)


def measure(data: Path, key: str, username: str, password: str, sessions: int, log=print) -> float:
    """MB resident in the server once `sessions` logged-in tabs have each drawn a page."""
    from playwright.sync_api import sync_playwright

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "RESET_DATA_DIR": str(data), "RESET_DB_KEY": key, "RESET_LOGIN_SLEEP": "0.3"}
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.address", "127.0.0.1",
         "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 90
        while True:
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=2)
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    raise RuntimeError("the bench server did not start") from None
                time.sleep(0.3)
        log(f"  server up (pid {server.pid}, {rss_mb(server.pid):.0f} MB); opening {sessions} sessions ...")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            try:
                context = browser.new_context()  # one login cookie, shared by the tabs as in a real browser
                first = context.new_page()
                first.goto(url)
                _settle(first)
                first.get_by_role("textbox", name="Gebruikersnaam").fill(username)
                first.get_by_role("textbox", name="Wachtwoord", exact=True).fill(password)
                first.get_by_role("button", name="Aanmelden").click()
                first.get_by_role("heading", name="Mijn dossiers").wait_for(timeout=60_000)
                for _ in range(100):  # the cookie component stores the login a moment later
                    if any(c["name"] == "reset_login" for c in context.cookies()):
                        break
                    first.wait_for_timeout(200)
                tabs = [first]
                for n in range(1, sessions):
                    tab = context.new_page()
                    page = TAB_PAGES[n % len(TAB_PAGES)]
                    tab.goto(f"{url}/{page}" + (f"?case={1 + n % 5}" if page else ""))
                    _settle(tab)
                    tabs.append(tab)
                time.sleep(2)  # let the last runs finish and their garbage go
                used = rss_mb(server.pid)
                log(f"  {len(tabs)} sessions open: {used:.0f} MB")
            finally:
                browser.close()
        return used
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
