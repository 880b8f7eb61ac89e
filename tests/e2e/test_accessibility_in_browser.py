"""Every screen checked by axe-core (axe-playwright-python bundles it) in chromium, on
the demo database: the login, each facilitator page with a case in focus, the joint
screen as the projector shows it, the admin pages, the scan link (also on a phone and at
200% zoom, and after submitting: one's own results, sharing, flags), a party's personal
space and a new installation's first screen. No critical or serious violation, and no heading out of order,
is allowed outside EXCEPTIONS (markup the app does not draw, with its origin named); the
count per rule and every finding are printed (pytest -s) so that a new rule shows up."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe

from reset_core import database, party_space, scan, services
from reset_core.demo import DEMO_PASSWORD, DEMO_USERS
from reset_core.i18n import translate
from reset_core.instrument import load_instrument
from reset_core.model import MomentKind, Phase, Respondent
from reset_core.scan import CURRENT_VERSION
from tests.conftest import TEST_KEY
from tests.e2e.conftest import MAIN, Server, go_to, login_cookie, menu_item, settle

pytestmark = pytest.mark.browser

FACILITATOR, ADMIN = DEMO_USERS[0], DEMO_USERS[2]
PHONE = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"
BLOCKING = {"critical", "serious"}
# Headings in order is a moderate rule for axe, but a screen reader user moves by them.
ALSO_BLOCKING = {"heading-order"}

# (rule id, screen): markup the app does not draw itself, with where it comes from and
# the upstream issue. Nothing the app adds belongs here; README, Accessibility, lists them.
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("heading-order", "login"): "streamlit-authenticator draws its form's name with st.subheader, an h3 under the "
    "page's h1, and has no option for it: mkhorasani/Streamlit-Authenticator#175",
}

FACILITATOR_PAGES = ("home", "intake", "conversations", "cards", "scan", "dialogue", "agreement", "followup", "closing", "learning", "password")
ADMIN_PAGES = ("accounts", "privacy", "learning", "password")


def t(key: str, **params: object) -> str:
    return translate(key, "nl", **params)


@pytest.fixture
def demo(demo_config):
    """The demo database served, with the case in focus (the one furthest along that is
    still open), a fresh scan moment whose employee has not started and whose manager
    submitted, and the employee's personal space: (server, case id, links by screen)."""
    store = database.open_store(demo_config)
    try:
        cases = [s.case for s in services.list_cases(store, FACILITATOR) if s.case.phase is not Phase.CLOSED]
        case = max(cases, key=lambda c: list(Phase).index(c.phase))
        moment, tokens = scan.create_moment(store, FACILITATOR, case.id, MomentKind.EXTRA, date.today(), reason="axe")
        manager = tokens[Respondent.MANAGER]
        scan.save_answers(store, manager, {item.id: 4 for item in load_instrument(moment.instrument_version).items})
        scan.submit(store, manager)
        space = party_space.issue_link(store, FACILITATOR, case.id, Respondent.EMPLOYEE)
    finally:
        store.close()
    server = Server(demo_config.data_dir, TEST_KEY)
    yield server, case.id, {
        "scan": f"{server.url}/?t={tokens[Respondent.EMPLOYEE]}", "submitted": f"{server.url}/?t={manager}",
        "space": f"{server.url}/?p={space}",
    }
    server.stop()


