"""One case in focus, in a real browser: chosen once, kept through sidebar clicks and
reloads, and on the projector after a reload.

Two cases with distinct names: the facilitator works on the second, so that a page which
loses the focus and falls back on the first option shows the wrong person at once.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from reset_core import accounts, database, dialogue, intake
from reset_core.config import Settings
from reset_core.i18n import translate
from reset_core.model import COMMAND_LINE, PROCESSING, CaseDetails, GoalOwner, MomentKind, Party, PartyRole, Role
from tests.e2e.conftest import FORM, KEY, Server, go_to, log_in, screenshot, settle

pytestmark = pytest.mark.browser

PASSWORD = "a long enough passphrase"
OTHER = {"employee": "Wendy Oosterlinck", "manager": "Pieter Vandeputte", "goal": "Het andere dossier: elke maandag een overleg."}
FOCUSED = {"employee": "Jana Lievens", "manager": "Koen Dewulf", "goal": "Elke werkdag een echte middagpauze."}
CASE_PAGES = ["intake", "conversations", "scan", "dialogue", "agreement", "followup", "closing"]


def t(key: str, **params: object) -> str:
    return translate(key, "nl", **params)


@pytest.fixture
def server(tmp_path):
    data = tmp_path / "data"
    store = database.open_store(Settings(data_dir=data, key=KEY))
    try:
        fien = accounts.add_user(store, COMMAND_LINE, "fien", "Fien Peeters", PASSWORD, Role.FACILITATOR)
        ids = {}
        for key, names in (("other", OTHER), ("focused", FOCUSED)):
            details = CaseDetails(
                employee=Party(PartyRole.EMPLOYEE, names["employee"], "Boekhouder"),
                manager=Party(PartyRole.MANAGER, names["manager"], "Diensthoofd"),
                sick_leave_start=date.today() - timedelta(days=60),
            )
            ids[key] = case_id = intake.open_case(store, fien, details).id
            intake.record_consent(store, fien, case_id, PROCESSING, True, date.today() - timedelta(days=50))
            dialogue.add_goal(store, fien, case_id, "autonomy", GoalOwner.EMPLOYEE, names["goal"], "Na een maand", MomentKind.M3)
    finally:
        store.close()
    s = Server(data)
    yield s, ids
    s.stop()


def header(page):
    return page.locator(".st-key-case_header")


def assert_only_the_focused_case(page, where: str) -> None:
    expect(page.locator("body")).to_contain_text(FOCUSED["employee"], timeout=20_000)
    settle(page)
    shown = page.inner_text("body")
    leaked = [name for name in (OTHER["employee"], OTHER["manager"], OTHER["goal"]) if name in shown]
    if leaked:
        screenshot(page, f"focus-leak-{where}")
    assert not leaked, f"{where} shows another case: {leaked}"
    expect(header(page)).to_contain_text(FOCUSED["employee"])
    expect(header(page)).to_contain_text(FOCUSED["manager"])


def sidebar(page, name: str) -> None:
    go_to(page, name)


def test_the_case_chosen_on_one_page_stays_through_sidebar_clicks_and_reloads(server, browser):
    server, ids = server
    page = log_in(browser, server.url, "fien", PASSWORD)
    sidebar(page, t("page.scan"))
    expect(page.get_by_text(t("focus.choose_hint"))).to_be_visible(timeout=15_000)  # two cases: it asks
    page.locator('[data-testid="stSelectbox"]').filter(has_text=t("intake.pick_case")).first.click()
    page.get_by_role("option", name=t("intake.case_label", id=ids["focused"], employee=FOCUSED["employee"])).click()
    settle(page)
    assert_only_the_focused_case(page, "scan")
    for name in CASE_PAGES:
        sidebar(page, t(f"page.{name}"))
        assert_only_the_focused_case(page, name)
        assert f"case={ids['focused']}" in page.url, f"{name} lost the case from the address: {page.url}"
        page.reload()
        settle(page)
        assert_only_the_focused_case(page, f"{name} after a reload")
    screenshot(page, "focus-closing-after-reload")

    # A home row opens its case: the other one now, and the focus follows everywhere.
    sidebar(page, t("page.home"))
    grid = page.locator('[data-testid="stDataFrame"]').last
    expect(grid).to_be_visible(timeout=15_000)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 15, box["y"] + 35 + 17)  # the first row's selection box
    settle(page)
    # Its next step: both cases have their basic consent, so they are in preparation.
    expect(page.get_by_role("heading", name=t("conversation.title"), exact=True)).to_be_visible(timeout=15_000)
    expect(header(page)).to_contain_text(OTHER["employee"], timeout=15_000)
    sidebar(page, t("page.dialogue"))
    expect(page.get_by_role("heading", name=t("dialogue.heading", employee=OTHER["employee"], manager=OTHER["manager"]))).to_be_visible(timeout=15_000)


def test_the_projector_comes_back_to_the_same_joint_screen_after_a_reload_with_nothing_to_edit(server, browser):
    server, ids = server
    page = log_in(browser, server.url, "fien", PASSWORD)
    page.goto(f"{server.url}/dialogue?case={ids['focused']}")
    settle(page)
    heading = t("dialogue.heading", employee=FOCUSED["employee"], manager=FOCUSED["manager"])
    expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=15_000)
    goal_form = page.locator(FORM).filter(has_text=t("dialogue.goal_description"))
    goal_form.get_by_role("button", name=t("dialogue.goal_add")).click()  # empty: an error on this screen
    settle(page)
    expect(page.get_by_text(t("dialogue.required")).first).to_be_visible(timeout=15_000)
    page.get_by_role("button", name=t("dialogue.present")).click()
    settle(page)
    # One section at a time: on to the last, the goals (a reload comes back to it).
    next_section = page.get_by_role("button", name=t("presentation.next")).first
    for _ in range(30):
        if next_section.is_disabled():
            break
        next_section.click()
        settle(page)

    previous_url = page.url  # the projector's address, as the last moment left it
    for moment in ("presenting", "after a reload", "in a new tab"):
        if moment == "after a reload":
            page.reload()
        elif moment == "in a new tab":
            page = page.context.new_page()
            page.goto(previous_url)
        settle(page)
        expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=20_000)
        expect(page.get_by_role("heading", name=FOCUSED["goal"])).to_be_visible(timeout=20_000)
        settle(page)
        shown = page.inner_text("body")
        screenshot(page, f"focus-projector-{moment.replace(' ', '-')}")
        assert page.get_by_role("button").filter(has_text=t("dialogue.goal_drop")).count() == 0, moment
        assert page.get_by_role("textbox").count() == 0 and page.get_by_role("checkbox").count() == 0, moment
        assert t("dialogue.required") not in shown, moment
        assert page.get_by_role("dialog").count() == 0 and "Page not found" not in shown, moment
        for name in (OTHER["employee"], OTHER["manager"], OTHER["goal"], t("home.title")):
            assert name not in shown, f"{moment}: the projector shows {name}"
        expect(page.locator('[data-testid="stSidebarUserContent"]')).not_to_be_in_viewport()
        previous_url = page.url

    # The projector's address typed or bookmarked: until 2026-11-28 Streamlit's "Page not
    # found" covered the joint screen (a lone page is served at "/" only).
    typed = page.context.new_page()
    typed.goto(f"{server.url}/dialogue?case={ids['focused']}&present=1")
    settle(typed)
    expect(typed.get_by_role("heading", name=heading)).to_be_visible(timeout=20_000)
    settle(typed)
    assert typed.get_by_role("dialog").count() == 0 and "Page not found" not in typed.inner_text("body")
    typed.close()

    page.get_by_role("button", name=t("dialogue.leave")).click()
    settle(page)
    expect(page.get_by_role("button", name=t("dialogue.present"))).to_be_visible(timeout=15_000)
    assert_only_the_focused_case(page, "dialogue after leaving the presentation")


def test_a_goal_typed_and_left_by_the_menu_is_there_on_return_and_the_field_empties_once_it_is_added(server, browser):
    server, ids = server
    page = log_in(browser, server.url, "fien", PASSWORD)
    page.goto(f"{server.url}/dialogue?case={ids['focused']}")
    settle(page)
    typed = "Op vrijdag geen vergaderingen na de middag."
    goal_form = page.locator(FORM).filter(has_text=t("dialogue.goal_description"))
    goal_form.get_by_label(t("dialogue.goal_description")).fill(typed)
    goal_form.get_by_label(t("dialogue.goal_how")).fill("Na een maand: minder vermoeid op vrijdag")
    sidebar(page, t("page.scan"))  # away before pressing the button, with the cursor still in the field
    sidebar(page, t("page.dialogue"))
    goal_form = page.locator(FORM).filter(has_text=t("dialogue.goal_description"))
    description = goal_form.get_by_label(t("dialogue.goal_description"))
    expect(description).to_have_value(typed, timeout=15_000)
    goal_form.get_by_role("button", name=t("dialogue.goal_add")).click()
    settle(page)
    expect(page.get_by_role("heading", name=typed)).to_be_visible(timeout=15_000)
    expect(description).to_have_value("", timeout=15_000)  # the browser is told, not only the session
    screenshot(page, "draft-goal-added")
