"""The real-case journey: one case from a new installation to its closing, through the
browser only, with the phase on screen checked at every step.

The first administrator is made on the first-admin screen and adds a facilitator. The
facilitator (own browser) opens the case with consent; holds a card conversation with
each party, two notes each, and between every note leaves for another page in the
sidebar and comes back to find the note still there; hands out the scan links (the
employee stops halfway, reloads and goes on where they stopped); each party, on their
own link, flags a theme and shares their results, and until both did the joint screen
says the results are not yet shared; shows the joint screen on the projector and
reloads it; writes the plan through its forms (each adjustment and each period of the
progressive start on its own) and offers it; each party answers it in their own
personal space with the hand-over code (the employee with their own view), the
facilitator confirms, and the PDF says so. Then the server is started again with its clock moved to the
3-month follow-up date: the return date is reached, the follow-up is due on the home
page, the employee's re-scan places them "in crisis" and the early sign shows; the
facilitator notes what they did, holds the follow-up and closes the case with a lesson.

Nothing is seeded and nothing moves the case behind the browser's back: the phases
follow from what was done on screen (reset_core/phases.py). At the end, with the server
stopped, every text typed is found stored exactly once in the whole database.
A screenshot of every screen lands in test-artifacts/.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from reset_core import database
from reset_core.cards import load_card_set
from reset_core.config import Settings
from reset_core.dates import add_months
from reset_core.i18n import translate
from tests.e2e.conftest import (
    FORM,
    KEY,
    Server,
    confirm_as_facilitator,
    download_plan_pdf,
    fill_date,
    go_to,
    log_in,
    login_cookie,
    screenshot,
    settle,
    warm_up,
)
from tests.e2e.test_scan_in_browser import INSTRUMENT, answer_theme
from tests.integration.test_privacy import every_text_value

pytestmark = pytest.mark.browser

ADMIN_PASSWORD = "the first admin's passphrase"
PASSWORD = "a long enough passphrase"
EMPLOYEE, MANAGER = "Zoë D'hondt", "Katrien De Smet"
DOCTOR = "dr. Lien Vandamme"
TODAY = date.today()
SICK_LEAVE = TODAY - timedelta(days=150)
RETURN = TODAY + timedelta(days=14)  # expected at the intake; reached when the clock moves
FOLLOW_UP = add_months(RETURN, 3)  # the plan's first follow-up date: the day the clock moves to
# Two cards per party, a private note on each.
NOTES = {
    "employee": (
        "Privé: de medewerker slaapt slecht sinds de reorganisatie en vreest het teamoverleg.",
        "Privé: de medewerker wil de collega's niet met alles belasten.",
    ),
    "manager": (
        "Privé: de leidinggevende twijfelt of het team de extra taken nog wil dragen.",
        "Privé: de leidinggevende mist zelf steun van de directie.",
    ),
}
INSIGHT = {
    "employee": "De medewerker wil de eerste weken starten met vaste klanten en zonder piekmomenten.",
    "manager": "De leidinggevende wil elke vrijdag een kort gesprek over hoe de week liep.",
}
VIEW = "Ik kijk uit naar de vaste vrijdaggesprekken; de eerste weken wil ik geen nieuwe klanten."
GOAL = "Elke werkdag een echte middagpauze, ook in drukke weken."
GOAL_SIGN = "Bij de opvolging na drie maanden zegt de medewerker dat de pauzes lukken."
ADJUSTMENTS = (
    ("workload", "lower_hindering_demand", "Geen avondwerk en geen piekdossiers de eerste twee maanden."),
    ("relations_support", "raise_resource", "Elke vrijdag een kwartier met de leidinggevende over de week."),
)
PERIODS = (
    (RETURN, RETURN + timedelta(days=27), "3", "19", "Vaste klanten, geen avondwerk"),
    (RETURN + timedelta(days=28), RETURN + timedelta(days=62), "4", "28.5", "Vaste klanten en de eigen mailbox"),
)
SIGNAL_NOTE = "Dezelfde dag gebeld; ze ziet morgen haar huisarts en we spreken vrijdag opnieuw af."
REMARK = "De middagpauze lukt op drie van de vijf dagen."
WORKS = "De vaste vrijdaggesprekken en de vaste klanten."
NOT_WORKING = "Drukke maandagen zonder overleg over de planning."
PREVENTION = "Een vaste planning van piekmomenten voor het hele team."
LESSON = "Een vast wekelijks gesprek tussen medewerker en leidinggevende hielp de terugkeer."
TYPED = (
    *NOTES["employee"], *NOTES["manager"], *INSIGHT.values(), GOAL, GOAL_SIGN, *(a[2] for a in ADJUSTMENTS),
    *(p[4] for p in PERIODS), VIEW, SIGNAL_NOTE, REMARK, WORKS, NOT_WORKING, PREVENTION, LESSON,
)


def t(key: str, **params: object) -> str:
    return translate(key, "nl", **params)


def notice(page, key: str, **params: object) -> None:
    try:
        expect(page.get_by_text(t(key, **params), exact=True).first).to_be_visible(timeout=20_000)
    except AssertionError:
        screenshot(page, f"real-missing-notice-{key}")
        raise


def phase_shown(page, phase: str, where: str) -> None:
    """The case header on top of the page names `phase` as the case's phase."""
    column = page.locator(".st-key-case_header").locator('[data-testid="stColumn"]').nth(2)
    wanted = re.compile(rf"^\s*{re.escape(t('home.phase'))}\s*{re.escape(t(f'phase.{phase}'))}\s*$")
    try:
        expect(column).to_have_text(wanted, timeout=20_000)
    except AssertionError:
        screenshot(page, f"real-wrong-phase-{where}")
        raise


