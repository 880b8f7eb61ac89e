"""The real app, served by Streamlit on loopback, driven by Debian's chromium."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

PROJECT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = PROJECT / "test-artifacts"
KEY = "browser-test-key-0123456789"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli(data: Path, *args: str, stdin: str = "") -> None:
    env = {**os.environ, "RESET_DATA_DIR": str(data), "RESET_DB_KEY": KEY}
    subprocess.run([sys.executable, "-m", "reset_core", *args], cwd=PROJECT, env=env, input=stdin, check=True, capture_output=True, text=True)


def clock_env(offset_days: int) -> dict[str, str]:
    """The environment that runs a server `offset_days` ahead of the real clock (through
    tests/e2e/moved_clock.py, which Server starts for it)."""
    return {"RESET_TEST_CLOCK_OFFSET_DAYS": str(offset_days)} if offset_days else {}


class Server:
    """The app on loopback. `clock_offset_days` runs it that many days ahead of today
    (the data folder is the same one: a case made today is seen 100 days later)."""

    def __init__(self, data: Path, key: str = KEY, clock_offset_days: int = 0, port: int | None = None) -> None:
        self.data = data
        self.key = key
        self.clock_offset_days = clock_offset_days
        self.port = port or _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ, "RESET_DATA_DIR": str(data), "RESET_DB_KEY": key, "RESET_LOGIN_SLEEP": "0.3",
            **clock_env(clock_offset_days),
        }
        streamlit = [str(PROJECT / "tests" / "e2e" / "moved_clock.py")] if clock_offset_days else ["-m", "streamlit"]
        self.process = subprocess.Popen(
            # No file watcher: a server under test runs the code it started with.
            [sys.executable, *streamlit, "run", "serve.py", "--server.port", str(self.port), "--server.fileWatcherType", "none"],
            # What the server says goes to test-artifacts/, to read when a test failed.
            cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=self._log(),
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.url + "/_stcore/health", timeout=2)
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("the app did not start")

    def _log(self):
        ARTIFACTS.mkdir(exist_ok=True)
        log = open(ARTIFACTS / f"server-{self.port}.log", "a")  # the server process holds it open
        log.write(f"--- {time.strftime('%H:%M:%S')} started, clock {self.clock_offset_days:+d} days\n")
        log.flush()
        return log

    def today(self) -> date:
        """The date the server lives on."""
        return date.today() + timedelta(days=self.clock_offset_days)

    def restart(self, clock_offset_days: int | None = None) -> Server:
        """The same data folder and port, served anew (the clock moved if given): pages
        open in the browser reconnect to it, and their sessions start afresh."""
        self.stop()
        offset = self.clock_offset_days if clock_offset_days is None else clock_offset_days
        return Server(self.data, self.key, clock_offset_days=offset, port=self.port)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


PASSWORD = "a long enough passphrase"  # the facilitator fien's, in every test that needs one


@contextmanager
def one_case(data: Path, *, facilitator: bool = True, consent: bool = True, **details) -> Iterator[tuple[object, object, int]]:
    """A facilitator `fien` (made through the command line, as an IT department would) and
    one case opened as the intake form opens it, with the basic consent: (store, fien, case
    id). The store is closed on leaving, before a server may take the database."""
    from reset_core import database, intake
    from reset_core.config import Settings
    from reset_core.model import PROCESSING, CaseDetails, Party, PartyRole, Role, User

    if facilitator:
        cli(data, "add-user", "fien", "--role", "facilitator", stdin=PASSWORD + "\n")
    store = database.open_store(Settings(data, KEY))
    try:
        fien = User("fien", "Fien", Role.FACILITATOR)
        details.setdefault("sick_leave_start", date.today() - timedelta(days=60))
        case = intake.open_case(
            store, fien, CaseDetails(Party(PartyRole.EMPLOYEE, "Marc Verbeke"), Party(PartyRole.MANAGER, "Katrien De Smet"), **details),
        )
        if consent:
            intake.record_consent(store, fien, case.id, PROCESSING, True, date.today() - timedelta(days=50))
        yield store, fien, case.id
    finally:
        store.close()


def warm_up(browser, server: Server) -> None:
    """Load the first page once and wait, generously, until it is drawn: a server just
    restarted imports everything on its first page, and log_in's waits are sized for a later one."""
    page = browser.new_context().new_page()
    page.goto(server.url)
    page.wait_for_function(IDLE, timeout=240_000)
    page.get_by_role("button").first.wait_for(timeout=240_000)
    page.context.close()


@pytest.fixture
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


