"""What one click costs on the wire: `python -m bench.trace [--cases N] [--pages home,scan]`.

Logs the bench facilitator in on the real server (a copy of the bench database), clicks
each menu entry and decodes every websocket frame of the click with Streamlit's own
protobufs: the script runs it started (each run begins with a new_session message, and
a rerun the browser asks for is a rerun_script BackMsg), the elements drawn, their kinds
and the bytes. Counts, not times: they hold on a busy machine too, and they say where a
page's time goes (a second run, a hundred small elements, a chart spec sent again).
"""

from __future__ import annotations

import argparse
import shutil
from collections import Counter
from datetime import datetime

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from reset_core import accounts, database, services
from reset_core.config import DB_FILE, Settings
from reset_core.model import Phase

from . import build
from .browser import FACILITATOR_MENU, Served
from .memory import CHROMIUM, FLAGS

TRACE_DIR = build.OUT / "trace"


class Wire:
    def __init__(self) -> None:
        self.received: list[ForwardMsg] = []
        self.sent: list[BackMsg] = []
        self.bytes = 0

    def watch(self, ws) -> None:
        def received(payload) -> None:
            if isinstance(payload, bytes):
                msg = ForwardMsg()
                msg.ParseFromString(payload)
                self.received.append(msg)
                self.bytes += len(payload)

        def sent(payload) -> None:
            if isinstance(payload, bytes):
                msg = BackMsg()
                msg.ParseFromString(payload)
                self.sent.append(msg)

        ws.on("framereceived", received)
        ws.on("framesent", sent)

    def take(self) -> tuple[list[ForwardMsg], list[BackMsg], int]:
        got = (self.received, self.sent, self.bytes)
        self.received, self.sent, self.bytes = [], [], 0
        return got


def element_kind(msg: ForwardMsg) -> str:
    delta = msg.delta
    which = delta.WhichOneof("type")
    if which == "new_element":
        return delta.new_element.WhichOneof("type") or "?"
    if which == "add_block":
        return "block"
    return which or "?"


def summary(received: list[ForwardMsg], sent: list[BackMsg], size: int) -> str:
    runs = sum(1 for m in received if m.WhichOneof("type") == "new_session")
    reruns = [m for m in sent if m.WhichOneof("type") == "rerun_script"]
    kinds = Counter(element_kind(m) for m in received if m.WhichOneof("type") == "delta")
    biggest = kinds.most_common(6)
    widget_reruns = sum(1 for m in reruns if m.rerun_script.widget_states.widgets)
    ends = Counter(ForwardMsg.ScriptFinishedStatus.Name(m.script_finished).removeprefix("FINISHED_").lower()
                   for m in received if m.WhichOneof("type") == "script_finished")
    return (f"{runs} runs ({', '.join(f'{k} {n}' for k, n in ends.items())}), "
            f"{len(reruns)} reruns asked by the browser ({widget_reruns} with widget states), "
            f"{len(received)} frames, {size / 1024:.0f} KB, {sum(kinds.values())} deltas: "
            + ", ".join(f"{k} {n}" for k, n in biggest))


def quiet(page, wire: Wire, seconds: float = 3.0) -> None:
    """Until no frame came for `seconds` and no run shows as in progress."""
    seen, still = -1, 0.0
    while still < seconds:
        page.wait_for_timeout(250)
        count = len(wire.received)
        busy = page.locator('[data-testid="stStatusWidget"]').count() > 0
        still = 0.0 if count != seen or busy else still + 0.25
        seen = count


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(prog="python -m bench.trace", description=__doc__)
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--pages", default=",".join(FACILITATOR_MENU))
    args = parser.parse_args(argv)
    db = build.build(args.cases)
    shutil.rmtree(TRACE_DIR, ignore_errors=True)
    TRACE_DIR.mkdir(parents=True)
    shutil.copyfile(db.config.db_path, TRACE_DIR / DB_FILE)
    store = database.open_store(Settings(TRACE_DIR, build.KEY))
    try:
        facilitator = next(u for u in accounts.login_directory(store) if u.username == db.measured)
        case_id = next(s.case.id for s in services.list_cases(store, facilitator) if s.case.phase is Phase.FOLLOW_UP)
    finally:
        store.close()

    app = Served("serve.py", {"RESET_DATA_DIR": str(TRACE_DIR), "RESET_DB_KEY": build.KEY, "RESET_LOGIN_SLEEP": "0.3"})
    try:
        app.wait_healthy()
        wire = Wire()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page()
            page.set_default_timeout(120_000)
            page.on("websocket", wire.watch)
            page.goto(app.url)
            page.get_by_role("textbox", name="Gebruikersnaam").fill(db.measured)
            page.get_by_role("textbox", name="Wachtwoord", exact=True).fill(build.PASSWORD)
            page.get_by_role("button", name="Aanmelden").click()
            page.get_by_role("heading", name="Mijn dossiers").wait_for()
            quiet(page, wire)
            print(f"{datetime.now():%H:%M:%S} login: {summary(*wire.take())}")
            page.goto(f"{app.url}/followup?case={case_id}")
            quiet(page, wire)
            wire.take()
            for name in [n for n in args.pages.split(",") if n]:
                page.locator(f".st-key-menu_{name} button").click()
                quiet(page, wire)
                print(f"{name:<14} {summary(*wire.take())}", flush=True)
            browser.close()
    finally:
        app.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