def phase_section_shows(page, phase: str, reason: str, **values: object) -> None:
    """Intake's phase section: the phase and the fact that put the case there."""
    expect(page.get_by_text(t("intake.phase_current", phase=t(f"phase.{phase}")), exact=True)).to_be_visible(timeout=20_000)
    expect(page.get_by_text(t(f"phases.why.{reason}", **values), exact=True)).to_be_visible()


def fill_account(form, username: str, name: str, password: str) -> None:
    form.get_by_role("textbox", name=t("account.username"), exact=True).fill(username)
    form.get_by_role("textbox", name=t("account.name"), exact=True).fill(name)
    form.get_by_role("textbox", name=t("account.password"), exact=True).fill(password)
    form.get_by_role("textbox", name=t("account.password_repeat"), exact=True).fill(password)


def form_with(page, text: str):
    return page.locator(FORM).filter(has_text=text)


def form_with_button(page, name: str):
    return page.locator(FORM).filter(has=page.get_by_role("button", name=name, exact=True))


def choose(scope, label: str, option: str) -> None:
    """Pick `option` in the select box labelled `label` (the form's notice tells it was taken).

    A rerun that lands while the list is open draws the box anew and the list closes
    (seen after the plan's first version was started): then the box is opened again."""
    box = scope.get_by_role("combobox", name=label, exact=True)
    item = scope.page.get_by_role("option", name=option, exact=True)
    for attempt in range(3):
        settle(scope.page)
        box.click()
        try:
            item.wait_for(timeout=10_000)
            item.click()
            break
        except Exception:
            if attempt == 2:
                screenshot(scope.page, f"real-no-option-{option}")
                raise
            scope.page.keyboard.press("Escape")


def open_page(page, url: str) -> None:
    page.goto(url)
    settle(page)


def sidebar(page, name: str) -> None:
    go_to(page, t(f"page.{name}"))


def assert_no_private_note(page, where: str) -> None:
    shown = page.inner_text("body")
    leaked = [note for notes in NOTES.values() for note in notes if note in shown]
    if leaked:
        screenshot(page, f"real-leak-{where}")
    assert not leaked, f"{where} shows a private note"


def type_date(form, position: int, day) -> None:
    """Type a date into the `position`th date field of `form`, day first, as a Belgian user does."""
    form.locator('[data-testid="stDateInput"]').nth(position).get_by_role("spinbutton").first.click()
    form.page.keyboard.type(day.strftime("%d%m%Y"))


def grid_cells(page, which: int):
    """The cells of the page's `which`th table: they are drawn on a canvas, whose
    fallback content (for screen readers) holds each visible cell's text."""
    return page.locator('[data-testid="stDataFrame"]').nth(which).locator('[role="gridcell"]')


def scan_links(page) -> list[str]:
    page.locator('[data-testid="stCode"]').nth(1).wait_for(timeout=30_000)
    return [code.inner_text().strip() for code in page.locator('[data-testid="stCode"]').all()]


def start_scan(page) -> None:
    settle(page)
    page.get_by_role("button", name="Beginnen").click()
    settle(page)


