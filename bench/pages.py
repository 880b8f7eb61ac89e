"""Server-side run time of each page, through Streamlit's AppTest on the real app.py.

One AppTest per page holds a logged-in session (as tests/app/conftest.py does) with
the case chosen through ?case=; after a warm-up run, each further run is timed. The
yardstick is a one-line Streamlit script timed the same way in the same process, so
the ratio says what the page itself costs beyond Streamlit's own work.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import AppTest, app_test, local_script_runner

from reset_core import accounts
from reset_core.model import User

APP = str(Path(__file__).resolve().parent.parent / "app.py")
EMPTY_PAGE = "import streamlit as st\nst.write('ReSet')\n"
TIMEOUT = 120


@dataclass(frozen=True)
class Timing:
    name: str
    runs: list[float]  # seconds

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def p95(self) -> float:
        ordered = sorted(self.runs)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def like_the_server() -> None:
    """AppTest as the server runs scripts: bytecode compiled once.

    AppTest makes a new script cache for every run, so it compiles app.py and the page
    (with Streamlit's magic) again each time; the server keeps one cache per process.
    """
    shared = ScriptCache()
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared


def _timed(name: str, at: AppTest, runs: int) -> Timing:
    at.run()  # warm-up: the first run of a session loads what later runs reuse
    if at.exception:
        raise RuntimeError(f"{name}: {at.exception[0].message}")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    if at.exception:
        raise RuntimeError(f"{name}: {at.exception[0].message}")
    return Timing(name, times)


def empty_page(runs: int) -> Timing:
    return _timed("empty page", AppTest.from_string(EMPTY_PAGE, default_timeout=TIMEOUT), runs)


def logged_in(store, user: User) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["reset_session"] = accounts.start_session(
        store, user, (datetime.now() + timedelta(hours=8)).timestamp()
    )
    return at


def page(store, user: User, page_file: str, case_id: int | None, runs: int) -> Timing:
    at = logged_in(store, user)
    if case_id is not None:
        at.query_params["case"] = str(case_id)
    at.switch_page(f"views/{page_file}")
    return _timed(Path(page_file).stem, at, runs)


def answer_page(token: str, runs: int) -> Timing:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["t"] = token
    return _timed("answer", at, runs)
