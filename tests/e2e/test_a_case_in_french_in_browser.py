"""A French-speaking facilitator runs a case in French in the browser, for a Brussels case:
the language chosen once stays with the account; the intake, the scan page and the
French-speaking employee's scan link and own results speak French, while the
Dutch-speaking manager answers in Dutch; the joint comparison comes back in French."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from reset_core.i18n import translate
from reset_core.instrument import load_instrument
from reset_core.scan import CURRENT_VERSION
from tests.e2e.conftest import (
    PASSWORD,
    Server,
    answer_statements_on_screen,
    cli,
    fill_date,
    login_cookie,
    screenshot,
    settle,
)

pytestmark = pytest.mark.browser
INSTRUMENT = load_instrument(CURRENT_VERSION)


def fr(key: str, **params: object) -> str:
    return translate(key, "fr", **params)


def nl(key: str, **params: object) -> str:
    return translate(key, "nl", **params)


def scale(value: int, lang: str) -> str:
    """A scale point as the scan link shows it."""
    point = next(p for p in INSTRUMENT.scale if p.value == value)
    return f"{value} - {point.label[lang]}"


def log_in_as_fien(browser, url: str, heading: str):
    """The login page speaks Dutch until it knows who logs in; the app then opens in the
    account's language."""
    page = browser.new_context().new_page()
    page.goto(url)
    settle(page)
    page.get_by_role("textbox", name=nl("account.username")).fill("fien")
    page.get_by_role("textbox", name=nl("account.password"), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=nl("login.submit")).click()
    settle(page)
    expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=90_000)
    login_cookie(page)
    return page


def pick(page, label: str, option: str, scope=None) -> None:
    box = (scope or page).get_by_role("combobox", name=label, exact=True)
    for attempt in range(3):
        settle(page)
        box.click()
        item = page.get_by_role("option", name=option, exact=True)
        try:
            item.wait_for(timeout=10_000)
            item.click()
            settle(page)
            return
        except Exception:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")


def answer_all(page, lang: str, value: int) -> None:
    """Every theme with one answer, then the summary, then submit (the self-placement skipped)."""
    say = fr if lang == "fr" else nl
    label = scale(value, lang)
    page.get_by_role("button", name=say("scan_link.start")).click()
    settle(page)
    for _theme in INSTRUMENT.themes():
        answer_statements_on_screen(page, label)
        expect(page.get_by_text(say("scan_link.theme_done"))).to_be_visible(timeout=15_000)
        page.get_by_role("button", name=say("scan_link.next")).click()
        settle(page)
    page.get_by_role("button", name=say("scan_link.next")).click()  # the last questions, left empty
    settle(page)
    expect(page.get_by_text(say("scan_link.summary_complete"), exact=True)).to_be_visible(timeout=15_000)
    page.get_by_role("button", name=say("scan_link.submit")).click()
    settle(page)
    expect(page.get_by_text(say("scan_link.thank_you"))).to_be_visible(timeout=20_000)


def test_a_french_speaking_facilitator_runs_a_brussels_case_in_french_and_each_party_answers_in_their_language(tmp_path, browser):
    data = tmp_path / "data"
    cli(data, "add-user", "fien", "--role", "facilitator", stdin=PASSWORD + "\n")
    server = Server(data)
    try:
        page = log_in_as_fien(browser, server.url, nl("home.title"))
        pick(page, nl("app.language"), "Français", scope=page.locator('[data-testid="stSidebar"]'))
        expect(page.get_by_role("heading", name=fr("home.title"))).to_be_visible(timeout=20_000)

        # --- the intake, in French --------------------------------------------------------
        page.goto(server.url + "/intake")
        settle(page)
        form = page.locator('[data-testid="stForm"]').first
        expect(form.get_by_role("button", name=fr("intake.open_case"))).to_be_visible(timeout=60_000)
        names = form.get_by_role("textbox", name=fr("intake.name"), exact=True)
        names.nth(0).fill("Julie Lambert")
        names.nth(1).fill("Pieter Claessens")
        fill_date(page, fr("intake.sick_leave_start"), date.today() - timedelta(days=60))
        form.get_by_role("button", name=fr("intake.open_case")).click()
        settle(page)
        expect(page.get_by_text(fr("intake.opened", id=1))).to_be_visible(timeout=20_000)
        screenshot(page, "french-intake")

        # --- the scan: a French link for the employee, a Dutch one for the manager ---------
        page.goto(server.url + "/scan?case=1")
        settle(page)
        pick(page, fr("scan.language_employee"), fr("app.language_fr"))
        page.get_by_role("button", name=fr("scan.create")).click()
        settle(page)
        page.locator('[data-testid="stCode"]').nth(1).wait_for(timeout=30_000)
        links = [code.inner_text().strip() for code in page.locator('[data-testid="stCode"]').all()]
        assert len(links) == 2

        employee = browser.new_context().new_page()
        employee.goto(links[0])
        settle(employee)
        assert "Julie Lambert" not in employee.inner_text("body")
        answer_all(employee, "fr", 2)
        expect(employee.get_by_text(fr("sharing.not_a_diagnosis"))).to_be_visible()
        employee.get_by_role("button", name=fr("sharing.release_yes")).click()
        settle(employee)
        expect(employee.get_by_text(fr("sharing.released_state"))).to_be_visible(timeout=15_000)
        screenshot(employee, "french-employee-own-results")

        manager = browser.new_context().new_page()
        manager.goto(links[1])
        settle(manager)
        answer_all(manager, "nl", 4)
        manager.get_by_role("button", name=nl("sharing.release_yes")).click()
        settle(manager)
        expect(manager.get_by_text(nl("sharing.released_state"))).to_be_visible(timeout=15_000)

        page.reload()
        settle(page)
        expect(page.get_by_text(fr("scan.comparison"))).to_be_visible(timeout=20_000)
        screenshot(page, "french-scan-comparison")
        page.context.close()

        # --- the next day: the app opens in French again ------------------------------------
        again = log_in_as_fien(browser, server.url, fr("home.title"))
        again.goto(server.url + "/intake?case=1")
        settle(again)
        expect(again.get_by_role("tab", name=fr("intake.tab_consent"))).to_be_visible(timeout=20_000)
        assert nl("intake.tab_consent") not in again.inner_text("body")
    finally:
        server.stop()