def finish_scan(page, value_label: str, themes, continuum: str | None) -> None:
    """Answer `themes` from the one on screen, place oneself on the continuum, submit."""
    for _theme in themes:
        answer_theme(page, value_label)
    if continuum:
        level = re.compile(rf"^{re.escape(continuum)} - ")  # each level is shown with its description
        page.locator('[data-testid="stRadio"]').get_by_text(level).click()
        expect(page.get_by_role("radio", name=level)).to_be_checked()
        settle(page)
    page.get_by_role("button", name="Volgende").click()
    settle(page)
    expect(page.get_by_text("Alles is beantwoord.")).to_be_visible(timeout=15_000)
    page.get_by_role("button", name="Antwoorden indienen").click()
    settle(page)
    expect(page.get_by_text("Bedankt!")).to_be_visible(timeout=20_000)


def respondent_page(browser, link: str):
    page = browser.new_context().new_page()
    page.goto(link)
    return page


def scan_in_own_browser(browser, link: str, value_label: str, themes, continuum: str | None) -> None:
    """A respondent opens their link in a browser of their own and answers everything."""
    respondent = respondent_page(browser, link)
    start_scan(respondent)
    finish_scan(respondent, value_label, themes, continuum)
    respondent.context.close()


def flag_and_share(respondent, theme: str) -> None:
    """On their own link, after submitting: a theme they want to talk about, then their
    results shared for the joint conversation."""
    box = respondent.locator(f".st-key-answer_flag_{theme}")
    box.get_by_text(t("sharing.flag"), exact=True).click()
    expect(box.get_by_role("checkbox")).to_be_checked(timeout=15_000)
    settle(respondent)
    respondent.get_by_role("button", name=t("sharing.release_yes")).click()
    settle(respondent)
    expect(respondent.get_by_text(t("sharing.released_state"))).to_be_visible(timeout=20_000)
    expect(box.get_by_role("checkbox")).to_be_checked()


def hand_over_codes(page) -> dict[str, str]:
    """The codes the agreement screen shows once after offering, per party."""
    codes = page.locator('[data-testid="stCode"]')
    expect(codes).to_have_count(2, timeout=20_000)
    found = {}
    for text in codes.all_inner_texts():
        for signer in ("employee", "manager"):
            if text.strip().startswith(t("plan_answer.code_for", who=t(f"signer.{signer}"), code="").strip()):
                found[signer] = text.strip().rsplit(" ", 1)[1]
    assert set(found) == {"employee", "manager"}, found
    return found


def space_link(page, respondent: str, other: str | None = None) -> str:
    """A party's personal-space link, made on the intake's tab and shown once."""
    page.get_by_role("button", name=t("space.make", respondent=t(f"respondent.{respondent}"))).click()
    settle(page)
    fresh = page.locator('[data-testid="stCode"]').filter(has_text="/?p=")
    if other:
        fresh = fresh.filter(has_not_text=other)
    fresh.first.wait_for(timeout=30_000)
    return fresh.first.inner_text().strip()


def answer_plan_in_space(browser, link: str, code: str, respondent: str) -> None:
    """The party opens their space in a browser of their own and answers the offered plan
    with the code the facilitator gave them apart."""
    party = respondent_page(browser, link)
    settle(party)
    expect(party.get_by_role("heading", name=t("plan_answer.section_title"))).to_be_visible(timeout=20_000)
    expect(party.get_by_text(ADJUSTMENTS[0][2]).first).to_be_visible()
    form = party.locator(FORM).filter(has_text=t("plan_answer.code"))
    if respondent == "employee":
        form.get_by_text(t("plan_answer.choice_agree"), exact=True).click()
        form.get_by_role("textbox", name=t("plan_answer.view"), exact=True).fill(VIEW)
    else:
        form.get_by_text(t("plan_answer.manager_tick"), exact=True).click()
    form.get_by_role("textbox", name=t("plan_answer.code"), exact=True).fill(code)
    form.get_by_role("button", name=t("plan_answer.send")).click()
    settle(party)
    sent = "plan_answer.sent_agreed" if respondent == "employee" else "plan_answer.sent_confirmed"
    expect(party.get_by_text(t(sent))).to_be_visible(timeout=20_000)
    assert_no_private_note(party, f"space-{respondent}")
    screenshot(party, f"real-12-{respondent}-answered-in-space")
    party.context.close()


def note_between_page_switches(page, field_index: int, text: str) -> None:
    """Type a note, go straight to another page in the sidebar and back: the note is there."""
    fields = page.get_by_role("textbox", name=t("conversation.note"), exact=True)
    fields.nth(field_index).fill(text)
    sidebar(page, "cards")  # straight away: leaving the field and the page race each other
    sidebar(page, "conversations")
    fields = page.get_by_role("textbox", name=t("conversation.note"), exact=True)
    try:
        expect(fields.nth(field_index)).to_have_value(text, timeout=20_000)
    except AssertionError:
        screenshot(page, "real-note-lost")
        raise