# A page that stands still: no run going, and no element of an earlier run still drawn
# faded (Streamlit dims stale elements while a run is under way; a component such as the
# login cookie's can start one right after the page seemed done). Faded text fails the
# contrast rule for a reason the user never sees for long.
STILL = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || ['running', 'rerunRequested'].includes(app.dataset.testScriptState)) return false;
    return [...document.querySelectorAll('[data-testid="stElementContainer"]')].every(
        e => e.dataset.stale !== 'true' && getComputedStyle(e).opacity === '1');
}"""


class Findings:
    """The violations axe finds, per screen and per rule."""

    def __init__(self) -> None:
        self.axe = Axe()
        self.per_rule: Counter[str] = Counter()
        self.blocking: list[str] = []
        self.lines: list[str] = []

    def check(self, page, screen: str) -> None:
        settle(page)
        for _ in range(5):  # until a check starts and ends on a page that stood still
            page.wait_for_function(STILL, timeout=60_000)
            violations = self.axe.run(page).response["violations"]
            if page.evaluate(STILL):
                break
        for v in violations:
            self.per_rule[f"{v['id']} ({v['impact']})"] += len(v["nodes"])
            texts = [n["html"][:120] for n in v["nodes"]][:3]
            line = f"{screen}: {v['id']} ({v['impact']}, {len(v['nodes'])}x) {v['help']} {texts}"
            self.lines.append(line)
            if (v["impact"] in BLOCKING or v["id"] in ALSO_BLOCKING) and (v["id"], screen) not in EXCEPTIONS:
                self.blocking.append(line)

    def report(self) -> str:
        if not self.lines:
            return ""
        rules = "\n".join(f"{count:4d}  {rule}" for rule, count in sorted(self.per_rule.items()))
        return rules + "\n" + "\n".join(self.lines)


def log_in_as(browser, url: str, user):
    """A fresh browser context logged in through the form, cookie stored; waits sized for
    a loaded machine (the shared log_in waits 15 s for the first page after the login)."""
    page = browser.new_context().new_page()
    page.goto(url)
    page.get_by_role("button", name=t("login.submit")).wait_for(timeout=120_000)
    settle(page)
    page.get_by_role("textbox", name=t("account.username")).fill(user.username)
    page.get_by_role("textbox", name=t("account.password"), exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name=t("login.submit")).click()
    menu_item(page, t("page.password")).wait_for(timeout=120_000)
    settle(page)
    login_cookie(page)
    return page


def test_no_screen_has_a_critical_or_serious_accessibility_violation(demo, browser):
    server, case_id, links = demo
    found = Findings()

    login = browser.new_context().new_page()
    login.goto(server.url)
    login.get_by_role("button", name=t("login.submit")).wait_for(timeout=120_000)
    found.check(login, "login")
    login.context.close()

    respondent = browser.new_context().new_page()
    respondent.goto(links["scan"])
    respondent.get_by_role("button", name=t("scan_link.start")).wait_for(timeout=60_000)
    found.check(respondent, "scan link, start")
    respondent.get_by_role("button", name=t("scan_link.start")).click()
    respondent.locator('[data-testid="stRadio"]').first.wait_for(timeout=60_000)
    found.check(respondent, "scan link, a theme")
    respondent.goto(links["submitted"])
    respondent.get_by_role("heading", name=t("sharing.own_title")).wait_for(timeout=60_000)
    found.check(respondent, "scan link, submitted: own results, sharing, flags")
    respondent.goto(links["space"])
    respondent.get_by_role("heading", name=t("space.title")).first.wait_for(timeout=60_000)
    found.check(respondent, "personal space")
    respondent.context.close()

    facilitator = log_in_as(browser, server.url, FACILITATOR)
    facilitator.goto(f"{server.url}/?case={case_id}")
    settle(facilitator)
    for name in FACILITATOR_PAGES:
        go_to(facilitator, t(f"page.{name}"))
        facilitator.locator(MAIN).get_by_role("heading").first.wait_for(timeout=30_000)
        found.check(facilitator, f"facilitator, {name}")
    facilitator.goto(f"{server.url}/dialogue?case={case_id}&present=1")
    facilitator.locator(MAIN).get_by_role("heading").first.wait_for(timeout=60_000)
    found.check(facilitator, "facilitator, the joint screen")
    facilitator.context.close()

    admin = log_in_as(browser, server.url, ADMIN)
    for name in ADMIN_PAGES:
        go_to(admin, t(f"page.{name}"))
        admin.locator(MAIN).get_by_role("heading").first.wait_for(timeout=30_000)
        found.check(admin, f"admin, {name}")

    print("\naxe violations per rule (nodes), every screen together:\n" + (found.report() or "   none"))
    assert not found.blocking, "\n".join(found.blocking)


def test_the_scan_link_reads_on_a_phone_and_at_200_percent_zoom_without_sideways_scrolling(demo, browser):
    server, _, links = demo
    link = links["scan"]
    found = Findings()
    statements = len(load_instrument(CURRENT_VERSION).items)
    # A phone held upright (its browser says it is one: one statement per screen), and a
    # 1280 x 800 screen zoomed to 200% (640 x 400 CSS pixels: a theme per screen).
    for width, height, screen in ((390, 844, "phone"), (640, 400, "200% zoom")):
        phone = {"is_mobile": True, "has_touch": True, "user_agent": PHONE} if screen == "phone" else {}
        page = browser.new_context(viewport={"width": width, "height": height}, **phone).new_page()
        page.goto(link)
        page.get_by_role("button", name=t("scan_link.start")).wait_for(timeout=60_000)
        found.check(page, f"scan link, start, {screen}")
        page.get_by_role("button", name=t("scan_link.start")).click()
        page.locator('[data-testid="stRadio"]').first.wait_for(timeout=60_000)
        if phone:
            page.get_by_text(t("scan_access.statement_of_all", number=1, count=statements), exact=True).wait_for(timeout=60_000)
            found.check(page, "scan link, one statement per screen, phone")
            # Each answer a row to tap, 44 CSS pixels high at least (WCAG 2.5.5's target size).
            rows = page.locator('.st-key-answer_one_statement [data-testid="stRadioOption"]')
            sizes = rows.evaluate_all("rows => rows.map(r => [r.getBoundingClientRect().width, r.getBoundingClientRect().height])")
            assert len(sizes) == 6 and all(w >= width / 2 and h >= 44 for w, h in sizes), sizes
        else:
            found.check(page, f"scan link, a theme, {screen}")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), f"sideways scrolling, {screen}"
        page.get_by_role("button", name=t("scan_link.next")).scroll_into_view_if_needed()
        assert page.get_by_role("button", name=t("scan_link.next")).is_visible(), screen
        page.context.close()
    print("\naxe violations per rule (nodes), the scan link on small screens:\n" + (found.report() or "   none"))
    assert not found.blocking, "\n".join(found.blocking)


def test_the_first_administrators_screen_of_a_new_installation_has_no_serious_violation(tmp_path, browser):
    server = Server(tmp_path / "data", TEST_KEY)  # an empty data folder: the first screen asks for an administrator
    try:
        found = Findings()
        page = browser.new_context().new_page()
        page.goto(server.url)
        page.locator(MAIN).get_by_role("heading").first.wait_for(timeout=120_000)
        found.check(page, "first administrator")
        print("\naxe violations per rule (nodes), the first administrator's screen:\n" + (found.report() or "   none"))
        assert not found.blocking, "\n".join(found.blocking)
    finally:
        server.stop()
