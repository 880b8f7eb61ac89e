"""A French-speaking facilitator takes a case past the intake and the scan, in French, in
the browser: the plan through its forms (an adjustment, the contract hours, a period of
the progressive return), offered, signed on paper by both parties and confirmed, its PDF
in French; a follow-up conversation; the closing with a lesson. Every page on the way is
read for Dutch or English left behind. (The intake and the scan in French:
test_a_case_in_french_in_browser.py.)"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from reset_core import accounts, dialogue
from reset_core.cards import load_card_set
from reset_core.i18n import catalogue, translate
from reset_core.model import GoalOwner, MomentKind
from tests.e2e.conftest import (
    FORM,
    PASSWORD,
    Server,
    download_plan_pdf,
    go_to,
    login_cookie,
    one_case,
    screenshot,
    settle,
    sign_plan,
)
from tests.e2e.test_real_case_journey_in_browser import choose, type_date

pytestmark = pytest.mark.browser

RETURN = date.today() + timedelta(days=14)
GOAL = "Une vraie pause de midi chaque jour de travail."
ADJUSTMENT = "Pas de travail en soirée pendant les deux premiers mois."
TASKS = "Clients habituels, pas de travail en soirée"
WORKS = "Les entretiens du vendredi avec la responsable."
NOT_WORKING = "Les lundis chargés sans concertation sur le planning."
REMARK = "La pause de midi réussit trois jours sur cinq."
PREVENTION = "Un planning des pics de travail pour toute l'équipe."
LESSON = "Un entretien hebdomadaire fixe a aidé le retour."

# Streamlit's own words (README, Accessibility: a few of its controls speak English).
STREAMLIT = ("Press Enter to submit form", "Press Enter to apply", "Choose an option", "Ctrl+Enter", "⌘+Enter")
DUTCH_OR_ENGLISH = re.compile(r"\b(het|een|niet|wordt|voor de|the|and|your|with|save|delete)\b")


def fr(key: str, **params: object) -> str:
    return translate(key, "fr", **params)


def other_languages_texts() -> list[str]:
    """Every Dutch and English message long enough to be told apart, that no French message
    shares: one of them on a French page is a text left untranslated."""
    french = set(catalogue("fr").values())
    return sorted({
        text for lang in ("nl", "en") for text in catalogue(lang).values()
        if len(text) >= 12 and "{" not in text and "\n" not in text and text not in french
    })


OTHERS = other_languages_texts()


def leftovers(page, where: str) -> None:
    body = page.locator('[data-testid="stMain"]').inner_text() + "\n" + page.locator('[data-testid="stSidebar"]').inner_text()
    for words in STREAMLIT:
        body = body.replace(words, "")
    found = [text for text in OTHERS if text in body] + DUTCH_OR_ENGLISH.findall(body)
    if found:
        screenshot(page, f"french-leftover-{where}")
    assert found == [], where


def form_with(page, text: str):
    return page.locator(FORM).filter(has_text=text)


def form_with_button(page, name: str):
    return page.locator(FORM).filter(has=page.get_by_role("button", name=name, exact=True))


def notice(page, key: str, **params: object) -> None:
    expect(page.get_by_text(fr(key, **params), exact=True).first).to_be_visible(timeout=20_000)


def sidebar(page, name: str) -> None:
    go_to(page, fr(f"page.{name}"))


def test_a_french_speaking_facilitator_takes_the_case_through_the_plan_the_follow_up_and_the_closing_in_french(tmp_path, browser):
    data = tmp_path / "data"
    # Back at work since yesterday: the follow-up is open (the return date recorded at the intake).
    with one_case(data, expected_return=date.today() - timedelta(days=1), actual_return=date.today() - timedelta(days=1)) as (store, fien, case_id):
        accounts.choose_language(store, fien, "fr")
        dialogue.add_goal(store, fien, case_id, "recovery_energy", GoalOwner.EMPLOYEE, GOAL, "Elle le dit au suivi.", MomentKind.M3)
    server = Server(data)
    try:
        page = browser.new_context().new_page()
        page.goto(server.url)
        settle(page)
        page.get_by_role("textbox", name=translate("account.username", "nl")).fill("fien")
        page.get_by_role("textbox", name=translate("account.password", "nl"), exact=True).fill(PASSWORD)
        page.get_by_role("button", name=translate("login.submit", "nl")).click()
        settle(page)
        expect(page.get_by_role("heading", name=fr("home.title"))).to_be_visible(timeout=90_000)  # the account's language
        login_cookie(page)
        settle(page)  # the home page's run is over: mid-run, the login form's stale text is still there
        leftovers(page, "home")

        # --- the plan through its forms ---------------------------------------------------------
        page.goto(f"{server.url}/agreement?case={case_id}")
        settle(page)
        page.get_by_role("button", name=fr("agreement.start")).click()
        settle(page)
        notice(page, "agreement.started")
        leftovers(page, "plan-started")
        new = form_with_button(page, fr("agreement.adjustment_add"))
        choose(new, fr("agreement.adjustment_area"), fr("adjustment_area.relations_support"))
        choose(new, fr("agreement.adjustment_aim"), fr("crafting_aim.raise_resource"))
        new.get_by_role("textbox", name=fr("agreement.adjustment_text"), exact=True).fill(ADJUSTMENT)
        new.get_by_role("button", name=fr("agreement.adjustment_add")).click()
        settle(page)
        notice(page, "agreement.adjustment_added")
        contract = form_with(page, fr("agreement.contract_save"))
        contract.get_by_role("spinbutton", name=fr("agreement.contract_hours")).fill("38")
        contract.get_by_role("button", name=fr("agreement.contract_save")).click()
        settle(page)
        notice(page, "agreement.contract_saved")
        period = form_with_button(page, fr("agreement.period_add"))
        type_date(period, 0, RETURN)
        type_date(period, 1, RETURN + timedelta(days=27))
        period.get_by_role("spinbutton", name=fr("agreement.period_days")).fill("3")
        period.get_by_role("spinbutton", name=fr("agreement.period_hours")).fill("28.5")
        period.get_by_role("textbox", name=fr("agreement.period_tasks")).fill(TASKS)
        period.get_by_role("button", name=fr("agreement.period_add")).click()
        settle(page)
        notice(page, "agreement.period_added")
        expect(page.get_by_text(re.compile(re.escape(fr("agreement.hours_value", hours="28,5", percent="75")))).first).to_be_visible()
        screenshot(page, "french-plan")
        leftovers(page, "plan-written")

        page.get_by_role("tab", name=fr("agreement.tab_sign")).click()
        page.get_by_role("button", name=fr("agreement.offer")).click()
        settle(page)
        notice(page, "agreement.offered")
        leftovers(page, "plan-offered")
        sign_plan(page, fr)
        leftovers(page, "plan-signed")
        _, text = download_plan_pdf(page, fr)
        assert fr("legal.pdf_title_agreement", number=1) in text and ADJUSTMENT in text and TASKS in text
        assert fr("agreement.section_signatures") in text and "Afsprakennota" not in text
        screenshot(page, "french-plan-signed")

        # --- a follow-up conversation ---------------------------------------------------------------
        sidebar(page, "followup")
        record = form_with_button(page, fr("followup.record"))
        expect(record).to_be_visible(timeout=20_000)
        leftovers(page, "followup")
        record.get_by_role("textbox", name=fr("followup.goal_remark"), exact=True).fill(REMARK)
        record.get_by_role("textbox", name=fr("followup.works"), exact=True).fill(WORKS)
        record.get_by_role("textbox", name=fr("followup.not_working"), exact=True).fill(NOT_WORKING)
        record.get_by_role("button", name=fr("followup.record")).click()
        settle(page)
        notice(page, "followup.recorded")
        screenshot(page, "french-followup")
        leftovers(page, "followup-held")

        # --- the closing, with a lesson --------------------------------------------------------------
        sidebar(page, "closing")
        close = form_with_button(page, fr("closing.close"))
        expect(close).to_be_visible(timeout=20_000)
        leftovers(page, "closing")
        choose(close, fr("closing.outcome"), fr("outcome.own_job"))
        close.get_by_role("textbox", name=fr("closing.prevention_action"), exact=True).fill(PREVENTION)
        choose(close, fr("closing.prevention_theme"), load_card_set().theme("manager_relationship").text("fr").name)
        close.get_by_role("button", name=fr("closing.close")).click()
        settle(page)
        notice(page, "closing.closed_notice")
        lesson = form_with(page, fr("closing.add_lesson"))
        lesson.get_by_role("textbox", name=fr("closing.lesson_text"), exact=True).fill(LESSON)
        lesson.get_by_role("button", name=fr("closing.add_lesson")).click()
        settle(page)
        notice(page, "closing.lesson_added")
        screenshot(page, "french-closed")
        leftovers(page, "closed")
    finally:
        server.stop()