def test_a_real_case_goes_from_the_first_admin_to_its_closing_with_the_phase_on_screen_at_every_step(tmp_path, browser):
    data = tmp_path / "data"  # an empty data folder: a new installation
    servers = [Server(data)]
    try:
        _journey(servers, browser, data)
    finally:
        servers[-1].stop()


def _journey(servers: list[Server], browser, data) -> None:
    server = servers[0]
    # --- a new installation: the first administrator, then a facilitator account ---------
    admin = browser.new_context().new_page()
    open_page(admin, server.url)
    expect(admin.get_by_role("heading", name=t("first_admin.title"))).to_be_visible(timeout=15_000)
    screenshot(admin, "real-01-first-admin")
    fill_account(form_with(admin, t("first_admin.submit")), "ada", "Ada Admin", ADMIN_PASSWORD)
    admin.get_by_role("button", name=t("first_admin.submit")).click()
    settle(admin)
    expect(admin.get_by_role("heading", name=t("login.title"))).to_be_visible(timeout=15_000)
    expect(admin.get_by_role("heading", name=t("first_admin.title"))).to_have_count(0)
    settle(admin)  # the login form's cookie component reruns the page once more
    admin.get_by_role("textbox", name=t("account.username")).fill("ada")
    admin.get_by_role("textbox", name=t("account.password"), exact=True).fill(ADMIN_PASSWORD)
    admin.get_by_role("button", name=t("login.submit")).click()
    settle(admin)
    expect(admin.get_by_role("heading", name=t("accounts.title"))).to_be_visible(timeout=15_000)
    login_cookie(admin)
    open_page(admin, server.url)  # a fresh load: the cookie component's extra rerun is over
    expect(admin.get_by_role("heading", name=t("accounts.title"))).to_be_visible(timeout=15_000)
    fill_account(form_with(admin, t("accounts.add_submit")), "fien", "Fien Peeters", PASSWORD)
    admin.get_by_role("button", name=t("accounts.add_submit")).click()
    settle(admin)
    notice(admin, "accounts.added", username="fien")
    screenshot(admin, "real-02-accounts")
    admin.context.close()

    # --- intake: the case, a person around it, the consent -------------------------------
    page = log_in(browser, server.url, "fien", PASSWORD)
    expect(page.get_by_text(t("home.no_cases"))).to_be_visible()
    sidebar(page, "intake")
    case_form = form_with(page, t("intake.open_case"))
    names = case_form.get_by_role("textbox", name=t("intake.name"), exact=True)
    names.nth(0).fill(EMPLOYEE)
    names.nth(1).fill(MANAGER)
    fill_date(page, t("intake.sick_leave_start"), SICK_LEAVE)
    fill_date(page, t("intake.expected_return"), RETURN)
    case_form.get_by_role("button", name=t("intake.open_case")).click()
    settle(page)
    notice(page, "intake.opened", id=1)
    phase_shown(page, "intake", "opened")
    phase_section_shows(page, "intake", "no_consent")
    screenshot(page, "real-03-intake-opened")

    page.get_by_role("tab", name=t("intake.tab_people")).click()
    person = form_with(page, t("intake.person_organisation"))
    person.get_by_role("textbox", name=t("intake.person_name"), exact=True).fill(DOCTOR)
    person.get_by_role("button", name=t("intake.add_person")).click()
    settle(page)
    notice(page, "intake.person_added")
    phase_shown(page, "intake", "person-added")
    page.get_by_role("tab", name=t("intake.tab_consent")).click()
    consent = form_with(page, t("intake.consent_record"))
    consent.get_by_role("button", name=t("intake.consent_record")).click()  # the basic consent, given
    settle(page)
    notice(page, "intake.consent_recorded")
    phase_shown(page, "preparation", "consent")
    phase_section_shows(page, "preparation", "consent", date=f"{TODAY:%d/%m/%Y}")
    screenshot(page, "real-04-intake-consent")

    # --- a card conversation with each party: two notes each, away and back between them --
    sidebar(page, "conversations")
    phase_shown(page, "preparation", "conversations")
    for party in ("employee", "manager"):
        page.locator('[data-testid="stRadio"]').filter(has_text=t("conversation.party")).get_by_text(
            t(f"conversation.party_{party}"), exact=True
        ).click()
        settle(page)
        page.get_by_role("button", name=t("conversation.start")).click()
        settle(page)
        notice(page, "conversation.started")
        for position, note in enumerate(NOTES[party]):
            page.get_by_role("button", name=t("conversation.draw")).nth(position).click()
            settle(page)
            note_between_page_switches(page, 0, note)  # the card drawn, full size, its note
            screenshot(page, f"real-05-{party}-card-{position + 1}")
            page.get_by_role("button", name=t("conversation.focus_back")).click()
            settle(page)
        page.get_by_role("tab", name=t("conversation.tab_notes")).click()
        fields = page.get_by_role("textbox", name=t("conversation.note"), exact=True)
        expect(fields).to_have_count(2)
        assert [fields.nth(i).input_value() for i in range(2)] == list(NOTES[party])
        # The insight the party agrees to share, added on the card it came from.
        page.get_by_role("button", name=t("conversation.open_card")).first.click()
        settle(page)
        quick = form_with(page, t("conversation.add_insight"))
        quick.get_by_role("textbox", name=t("conversation.insight_text"), exact=True).fill(INSIGHT[party])
        quick.get_by_role("button", name=t("conversation.add_insight")).click()
        settle(page)
        notice(page, "conversation.insight_added")
        expect(page.get_by_role("textbox", name=t("conversation.note"), exact=True)).to_have_value(NOTES[party][0])
        page.get_by_role("button", name=t("conversation.focus_back")).click()
        settle(page)
        page.get_by_role("tab", name=t("conversation.tab_insights")).click()
        settle(page)
        page.get_by_text(t("conversation.share_title")).first.click()
        settle(page)
        share = form_with(page, t("conversation.share"))
        agreed = t("conversation.share_consent", party=t(f"conversation.owner_{party}"))
        share.get_by_text(agreed).click()
        expect(share.get_by_role("checkbox", name=agreed)).to_be_checked()
        share.get_by_role("button", name=t("conversation.share")).click()
        settle(page)
        notice(page, "conversation.shared_done")
        screenshot(page, f"real-06-{party}-shared")
    # A conversation with each party: ready for the joint dialogue.
    phase_shown(page, "joint_dialogue", "conversations-held")

    # --- the scan through both links; the employee stops halfway and resumes -----------------
    sidebar(page, "scan")
    phase_shown(page, "joint_dialogue", "scan")
    page.get_by_role("button", name=t("scan.create")).click()
    settle(page)
    links = scan_links(page)
    assert len(links) == 2
    screenshot(page, "real-07-scan-links")
    themes = INSTRUMENT.themes()
    employee = respondent_page(browser, links[0])
    assert EMPLOYEE not in employee.inner_text("body")
    start_scan(employee)
    half = len(themes) // 2
    for _theme in themes[:half]:
        answer_theme(employee, "2 - niet akkoord")
    employee.reload()  # F5 halfway: the link goes on at the first theme still open
    settle(employee)
    resumed_at = INSTRUMENT.themes()[half]
    expect(employee.get_by_role("heading", name=load_card_set().theme(resumed_at).text("nl").name)).to_be_visible(timeout=20_000)
    expect(employee.get_by_text("Welkom terug")).to_be_visible()
    screenshot(employee, "real-08-employee-resumed")
    finish_scan(employee, "2 - niet akkoord", themes[half:], "Overleven")
    flagged = themes[0]
    flag_and_share(employee, flagged)
    screenshot(employee, "real-08-employee-shared")
    employee.context.close()
    manager = respondent_page(browser, links[1])
    start_scan(manager)
    finish_scan(manager, "4 - akkoord", themes, None)
    # Both submitted, one shared: the joint screen says the results are not shared, never by whom.
    sidebar(page, "dialogue")
    expect(page.get_by_text(t("sharing.joint_not_released"))).to_be_visible(timeout=20_000)
    flag_and_share(manager, flagged)
    manager.context.close()
    sidebar(page, "scan")
    expect(page.get_by_text(t("scan.comparison"))).to_be_visible(timeout=20_000)
    phase_shown(page, "joint_dialogue", "scan-compared")
    screenshot(page, "real-09-scan-comparison")

    # --- the joint dialogue: a goal, then the projector, reloaded ----------------------------
    sidebar(page, "dialogue")
    phase_shown(page, "joint_dialogue", "dialogue")
    heading = t("dialogue.heading", employee=EMPLOYEE, manager=MANAGER)
    expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=15_000)
    for insight in INSIGHT.values():
        expect(page.get_by_role("heading", name=insight)).to_be_visible()
    # Both shared: the comparison is there, and the theme both flagged says so, not who.
    expect(page.get_by_text(t("dialogue.scan_moment", moment=t("moment_kind.t0")))).to_be_visible()
    both = re.compile(rf"^{re.escape(load_card_set().theme(flagged).text('nl').name)}\s+\({re.escape(t('sharing.joint_wanted_both'))}")
    expect(page.get_by_role("heading", name=both)).to_be_visible()
    goal = form_with(page, t("dialogue.goal_description"))
    goal.get_by_role("textbox", name=t("dialogue.goal_description"), exact=True).fill(GOAL)
    goal.get_by_role("textbox", name=t("dialogue.goal_how"), exact=True).fill(GOAL_SIGN)
    goal.get_by_role("button", name=t("dialogue.goal_add")).click()
    settle(page)
    expect(page.get_by_role("heading", name=GOAL)).to_be_visible(timeout=15_000)
    assert_no_private_note(page, "dialogue")
    page.get_by_role("button", name=t("dialogue.present")).click()
    settle(page)
    # One section at a time: the insights have theirs, the goals come last.
    next_section = page.get_by_role("button", name=t("presentation.next")).first
    for _ in range(30):
        if next_section.is_disabled():
            break
        if page.get_by_role("heading", name=t("presentation.section_insights")).count():
            for insight in INSIGHT.values():
                expect(page.get_by_role("heading", name=insight)).to_be_visible()
            screenshot(page, "real-10-projector-insights")
        next_section.click()
        settle(page)
    for moment in ("presenting", "after-reload"):
        if moment == "after-reload":
            page.reload()  # F5 on the projector: back to the same section
            settle(page)
        expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=20_000)
        expect(page.get_by_role("heading", name=GOAL)).to_be_visible(timeout=20_000)
        settle(page)
        screenshot(page, f"real-10-projector-{moment}")
        assert page.get_by_role("textbox").count() == 0, moment
        assert page.get_by_role("checkbox").count() == 0, moment
        assert page.get_by_role("button", name=t("dialogue.goal_drop")).count() == 0, moment
        assert page.get_by_role("button", name=t("dialogue.goal_add")).count() == 0, moment
        expect(page.locator('[data-testid="stSidebarUserContent"]')).not_to_be_in_viewport()
        assert_no_private_note(page, f"projector-{moment}")
    page.get_by_role("button", name=t("dialogue.leave")).click()
    settle(page)
    expect(page.get_by_role("button", name=t("dialogue.present"))).to_be_visible(timeout=15_000)
    phase_shown(page, "joint_dialogue", "after-projector")

    # --- the plan through its forms: each adjustment, each period; offered, signed, PDF --------
    sidebar(page, "agreement")
    phase_shown(page, "joint_dialogue", "agreement")
    page.get_by_role("button", name=t("agreement.start")).click()
    settle(page)
    notice(page, "agreement.started")
    for row, (area, aim, text) in enumerate(ADJUSTMENTS, start=1):
        new = form_with_button(page, t("agreement.adjustment_add"))
        choose(new, t("agreement.adjustment_area"), t(f"adjustment_area.{area}"))
        choose(new, t("agreement.adjustment_aim"), t(f"crafting_aim.{aim}"))
        new.get_by_role("textbox", name=t("agreement.adjustment_text"), exact=True).fill(text)
        new.get_by_role("button", name=t("agreement.adjustment_add")).click()
        settle(page)
        notice(page, "agreement.adjustment_added")
        expect(page.get_by_text(re.compile(re.escape(t("agreement.adjustment_label", row=row, text="")) + ".*" + re.escape(text))).first).to_be_visible(timeout=15_000)
    contract = form_with(page, t("agreement.contract_save"))
    contract.get_by_role("spinbutton", name=t("agreement.contract_hours")).fill("38")
    contract.get_by_role("button", name=t("agreement.contract_save")).click()
    settle(page)
    notice(page, "agreement.contract_saved")
    for row, (start, end, days, hours, tasks) in enumerate(PERIODS, start=1):
        period = form_with_button(page, t("agreement.period_add"))
        type_date(period, 0, start)
        type_date(period, 1, end)
        period.get_by_role("spinbutton", name=t("agreement.period_days")).fill(days)
        period.get_by_role("spinbutton", name=t("agreement.period_hours")).fill(hours)
        period.get_by_role("textbox", name=t("agreement.period_tasks")).fill(tasks)
        period.get_by_role("button", name=t("agreement.period_add")).click()
        settle(page)
        notice(page, "agreement.period_added")
        shown = re.escape(t("agreement.period_label", row=row, text=f"{start:%d/%m/%Y} – {end:%d/%m/%Y}")) + ".*" + re.escape(tasks)
        expect(page.get_by_text(re.compile(shown)).first).to_be_visible(timeout=15_000)
    expect(page.get_by_text(re.compile(re.escape("28,5 u/week (75 %)"))).first).to_be_visible()  # Belgian decimals
    assert "None" not in page.inner_text("body")
    phase_shown(page, "joint_dialogue", "plan-written")
    screenshot(page, "real-11-plan")
    page.get_by_role("tab", name=t("agreement.tab_sign")).click()
    page.get_by_role("button", name=t("agreement.offer")).click()
    settle(page)
    notice(page, "agreement.offered")
    phase_shown(page, "return", "offered")
    codes = hand_over_codes(page)  # shown once: handed over apart, by phone or in person
    sidebar(page, "intake")
    page.get_by_role("tab", name=t("space.tab")).click()
    settle(page)
    employee_space = space_link(page, "employee")
    manager_space = space_link(page, "manager", other=employee_space)
    answer_plan_in_space(browser, employee_space, codes["employee"], "employee")
    answer_plan_in_space(browser, manager_space, codes["manager"], "manager")
    sidebar(page, "agreement")
    page.get_by_role("tab", name=t("agreement.tab_sign")).click()
    confirm_as_facilitator(page, t)
    phase_shown(page, "return", "signed")
    screenshot(page, "real-12-signed")
    _, text = download_plan_pdf(page, t)
    for typed in (GOAL, *(a[2] for a in ADJUSTMENTS), *(p[4] for p in PERIODS), EMPLOYEE, MANAGER, "Fien Peeters", VIEW):
        assert typed in text, f"the PDF lacks {typed!r}"
    assert t("plan_answer.pdf_route_link") in text
    assert f"{RETURN:%d/%m/%Y}" in text
    assert t("agreement.not_confirmed") not in text
    assert not [note for notes in NOTES.values() for note in notes if note in text]
    page.context.close()

    # --- the clock moves on to the first follow-up date ---------------------------------------
    servers.append(server.restart(clock_offset_days=(FOLLOW_UP - TODAY).days))
    server = servers[-1]
    warm_up(browser, server)
    assert server.today() == FOLLOW_UP
    page = log_in(browser, server.url, "fien", PASSWORD)  # the login of 3 months ago ran out
    due = t("home.due_followup", kind=t("followup_moment.m3"))
    due_cells = grid_cells(page, 0)
    expect(due_cells.filter(has_text=due)).to_have_count(1, timeout=20_000)
    cells = due_cells.all_text_contents()
    assert f"#1 {EMPLOYEE}" in cells and t("home.due_rescan", kind=t("followup_moment.m3")) in cells
    assert t("home.due_today") in cells and f"{FOLLOW_UP:%d/%m/%Y}" in cells
    # The case list is the second table; it is drawn after the first, so wait for its cell.
    case_list = grid_cells(page, 1)
    expect(case_list.filter(has_text=t("phase.follow_up"))).not_to_have_count(0, timeout=20_000)  # the return date is reached
    expect(page.get_by_text(t("home.signals_title"))).to_have_count(0)  # nothing alarming yet
    screenshot(page, "real-13-home-due")
    sidebar(page, "intake")
    phase_shown(page, "follow_up", "return-date-reached")
    phase_section_shows(page, "follow_up", "return_date_reached", date=f"{RETURN:%d/%m/%Y}")
    # The employee did go back that day: the facilitator records it.
    fill_date(page, t("intake.actual_return"), RETURN)
    form_with_button(page, t("intake.save_case")).get_by_role("button", name=t("intake.save_case")).click()
    settle(page)
    notice(page, "intake.saved")
    phase_section_shows(page, "follow_up", "returned", date=f"{RETURN:%d/%m/%Y}")
    phase_shown(page, "follow_up", "returned")
    screenshot(page, "real-14-intake-returned")

    # --- the re-scan: the employee places themself in crisis ----------------------------------
    sidebar(page, "scan")
    new_moment = form_with(page, t("scan.create"))
    expect(new_moment).to_be_visible(timeout=15_000)
    choose(new_moment, t("scan.kind"), t("moment_kind.m3"))
    page.get_by_role("button", name=t("scan.create")).click()
    settle(page)
    links = scan_links(page)
    scan_in_own_browser(browser, links[0], "2 - niet akkoord", themes, "In crisis")
    scan_in_own_browser(browser, links[1], "4 - akkoord", themes, None)
    page.reload()
    settle(page)
    expect(page.get_by_text(t("scan.trends"))).to_be_visible(timeout=20_000)
    expect(page.get_by_text(t("scan.trends_need_two"))).to_have_count(0)  # T0 and the re-scan: a trend
    sidebar(page, "home")
    sign = f"#1 {EMPLOYEE}: " + t("signal.continuum_low", level="In crisis")
    expect(page.get_by_text(t("home.signals_title"))).to_be_visible(timeout=20_000)
    expect(page.get_by_text(sign, exact=True)).to_be_visible()
    screenshot(page, "real-15-home-early-sign")

    # --- the follow-up: the sign noted, the conversation held ---------------------------------
    sidebar(page, "followup")
    phase_shown(page, "follow_up", "followup")
    expect(page.get_by_text(t("signal.continuum_low", level="In crisis"), exact=True)).to_be_visible(timeout=15_000)
    signal_form = form_with(page, t("followup.signal_save"))
    signal_form.get_by_role("textbox", name=t("followup.signal_note"), exact=True).fill(SIGNAL_NOTE)
    signal_form.get_by_role("button", name=t("followup.signal_save")).click()
    settle(page)
    expect(page.get_by_text(t("followup.signal_noted", note=SIGNAL_NOTE), exact=True)).to_be_visible(timeout=15_000)
    record = form_with_button(page, t("followup.record"))
    record.get_by_role("textbox", name=t("followup.goal_remark"), exact=True).fill(REMARK)
    record.get_by_role("textbox", name=t("followup.works"), exact=True).fill(WORKS)
    record.get_by_role("textbox", name=t("followup.not_working"), exact=True).fill(NOT_WORKING)
    record.get_by_role("button", name=t("followup.record")).click()
    settle(page)
    notice(page, "followup.recorded")
    phase_shown(page, "follow_up", "followup-held")
    screenshot(page, "real-16-followup-held")
    sidebar(page, "home")
    expect(page.get_by_text(t("home.due_none"))).to_be_visible(timeout=15_000)  # held and re-scanned

    # --- closing, with a lesson -----------------------------------------------------------
    sidebar(page, "closing")
    phase_shown(page, "follow_up", "closing")
    close = form_with_button(page, t("closing.close"))
    choose(close, t("closing.outcome"), t("outcome.own_job"))
    close.get_by_role("textbox", name=t("closing.prevention_action"), exact=True).fill(PREVENTION)
    # A prevention action names the theme it is about (the learning view counts them per theme).
    choose(close, t("closing.prevention_theme"), load_card_set().theme("manager_relationship").text("nl").name)
    close.get_by_role("button", name=t("closing.close")).click()
    settle(page)
    notice(page, "closing.closed_notice")
    phase_shown(page, "closed", "closed")
    lesson = form_with(page, t("closing.add_lesson"))
    lesson.get_by_role("textbox", name=t("closing.lesson_text"), exact=True).fill(LESSON)
    lesson.get_by_role("button", name=t("closing.add_lesson")).click()
    settle(page)
    notice(page, "closing.lesson_added")
    expect(page.get_by_text(LESSON, exact=True)).to_be_visible()
    phase_shown(page, "closed", "lesson")
    screenshot(page, "real-17-closed")
    page.context.close()

    # --- what was stored: every typed text exactly once ----------------------------------------
    server.stop()  # DuckDB lets one process in
    store = database.open_store(Settings(data, KEY))
    try:
        values = every_text_value(store)
        with store.read() as q:
            phase = q.cur.execute("SELECT phase FROM cases").fetchall()
    finally:
        store.close()
    assert phase == [("closed",)]
    # Every occurrence, inside longer values too (a log line, a copy in a document).
    found = {typed: sorted((table, column) for table, column, value in values for _ in range(value.count(typed))) for typed in TYPED}
    # The goal agreed at the joint dialogue is kept with the plan version that was signed:
    # what the three signed stays as it was, whatever happens to the goal afterwards.
    frozen = {GOAL: "description", GOAL_SIGN: "indicator"}
    wrong = {
        typed: places for typed, places in found.items()
        if places != ([("agreement_goals", frozen[typed]), ("goals", frozen[typed])] if typed in frozen else places[:1]) or not places
    }
    assert wrong == {}, "typed texts not stored exactly once"
