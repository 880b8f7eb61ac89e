"""An intake in the running app: opened in one browser session, found again in the next."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server, cli, date_value, fill_date, log_in, screenshot, settle

PASSWORD = "a long enough passphrase"

pytestmark = pytest.mark.browser


@pytest.fixture
def server(tmp_path):
    data = tmp_path / "data"
    for username in ("fien", "olaf"):
        cli(data, "add-user", username, "--role", "facilitator", stdin=PASSWORD + "\n")
    s = Server(data)
    yield s
    s.stop()


def test_an_intake_made_in_the_browser_is_there_after_closing_it_and_hidden_from_others(server, browser):
    page = log_in(browser, server.url, "fien", PASSWORD)
    page.goto(server.url + "/intake")
    settle(page)
    page.wait_for_selector('[data-testid="stForm"]')
    form = page.locator('[data-testid="stForm"]').first
    names = form.get_by_role("textbox", name="Naam", exact=True)
    names.nth(0).fill("Zoë D'hondt")
    names.nth(1).fill("Katrien De Smet")
    start = date.today() - timedelta(days=45)
    fill_date(page, "Start van het ziekteverlof", start)
    form.get_by_role("button", name="Dossier openen").click()
    settle(page)
    page.get_by_text("Dossier #1 is geopend.").wait_for(timeout=30_000)  # a first case on a loaded machine
    screenshot(page, "intake-opened")
    page.context.close()

    again = log_in(browser, server.url, "fien", PASSWORD)
    again.goto(server.url + "/intake?case=1")
    settle(again)
    expect(again.get_by_role("textbox", name="Naam", exact=True).first).to_have_value("Zoë D'hondt", timeout=15_000)
    assert date_value(again, "Start van het ziekteverlof") == start.isoformat()

    other = log_in(browser, server.url, "olaf", PASSWORD)
    other.goto(server.url + "/intake?case=1")
    settle(other)
    assert "Zoë" not in other.inner_text("body")
