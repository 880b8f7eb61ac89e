"""The joint dialogue and the agreement of a demo case, in a real browser.

The facilitator puts the shared screen up for a case whose employee and manager both
submitted their scan: it shows the ranked agenda and the shared insights, and none of
the case's private material. A goal is agreed on the spot; on the agreement page the
plan is handed over, confirmed by all three, and the PDF that comes down holds the
schedule, the goals and the three confirmations.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from reset_core import agreement, conversations, database, dialogue, services
from reset_core.cards import load_card_set
from reset_core.demo import DEMO_PASSWORD, DEMO_USERS
from reset_core.formats import day
from reset_core.i18n import translate
from reset_core.model import Audience, Phase
from tests.conftest import TEST_KEY
from tests.e2e.conftest import FORM, Server, download_plan_pdf, flat, log_in, screenshot, settle, sign_plan

pytestmark = pytest.mark.browser

FACILITATOR = DEMO_USERS[0]
NEW_GOAL = "Elke ochtend tien minuten overleg met de ploeg voor de werkverdeling."
NEW_GOAL_SIGN = "Na een maand zegt de medewerker dat de ochtend rustig begint."


def t(key: str, **params: object) -> str:
    return translate(key, "nl", **params)


def private_material(store, case_id: int) -> list[str]:
    """Everything of the case that is for the facilitator only: card notes, insights
    that are not shared (never shared, or withdrawn), adjustments, provisional goals."""
    shared = {i.insight_id for i in conversations.shared_insights(store, FACILITATOR, case_id, Audience.JOINT)}
    private = []
    for conversation in conversations.list_conversations(store, FACILITATOR, case_id):
        private += [card.note for card in conversation.cards if card.note.strip()]
        private += [i.text for i in conversation.insights if i.id not in shared]
        private += [a.text for a in conversation.adjustments]
        private += [g.text for g in conversation.goals]
    return private


@pytest.fixture
def demo(demo_config):
    """The demo database, copied; the case in the joint-dialogue phase and what we know of it."""
    store = database.open_store(demo_config)
    try:
        case = next(s.case for s in services.list_cases(store, FACILITATOR) if s.case.phase is Phase.JOINT_DIALOGUE)
        view = dialogue.joint_view(store, FACILITATOR, case.id)
        facts = {
            "case": case,
            "private": private_material(store, case.id),
            "insights": [i.text for i in view.insights],
            "agenda": view.agenda,
            "goals": [g.description for g in view.goals],
            "schedule": agreement.load(store, FACILITATOR, case.id).current.content.schedule,
        }
    finally:
        store.close()
    assert facts["private"] and facts["insights"] and facts["agenda"] and facts["schedule"], "the demo case lacks material"
    server = Server(demo_config.data_dir, TEST_KEY)
    yield server, facts
    server.stop()


def visible_text(page) -> str:
    return page.inner_text("body")


def assert_nothing_private(page, private: list[str]) -> None:
    shown = visible_text(page)
    leaked = [text for text in private if text in shown]
    assert not leaked, f"private material on the shared screen: {leaked}"


def test_the_joint_screen_shows_only_shared_material_and_the_signed_plan_comes_down_as_pdf(demo, browser):
    server, facts = demo
    case = facts["case"]
    page = log_in(browser, server.url, FACILITATOR.username, DEMO_PASSWORD)

    # --- the joint dialogue ------------------------------------------------------------
    page.goto(f"{server.url}/dialogue?case={case.id}")
    settle(page)
    heading = t("dialogue.heading", employee=case.employee.name, manager=case.manager.name)
    expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=15_000)
    expect(page.get_by_role("heading", name=t("dialogue.agenda_title"), exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name=t("dialogue.insights_title"), exact=True)).to_be_visible()
    shown = visible_text(page)
    for insight in facts["insights"]:
        assert insight in shown
    # The agenda comes in the order the comparison ranks it: shared concerns and gaps first.
    cards = load_card_set()
    names = [cards.theme(row.theme).text("nl").name for row in facts["agenda"]]
    positions = [shown.index(name, shown.index(t("dialogue.agenda_title"))) for name in names]
    assert positions == sorted(positions), "the agenda is not in its ranked order"
    assert_nothing_private(page, facts["private"])
    screenshot(page, "dialogue-joint-screen")

    page.get_by_role("button", name=t("dialogue.present")).click()
    settle(page)
    leave = page.get_by_role("button", name=t("dialogue.leave"))
    expect(leave).to_be_visible(timeout=15_000)
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.locator('[data-testid="stSidebarUserContent"]')).not_to_be_in_viewport()
    assert_nothing_private(page, facts["private"])
    screenshot(page, "dialogue-presentation")
    leave.click()
    settle(page)
    expect(page.get_by_role("button", name=t("dialogue.present"))).to_be_visible(timeout=15_000)
    expect(page.locator('[data-testid="stSidebarUserContent"]')).to_be_in_viewport()

    # A goal agreed on the spot.
    goal_form = page.locator(FORM).filter(has_text=t("dialogue.goal_description"))
    goal_form.get_by_label(t("dialogue.goal_description")).fill(NEW_GOAL)
    goal_form.get_by_label(t("dialogue.goal_how")).fill(NEW_GOAL_SIGN)
    goal_form.get_by_role("button", name=t("dialogue.goal_add")).click()
    settle(page)
    expect(page.get_by_role("heading", name=NEW_GOAL)).to_be_visible(timeout=15_000)
    assert_nothing_private(page, facts["private"])

    # --- the agreement -----------------------------------------------------------------
    page.goto(f"{server.url}/agreement?case={case.id}")
    settle(page)
    expect(page.get_by_role("heading", name=t("agreement.title"))).to_be_visible(timeout=15_000)
    page.get_by_role("tab", name=t("agreement.tab_sign")).click()
    page.get_by_role("button", name=t("agreement.offer")).click()
    settle(page)
    expect(page.get_by_text(t("agreement.offered"))).to_be_visible(timeout=15_000)
    sign_plan(page, t)
    expect(page.get_by_role("heading", name=t("agreement.version_heading", number=1, status=t("agreement_status.signed")))).to_be_visible()
    screenshot(page, "agreement-signed")

    file_name, text = download_plan_pdf(page, t)
    assert file_name == t("agreement.pdf_file", id=case.id, number=1)

    for period in facts["schedule"]:
        assert day(period.start) in text and day(period.end) in text
        assert flat(period.tasks) in text
    for goal in (*facts["goals"], NEW_GOAL):
        assert flat(goal) in text, goal
    for name in (case.employee.name, case.manager.name, FACILITATOR.name):
        assert name in text
    assert text.count(f" {t('agreement.confirmed')}") >= 3
    assert t("agreement.not_confirmed") not in text
    assert not [p for p in facts["private"] if flat(p) in text]
