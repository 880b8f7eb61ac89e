"""A scan in the browser: the facilitator hands out two links, employee and manager
answer in their own browser, the comparison shows the gaps."""

import pytest
from playwright.sync_api import expect

from reset_core.instrument import load_instrument
from reset_core.scan import CURRENT_VERSION
from tests.e2e.conftest import (
    KEY,
    PASSWORD,
    Server,
    answer_statements_on_screen,
    log_in,
    one_case,
    run_done,
    screenshot,
    settle,
)

INSTRUMENT = load_instrument(CURRENT_VERSION)

pytestmark = pytest.mark.browser


@pytest.fixture
def server(tmp_path):
    data = tmp_path / "data"
    with one_case(data, consent=False):
        pass
    s = Server(data)
    yield s
    s.stop()


def answer_theme(page, value_label: str) -> None:
    """Give every statement of the theme on screen the same answer, then go to the next step."""
    answer_statements_on_screen(page, value_label)
    expect(page.get_by_text("Dit deel is volledig.")).to_be_visible(timeout=15_000)
    page.get_by_role("button", name="Volgende").click()
    settle(page)


def finish(page, value_label: str, themes, continuum: str | None) -> None:
    """Answer `themes` from the one on screen, the last questions, and submit."""
    for _theme in themes:
        answer_theme(page, value_label)
    if continuum:
        page.locator('[data-testid="stRadio"]').filter(has_text=continuum).get_by_text(continuum).click()
        settle(page)
    page.get_by_role("button", name="Volgende").click()
    settle(page)
    expect(page.get_by_text("Alles is beantwoord.")).to_be_visible()
    page.get_by_role("button", name="Antwoorden indienen").click()
    settle(page)
    expect(page.get_by_text("Bedankt!")).to_be_visible(timeout=15_000)


def answer_everything(page, value_label: str, continuum: str | None) -> None:
    settle(page)
    page.get_by_role("button", name="Beginnen").click()
    settle(page)
    finish(page, value_label, INSTRUMENT.themes(), continuum)


def test_both_parties_answer_through_their_links_and_the_gaps_appear(server, browser):
    facilitator = log_in(browser, server.url, "fien", PASSWORD)
    facilitator.goto(server.url + "/scan?case=1")
    settle(facilitator)
    facilitator.get_by_role("button", name="Scanmoment aanmaken met twee links").click()
    settle(facilitator)
    facilitator.locator('[data-testid="stCode"]').nth(1).wait_for(timeout=30_000)  # the run may start late
    links = [code.inner_text().strip() for code in facilitator.locator('[data-testid="stCode"]').all()]
    assert len(links) == 2
    screenshot(facilitator, "scan-links")

    employee = browser.new_context().new_page()
    employee.goto(links[0])
    assert "Marc Verbeke" not in employee.inner_text("body")
    answer_everything(employee, "2 - niet akkoord", continuum="Overleven")
    screenshot(employee, "scan-thank-you")

    manager = browser.new_context().new_page()
    manager.goto(links[1])
    answer_everything(manager, "4 - akkoord", continuum=None)

    facilitator.reload()
    settle(facilitator)
    expect(facilitator.get_by_text("Beide partijen naast elkaar")).to_be_visible(timeout=15_000)
    screenshot(facilitator, "scan-comparison")
    expect(facilitator.get_by_text("verschil om te bespreken").first).to_be_attached()


@pytest.fixture
def linked(tmp_path):
    """A case with a scan moment made before the server starts: (server, data, links by respondent)."""
    from datetime import date

    from reset_core import scan
    from reset_core.model import MomentKind

    data = tmp_path / "data"
    with one_case(data, facilitator=False, consent=False) as (store, fien, case_id):
        _, tokens = scan.create_moment(store, fien, case_id, MomentKind.T0, date.today())
    s = Server(data)
    yield s, data, {r: f"{s.url}/?t={token}" for r, token in tokens.items()}
    s.stop()


def test_a_respondent_who_stops_after_two_themes_goes_on_there_after_a_reload_and_in_a_new_tab(linked, browser):
    from reset_core import database, scan
    from reset_core.cards import load_card_set
    from reset_core.config import Settings
    from reset_core.model import Respondent

    server, data, links = linked
    themes = INSTRUMENT.themes()
    third = load_card_set().theme(themes[2]).text("nl").name
    context = browser.new_context()
    page = context.new_page()
    page.goto(links[Respondent.EMPLOYEE])
    settle(page)
    page.get_by_role("button", name="Beginnen").click()
    settle(page)
    for _theme in themes[:2]:
        answer_theme(page, "2 - niet akkoord")
    expect(page.get_by_role("heading", name=third)).to_be_visible()

    page.reload()  # F5: a new session of the app
    settle(page)
    expect(page.get_by_role("heading", name=third)).to_be_visible(timeout=15_000)
    expect(page.get_by_text("Welkom terug")).to_be_visible()
    screenshot(page, "scan-resumed-after-reload")

    tab = context.new_page()  # the same link from the e-mail, in a new tab
    tab.goto(links[Respondent.EMPLOYEE])
    settle(tab)
    expect(tab.get_by_role("heading", name=third)).to_be_visible(timeout=15_000)
    finish(tab, "4 - akkoord", themes[2:], continuum="Overleven")

    server.stop()  # DuckDB lets one process in: read what the server stored
    store = database.open_store(Settings(data, KEY))
    response = scan.resume(store, links[Respondent.EMPLOYEE].split("t=")[1]).response
    store.close()
    assert response.submitted
    expected = {item.id: 2 if item.theme in themes[:2] else 4 for item in INSTRUMENT.items}
    assert response.answers == expected



@pytest.fixture
def phone_link(tmp_path):
    """A server with one case and the employee's link of its first scan moment."""
    from datetime import date

    from reset_core import scan
    from reset_core.model import MomentKind, Respondent

    data = tmp_path / "data"
    with one_case(data, facilitator=False, consent=False) as (store, fien, case_id):
        _, tokens = scan.create_moment(store, fien, case_id, MomentKind.T0, date.today())
    s = Server(data)
    yield s, tokens[Respondent.EMPLOYEE]
    s.stop()


def test_on_a_phone_the_scan_link_shows_one_statement_per_screen(phone_link, browser):
    server, token = phone_link
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
        user_agent="Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36",
    )
    page = phone.new_page()
    page.goto(f"{server.url}/?t={token}")
    settle(page)
    page.get_by_role("button", name="Beginnen").click()
    settle(page)
    first = INSTRUMENT.items_for(INSTRUMENT.themes()[0])
    expect(page.get_by_text(f"Uitspraak 1 van {len(first)} in dit deel")).to_be_visible(timeout=15_000)
    agree = page.get_by_role("radio", name="4 - akkoord", exact=True)
    statements = page.locator('[data-testid="stRadio"]').filter(has=agree)
    expect(statements).to_have_count(1)
    screenshot(page, "scan_link_on_a_phone")
    statements.first.get_by_text("4 - akkoord", exact=True).click()
    run_done(page)
    page.get_by_role("button", name="Volgende").click()
    settle(page)
    expect(page.get_by_text(f"Uitspraak 2 van {len(first)} in dit deel")).to_be_visible(timeout=15_000)
    phone.close()
