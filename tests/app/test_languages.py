"""Each user's language: chosen in the sidebar, kept with the account, back at the next login."""

from reset_core import accounts
from reset_core.model import COMMAND_LINE, Role
from tests.app.conftest import app, app_store, logged_in, texts
from tests.conftest import PASSWORD


def add(username: str, name: str) -> None:
    accounts.add_user(app_store(), COMMAND_LINE, username, name, PASSWORD, Role.FACILITATOR)


def log_in(at, username):
    at.text_input[0].input(username)
    at.text_input[1].input(PASSWORD)
    return at.button[0].click().run()


def test_the_language_box_offers_dutch_english_and_french_in_their_own_names():
    add("fien", "Fien Peeters")
    at = logged_in("fien").run()
    box = at.selectbox(key="lang")
    assert box.options == ["Nederlands", "English", "Français"]
    at = box.set_value("fr").run()
    assert not at.exception
    assert at.title[0].value == "Mes dossiers"
    assert "Session de Fien Peeters (facilitateur)" in texts(at)


def test_a_language_chosen_after_login_comes_back_at_the_next_login_in_another_browser():
    add("fien", "Fien Peeters")
    logged_in("fien").run().selectbox(key="lang").set_value("fr").run()
    at = log_in(app().run(), "fien")  # a new session: the login screen opens in Dutch
    assert not at.exception
    assert at.title[0].value == "Mes dossiers"
    assert at.selectbox(key="lang").value == "fr"
    menu = [b.label for b in at.sidebar.button]
    assert "Mes dossiers" in menu and "Mijn dossiers" not in menu  # the menu too, from the first screen on


def test_one_users_language_is_not_anothers():
    add("fien", "Fien Peeters")
    add("olaf", "Olaf Janssens")
    logged_in("fien").run().selectbox(key="lang").set_value("fr").run()
    at = log_in(app().run(), "olaf")
    assert at.title[0].value == "Mijn dossiers"
    assert accounts.language(app_store(), next(u for u in accounts.login_directory(app_store()) if u.username == "olaf")) is None


def test_a_language_picked_before_logging_in_is_kept_on_screen_but_not_with_the_account():
    add("fien", "Fien Peeters")
    at = app().run().selectbox(key="lang").set_value("en").run()
    assert at.title[0].value == "Log in to ReSet"
    at = log_in(at, "fien")
    assert at.title[0].value == "My cases"
    fien = next(u for u in accounts.login_directory(app_store()) if u.username == "fien")
    assert accounts.language(app_store(), fien) is None
