"""A scan in the browser: the facilitator hands out two links, employee and manager
answer in their own browser, the comparison shows the gaps."""

import pytest
from playwright.sync_api import expect

from reset_core.instrument import load_instrument
from tests.e2e.conftest import KEY, Server, cli, log_in, run_done, screenshot, settle

PASSWORD = "a long enough passphrase"
INSTRUMENT = load_instrument(1)

pytestmark = pytest.mark.browser


@pytest.fixture
def server(tmp_path):
    data = tmp_path / "data"
    cli(data, "add-user", "fien", "--role", "facilitator", stdin=PASSWORD + "\n")
    # A case to scan, opened the way the intake form opens it.
    from reset_core import database, intake
    from reset_core.config import Settings
    from reset_core.model import CaseDetails, Party, PartyRole, Role, User
    from datetime import date, timedelta

    store = database.open_store(Settings(data, KEY))
    intake.open_case(
        store, User("fien", "Fien", Role.FACILITATOR),
        CaseDetails(Party(PartyRole.EMPLOYEE, "Marc Verbeke"), Party(PartyRole.MANAGER, "Katrien De Smet"), date.today() - timedelta(days=60)),
    )
    store.close()
    s = Server(data)
    yield s
    s.stop()


def answer_everything(page, value_label: str, continuum: str | None) -> None:
    settle(page)
    page.get_by_role("button", name="Beginnen").click()
    settle(page)
    for _theme in INSTRUMENT.themes():
        groups = page.locator('[data-testid="stRadio"]').filter(has_text=value_label)
        # Each change saves through its callback; Streamlit can fold changes sent during
        # a run into one rerun and lose a callback, so every run is waited for (briefly).
        for index in range(groups.count()):
            groups.nth(index).get_by_text(value_label, exact=True).click()
            expect(groups.nth(index).get_by_role("radio", name=value_label, exact=True)).to_be_checked()
            run_done(page)
        settle(page)
        expect(page.get_by_text("Dit deel is volledig.")).to_be_visible(timeout=15_000)
        page.get_by_role("button", name="Volgende").click()
        settle(page)
    if continuum:
        page.locator('[data-testid="stRadio"]').filter(has_text=continuum).get_by_text(continuum).click()
        settle(page)
    page.get_by_role("button", name="Volgende").click()
    settle(page)
    expect(page.get_by_text("Alles is beantwoord.")).to_be_visible()
    page.get_by_role("button", name="Antwoorden indienen").click()
    settle(page)
    expect(page.get_by_text("Bedankt!")).to_be_visible(timeout=15_000)


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
