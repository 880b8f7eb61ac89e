"""The joint dialogue presented in a real browser: one section at a time on the projector
at 1920 x 1080 and 1024 x 768, every theme name whole, moved by buttons and a clicker's
keys; and a second screen that follows the facilitator and goes blank when the
presentation ends. Screenshots of every section land in test-artifacts/ (git-ignored).
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from reset_core import database, dialogue, presentation, services
from reset_core.demo import DEMO_PASSWORD, DEMO_USERS
from reset_core.formats import theme_name
from reset_core.i18n import translate
from reset_core.model import Phase
from tests.conftest import TEST_KEY
from tests.e2e.conftest import Server, log_in, screenshot, settle

pytestmark = pytest.mark.browser

FACILITATOR = DEMO_USERS[0]
SCREENS = {"1920x1080": (1920, 1080), "1024x768": (1024, 768)}
# The presentation's section heading (h2) and the screen's other headings.
SECTION = '.st-key-presentation h2'


def t(key: str, **params: object) -> str:
    return translate(key, "nl", **params)


@pytest.fixture
def demo(demo_config):
    """The demo database, copied; the case in the joint-dialogue phase and its sections."""
    store = database.open_store(demo_config)
    try:
        case = next(s.case for s in services.list_cases(store, FACILITATOR) if s.case.phase is Phase.JOINT_DIALOGUE)
        view = dialogue.joint_view(store, FACILITATOR, case.id)
        facts = {"case": case, "sections": presentation.sections(view), "agenda": view.agenda, "insights": [i.text for i in view.insights]}
    finally:
        store.close()
    assert facts["agenda"], "the demo case has no released scan to present"
    server = Server(demo_config.data_dir, TEST_KEY)
    yield server, facts
    server.stop()


def section_heading(section: str) -> str:
    theme = presentation.theme_of(section)
    if theme:
        return theme_name(theme, "nl")
    return t("dialogue.scan_title") if section == presentation.OVERVIEW else t(f"presentation.section_{section}")


def assert_whole(page, name: str, where: str) -> None:
    """`name` is in the section's heading, on screen, nothing of it cut or hidden, and the
    page never scrolls sideways."""
    heading = page.locator(SECTION).first
    expect(heading).to_contain_text(name, timeout=20_000)
    box = heading.bounding_box()
    width = page.viewport_size["width"]
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, f"{where}: the heading runs off the screen"
    cut = heading.evaluate("h => h.scrollWidth > h.clientWidth + 1")
    assert not cut, f"{where}: {name} is cut off"
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), f"{where}: the page scrolls sideways"


@pytest.mark.parametrize("screen", SCREENS)
def test_the_presentation_shows_each_section_large_with_every_theme_name_whole(demo, browser, screen):
    server, facts = demo
    case, sections = facts["case"], facts["sections"]
    page = log_in(browser, server.url, FACILITATOR.username, DEMO_PASSWORD)
    page.set_viewport_size(dict(zip(("width", "height"), SCREENS[screen])))
    page.goto(f"{server.url}/dialogue?case={case.id}&present=1")
    settle(page)
    expect(page.locator('[data-testid="stSidebarUserContent"]')).not_to_be_in_viewport()
    for number, section in enumerate(sections, start=1):
        where = f"{screen}, section {number} ({section})"
        assert_whole(page, section_heading(section), where)
        expect(page.get_by_text(f"{number} / {len(sections)}", exact=False).first).to_be_visible()
        # Read from across the room: headings of about 50 px and text of about 36 px on the big screen.
        sizes = page.locator(f"{SECTION}, .st-key-presentation li").evaluate_all(
            "all => all.map(e => parseFloat(getComputedStyle(e).fontSize))"
        )
        assert min(sizes) >= (34 if screen == "1920x1080" else 19), f"{where}: text of {min(sizes)} px"
        assert page.get_by_role("textbox").count() == 0 and page.get_by_role("checkbox").count() == 0, where
        screenshot(page, f"presentation-{screen}-{number:02d}-{section.replace(':', '-')}")
        if number < len(sections):
            page.get_by_role("button", name=t("presentation.next")).first.click()
            settle(page)
    expect(page.get_by_role("button", name=t("presentation.next")).first).to_be_disabled()

    # A presenter's clicker: PageUp and PageDown, or the arrows.
    page.mouse.click(5, 300)
    for key, expected in (("PageUp", -2), ("ArrowLeft", -3), ("PageDown", -2), ("ArrowRight", -1)):
        page.keyboard.press(key)
        settle(page)
        assert_whole(page, section_heading(sections[expected]), f"{screen}, after {key}")

    # A reload of the projector comes back to the same section.
    page.reload()
    settle(page)
    assert_whole(page, section_heading(sections[-1]), f"{screen}, after a reload")


def test_the_second_screen_follows_the_facilitator_within_two_seconds_and_goes_blank_when_the_presentation_ends(demo, browser):
    server, facts = demo
    case, sections = facts["case"], facts["sections"]
    page = log_in(browser, server.url, FACILITATOR.username, DEMO_PASSWORD)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{server.url}/dialogue?case={case.id}")
    settle(page)
    page.get_by_text(t("presentation.second_screen"), exact=True).click()
    page.get_by_role("button", name=t("presentation.display_make")).click()
    settle(page)
    link = page.locator('[data-testid="stCode"]').filter(has_text="/?d=").inner_text().strip()
    expect(page.get_by_role("img").filter(has=page.locator("xpath=self::img")).first).to_be_visible()  # the QR code

    tv = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()  # no login: a TV in the room
    tv.goto(link)
    expect(tv.locator(SECTION).first).to_contain_text(section_heading(sections[0]), timeout=60_000)
    screenshot(tv, "second-screen-overview")

    page.get_by_role("button", name=t("dialogue.present")).click()
    settle(page)
    took = []
    page.mouse.click(5, 300)
    for section in sections[1:4]:
        page.keyboard.press("PageDown")
        # The projector shows it: from here the second screen has two seconds.
        expect(page.locator(SECTION).first).to_contain_text(section_heading(section), timeout=30_000)
        started = time.monotonic()
        expect(tv.locator(SECTION).first).to_contain_text(section_heading(section), timeout=2_000)
        took.append(round(time.monotonic() - started, 2))
    print(f"\nthe second screen followed after {took} s")
    screenshot(tv, "second-screen-following")
    shown = tv.inner_text("body")
    assert not [i for i in facts["insights"] if i in shown]  # the insights wait for their own section
    main = tv.locator('[data-testid="stMain"]')  # Streamlit's own menu button stays in the corner
    assert main.get_by_role("button").count() == 0 and main.get_by_role("textbox").count() == 0

    page.get_by_role("button", name=t("dialogue.leave")).click()
    expect(page.get_by_role("button", name=t("dialogue.present"))).to_be_visible(timeout=30_000)  # the presentation has ended
    started = time.monotonic()
    expect(tv.get_by_text(t("presentation.display_refused"))).to_be_visible(timeout=2_000)
    print(f"blank after {time.monotonic() - started:.2f} s")
    assert case.employee.name not in tv.inner_text("body")
    screenshot(tv, "second-screen-ended")
    tv.wait_for_timeout(2_500)  # it stopped looking: still blank, nothing came back
    assert case.employee.name not in tv.inner_text("body")
