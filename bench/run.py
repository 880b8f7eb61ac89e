"""`make bench`: build (or reuse) the bench database, then measure, in one run, every
page against an empty Streamlit page, the agreement and scan report PDFs, the
learning view, the database size and the server's memory with 20 sessions open.
Prints a table and writes bench/out/report.txt."""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import time
from datetime import date, datetime
from pathlib import Path

import streamlit.logger

from reset_core import accounts, agreement, database, learning, scan, services
from reset_core.config import DB_FILE, Settings
from reset_core.documents import scan_report
from reset_core.documents.plan import document
from reset_core.errors import ResetError
from reset_core.model import MomentKind, Phase, Respondent

from . import browser, build, memory, pages

RUN_DIR = build.OUT / "run"
# (page file under views/, needs a case): the facilitator's pages, then the admin's.
FACILITATOR_PAGES = (
    ("facilitator/home.py", False), ("facilitator/intake.py", True), ("facilitator/conversations.py", True),
    ("facilitator/cards.py", False), ("facilitator/scan.py", True), ("facilitator/dialogue.py", True),
    ("facilitator/agreement.py", True), ("facilitator/followup.py", True), ("facilitator/closing.py", True),
    ("shared/learning.py", False),
)
ADMIN_PAGES = (("shared/learning.py", False), ("admin/accounts.py", False))
TARGET_RATIO = 3.0
TARGET_PAGE = 0.300
TARGET_PDF = 0.5
TARGET_MEMORY_MB = 600
# The browser section (issue 19): what a user feels, against a minimal Streamlit app.
TARGET_CLICK_RATIO = 2.0
TARGET_CLICK_P95 = 300  # ms
TARGET_ANSWER_RATIO = 1.5
TARGET_COLD_START = 3.0  # s
CROWD = 40


def _fresh_copy(source: build.BenchDatabase) -> Path:
    """Every run measures the same database: page runs write audit entries and sessions."""
    shutil.rmtree(RUN_DIR, ignore_errors=True)
    RUN_DIR.mkdir(parents=True)
    shutil.copyfile(source.config.db_path, RUN_DIR / DB_FILE)
    return RUN_DIR


def _timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def _users(store) -> dict[str, object]:
    return {u.username: u for u in accounts.login_directory(store)}


def _richest_case(store, facilitator) -> int:
    """The measured facilitator's case in follow-up: scans at every moment, two agreement
    versions, follow-ups; the heaviest case screens a facilitator opens."""
    cases = [s.case for s in services.list_cases(store, facilitator)]
    return next(c.id for c in cases if c.phase is Phase.FOLLOW_UP)


def _answer_token(store, facilitator) -> str:
    """A fresh link of a case still in preparation, as a respondent would get it."""
    case = next(s.case for s in services.list_cases(store, facilitator) if s.case.phase is Phase.PREPARATION)
    _, tokens = scan.create_moment(store, facilitator, case.id, MomentKind.EXTRA, date.today())
    return tokens[Respondent.EMPLOYEE]


def _crowd_tokens(store, facilitators: list[str], wanted: int) -> list[str]:
    """`wanted` fresh links (two per new moment), on cases in preparation of several
    facilitators, as the respondents of a busy morning would get them."""
    users = _users(store)
    tokens: list[str] = []
    for name in facilitators:
        facilitator = users[name]
        for summary in services.list_cases(store, facilitator):
            if len(tokens) >= wanted:
                return tokens[:wanted]
            if summary.case.phase is not Phase.PREPARATION:
                continue
            try:
                _, made = scan.create_moment(store, facilitator, summary.case.id, MomentKind.EXTRA, date.today())
            except ResetError:
                continue
            tokens += made.values()
    return tokens[:wanted]


