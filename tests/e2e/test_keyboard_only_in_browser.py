"""The app with a keyboard alone: Tab, Shift+Tab, Enter, Space and the arrow keys, no
mouse. A facilitator logs in, opens one of two cases in the picker, makes a scan moment
through its form; the employee answers the first theme through the link, then turns on
one statement per screen and answers one that way. Where a button
has the focus, the focus must be visible (an outline or a ring)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from reset_core import database, intake
from reset_core.cards import load_card_set
from reset_core.config import Settings
from reset_core.i18n import translate
from reset_core.instrument import load_instrument
from reset_core.model import CaseDetails, Party, PartyRole, Role, User
from reset_core.scan import CURRENT_VERSION
from tests.e2e.conftest import KEY, Server, cli, login_cookie, menu_item, run_done, screenshot, settle

pytestmark = pytest.mark.browser

PASSWORD = "a long enough passphrase"
EMPLOYEE = "Marc Verbeke"
INSTRUMENT = load_instrument(CURRENT_VERSION)


def t(key: str, **params: object) -> str:
    return translate(key, "nl", **params)


@pytest.fixture
def server(tmp_path):
    """Two cases of one facilitator, so that one has to be chosen."""
    data = tmp_path / "data"
    cli(data, "add-user", "fien", "--role", "facilitator", stdin=PASSWORD + "\n")
    store = database.open_store(Settings(data, KEY))
    fien = User("fien", "Fien", Role.FACILITATOR)
    since = date.today() - timedelta(days=60)
    intake.open_case(store, fien, CaseDetails(Party(PartyRole.EMPLOYEE, "Sofie Peeters"), Party(PartyRole.MANAGER, "Jan Claes"), since))
    intake.open_case(store, fien, CaseDetails(Party(PartyRole.EMPLOYEE, EMPLOYEE), Party(PartyRole.MANAGER, "Katrien De Smet"), since))
    store.close()
    s = Server(data)
    yield s
    s.stop()


FOCUSED = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    return {
        type: e.type || '', checked: !!e.checked,
        name: (e.getAttribute('aria-label') || e.innerText || '').trim(),
    };
}"""

# The focus ring on a focused button (checked on buttons only: a text field or a radio
# shows its focus on a surrounding box, not on the focused element itself).
FOCUS_VISIBLE = """() => {
    const s = getComputedStyle(document.activeElement);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
}"""


def tab_to(page, wanted, *, backwards: bool = False, limit: int = 80) -> list[str]:
    """Press Tab (Shift+Tab) until the focus is on `wanted`: a locator, or a test on
    FOCUSED's description of the focused element. The names passed on the way."""
    key = "Shift+Tab" if backwards else "Tab"
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        focused = page.evaluate(FOCUSED)
        if focused and (wanted(focused) if callable(wanted) else wanted.evaluate("e => e === document.activeElement")):
            return seen
        seen.append(focused and focused["name"][:30])
    screenshot(page, "keyboard-lost")
    raise AssertionError(f"never reached with {key}; focus went through {seen}")


def assert_focus_visible(page, what: str) -> None:
    assert page.evaluate(FOCUS_VISIBLE), f"{what} has the focus but shows no outline or ring"


def test_a_facilitator_and_a_respondent_get_through_with_the_keyboard_alone(server, browser):
    page = browser.new_context().new_page()
    page.goto(server.url)
    page.get_by_role("button", name=t("login.submit")).wait_for(timeout=120_000)
    settle(page)

    tab_to(page, page.get_by_role("textbox", name=t("account.username")))
    page.keyboard.type("fien")
    tab_to(page, page.get_by_role("textbox", name=t("account.password"), exact=True))
    page.keyboard.type(PASSWORD)
    tab_to(page, page.get_by_role("button", name=t("login.submit")))
    assert_focus_visible(page, "the login button")
    page.keyboard.press("Enter")
    settle(page)
    page.get_by_role("heading", name=t("page.home")).wait_for(timeout=120_000)
    login_cookie(page)

    # The menu is reached from the page with Shift+Tab: it comes before the page, and
    # no heading's anchor link stands in the way.
    passed = tab_to(page, menu_item(page, t("page.scan")), backwards=True)
    assert "Link to heading" not in passed
    assert_focus_visible(page, "the menu's scan entry")
    page.keyboard.press("Enter")
    settle(page)
    expect(page.get_by_text(t("focus.choose_hint"))).to_be_visible(timeout=30_000)

    tab_to(page, page.get_by_role("combobox", name=t("intake.pick_case")))
    page.keyboard.type(EMPLOYEE.split()[0])
    page.keyboard.press("Enter")
    settle(page)
    expect(page.locator(".st-key-case_header").get_by_text(EMPLOYEE)).to_be_visible(timeout=30_000)

    tab_to(page, page.get_by_role("button", name=t("scan.create")))
    assert_focus_visible(page, "the form's submit button")
    page.keyboard.press("Enter")
    settle(page)
    page.locator('[data-testid="stCode"]').nth(1).wait_for(timeout=30_000)
    employee_link = page.locator('[data-testid="stCode"]').first.inner_text().strip()
    page.context.close()

    respondent = browser.new_context().new_page()
    respondent.goto(employee_link)
    respondent.get_by_role("button", name=t("scan_link.start")).wait_for(timeout=60_000)
    settle(respondent)
    tab_to(respondent, respondent.get_by_role("button", name=t("scan_link.start")))
    assert_focus_visible(respondent, "the start button")
    respondent.keyboard.press("Enter")
    settle(respondent)

    themes = INSTRUMENT.themes()
    for _ in INSTRUMENT.items_for(themes[0]):
        # A statement's answers are one stop for Tab; the arrow keys choose within it.
        tab_to(respondent, lambda f: f["type"] == "radio" and not f["checked"])
        respondent.keyboard.press("ArrowRight")  # moves to the next answer and chooses it
        run_done(respondent)
    settle(respondent)
    expect(respondent.get_by_text(t("scan_link.theme_done"))).to_be_visible(timeout=15_000)
    tab_to(respondent, respondent.get_by_role("button", name=t("scan_link.next")))
    assert_focus_visible(respondent, "the next button")
    respondent.keyboard.press("Enter")
    settle(respondent)
    second = load_card_set().theme(themes[1]).text("nl").name
    expect(respondent.get_by_role("heading", name=second)).to_be_visible(timeout=15_000)

    # One statement per screen, chosen with the keyboard (Space on the switch): the
    # statement is answered with the arrow keys and Next is reached with Tab.
    tab_to(respondent, respondent.get_by_role("switch", name=t("scan_link.one_by_one")))
    respondent.keyboard.press("Space")
    settle(respondent)
    total, before = len(INSTRUMENT.items), len(INSTRUMENT.items_for(themes[0]))
    expect(respondent.get_by_text(t("scan_access.statement_of_all", number=before + 1, count=total), exact=True)).to_be_visible(timeout=15_000)
    tab_to(respondent, lambda f: f["type"] == "radio" and not f["checked"])
    respondent.keyboard.press("ArrowRight")
    run_done(respondent)
    settle(respondent)
    left = len(INSTRUMENT.items_for(themes[1])) - 1
    expect(respondent.get_by_text(t("scan_link.theme_missing", count=left))).to_be_visible(timeout=15_000)
    tab_to(respondent, respondent.get_by_role("button", name=t("scan_link.next")))
    assert_focus_visible(respondent, "the next button, one statement per screen")
    respondent.keyboard.press("Enter")
    settle(respondent)
    expect(respondent.get_by_text(t("scan_access.statement_of_all", number=before + 2, count=total), exact=True)).to_be_visible(timeout=15_000)
