"""Login through the real form in a real browser, with the cookie's known gaps closed."""

import pytest

from tests.e2e.conftest import MAIN, Server, cli, login_cookie, screenshot, settle

PASSWORD = "a long enough passphrase"

pytestmark = pytest.mark.browser


@pytest.fixture
def server(tmp_path):
    data = tmp_path / "data"
    cli(data, "add-user", "fien", "--role", "facilitator", "--name", "Fien Peeters", stdin=PASSWORD + "\n")
    s = Server(data)
    yield s
    s.stop()


def log_in(page, url, username, password):
    page.goto(url)
    page.get_by_role("textbox", name="Gebruikersnaam").fill(username)
    page.get_by_role("textbox", name="Wachtwoord", exact=True).fill(password)
    page.get_by_role("button", name="Aanmelden").click()
    settle(page)


def test_logging_in_through_the_real_form_shows_the_home_page_and_survives_a_refresh(server, browser):
    context = browser.new_context()
    page = context.new_page()
    log_in(page, server.url, "fien", PASSWORD)
    page.get_by_role("heading", name="Mijn dossiers").wait_for(timeout=15_000)
    assert "Aangemeld als Fien Peeters" in page.inner_text("body")
    screenshot(page, "login-home")
    login_cookie(page)
    page.reload()
    settle(page)
    page.get_by_role("heading", name="Mijn dossiers").wait_for(timeout=15_000)


def test_a_deep_link_to_a_sub_page_lands_on_that_page_after_login(server, browser):
    context = browser.new_context()
    page = context.new_page()
    log_in(page, server.url, "fien", PASSWORD)
    page.get_by_role("heading", name="Mijn dossiers").wait_for(timeout=15_000)
    login_cookie(page)
    other = context.new_page()
    other.goto(server.url + "/logout")
    settle(other)
    other.locator(MAIN).get_by_role("button", name="Afmelden").wait_for(timeout=15_000)


def test_a_cookie_copied_before_logout_opens_nothing_afterwards(server, browser):
    context = browser.new_context()
    page = context.new_page()
    log_in(page, server.url, "fien", PASSWORD)
    page.get_by_role("heading", name="Mijn dossiers").wait_for(timeout=15_000)
    copied = login_cookie(page)
    page.goto(server.url + "/logout")
    settle(page)
    page.locator(MAIN).get_by_role("button", name="Afmelden").click()
    settle(page)
    page.get_by_role("heading", name="Aanmelden bij ReSet").wait_for(timeout=15_000)

    thief = browser.new_context()
    thief.add_cookies(copied)
    stolen = thief.new_page()
    stolen.goto(server.url)
    settle(stolen)
    stolen.get_by_role("heading", name="Aanmelden bij ReSet").wait_for(timeout=15_000)
    assert "Mijn dossiers" not in stolen.inner_text("body")
    screenshot(stolen, "replayed-cookie-refused")


def test_a_wrong_password_in_the_browser_shows_the_message(server, browser):
    page = browser.new_page()
    log_in(page, server.url, "fien", "not the password")
    page.get_by_text("Gebruikersnaam of wachtwoord is niet juist").wait_for(timeout=15_000)
