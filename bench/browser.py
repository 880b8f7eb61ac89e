"""What a user feels: click-to-done in a real browser, ReSet beside a minimal Streamlit app.

Both are served on loopback by `streamlit run` (ReSet through serve.py, on a copy of the
bench database; the yardstick is bench/minimal/app.py, two pages with the same kind of
sidebar menu and one radio) and driven by Debian's chromium through playwright, in one
run, their clicks interleaved round by round so that the machine's load weighs on both.

Click-to-done: the browser's own clock, read by a script put on the page before
Streamlit's: the time of the click (a capturing listener), and the time of every
websocket frame the page receives (a wrapped WebSocket). Done is the last frame that
arrives after the click before the page stays quiet for `QUIET_MS`: a rerun the first run
starts (a component sending a value back, st.switch_page) counts, since the user waits
for it too.

Also measured here: the cold start (the server process started to a rendered login
page), a respondent's answer on the scan link (click to the saved state on screen), and
40 respondents answering at once, each in a browser context of their own (a real
websocket session each), with every stored answer counted afterwards.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from reset_core.i18n import translate

from .memory import CHROMIUM, FLAGS, _free_port, rss_mb

PROJECT = Path(__file__).resolve().parent.parent
MINIMAL = PROJECT / "bench" / "minimal" / "app.py"
QUIET_MS = 1000  # no frame for this long after the last one: the click's work is done
LIMIT_S = 90
# The facilitator's pages, in menu order, as their menu keys name them (menu_<address>).
FACILITATOR_MENU = ("home", "intake", "conversations", "cards", "scan", "dialogue", "agreement", "followup",
                    "closing", "learning")

INSTRUMENT = """
(() => {
  window.__frames = [];
  window.__clicks = [];
  const Native = window.WebSocket;
  class Timed extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => window.__frames.push(performance.now()));
    }
  }
  window.WebSocket = Timed;
  document.addEventListener('click', () => window.__clicks.push(performance.now()), true);
})();
"""


def t(key: str) -> str:
    return translate(key, "nl")


@dataclass
class Samples:
    name: str
    ms: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.ms)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class Served:
    """`streamlit run <script>` on loopback; `started` is when the process was started."""

    def __init__(self, script: str, env: dict[str, str] | None = None) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.address", "127.0.0.1",
             "--server.port", str(self.port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=PROJECT, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )

    def wait_healthy(self) -> None:
        deadline = time.time() + LIMIT_S
        while True:
            try:
                urllib.request.urlopen(self.url + "/_stcore/health", timeout=2)
                return
            except OSError:
                if time.time() > deadline or self.process.poll() is not None:
                    raise RuntimeError("a bench server did not start") from None
                time.sleep(0.05)

    def cpu_ms(self) -> float:
        """CPU time the server has used so far (user + system): a click's share of it
        holds on a busy machine, where its wall time does not."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")

    def memory_mb(self) -> float:
        return rss_mb(self.process.pid)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


async def new_page(browser):
    context = await browser.new_context()
    await context.add_init_script(INSTRUMENT)
    page = await context.new_page()
    page.set_default_timeout(LIMIT_S * 1000)
    return page


async def quiet(page) -> None:
    """Until no frame has come for QUIET_MS and Streamlit shows no run in progress."""
    await page.wait_for_function(
        f"() => window.__frames.length && performance.now() - window.__frames[window.__frames.length - 1] > {QUIET_MS}"
        " && !document.querySelector('[data-testid=\"stStatusWidget\"]')",
        polling=100, timeout=LIMIT_S * 1000,
    )


async def click_to_done(page, locator) -> float:
    """ms from a click on `locator` to the last frame of the work it started."""
    await quiet(page)
    await locator.click()
    await page.wait_for_function(
        "() => window.__clicks.length && window.__frames.length"
        " && window.__frames[window.__frames.length - 1] > window.__clicks[window.__clicks.length - 1]",
        polling=50, timeout=LIMIT_S * 1000,
    )
    await quiet(page)
    return await page.evaluate(
        "() => { const c = window.__clicks[window.__clicks.length - 1];"
        " return Math.max(...window.__frames.filter(f => f > c)) - c; }"
    )


def menu(page, name: str):
    return page.locator(f".st-key-menu_{name} button")


async def log_in(page, url: str, username: str, password: str) -> None:
    await page.goto(url)
    await page.get_by_role("textbox", name="Gebruikersnaam").fill(username)
    await page.get_by_role("textbox", name="Wachtwoord", exact=True).fill(password)
    await page.get_by_role("button", name="Aanmelden").click()
    await page.get_by_role("heading", name="Mijn dossiers").wait_for()
    await quiet(page)


async def open_link(page, url: str, token: str) -> None:
    """A respondent's scan link, past its intro, on the first theme's statements."""
    await page.goto(f"{url}/?t={token}")
    await page.get_by_role("button", name=t("scan_link.start")).click()
    await page.locator('.st-key-answer_statements [data-testid="stRadio"]').first.wait_for()
    await quiet(page)


def option(page, statement: int, value: int = 3, within: str = ".st-key-answer_statements "):
    """The answer `value` (1-5) of the `statement`-th statement on screen (not the
    language choice above them, a radio too)."""
    return page.locator(within + '[data-testid="stRadio"]').nth(statement).locator('[data-testid="stRadioOption"]').nth(value - 1)


