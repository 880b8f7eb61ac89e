"""The server's clock can be moved for a test: the app then lives on a later day,
with nothing in the app itself that knows it is being tested."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server, cli, date_value, warm_up

PASSWORD = "a long enough passphrase"
SLOW = 180_000  # a first page after a start, on a loaded machine

pytestmark = pytest.mark.browser


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    cli(folder, "add-user", "fien", "--role", "facilitator", stdin=PASSWORD + "\n")
    return folder


def test_a_server_started_100_days_ahead_offers_that_day_as_the_intake_date(data, browser):
    server = Server(data, clock_offset_days=100)
    try:
        warm_up(browser, server)
        page = browser.new_context().new_page()
        page.goto(server.url)
        page.get_by_role("textbox", name="Gebruikersnaam").fill("fien", timeout=SLOW)
        page.get_by_role("textbox", name="Wachtwoord", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Aanmelden").click()
        expect(page.get_by_role("heading", name="Mijn dossiers")).to_be_visible(timeout=SLOW)
        page.goto(server.url + "/intake")
        expect(page.locator('[data-testid="stDateInput"]').filter(has_text="Datum van de intake")).to_be_visible(timeout=SLOW)
        assert server.today() == date.today() + timedelta(days=100)
        assert date_value(page, "Datum van de intake") == server.today().isoformat()
    finally:
        server.stop()