# Idle: a run has been and none is going. "initial" (no run yet) is not idle: a page just
# loaded on a slow server was taken for settled before its first run, and its form was
# filled and clicked while that run went on: a click landing in a run that had not
# reached its widget can be dropped (Streamlit #8365).
IDLE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app && !['initial', 'running', 'rerunRequested'].includes(app.dataset.testScriptState);
}"""


# How long one run may take before a test gives up: a page run takes 1-3 s on a quiet
# machine, but on a loaded 2-core machine a first page has taken over 30 s. Only a
# failing test waits this long.
RUN_LIMIT = 90_000


def run_done(page) -> None:
    """Wait for the run a widget change starts, without settle's fixed pauses: the app
    root marks the run as soon as the change is sent."""
    page.wait_for_timeout(50)
    page.wait_for_function(IDLE, timeout=RUN_LIMIT)


# A form on screen: an st.form, or a draft form (ui/forms.py), whose fields are kept when
# the page is left before its button is pressed.
FORM = '[data-testid="stForm"], [class*="st-key-draftform_"]'


def settle(page) -> None:
    """Wait until Streamlit has finished the run the last action started."""
    page.wait_for_timeout(300)
    try:
        # The app root tells the script's state; the status widget can show a run late.
        page.wait_for_function(IDLE, timeout=RUN_LIMIT)
        page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=RUN_LIMIT)
    except Exception:
        screenshot(page, "settle-timeout")  # what the page showed when it hung
        raise
    page.wait_for_timeout(300)


def answer_statements_on_screen(page, label: str) -> None:
    """Give every statement of the scan step on screen the answer `label`."""
    # The statements still open, found anew after every answer: counted once, a count
    # taken while the previous theme was still on screen pointed past the last one.
    still_open = page.locator('[data-testid="stRadio"]').filter(
        has=page.get_by_role("radio", name=label, exact=True, checked=False)
    )
    settle(page)
    for _ in range(40):
        if still_open.count() == 0:
            break
        still_open.first.get_by_text(label, exact=True).click()
        run_done(page)  # each change saves through its callback; every run is waited for (briefly)
    settle(page)


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def login_cookie(page) -> list[dict]:
    """The login cookie, once the browser has stored it (a component sets it)."""
    for _ in range(50):
        cookies = [c for c in page.context.cookies() if c["name"] == "reset_login"]
        if cookies:
            return cookies
        page.wait_for_timeout(200)
    raise AssertionError("the login cookie was not set")


def log_in(browser, url: str, username: str, password: str):
    """A fresh browser context, logged in through the real form, cookie stored."""
    page = browser.new_context().new_page()
    page.goto(url)
    settle(page)
    page.get_by_role("textbox", name="Gebruikersnaam").fill(username)
    page.get_by_role("textbox", name="Wachtwoord", exact=True).fill(password)
    page.get_by_role("button", name="Aanmelden").click()
    settle(page)
    try:
        page.get_by_role("heading", name="Mijn dossiers").wait_for(timeout=RUN_LIMIT)  # a moved clock makes a run up to 3 times slower
    except Exception:
        screenshot(page, f"login-failed-{username}")  # what the login left on screen
        print("login page text:", page.locator(MAIN).inner_text()[:2000])
        print("script, connection:", page.evaluate(
            "() => { const a = document.querySelector('[data-testid=\"stApp\"]');"
            " return a && [a.dataset.testScriptState, a.dataset.testConnectionState]; }"
        ))
        raise
    login_cookie(page)
    return page


MAIN = '[data-testid="stMain"]'  # the page itself, without the sidebar menu (whose entries can share a label with a page's button)


def menu_item(page, title: str):
    """The sidebar menu's entry for the page called `title` (a button: see ui/menu.py)."""
    return page.locator(".st-key-menu").get_by_role("button", name=title, exact=True)


def go_to(page, title: str) -> None:
    """Click the page called `title` in the sidebar menu and wait for it."""
    menu_item(page, title).click()
    settle(page)


def fill_date(page, label: str, day) -> None:
    """Type a date into Streamlit's date field (day, month and year segments)."""
    field = page.locator('[data-testid="stDateInput"]').filter(has_text=label)
    field.get_by_role("spinbutton").first.click()
    page.keyboard.type(day.strftime("%d%m%Y"))


def date_value(page, label: str) -> str:
    """The ISO date a date field holds."""
    return page.locator('[data-testid="stDateInput"]').filter(has_text=label).locator("input[type=date]").input_value()


def flat(text: str) -> str:
    """Text with its line breaks and wrapping spaces as single spaces."""
    return re.sub(r"\s+", " ", text)


def sign_plan(page, t, on: date | None = None) -> None:
    """The employee and the manager signed the offered plan on paper (on `on`, today by
    default): the facilitator records each paper signature with its date, then confirms
    the plan themselves. (Answering through a party's own link: test_plan_answer_in_browser.)"""
    on = on or date.today()
    for signer in ("employee", "manager"):
        form = page.locator('[data-testid="stForm"]').filter(has_text=t(f"plan_answer.paper_tick_{signer}"))
        page.locator('[data-testid="stExpander"]').filter(has=form).get_by_text(t("plan_answer.paper_title")).click()
        form.locator('[data-testid="stDateInput"]').get_by_role("spinbutton").first.click()
        page.keyboard.type(on.strftime("%d%m%Y"))
        form.get_by_text(t(f"plan_answer.paper_tick_{signer}")).click()
        form.get_by_role("button", name=t("plan_answer.paper_record")).click()
        settle(page)
        expect(page.get_by_text(t("plan_answer.paper_recorded", who=t(f"signer.{signer}")))).to_be_visible(timeout=15_000)
    confirm_as_facilitator(page, t)


def confirm_as_facilitator(page, t) -> None:
    """The facilitator's own confirmation of the offered plan, the last of the three."""
    form = page.locator('[data-testid="stForm"]').filter(has_text=t("agreement.tick_facilitator"))
    # The plan locks with the two parties' signatures and the page is drawn anew: while it
    # is, the old form can still stand beside the new one.
    expect(form).to_have_count(1, timeout=15_000)
    form.get_by_text(t("agreement.tick_facilitator")).click()
    form.get_by_role("button", name=t("agreement.confirm")).click()
    settle(page)
    expect(page.get_by_text(t("agreement.confirmation_recorded", who=t("signer.facilitator")))).to_be_visible(timeout=15_000)


def download_plan_pdf(page, t):
    """Make the plan's PDF on the documents tab and download it: (file name, flat text)."""
    page.get_by_role("tab", name=t("agreement.tab_documents")).click()
    page.get_by_role("button", name=t("agreement.make_pdf")).click()
    settle(page)
    button = page.get_by_role("button", name=t("agreement.download_pdf"))
    expect(button).to_be_visible(timeout=30_000)
    with page.expect_download() as info:
        button.click()
    download = info.value
    return download.suggested_filename, flat("\n".join(p.extract_text() for p in PdfReader(download.path()).pages))