@dataclass
class Result:
    cold_start_s: float
    pages: dict[str, Samples]
    minimal_pages: Samples
    cpu: dict[str, float]  # mean server CPU ms per click, by page ("minimal app" for the yardstick)
    minimal_radio: Samples
    answer: Samples
    crowd: Samples
    crowd_expected: int
    facilitator_during_crowd: Samples
    memory_mb: float | None
    sessions: int


async def _measure(data: Path, key: str, username: str, password: str, case_id: int, tokens: list[str],
                   crowd_tokens: list[str], rounds: int, sessions: int, log) -> Result:
    from playwright.async_api import async_playwright

    env = {"RESET_DATA_DIR": str(data), "RESET_DB_KEY": key, "RESET_LOGIN_SLEEP": "0.3"}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            # Cold start: the process started to the login page drawn in a browser already open.
            first = await new_page(browser)
            app = Served("serve.py", env)
            minimal = Served(str(MINIMAL))
            try:
                await asyncio.to_thread(app.wait_healthy)
                await first.goto(app.url)
                await first.get_by_role("textbox", name="Gebruikersnaam").wait_for()
                cold = time.perf_counter() - app.started
                log(f"  cold start to the login page: {cold:.2f} s")
                await asyncio.to_thread(minimal.wait_healthy)

                facilitator = first
                await log_in(facilitator, app.url, username, password)
                await facilitator.goto(f"{app.url}/followup?case={case_id}")  # the case in focus for every case page
                await quiet(facilitator)
                yardstick = await new_page(browser)
                await yardstick.goto(minimal.url)
                await quiet(yardstick)

                pages = {name: Samples(name) for name in FACILITATOR_MENU}
                cpu: dict[str, float] = {}

                async def measured(server: Served, tab, target, name: str) -> float:
                    before = server.cpu_ms()
                    took = await click_to_done(tab, target)
                    await quiet(tab)
                    cpu[name] = cpu.get(name, 0.0) + (server.cpu_ms() - before) / rounds
                    return took

                minimal_pages, minimal_radio = Samples("minimal app, page"), Samples("minimal app, radio")
                for round_ in range(rounds):
                    log(f"  round {round_ + 1} of {rounds} ...")
                    for name in FACILITATOR_MENU:
                        pages[name].ms.append(await measured(app, facilitator, menu(facilitator, name), name))
                        other = "two" if len(minimal_pages.ms) % 2 == 0 else "one"
                        minimal_pages.ms.append(await measured(minimal, yardstick, menu(yardstick, other), "minimal app"))
                # The minimal app's radio, as many times as a respondent answers below.
                if await yardstick.locator('[data-testid="stRadio"]').count() == 0:
                    await click_to_done(yardstick, menu(yardstick, "one"))
                answer = Samples("scan link answer")
                respondent = await new_page(browser)
                await open_link(respondent, app.url, tokens[0])
                # A theme holds four statements in scan version 2 (five in version 1): each
                # click answers the next one with a new value, so that every click saves.
                statements = await respondent.locator('.st-key-answer_statements [data-testid="stRadio"]').count()
                for n in range(rounds):
                    minimal_radio.ms.append(await click_to_done(yardstick, option(yardstick, 0, 1 + n % 5, within="")))
                    answer.ms.append(await click_to_done(respondent, option(respondent, n % statements, 1 + n % 5)))
                await respondent.context.close()

                log(f"  {len(crowd_tokens)} respondents open their links ...")
                crowd_pages = []
                for start in range(0, len(crowd_tokens), 8):  # opened a few at a time, as people do
                    batch = [await new_page(browser) for _ in crowd_tokens[start:start + 8]]
                    await asyncio.gather(*(open_link(pg, app.url, tok) for pg, tok in zip(batch, crowd_tokens[start:start + 8])))
                    crowd_pages += batch
                log(f"  {len(crowd_pages)} respondents answer at once ...")
                crowd = Samples("40 respondents at once")
                during = Samples("facilitator during the crowd")

                async def facilitator_clicks() -> None:
                    for name in ("home", "scan", "followup"):
                        during.ms.append(await click_to_done(facilitator, menu(facilitator, name)))

                for statement in range(3):  # three answers each, all at the same moment
                    times, _ = await asyncio.gather(
                        asyncio.gather(*(click_to_done(pg, option(pg, statement)) for pg in crowd_pages)),
                        facilitator_clicks(),
                    )
                    crowd.ms += times
                expected = 3 * len(crowd_pages)

                used = None
                if sessions and len(crowd_pages) >= sessions - 1:
                    for pg in crowd_pages[sessions - 1:]:  # the facilitator's tab is one of them
                        await pg.context.close()
                    crowd_pages = crowd_pages[:sessions - 1]
                    await asyncio.sleep(2)
                    used = app.memory_mb()
                    log(f"  server memory with {len(crowd_pages) + 1} sessions open: {used:.0f} MB")
                for pg in crowd_pages:
                    await pg.context.close()
            finally:
                app.stop()
                minimal.stop()
        finally:
            await browser.close()
    cpu["minimal app"] /= len(FACILITATOR_MENU)
    return Result(cold, pages, minimal_pages, cpu, minimal_radio, answer, crowd, expected, during, used, sessions)


def measure(data: Path, key: str, username: str, password: str, case_id: int, tokens: list[str],
            crowd_tokens: list[str], rounds: int = 5, sessions: int = 20, log=print) -> Result:
    return asyncio.run(_measure(data, key, username, password, case_id, tokens, crowd_tokens, rounds, sessions, log))