def _browser_section(folder: Path, db: build.BenchDatabase, rounds: int, sessions: int, crowd_size: int, say) -> list[str]:
    """Click-to-done in chromium against the minimal app; returns the targets missed."""
    store = database.open_store(Settings(folder, build.KEY))
    try:
        facilitator = _users(store)[db.measured]
        case_id = _richest_case(store, facilitator)
        tokens = _crowd_tokens(store, db.facilitators, crowd_size + 1)
    finally:
        store.close()
    result = browser.measure(folder, build.KEY, db.measured, build.PASSWORD, case_id, tokens[:1], tokens[1:],
                             rounds=rounds, sessions=sessions, log=print)
    store = database.open_store(Settings(folder, build.KEY))
    try:  # every answer clicked must be stored: counted from the database, not the screens
        per_link = [len(scan.resume(store, tok).response.answers) for tok in tokens[1:]]
        stored = sum(per_link)
    finally:
        store.close()

    missed = []
    base = result.minimal_pages
    say()
    say(f"browser: click to the last websocket frame of the run it started, {rounds} rounds, "
        f"facilitator {db.measured}, case #{case_id}; load average {os.getloadavg()[0]:.1f}")
    say(f"{'click':<30}{'median ms':>10}{'p95 ms':>9}{'x minimal':>10}  {'<= 2x':<8}{'p95 < 300':<11}{'server CPU ms'}")
    say(f"{'minimal app, page':<30}{base.median:>10.0f}{base.p95:>9.0f}{1:>10.1f}{'':<21}{result.cpu['minimal app']:>8.0f}")
    for name, samples in result.pages.items():
        ratio = samples.median / base.median
        near, fast = ratio <= TARGET_CLICK_RATIO, samples.p95 < TARGET_CLICK_P95
        missed += [] if near and fast else [f"click {name}"]
        say(f"{name:<30}{samples.median:>10.0f}{samples.p95:>9.0f}{ratio:>10.1f}  "
            f"{'ok' if near else 'MISSED':<8}{'ok' if fast else 'MISSED':<11}{result.cpu[name]:>8.0f}")
    radio = result.minimal_radio
    say(f"{'minimal app, radio':<30}{radio.median:>10.0f}{radio.p95:>9.0f}{radio.median / base.median:>10.1f}")
    ratio = result.answer.median / base.median
    ok = ratio <= TARGET_ANSWER_RATIO
    missed += [] if ok else ["scan link answer"]
    say(f"{'scan link answer':<30}{result.answer.median:>10.0f}{result.answer.p95:>9.0f}{ratio:>10.1f}  "
        f"{'ok' if ok else 'MISSED':<8}(target <= {TARGET_ANSWER_RATIO}x the minimal page; "
        f"{result.answer.median / radio.median:.1f}x its radio)")
    crowd, during = result.crowd, result.facilitator_during_crowd
    lost = result.crowd_expected - stored
    missed += [] if lost == 0 else ["answers lost"]
    say(f"{crowd_size} respondents at once: {len(crowd.ms)} answers clicked, {stored} stored ({lost} lost: "
        f"{'ok' if lost == 0 else 'MISSED: stored per link ' + str(per_link)}); answer latency median {crowd.median:.0f} ms, p95 {crowd.p95:.0f} ms")
    fast = during.p95 < TARGET_CLICK_P95 and during.median / base.median <= TARGET_CLICK_RATIO
    missed += [] if fast else ["facilitator during the crowd"]
    say(f"  the facilitator meanwhile (home, scan, follow-up): median {during.median:.0f} ms, "
        f"p95 {during.p95:.0f} ms  {'ok' if fast else 'MISSED'}")
    ok = result.cold_start_s < TARGET_COLD_START
    missed += [] if ok else ["cold start"]
    say(f"{'cold start to the login page':<40}{result.cold_start_s:>8.2f} s   target < {TARGET_COLD_START} s  "
        f"{'ok' if ok else 'MISSED'}")
    if result.memory_mb is not None:
        ok = result.memory_mb <= TARGET_MEMORY_MB
        missed += [] if ok else ["memory after the crowd"]
        say(f"{f'server memory, {result.sessions} sessions (after the crowd)':<40}{result.memory_mb:>8.0f} MB   "
            f"target < {TARGET_MEMORY_MB} MB  {'ok' if ok else 'MISSED'}")
    return missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--per-facilitator", type=int, default=100)
    parser.add_argument("--runs", type=int, default=20, help="timed runs per page")
    parser.add_argument("--sessions", type=int, default=20, help="browser sessions for the memory figure")
    parser.add_argument("--no-memory", action="store_true", help="skip the browser sessions")
    parser.add_argument("--pages", default="", help="comma-separated page names to time (default: all)")
    parser.add_argument("--no-browser", action="store_true", help="skip click-to-done in chromium")
    parser.add_argument("--only-browser", action="store_true", help="the browser section alone")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of clicks in the browser section")
    parser.add_argument("--crowd", type=int, default=CROWD, help="respondents answering at once")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    streamlit.logger.set_log_level("error")  # AppTest's bare-mode warnings would bury the table
    build_started = time.perf_counter()
    db = build.build(args.cases, args.per_facilitator, log=lambda text: print(text, flush=True))
    built_in = time.perf_counter() - build_started
    folder = _fresh_copy(db)
    os.environ["RESET_DATA_DIR"] = str(folder)
    os.environ["RESET_DB_KEY"] = build.KEY
    os.environ["RESET_LOGIN_SLEEP"] = "0"
    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    say(f"ReSet bench, {datetime.now():%Y-%m-%d %H:%M}, {platform.node()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}")
    size_mb = (folder / DB_FILE).stat().st_size / 1e6
    say(f"database: {db.cases} cases, {len(db.facilitators)} facilitators, {size_mb:.0f} MB; "
        f"load average {os.getloadavg()[0]:.1f}")
    say(f"bench database {'built' if built_in > 5 else 'reused'} in {built_in:.0f} s")
    missed: list[str] = []
    if not args.no_browser:  # first, with the memory: a server needs the database file to itself
        missed += _browser_section(folder, db, args.rounds, args.sessions, args.crowd, say)
        if args.only_browser:
            say()
            say("all targets met" if not missed else "missed: " + ", ".join(missed))
            (build.OUT / "report-browser.txt").write_text("\n".join(lines) + "\n")
            return 0

    memory_mb = None
    if not args.no_memory:  # first: the server needs the database file to itself
        memory_mb = memory.measure(folder, build.KEY, db.measured, build.PASSWORD, args.sessions, log=print)

    pages.like_the_server()
    from ui.state import _open_store  # the very Store the AppTest runs use

    store = _open_store()
    users = _users(store)
    facilitator, admin = users[db.measured], users[build.ADMIN]
    case_id = _richest_case(store, facilitator)
    token = _answer_token(store, facilitator)
    own = sum(1 for _ in services.list_cases(store, facilitator))
    say(f"measured: facilitator {facilitator.username} with {own} cases, case #{case_id}; admin sees all")
    wanted = {p for p in args.pages.split(",") if p}

    timings: list[tuple[str, pages.Timing]] = []
    empty = [pages.empty_page(args.runs)]
    for who, user, page_list in (("", facilitator, FACILITATOR_PAGES), ("admin ", admin, ADMIN_PAGES)):
        for page_file, needs_case in page_list:
            name = who + Path(page_file).stem
            if wanted and name not in wanted and Path(page_file).stem not in wanted:
                continue
            print(f"  timing {name} ...", flush=True)
            timings.append((name, pages.page(store, user, page_file, case_id if needs_case else None, args.runs)))
    if not wanted or "answer" in wanted:
        timings.append(("answer (scan link)", pages.answer_page(token, args.runs)))
    empty.append(pages.empty_page(args.runs))
    baseline = pages.Timing("empty page", empty[0].runs + empty[1].runs)

    say()
    say(f"{'page':<22}{'median ms':>10}{'p95 ms':>9}{'x empty':>9}  {'< 300 ms':<10}{'<= 3x empty'}")
    say(f"{baseline.name:<22}{baseline.median * 1000:>10.1f}{baseline.p95 * 1000:>9.1f}{1:>9.1f}")
    for name, timing in timings:
        ratio = timing.median / baseline.median
        fast, near = timing.median <= TARGET_PAGE, ratio <= TARGET_RATIO
        missed += [] if fast and near else [name]
        say(f"{name:<22}{timing.median * 1000:>10.1f}{timing.p95 * 1000:>9.1f}{ratio:>9.1f}  "
            f"{'ok' if fast else 'MISSED':<10}{'ok' if near else 'MISSED'}")

    say()
    plan = agreement.load(store, facilitator, case_id)
    charted = [v for v in plan.versions if v.content.chart_moment_id is not None]
    version = max(charted or plan.versions, key=lambda v: v.number)
    document(store, facilitator, case_id, version.number)  # warm-up: fonts, the chart renderer
    pdf = _timed(lambda: document(store, facilitator, case_id, version.number), 10)
    result = next(r for r in reversed(scan.results(store, facilitator, case_id)) if r.comparison)
    overview = next(o for o in scan.overview(store, facilitator, case_id) if o.moment.id == result.moment.id)
    submitted = {s.respondent.value: s.submitted_at for s in overview.links}

    def scan_pdf() -> bytes:  # as the scan page makes it
        return scan_report.build(services.get_case(store, facilitator, case_id), result, submitted, "nl")

    scan_pdf()
    report = _timed(scan_pdf, 10)
    for name, times, target in (
        (f"agreement PDF (v{version.number}, {'with' if charted else 'without'} chart)", pdf, TARGET_PDF),
        ("scan report PDF", report, TARGET_PDF),
    ):
        median = statistics.median(times)
        missed += [] if median <= target else [name]
        say(f"{name:<40}{median:>8.3f} s   target < {target} s  {'ok' if median <= target else 'MISSED'}")
    for name, user in (("learning view, facilitator", facilitator), ("learning view, admin (all)", admin)):
        learning.view(store, user)
        times = _timed(lambda user=user: learning.view(store, user), 5)
        say(f"{name:<40}{statistics.median(times):>8.3f} s")
    store.close()
    say(f"{f'database size ({db.cases} cases)':<40}{size_mb:>8.0f} MB")
    if memory_mb is not None:
        ok = memory_mb <= TARGET_MEMORY_MB
        missed += [] if ok else ["memory"]
        say(f"{f'server memory, {args.sessions} sessions':<40}{memory_mb:>8.0f} MB   target < {TARGET_MEMORY_MB} MB  "
            f"{'ok' if ok else 'MISSED'}")
    say()
    say("all targets met" if not missed else "missed: " + ", ".join(missed))
    say(f"(bench took {time.perf_counter() - started:.0f} s)")
    (build.OUT / "report.txt").write_text("\n".join(lines) + "\n")
    return 0
